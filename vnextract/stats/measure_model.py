"""The learned indicator decision: a logistic model that scores each candidate indicator of a
figure (and the explicit "none") from :mod:`vnextract.stats.measure_features`, trained on the
gold.  Training uses scikit-learn (the ``train`` extra); the trained weights are a small JSON
file read with the standard library, so extraction needs nothing more.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Sequence, Union

from vnextract.stats.measure_features import NONE, Features, MeasureFeatures, best

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis

PathLike = Union[str, Path]


@dataclass
class MeasureModel:
    """Weights of the candidate scorer; :meth:`__call__` decides every figure of an analysis."""

    weights: dict[str, float]
    features: MeasureFeatures
    meta: dict[str, Any] = field(default_factory=dict)

    def score(self, f: Features) -> float:
        return sum(self.weights.get(k, 0.0) * v for k, v in f.items())

    def decide(self, row: Mapping[str, Features]) -> Optional[str]:
        return best({ind: self.score(f) for ind, f in row.items()})

    def __call__(self, doc: "Analysis") -> None:
        """Set each quantity's indicator to the model's choice (a stage after the rules)."""
        for q, row in zip(doc.quantities, self.features.rows(doc)):
            choice = self.decide(row)
            if choice != q.indicator:
                q.indicator = choice
                q.rules.append(f"model:{choice or NONE}")
                q.extras["decided_by"] = "model"
            else:
                q.extras["decided_by"] = "both"

    # ------------------------------------------------------------ storage
    def save(self, path: PathLike) -> Path:
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        data = {"meta": self.meta, "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v}}
        out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        return out

    @classmethod
    def load(cls, path: PathLike, features: MeasureFeatures) -> "MeasureModel":
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls({k: float(v) for k, v in data["weights"].items()}, features, data.get("meta", {}))


def examples(rows: Sequence[Mapping[str, Features]], labels: Sequence[Optional[str]]
             ) -> tuple[list[Features], list[int]]:
    """Binary examples: every candidate of every figure, 1 for the gold one (``none`` when the
    gold has no indicator)."""
    xs: list[Features] = []
    ys: list[int] = []
    for row, gold in zip(rows, labels):
        want = gold or NONE
        for ind, f in row.items():
            xs.append(dict(f))
            ys.append(int(ind == want))
    return xs, ys


def fit(xs: Iterable[Features], ys: Iterable[int], c: float = 1.0) -> dict[str, float]:
    """Logistic-regression weights (L2, ``c`` the inverse strength) as a feature -> weight map."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(list(xs))
    lr = LogisticRegression(C=c, max_iter=2000, fit_intercept=False)
    lr.fit(x, list(ys))
    return {name: float(w) for name, w in zip(vec.get_feature_names_out(), lr.coef_[0]) if not math.isclose(w, 0.0)}

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
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from vnextract.stats.measure_features import DEFAULT_GROUPS, NONE, Features, MeasureFeatures, best

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis
    from vnextract.stages.indicators import IndicatorLinker
    from vnextract.stages.units import UnitResolver

PathLike = Union[str, Path]


@dataclass
class MeasureModel:
    """Weights of the candidate scorer; :meth:`__call__` decides every figure of an analysis.

    ``threshold``: the model's choice replaces the rules' one only where the model gives it
    a probability (softmax over the figure's candidates) of at least ``threshold``; 0 lets the
    model decide everywhere."""

    weights: dict[str, float]
    features: MeasureFeatures
    meta: dict[str, Any] = field(default_factory=dict)
    threshold: float = 0.0

    def score(self, f: Features) -> float:
        return sum(self.weights.get(k, 0.0) * v for k, v in f.items())

    def probabilities(self, row: Mapping[str, Features]) -> dict[str, float]:
        """Each candidate's probability: a softmax of the scores over the figure's candidates."""
        scores = {ind: self.score(f) for ind, f in row.items()}
        top = max(scores.values())
        exp = {ind: math.exp(s - top) for ind, s in scores.items()}
        total = sum(exp.values())
        return {ind: e / total for ind, e in exp.items()}

    def decide(self, row: Mapping[str, Features], rules: Optional[str] = None) -> Optional[str]:
        """The model's choice where it is confident enough (``threshold``), else ``rules``."""
        probs = self.probabilities(row)
        choice = best(probs)
        return choice if probs[choice or NONE] >= self.threshold else rules

    def __call__(self, doc: "Analysis") -> None:
        """Set each quantity's indicator to the model's choice (a stage after the rules)."""
        for q, row in zip(doc.quantities, self.features.rows(doc)):
            choice = self.decide(row, q.indicator)
            if choice != q.indicator:
                q.indicator = choice
                q.rules.append(f"model:{choice or NONE}")
                q.extras["decided_by"] = "model"
            else:
                q.extras["decided_by"] = "both"

    # ------------------------------------------------------------ storage
    def save(self, path: PathLike, min_weight: float = 0.0) -> Path:
        """Write the model as JSON, weights under ``min_weight`` in size left out."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        meta = {**self.meta, "groups": sorted(self.features.groups), "threshold": self.threshold}
        if min_weight:
            meta["min_weight"] = min_weight
        kept = {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= min_weight and v}
        data = {"meta": meta, "weights": kept}
        out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        return out

    @classmethod
    def load(cls, path: PathLike, linker: "IndicatorLinker", units: "UnitResolver") -> "MeasureModel":
        """The model saved at ``path`` (its feature groups and threshold are in its meta)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            meta, weights = dict(data["meta"]), data["weights"]
            features = MeasureFeatures(linker, units, meta.get("groups", DEFAULT_GROUPS))
            return cls({str(k): float(v) for k, v in weights.items()}, features, meta,
                       float(meta.get("threshold", 0.0)))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ValueError(f"{path}: not an indicator model ({err})") from err


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


SHIPPED = Path(__file__).resolve().parent / "weights" / "indicator_model.json"


def indicator_stage(spec: Union[bool, str, Path, Callable[["Analysis"], None], None],
                    linker: "IndicatorLinker", units: "UnitResolver") -> Optional[Callable[["Analysis"], None]]:
    """The stage ``Extractor(indicator_model=spec)`` runs: None for ``False``/``None``, the
    shipped model for ``True``, the model saved at a path, or a given stage."""
    if spec is None or spec is False:
        return None
    if spec is True:
        return MeasureModel.load(SHIPPED, linker, units)
    if isinstance(spec, (str, Path)):
        return MeasureModel.load(spec, linker, units)
    if callable(spec):
        return spec
    raise TypeError(f"indicator_model must be a bool, a path or a stage, not {type(spec).__name__}")

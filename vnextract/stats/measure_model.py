"""The learned indicator decision: a logistic model that scores each candidate indicator of a
figure (and the explicit "none") from :mod:`vnextract.stats.measure_features`, trained on the
gold.  Training uses scikit-learn (not a dependency of the package: install it to train); the
trained weights are a small JSON file read with the standard library, so extraction needs
nothing more.

An option, off by default: ``Extractor(indicator_model=True)`` runs the shipped weights
(``weights/indicator_model.json``, trained by ``tools/train_indicator.py`` on dev, own, F and
G) after the rules' stages; a path runs other saved weights; ``tools/scores.py
--indicator-model`` scores it.  Records whose indicator it changes say ``decided_by:
"model"`` and carry ``model:<indicator>`` in ``rule``.  Cross-validated by document
(``tools/cv_indicator.py``, 5 folds, C and threshold chosen inside the training folds), the
shipped form (all evidence; the model where its probability reaches the threshold, else the
rules; weights under 0.05 left out) raises record F1 from 0.662 ± 0.046 to 0.671 ± 0.047,
better in every fold but by 0.009 ± 0.007: less than the spread over folds, so the rules stay
the default.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from vnextract.stats.measure_features import DEFAULT_GROUPS, NONE, Features, MeasureFeatures, best

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis, Quantity
    from vnextract.stages.indicators import IndicatorLinker
    from vnextract.stages.units import UnitResolver

PathLike = Union[str, Path]
_PAIR = "|id="  # a feature paired with a candidate: word|id=IND


_KEPT = object()  # the choice of a figure the model does not decide (``keep_own``)


@dataclass
class MeasureModel:
    """Weights of the candidate scorer; :meth:`__call__` decides every figure of an analysis.

    ``threshold``: the model's choice replaces the rules' one only where the model gives it
    a probability (softmax over the figure's candidates) of at least ``threshold``; 0 lets the
    model decide everywhere. ``keep_own`` (``meta["keep_own"]``): a figure whose own trigger
    gave the rules' indicator keeps it; the model decides the figures whose measure the rules
    inherited from a frame or did not find."""

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

    @property
    def keep_own(self) -> bool:
        return bool(self.meta.get("keep_own", False))

    def decides(self, q: "Quantity") -> bool:
        """Does the model decide this figure (not one whose own trigger it keeps, ``keep_own``)?"""
        return not (self.keep_own and own_trigger(q))

    def choose(self, row: Mapping[str, Features], q: "Quantity") -> Optional[str]:
        """The indicator of the figure ``q`` (candidates ``row``): the model's choice where it
        decides and is confident enough, else the rules'."""
        return self.decide(row, q.indicator) if self.decides(q) else q.indicator

    def __call__(self, doc: "Analysis") -> None:
        """Set each quantity's indicator to the model's choice (a stage after the rules).  Every
        figure's features are read from the rules' output: the choices are made first (one row at
        a time, not all rows held) and applied after."""
        choices = [self.decide(row, q.indicator) if self.decides(q) else _KEPT
                   for q, row in zip(doc.quantities, self.features.rows(doc))]
        for q, choice in zip(doc.quantities, choices):
            if choice is _KEPT:
                q.extras["decided_by"] = "rule"
            elif choice != q.indicator:
                q.indicator = choice
                q.rules.append(f"model:{choice or NONE}")
                q.extras["decided_by"] = "model"
            else:
                q.extras["decided_by"] = "both"

    # ------------------------------------------------------------ storage
    def pruned(self, min_weight: float = 0.0, digits: int = 3) -> "MeasureModel":
        """The model as :meth:`save` stores it: weights rounded to ``digits`` places, those
        under ``min_weight`` in size left out."""
        kept = {k: round(v, digits) for k, v in self.weights.items() if abs(v) >= min_weight}
        meta = {**self.meta, "min_weight": min_weight} if min_weight else dict(self.meta)
        return MeasureModel({k: v for k, v in kept.items() if v}, self.features, meta, self.threshold)

    def save(self, path: PathLike, min_weight: float = 0.0, digits: int = 3) -> Path:
        """Write the model as JSON (see :meth:`pruned`); a feature paired with a candidate
        (``word|id=IND``) is stored under its candidate, ``paired[IND][word]``."""
        model = self.pruned(min_weight, digits)
        meta = {**model.meta, "groups": sorted(self.features.groups), "threshold": self.threshold}
        flat: dict[str, float] = {}
        paired: dict[str, dict[str, float]] = {}
        for k, v in sorted(model.weights.items()):
            head, sep, ind = k.rpartition(_PAIR)
            if sep and "|" not in ind:
                paired.setdefault(ind, {})[head] = v
            else:
                flat[k] = v
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"meta": meta, "weights": flat, "paired": paired}, ensure_ascii=False, separators=(",", ":"))
        out.write_text(text + "\n", encoding="utf-8")
        return out

    @classmethod
    def load(cls, path: PathLike, linker: "IndicatorLinker", units: "UnitResolver") -> "MeasureModel":
        """The model saved at ``path`` (its feature groups and threshold are in its meta)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            meta, weights = dict(data["meta"]), {str(k): float(v) for k, v in data["weights"].items()}
            for ind, group in data.get("paired", {}).items():
                weights.update({f"{k}{_PAIR}{ind}": float(v) for k, v in group.items()})
            features = MeasureFeatures(linker, units, meta.get("groups", DEFAULT_GROUPS))
            return cls(weights, features, meta, float(meta.get("threshold", 0.0)))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
            raise ValueError(f"{path}: not an indicator model ({err})") from err


def own_trigger(q: "Quantity") -> bool:
    """Did the figure's own trigger give the rules' indicator (not a frame it inherited)?"""
    return q.trigger_start is not None


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

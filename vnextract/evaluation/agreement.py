"""What the scorer compares (FORMAT.md section 4): values, units, phrases, precision/recall,
and the catalogue indicator ids are read through."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Union

from vnextract.rules import read_yaml



def values_equal(a: Optional[float], b: Optional[float]) -> bool:
    """Equal within a relative tolerance of 1e-6 (two nulls are equal)."""
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=0.0)


def _norm_unit(u: Optional[str]) -> Optional[str]:
    return None if u is None else " ".join(str(u).lower().split())


def unit_exact(a: Optional[str], b: Optional[str]) -> bool:
    return _norm_unit(a) == _norm_unit(b)


def unit_lenient(a: Optional[str], b: Optional[str]) -> bool:
    """Equal after lower-casing, or one is the other plus trailing words (``trẻ`` ~ ``trẻ em``)."""
    x, y = _norm_unit(a), _norm_unit(b)
    if x is None or y is None:
        return x == y
    return x == y or x.startswith(y + " ") or y.startswith(x + " ")


def token_f1(a: Optional[str], b: Optional[str]) -> float:
    """Token F1 of two phrases (lower-cased whitespace tokens); two nulls give 1."""
    ta = Counter((a or "").lower().split())
    tb = Counter((b or "").lower().split())
    if not ta and not tb:
        return 1.0
    common = sum((ta & tb).values())
    if common == 0:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of ``tp`` correct out of ``pred`` predicted and ``gold`` gold items.

    With a zero denominator precision is 1 when gold is also empty, else 0; recall is 1 when
    the prediction is also empty, else 0.

    >>> PRF.of(3, 4, 6).f1
    0.6
    """

    precision: float
    recall: float
    f1: float
    tp: int
    pred: int
    gold: int

    def __getitem__(self, key: str) -> float | int:
        """``prf["f1"]``: the dictionary view of ``vnextract eval --json``."""
        return getattr(self, key)  # type: ignore[no-any-return]

    @classmethod
    def of(cls, tp: int, pred: int, gold: int) -> "PRF":
        p = tp / pred if pred else (1.0 if gold == 0 else 0.0)
        r = tp / gold if gold else (1.0 if pred == 0 else 0.0)
        return cls(p, r, 2 * p * r / (p + r) if p + r else 0.0, tp, pred, gold)


# ----------------------------------------------------------------------------- catalogue

def default_catalogue() -> frozenset[str]:
    """Ids of the specification's catalogue (``vnextract/spec/indicators.yml``), not of the
    rules' ``patterns/indicators.yml``: the ruler does not depend on what it measures."""
    from vnextract.spec import spec_path

    return load_catalogue(spec_path("indicators.yml"))


def resolve_catalogue(catalogue: Optional[Iterable[str]]) -> frozenset[str]:
    """The given ids, else :func:`default_catalogue`."""
    return frozenset(catalogue) if catalogue is not None else default_catalogue()


def load_catalogue(path: Union[str, Path]) -> frozenset[str]:
    """The top-level ids of an ``indicators.yml`` file."""
    data = read_yaml(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: an indicator catalogue must be a mapping of ids")
    return frozenset(str(k) for k in data)



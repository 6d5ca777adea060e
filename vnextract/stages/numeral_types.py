"""The numeral stage's output (:class:`Numeral`, read by the other stages) and its working unit
(:class:`Atom`: one number, digits or words, before atoms are joined into ranges and fractions)."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Atom", "Numeral", "OVERFLOW", "UNREADABLE"]

UNREADABLE = "numeral-unreadable"  # the rule of a numeral whose words or digits cannot be read whole
OVERFLOW = "overflow: more than the largest float"  # the problem of a value past 1.8e308


@dataclass(frozen=True, slots=True)
class Numeral:
    """One numeral expression, ``text[start:end]``.  ``problem`` is set (and ``value`` is NaN) when
    the expression cannot be read whole: such a numeral is no record, its rule says why."""

    start: int
    end: int
    value: float
    value_max: float | None = None
    form: str = "number"  # number | percent | range | fraction | multiple | points
    unit: str | None = None  # %, lần, điểm phần trăm, or a currency the numeral stage read ($100)
    spelled: bool = False
    scale: str | None = None
    qualifier: str | None = None
    qualifier_start: int | None = None
    currency: bool = False  # ``unit`` is a currency
    problem: str | None = None

    @property
    def readable(self) -> bool:
        return self.problem is None

    @property
    def rule(self) -> str | None:
        """``numeral-unreadable:<why>`` for an expression that was not read, else None."""
        return f"{UNREADABLE}:{self.problem}" if self.problem else None


@dataclass(slots=True)
class Atom:
    """One number before joining: ``value`` with its scale applied (``mult``: the scale words'
    product, ``last_mult``: the largest single scale word, bounding a compound's tail)."""

    start: int
    end: int
    value: float
    scale: str | None = None
    mult: float = 1.0
    pct: bool = False
    plain: bool = False  # digits only, no separator, scale, sign or %
    last_mult: float = 1.0
    spelled: bool = False
    weak: bool = False  # a lone digit word that counts only as the low end of a range (từ hai đến ba người)
    problem: str | None = None

    def finite(self) -> "Atom":
        """This atom, or an unreadable one (:data:`OVERFLOW`) when its value is not finite."""
        if self.problem is None and not math.isfinite(self.value):
            self.problem, self.value = OVERFLOW, math.nan
        return self

    def numeral(self, **extra: object) -> Numeral:
        """This atom as a numeral of its own."""
        if self.problem:
            return Numeral(self.start, self.end, math.nan, spelled=self.spelled, problem=self.problem)
        fields: dict = {"form": "percent" if self.pct else "number", "unit": "%" if self.pct else None,
                        "spelled": self.spelled, "scale": self.scale}
        fields.update(extra)
        return Numeral(self.start, self.end, self.value, **fields)

"""How each kind of time expression of ``patterns/periods.yml`` resolves to ISO 8601
(FORMAT.md 3.6): one small function per kind, keyed by the kind's name in :data:`RESOLVERS`.

A resolver reads the named groups of its pattern's match (``d``, ``m``, ``y``, ``d1`` ...),
the reference year and day, and the number words; it returns the period, or None when the
match names no real time (``31/2``, ``tháng 13``).

>>> RESOLVERS["months_of_year"]({"n": "5", "y": None}, Reference("2022", "2022-05-11"), int)
'2022-01/2022-05'
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable, NamedTuple, Optional

Groups = dict[str, Optional[str]]


class Reference(NamedTuple):
    """The reference a relative expression resolves against: a year ("2022" or "XXXX") and,
    when known, the day or month (ISO)."""

    year: str
    date: Optional[str]


Resolver = Callable[[Groups, Reference, Callable[[str], int]], Optional[str]]
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def real_date(year: str, month: int, day: int) -> bool:
    """A day that exists (31/2 does not); any day up to 31 when the year is unknown."""
    try:
        date(int(year) if year.isdigit() else 2000, month, day)  # 2000: a leap year
    except ValueError:
        return False
    return True


def _d(n: Optional[str]) -> str:
    return f"{int(n or 0):02d}"


def _day(y: str, g: Groups, d: str = "d", m: str = "m") -> Optional[str]:
    """``y-mm-dd`` from the groups ``d`` and ``m``, None when no such day exists."""
    return f"{y}-{_d(g[m])}-{_d(g[d])}" if real_date(y, int(g[m] or 0), int(g[d] or 0)) else None


def _month(y: str, m: Optional[str]) -> Optional[str]:
    return f"{y}-{_d(m)}" if 1 <= int(m or 0) <= 12 else None


def _year(g: Groups, ref: Reference) -> str:
    return g.get("y") or ref.year


def range_dates(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    y1 = g["y1"] or g["y2"] or ref.year
    a, b = _day(y1, g, "d1", "m1"), _day(g["y2"] or y1, g, "d2", "m2")
    return f"{a}/{b}" if a and b else None


def range_days(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    y = g["y2"] or ref.year
    a, b = _day(y, g, "d1", "m2"), _day(y, g, "d2", "m2")
    return f"{a}/{b}" if a and b and int(g["d1"] or 0) < int(g["d2"] or 0) else None


def range_month_date(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    y2 = g["y2"] or ref.year
    # a month without its year is of the day's year, or of the year before when it comes later
    # in the year than the day ('từ tháng 9 đến 31/5/2018' began in 2017)
    y1 = g["y1"] or (str(int(y2) - 1) if y2.isdigit() and num(g["m1"]) > num(g["m2"]) else y2)
    a, b = _month(y1, g["m1"]), _day(y2, g, "d2", "m2")
    return f"{a}/{b}" if a and b else None


def range_months(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    y1 = g["y1"] or g["y2"] or ref.year
    a, b = _month(y1, g["m1"]), _month(g["y2"] or y1, g["m2"])
    return f"{a}/{b}" if a and b else None


def range_years(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return f"{g['y1']}/{g['y2']}"


def since_year_start(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    """From 1 January to the reference day; to the year when only the year is known; open
    when the year is an earlier one."""
    yr = _year(g, ref)
    if ref.date and len(ref.date) == 10 and ref.date[:4] == yr:
        return f"{yr}-01-01/{ref.date}"
    return f"{yr}-01-01/{ref.year}" if ref.year == yr and ref.date is None else f"{yr}-01-01/.."


def since_year_now(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return f"{g['y']}/{ref.year}" if ref.year.isdigit() else f"{g['y']}/.."


def now_to_year(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return f"{ref.year}/{g['y']}" if ref.year.isdigit() else f"../{g['y']}"


def from_date(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    """In force from a day on (``<day>/..``), or from a day to now."""
    start = _day(_year(g, ref), g)
    return f"{start}/{(ref.date or ref.year) if g.get('now') else '..'}" if start else None


def until_date(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    end = _day(_year(g, ref), g)
    return f"../{end}" if end else None


def until_month(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    end = _month(_year(g, ref), g["m"])
    return f"../{end}" if end else None


def until_year(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return f"../{g['y']}"


def target_year(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return f"../{g['y']}" if g.get("to") else g["y"]


def until_now(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    """Up to the reference day, else its year (FORMAT.md 3.6, 3.9)."""
    now = current(g, ref, num)
    return f"../{now}" if now else None


def current(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    """A state now: the reference day, else its year."""
    return ref.date or (ref.year if ref.year.isdigit() else None)


def months_of_year(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    yr, n = _year(g, ref), num(g["n"] or "0")
    return f"{yr}-01/{yr}-{n:02d}" if 1 <= n <= 12 else None


def quarter(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return f"{_year(g, ref)}-Q{_ROMAN[(g['q'] or '1').lower()]}"


def month(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    m = g["m"] or ""
    return _month(_year(g, ref), m if m.isdigit() else str(num(m)))  # a name: tháng Một


def day(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return _day(ref.year, g)


def full_date(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return _day(g["y"] or ref.year, g)


def year(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return g["y"]


def lunar_year(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    """The year whose Tết a sexagenary name names (Đinh Dậu -> 2017): the latest of the
    60-year cycle up to the year after the reference year (the coming Tết)."""
    stem, branch = num("stem " + (g["cs"] or "").lower()), num("branch " + (g["cb"] or "").lower())
    if not ref.year.isdigit():
        return None
    top = int(ref.year) + 1
    years = [y for y in range(top - 59, top + 1) if y % 10 == stem and y % 12 == branch]
    return str(years[-1]) if years else None


def this_year(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return ref.year


def yesterday(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    """``hôm qua``, ``chiều qua``: the day before the reference day, when it is known to the day
    (``đến 20h30 tối qua``: up to it)."""
    if not (ref.date and len(ref.date) == 10 and ref.date[:4].isdigit()):
        return None
    day_before = (date.fromisoformat(ref.date) - timedelta(days=1)).isoformat()
    return f"../{day_before}" if g.get("until") else day_before


def last_year(g: Groups, ref: Reference, num: Callable[[str], int]) -> Optional[str]:
    return str(int(ref.year) - 1) if ref.year.isdigit() else None


RESOLVERS: dict[str, Resolver] = {
    "range_dates": range_dates, "range_days": range_days, "range_month_date": range_month_date,
    "range_months": range_months, "range_years": range_years, "since_year_start": since_year_start,
    "since_year_now": since_year_now, "now_to_year": now_to_year,
    "from_date": from_date, "until_date": until_date, "until_month": until_month,
    "year_to_month": until_month, "until_year": until_year, "target_year": target_year,
    "until_now": until_now, "current": current, "months_of_year": months_of_year, "quarter": quarter,
    "month": month, "full_date": full_date, "day": day, "year": year, "this_year": this_year,
    "the_year": this_year, "lunar_year": lunar_year, "last_year": last_year, "yesterday": yesterday,
}

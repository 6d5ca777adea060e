"""Publication dates, however they arrive, as ISO 8601 at the precision they really have.

One normaliser for the API (``extract(text, published=...)``), JSON/JSONL fields, HTML
metadata and the corpus tools: ISO strings (``2024``, ``2024-07``, ``2024-07-19``, with a time
or not), ``yyyymmdd``, ``dd/mm/yyyy``, RFC 2822 (``Fri, 19 Jul 2024 10:00:00 +0700``),
Vietnamese newspaper forms (``Thứ sáu, 19/07/2024 10:00``, ``ngày 19 tháng 7 năm 2024``,
``tháng 5/2017``), epoch seconds (or milliseconds) as numbers, and ``date``/``datetime``
objects.  A year stays a year and a month a month; a day that does not exist (``32/13/2022``)
is no date.  The uncommon forms are read by ``dateparser`` (Vietnamese and English, day
before month), loaded only when one is met.

>>> [normalize_date(v) for v in ("2017", "20201001", "19/07/2024", "Fri, 19 Jul 2024 10:00:00 +0700")]
['2017', '2020-10-01', '2024-07-19', '2024-07-19']
>>> normalize_date("Thứ sáu, 19/7/2024, 10:00 (GMT+7)"), normalize_date(1721358000)
('2024-07-19', '2024-07-19')
>>> read_date("32/13/2022")
(None, "unreadable date '32/13/2022': ignored")
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Optional

import regex

# epoch numbers are read in Vietnam's time zone (UTC+7), where the documents are published
VIETNAM = dt.timezone(dt.timedelta(hours=7))
_ISO = regex.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}.*)?")
_COMPACT = regex.compile(r"(\d{4})(\d{2})(\d{2})")
_DMY = regex.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_EPOCH_MS = 10**11  # larger numbers are milliseconds


def _iso(year: int, month: Optional[int] = None, day: Optional[int] = None) -> Optional[str]:
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" if day is None else f"{year:04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=1)
def _parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["vi", "en"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"})


def _parse_string(s: str) -> Optional[str]:
    m = _ISO.fullmatch(s)
    if m:
        return _iso(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
    m = _COMPACT.fullmatch(s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = _DMY.fullmatch(s)
    if m:
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    if not _YEAR.search(s):
        return None  # a date without its year ("19/07", "hôm qua") would get an invented one
    data = _parser().get_date_data(s)
    if data.date_obj is None:
        return None
    d = data.date_obj
    return _iso(d.year, d.month if data.period in ("month", "day", "time") else None,
                d.day if data.period in ("day", "time") else None)


def read_date(value: Any) -> tuple[Optional[str], Optional[str]]:
    """``(ISO date or None, warning or None)`` for a publication date given in any common form."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) >= _EPOCH_MS else value
        try:
            return dt.datetime.fromtimestamp(seconds, VIETNAM).date().isoformat(), None
        except (OverflowError, OSError, ValueError):
            return None, f"unreadable date {value!r}: ignored"
    if isinstance(value, str):
        iso = _parse_string(" ".join(value.split()))
        if iso is not None:
            return iso, None
    return None, f"unreadable date {value!r}: ignored"


def normalize_date(value: Any) -> Optional[str]:
    """The ISO date of :func:`read_date`, None when it cannot be read."""
    return read_date(value)[0]

"""Publication dates in every form they arrive in (vnextract.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from vnextract.dates import normalize_date, read_date

CASES = [
    ("2024-07-19", "2024-07-19"), ("2024-7-9", "2024-07-09"), ("2023-6-4T10:00", "2023-06-04"),
    ("2024-07-19T10:00:00+07:00", "2024-07-19"), ("2024-07", "2024-07"), ("2017", "2017"),
    ("20201001", "2020-10-01"), ("19/07/2024", "2024-07-19"), ("4.6.2023", "2023-06-04"),
    ("Fri, 19 Jul 2024 10:00:00 +0700", "2024-07-19"), ("Thứ sáu, 19/07/2024 10:00", "2024-07-19"),
    ("Thứ sáu, 19/7/2024, 10:00 (GMT+7)", "2024-07-19"), ("ngày 19 tháng 7 năm 2024", "2024-07-19"),
    ("tháng 5/2017", "2017-05"), ("  2024-07-19  ", "2024-07-19"),
    (1721358000, "2024-07-19"), (1721358000000, "2024-07-19"), (1721358000.5, "2024-07-19"),
    (dt.date(2024, 7, 19), "2024-07-19"), (dt.datetime(2024, 7, 19, 23, 59), "2024-07-19"),
]
BAD = ["32/13/2022", "2022-13-01", "2022-02-30", "hôm qua", "abc", "2018-2021", "19/07", True]


@pytest.mark.parametrize("value,iso", CASES, ids=[str(c[0]) for c in CASES])
def test_every_common_form(value: object, iso: str) -> None:
    assert read_date(value) == (iso, None)


@pytest.mark.parametrize("value", BAD, ids=[str(b) for b in BAD])
def test_what_is_no_date_gives_a_warning(value: object) -> None:
    iso, warning = read_date(value)
    assert iso is None and warning is not None and repr(value) in warning


@pytest.mark.parametrize("value", [None, "", "  "])
def test_nothing_is_no_date_and_no_warning(value: object) -> None:
    assert read_date(value) == (None, None) and normalize_date(value) is None

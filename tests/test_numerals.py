"""The numeral stage (vnextract/numerals.py, patterns/numerals.yml).

TABLE rows (here and in tests/_numeral_rows.py) are ``(text, expected)``; ``expected`` lists every numeral found as
``(surface, value, value_max, kind, unit, qualifier)``, written by hand from
FORMAT.md 2, 3.1 and 3.4.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pytest

from _numeral_rows import F, M, P, PT, R, WORD_ROWS, num, pct
from vnextract.stages.numerals import Numeral, NumeralFinder, parse_digits

TABLE: list[tuple[str, list[tuple]]] = [
    # --- Vietnamese digit grouping, scale words, leading zeros
    ("giải quyết việc làm cho 3.721 lao động", [num("3.721", 3721)]),
    ("đạt 14,8% kế hoạch", [pct("14,8%", 14.8)]),
    ("cấp 2.163,485 tỷ đồng", [num("2.163,485 tỷ", 2163485e6)]),
    ("thu nộp 6,074 tỷ đồng", [num("6,074 tỷ", 6.074e9)]),
    ("số tiền ủng hộ 14 triệu đồng", [num("14 triệu", 14e6)]),
    ("gói tín dụng 16.000 tỷ đồng", [num("16.000 tỷ", 16e12)]),
    ("được giao hơn 4,3 nghìn tỷ đồng", [num("4,3 nghìn tỷ", 4.3e12, "over")]),
    ("gần 2 vạn công đoàn cơ sở", [num("2 vạn", 20000, "under")]),
    ("trong 04 Công ty", [num("04", 4)]),
    ("xuất khẩu lao động 09 lao động", [num("09", 9)]),
    ("cho 01 thân nhân liệt sĩ", [num("01", 1)]),
    ("tổng giá trị 228.845.423.700 đồng", [num("228.845.423.700", 228845423700)]),
    ("dự án 265,372 ha", [num("265,372", 265.372)]),
    ("đạt 4,0 dược sĩ", [num("4,0", 4.0)]),
    ("thu đạt trên 50 nghìn tỷ đồng", [num("50 nghìn tỷ", 50e12, "over")]),
    ("hơn 1,5 triệu đoàn viên", [num("1,5 triệu", 1.5e6, "over")]),
    ("chênh 3,3 triệu thuê bao", [num("3,3 triệu", 3.3e6)]),
    ("tăng 47 tỷ đồng", [num("47 tỷ", 47e9)]),
    ("khoảng 10 ngàn đồng", [num("10 ngàn", 1e4, "about")]),
    ("vốn 5 ngàn tỉ đồng", [num("5 ngàn tỉ", 5e12)]),
    ("tổng 2 tỷ 951 triệu đồng", [num("2 tỷ 951 triệu", 2.951e9)]),
    ("nhận 1 triệu 500 nghìn đồng", [num("1 triệu 500 nghìn", 1.5e6)]),
    ("KIM NGẠCH 21 TỶ USD", [num("21 TỶ", 21e9)]),
    ("nhận 500 triệu đồng", [num("500 triệu", 5e8)]),
    ("đạt 0,71 điểm", [num("0,71", 0.71)]),
    ("có 100 thí sinh", [num("100", 100)]),
    ("có 0 ca tử vong", [num("0", 0)]),
    # --- foreign style heuristics
    ("đạt 1,200,000 người", [num("1,200,000", 1200000)]),
    ("tăng 3.5 lần so với", [("3.5", 3.5, None, M, "lần", None)]),
    ("đạt 1,234.5 tấn", [num("1,234.5", 1234.5)]),
    ("ghi nhận 1.281 bệnh nhân, tức 1,281 ca", [num("1.281", 1281), num("1,281", 1281)]),
    ("ghi nhận 1,281 ca", [num("1,281", 1.281)]),
    ("ngày 11.05.2022 họp", []),
    # --- glued units and codes
    ("quy hoạch 920,4ha", [num("920,4", 920.4)]),
    ("dài 12km đường", [num("12", 12)]),
    ("căn hộ 100m2 sàn", [num("100", 100)]),
    ("kích thước 2.400x65 m", [num("2.400", 2400), num("65", 65)]),
    ("dịch Covid-19 lan rộng", []),
    ("virus H5N1 xuất hiện", []),
    ("bệnh nhân BN1234 khỏi", []),
    ("Quốc lộ 4D qua huyện", []),
    ("chống COVID19 hiệu quả", []),
    ("khu A1 và B2", []),
    ("lúc 8h30 sáng", []),
    ("khai mạc 10:30 hôm nay", []),
    ("mạng 5G phủ sóng", []),
    ("SARS-CoV-2 biến chủng", []),
    ("Quyết định số 123/QĐ-UBND", [num("123", 123)]),
    ("liên hệ 0912345678", [num("0912345678", 912345678)]),
    # --- percent
    ("hỗ trợ 80 % theo quy định", [pct("80 %", 80)]),
    ("lãi suất 0%/năm", [pct("0%", 0)]),
    ("chiếm 99%; số lao động", [pct("99%", 99)]),
    ("giảm 5 phần trăm", [pct("5 phần trăm", 5)]),
    ("tăng mười lăm phần trăm", [("mười lăm phần trăm", 15, None, P, "%", None)]),
    ("đạt 99,99%, 5.402 hồ sơ", [pct("99,99%", 99.99), num("5.402", 5402)]),
    ("15,07% so với 9,64%", [pct("15,07%", 15.07), pct("9,64%", 9.64)]),
    # --- percentage points
    ("tăng 1,2 điểm phần trăm", [("1,2", 1.2, None, PT, "điểm phần trăm", None)]),
    ("giảm 0,5 điểm % so với", [("0,5", 0.5, None, PT, "điểm phần trăm", None)]),
    ("giảm hơn 2 điểm phần trăm", [("2", 2, None, PT, "điểm phần trăm", "over")]),
    # --- ranges
    ("từ 15-20%", [("15-20%", 15, 20, R, "%", None)]),
    ("từ 45% - 55%.", [("45% - 55%", 45, 55, R, "%", None)]),
    ("mục tiêu (16-17%) và", [("16-17%", 16, 17, R, "%", None)]),
    ("từ 10 đến 15 người", [("10 đến 15", 10, 15, R, None, None)]),
    ("10 - 15 triệu đồng", [("10 - 15 triệu", 10e6, 15e6, R, None, None)]),
    ("từ 1 đến 2 triệu đồng", [("1 đến 2 triệu", 1e6, 2e6, R, None, None)]),
    ("từ 1 tới 3 tỷ đồng", [("1 tới 3 tỷ", 1e9, 3e9, R, None, None)]),
    ("500 triệu – 1 tỷ đồng", [("500 triệu – 1 tỷ", 5e8, 1e9, R, None, None)]),
    ("giai đoạn 2021-2030", [("2021-2030", 2021, 2030, R, None, None)]),
    ("giai đoạn 2011 - 2016 đạt", [("2011 - 2016", 2011, 2016, R, None, None)]),
    ("khoảng 10 - 12 người", [("10 - 12", 10, 12, R, None, "about")]),
    ("khoảng từ 10 đến 15 người", [("10 đến 15", 10, 15, R, None, "about")]),
    ("tăng 20% đến 2025", [pct("20%", 20), num("2025", 2025)]),
    ("tỷ số 3 - 1 nghiêng", [num("3", 3), num("1", 1)]),
    ("từ 15/5 - 20/5", [num("15", 15), num("5", 5), num("20", 20), num("5", 5)]),
    ("giảm 5 đến 7%", [("5 đến 7%", 5, 7, R, "%", None)]),
    # --- fractions and pairs
    ("1/3 số hộ nghèo", [("1/3", 1 / 3, None, F, None, None)]),
    ("khoảng 2/3 diện tích", [("2/3", 2 / 3, None, F, None, "about")]),
    ("1.185/8.000 chỉ tiêu", [num("1.185", 1185), num("8.000", 8000)]),
    ("16/18 xã, thị trấn", [num("16", 16), num("18", 18)]),
    ("đạt 7,5/12 điểm", [num("7,5", 7.5), num("12", 12)]),
    ("đạt 4,5/10 điểm", [num("4,5", 4.5), num("10", 10)]),
    ("gần 136 ha/265,372 ha", [num("136", 136, "under"), num("265,372", 265.372)]),
    ("19 bác sĩ/10.000 dân", [num("19", 19), num("10.000", 10000)]),
    ("5 hồ sơ/1 chỉ tiêu", [num("5", 5), num("1", 1)]),
    ("ngày 1/5 Hà Nam", [num("1", 1), num("5", 5)]),
    ("sáng 1/3 số người", [num("1", 1), num("3", 3)]),
    ("3/4 của tổng", [("3/4", 0.75, None, F, None, None)]),
    ("1/3 hộ", [num("1", 1), num("3", 3)]),
    # --- dates and times give plain numbers
    ("ngày 11/05/2022", [num("11", 11), num("05", 5), num("2022", 2022)]),
    ("tính đến ngày 05/5/2022", [num("05", 5), num("5", 5), num("2022", 2022)]),
    ("tháng 5/2022", [num("5", 5), num("2022", 2022)]),
    ("năm 2022", [num("2022", 2022)]),
    # --- multiples
    ("gấp 2,5 lần", [("2,5", 2.5, None, M, "lần", None)]),
    ("tăng 2,6 lần so với cùng kỳ", [("2,6", 2.6, None, M, "lần", None)]),
    ("tăng gấp gần 3 lần ca mắc", [("3", 3, None, M, "lần", "under")]),
    ("tăng hơn 8 lần", [("8", 8, None, M, "lần", "over")]),
    ("cao gấp 3,5 lần tốc độ", [("3,5", 3.5, None, M, "lần", None)]),
    ("gấp 5,94 lần so với", [("5,94", 5.94, None, M, "lần", None)]),
    ("tăng gấp 3 so với", [("3", 3, None, M, "lần", None)]),
    ("nhiều hơn 4 lần", [("4", 4, None, M, "lần", None)]),
    ("gấp ba lần", [("ba", 3, None, M, "lần", None)]),
    ("kiểm tra 3 lần trong năm", [num("3", 3)]),
    ("tăng 5% so với", [pct("5%", 5)]),
    # --- qualifiers
    ("Trên 21.245 tỷ đồng", [num("21.245 tỷ", 21245e9, "over")]),
    ("có trên 1.000 ca mắc", [num("1.000", 1000, "over")]),
    ("gần 1.300 ca tay chân miệng", [num("1.300", 1300, "under")]),
    ("Gần 12.000 tỷ đồng", [num("12.000 tỷ", 12e12, "under")]),
    ("với khoảng 143 tỷ đồng", [num("143 tỷ", 143e9, "about")]),
    ("chừng 20 người", [num("20", 20, "about")]),
    ("xấp xỉ 50%", [pct("50%", 50, "about")]),
    ("gần như 100% hộ", [pct("100%", 100, "about")]),
    ("ước khoảng 30 hộ", [num("30", 30, "about")]),
    ("hơn 130 triệu", [num("130 triệu", 130e6, "over")]),
    ("ngoài 5 trường hợp", [num("5", 5, "over")]),
    ("vượt 10% kế hoạch", [pct("10%", 10, "over")]),
    ("dưới 6 tuổi", [num("6", 6, "under")]),
    ("chưa đến 30 người", [num("30", 30, "under")]),
    ("chưa tới 30 người", [num("30", 30, "under")]),
    ("non 2 tấn", [num("2", 2, "under")]),
    ("ít nhất 3 người", [num("3", 3, "at_least")]),
    ("tối thiểu 82%", [pct("82%", 82, "at_least")]),
    ("không dưới 5 người", [num("5", 5, "at_least")]),
    ("tối đa 50% tiền lương", [pct("50%", 50, "at_most")]),
    ("không quá 40% chỉ tiêu", [pct("40%", 40, "at_most")]),
    ("không vượt quá 40%", [pct("40%", 40, "at_most")]),
    ("khoảng hơn 3.000 doanh nghiệp", [num("3.000", 3000, "over")]),
    ("cao hơn 10% so với", [pct("10%", 10)]),
    ("thấp hơn gần 10% so với", [pct("10%", 10, "under")]),
    ("đạt 40 người", [num("40", 40)]),
    ("khoảng\n200 người", [num("200", 200)]),
] + WORD_ROWS


@lru_cache(maxsize=1)
def _finder() -> NumeralFinder:
    return NumeralFinder()


@pytest.fixture(scope="module")
def finder() -> NumeralFinder:
    return _finder()


def _rows(text: str, found: list[Numeral]) -> list[tuple]:
    return [(text[n.start : n.end], n.value, n.value_max, n.form, n.unit, n.qualifier) for n in found]


def _same(got: tuple, exp: tuple) -> bool:
    def close(a: float | None, b: float | None) -> bool:
        if a is None or b is None:
            return a is b
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)

    return (got[0] == exp[0] and close(got[1], exp[1]) and close(got[2], exp[2])
            and got[3:] == exp[3:])


def test_table_size() -> None:
    assert len(TABLE) >= 150
    assert sum(1 for _, e in TABLE if not e) >= 30


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[t[:40] or "empty" for t, _ in TABLE])
def test_table(finder: NumeralFinder, text: str, expected: list[tuple]) -> None:
    got = _rows(text, finder.find(text))
    assert len(got) == len(expected) and all(_same(g, e) for g, e in zip(got, expected, strict=False)), got


def test_spelled_flag_and_scale(finder: NumeralFinder) -> None:
    (a,) = finder.find("hai nghìn tỷ đồng")
    assert a.spelled and a.scale == "nghìn tỷ"
    (b,) = finder.find("hơn 4,3 nghìn tỷ đồng")
    assert not b.spelled and b.scale == "nghìn tỷ" and b.qualifier_start == 0


@pytest.mark.parametrize(("s", "v"), [("3.721", 3721), ("14,8", 14.8), ("01", 1), ("2.163,485", 2163.485),
                                      ("1,200,000", 1200000), ("3.5", 3.5), ("1.2.3", None), ("12.34.567", None)])
def test_parse_digits(s: str, v: float | None) -> None:
    assert parse_digits(s) == v


# ------------------------------------------------------------ properties
_ALPHABET = list("0123456789.,%/-–: x\n") + ["tỷ", "triệu", "nghìn", "hai", "mươi", "năm", "một", "trăm",
                                               "người", "hơn", "gần", "từ", "đến", "gấp", "lần", "số", "phần",
                                               "lẻ", "linh", "rưỡi", "mười", "lăm", "tư", "chục",
                                               "vạn", "ngày", "H", "a", "ha", "điểm", "đôi", "nửa", "lên"]


def _check_spans(text: str) -> None:
    found = _finder().find(text)
    last = 0
    for n in found:
        assert 0 <= n.start < n.end <= len(text)
        assert n.start >= last
        last = n.end
        assert math.isfinite(n.value)
        if n.value_max is not None:
            assert n.value_max > n.value
        if n.qualifier_start is not None:
            assert n.qualifier_start < n.start


try:  # hypothesis is a test extra (pyproject [test]); without it only this test is skipped
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover

    def test_spans_sorted_disjoint() -> None:
        pytest.skip("hypothesis not installed")

else:

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map(" ".join)
           | st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join) | st.text(max_size=60))
    def test_spans_sorted_disjoint(text: str) -> None:
        _check_spans(text)


def test_large_input(finder: NumeralFinder) -> None:
    """A megabyte of dense text is handled whole (speed is measured by benchmarks/, not here)."""
    para = ("Tính đến ngày 05/5/2022, toàn tỉnh giải quyết việc làm cho 3.721 lao động, đạt 14,8% kế hoạch; "
            "hỗ trợ hơn 2,5 tỷ đồng cho năm trường hợp, trong năm nay tăng gấp 2 lần, từ 10 - 15 triệu đồng. "
            "Công tác bảo đảm an sinh xã hội được quan tâm thực hiện, đời sống người dân ổn định. ")
    text = para * (1_000_000 // len(para))
    found = finder.find(text)
    assert len(found) > 30_000
    assert all(text[n.start : n.end] for n in found[:100])

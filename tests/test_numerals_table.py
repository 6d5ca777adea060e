"""Issue 11's table: number expressions of every class, read through the whole pipeline.

``POSITIVE`` rows name the record the text must give (its surface, value, upper end and, where the
row is about it, kind or qualifier); ``UNREADABLE`` rows an expression that cannot be read whole and
must give no record but an excluded numeral whose rule says why; ``NEGATIVE`` rows (a table of their
own) a ``[marked]`` span that no record may overlap.  Values are written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from vnextract.rules import split_marked
from vnextract.stages.numeral_types import UNREADABLE


@dataclass(frozen=True)
class Row:
    text: str
    surface: str
    value: float
    value_max: float | None = None
    kind: str | None = None
    qualifier: str | None = None


CARRIERS = ["Tỉnh đã hỗ trợ {} hộ nghèo.", "Năm nay huyện có {} người tham gia.", "Tổng kinh phí là {} đồng.",
            "Toàn tỉnh trồng được {} ha rừng."]
SPELLED = [  # (words, value): read whole in a sentence
    ("hai", 2), ("bốn", 4), ("mười", 10), ("mười một", 11), ("mười lăm", 15), ("mười nhăm", 15), ("mười bốn", 14),
    ("mười tư", 14), ("hai mươi", 20), ("hai mươi mốt", 21), ("hai mươi một", 21), ("hai mươi tư", 24),
    ("hai mươi bốn", 24), ("hai mươi lăm", 25), ("hai mươi nhăm", 25), ("ba mươi lăm", 35), ("chín mươi chín", 99),
    ("hai mốt", 21), ("ba lăm", 35), ("bốn nhăm", 45), ("năm tư", 54), ("hai chục", 20), ("ba chục", 30),
    ("một trăm", 100), ("một trăm linh một", 101), ("một trăm lẻ một", 101), ("một trăm linh năm", 105),
    ("một trăm lẻ tư", 104), ("một trăm linh bốn", 104), ("một trăm mười", 110), ("một trăm mười một", 111),
    ("trăm mốt", 110), ("một trăm hai", 120), ("hai trăm rưỡi", 250), ("ba trăm năm mươi", 350),
    ("chín trăm chín mươi chín", 999), ("một nghìn", 1000), ("một ngàn", 1000), ("một nghìn linh năm", 1005),
    ("một nghìn không trăm linh năm", 1005), ("một nghìn lẻ năm", 1005), ("một nghìn không trăm mười", 1010),
    ("một nghìn mười", 1010), ("một nghìn không trăm năm mươi", 1050), ("một nghìn hai trăm", 1200),
    ("một nghìn hai", 1200), ("nghìn rưỡi", 1500), ("hai nghìn tư", 2400), ("ba nghìn bảy trăm hai mươi mốt", 3721),
    ("mười nghìn", 10000), ("hai mươi mốt nghìn không trăm mười một", 21011), ("hai mươi mốt nghìn mười một", 21011),
    ("hai mốt nghìn", 21000), ("một trăm nghìn", 100000), ("hai trăm năm mươi nghìn", 250000), ("hai vạn", 20000),
    ("một triệu", 1e6), ("một triệu hai", 1.2e6), ("hai triệu rưỡi", 2.5e6), ("hai triệu ba nghìn", 2003000),
    ("hai triệu không trăm linh năm nghìn", 2005000), ("một triệu lẻ mười", 1000010),
    ("một triệu hai trăm", 1000200), ("ba triệu bốn trăm năm mươi sáu nghìn bảy trăm tám mươi chín", 3456789),
    ("một tỷ", 1e9), ("một tỉ", 1e9), ("ba tỷ rưỡi", 3.5e9), ("hai tỷ ba trăm triệu", 2.3e9),
    ("hai nghìn tỷ", 2e12), ("một nghìn hai trăm ba mươi tư tỷ", 1234e9), ("một nghìn tỷ hai trăm ba mươi bốn tỷ", 1234e9),
    ("hai triệu ba nghìn tỷ", 2003000e9), ("một triệu tỷ", 1e15), ("một tỷ tỷ", 1e18),
    ("chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi "
     "chín nghìn chín trăm chín mươi chín", 999999999999999),
    ("một phẩy năm", 1.5), ("không phẩy năm", 0.5), ("một phẩy không năm", 1.05), ("ba phẩy mười bốn", 3.14),
    ("ba phẩy một bốn", 3.14), ("hai phẩy năm mươi", 2.5), ("một phẩy năm triệu", 1.5e6), ("hai phẩy ba tỷ", 2.3e9),
    ("bốn chấm hai", 4.2), ("một nghìn phẩy năm", 1000.5), ("mười hai phẩy không không một", 12.001),
    ("một phẩy hai nghìn tỷ", 1.2e12), ("ba", 3), ("sáu", 6), ("bảy", 7), ("bẩy", 7), ("tám", 8), ("chín", 9),
    ("mười hai", 12), ("mười chín", 19), ("ba mươi", 30), ("bốn mươi mốt", 41), ("sáu mươi sáu", 66), ("bảy mươi bảy", 77),
    ("tám mươi tám", 88), ("hai trăm", 200), ("hai trăm linh hai", 202), ("bốn trăm lẻ bốn", 404),
    ("năm trăm năm mươi lăm", 555), ("sáu trăm mười sáu", 616), ("bảy nghìn", 7000), ("tám nghìn không trăm tám mươi", 8080),
    ("chín mươi nghìn", 90000), ("bốn trăm nghìn", 400000), ("năm triệu", 5e6), ("sáu tỷ", 6e9), ("mười hai tỷ", 12e9),
    ("trăm rưỡi", 150), ("hai rưỡi", 2.5), ("một nghìn không trăm hai mốt", 1021), ("một chục", 10),
]
DIGITS = [  # (text, surface, value)
    ("Tổng thu 3 tỷ rưỡi đồng.", "3 tỷ rưỡi", 3.5e9), ("Mỗi suất 1 triệu rưỡi đồng.", "1 triệu rưỡi", 1.5e6),
    ("Giá vé 10k một người.", "10k", 1e4), ("Gói cước 100K mỗi tháng.", "100K", 1e5), ("Lương 5tr mỗi tháng.", "5tr", 5e6),
    ("Được trả 1tr2 tiền công.", "1tr2", 1.2e6), ("Thưởng 2tr5 mỗi người.", "2tr5", 2.5e6), ("Cốc trà 3k thôi.", "3k", 3e3),
    ("Đã gửi 2 tr (triệu) để mua.", "2 tr", 2e6), ("Hỗ trợ 2 nghìn tỷ đồng.", "2 nghìn tỷ", 2e12),
    ("Tổng 2 tỷ 951 triệu đồng.", "2 tỷ 951 triệu", 2.951e9), ("Thu 1,5 triệu đồng.", "1,5 triệu", 1.5e6),
    ("Kim ngạch 21 TỶ USD.", "21 TỶ", 21e9), ("Gần 2 vạn công đoàn.", "2 vạn", 2e4), ("Vốn 5 ngàn tỉ đồng.", "5 ngàn tỉ", 5e12),
    ("Tỉnh đã hỗ trợ 2000 hộ nghèo.", "2000", 2000), ("Năm nay trao 2024 suất quà.", "2024", 2024),
    ("Có 1999 người tham gia.", "1999", 1999), ("Hỗ trợ 2050 học sinh.", "2050", 2050),
    ("Lợi nhuận âm 144 tỷ đồng.", "144 tỷ", -144e9), ("Quỹ âm gần 11 tỷ đồng.", "11 tỷ", -11e9),
    ("Nhiệt độ xuống -25 độ.", "-25", -25), ("Tăng trưởng đạt −2,5%.", "−2,5%", -2.5), ("Chênh lệch (-17) điểm.", "-17", -17),
    ("Lợi nhuận âm một nghìn tỷ đồng.", "một nghìn tỷ", -1e12), ("Kết quả âm hai mươi điểm.", "hai mươi", -20),
]
RANGES = [  # (text, surface, low, high)
    ("Hỗ trợ từ 1000 đến 2000 đồng.", "1000 đến 2000", 1000, 2000), ("Có giữa 1000 và 2000 người.", "1000 và 2000", 1000, 2000),
    ("Giá từ 50.000đ-100.000đ.", "50.000đ-100.000", 5e4, 1e5), ("Từ 5kg-10kg mỗi hộ.", "5kg-10", 5, 10),
    ("Từ mười nghìn đến hai mươi nghìn đồng.", "mười nghìn đến hai mươi nghìn", 1e4, 2e4),
    ("Có từ hai đến ba người.", "hai đến ba", 2, 3), ("Từ một đến hai triệu đồng.", "một đến hai triệu", 1e6, 2e6),
    ("Tăng từ 15-20%.", "15-20%", 15, 20), ("Mức 10 - 15 triệu đồng.", "10 - 15 triệu", 1e7, 1.5e7),
    ("Từ 1 đến 2 triệu đồng.", "1 đến 2 triệu", 1e6, 2e6), ("Giá 500 triệu – 1 tỷ đồng.", "500 triệu – 1 tỷ", 5e8, 1e9),
    ("Từ 10 tới 15 người.", "10 tới 15", 10, 15), ("Khoảng 50 - 60.000 lao động.", "50 - 60.000", 5e4, 6e4),
    ("Từ 45% - 55% hộ.", "45% - 55%", 45, 55),
    ("Từ hai mươi đến ba mươi phần trăm.", "hai mươi đến ba mươi phần trăm", 20, 30),
    ("Từ 1 tỷ rưỡi đến 2 tỷ đồng.", "1 tỷ rưỡi đến 2 tỷ", 1.5e9, 2e9), ("Từ 10k đến 20k một ly.", "10k đến 20k", 1e4, 2e4),
    ("Từ -5 đến 10 độ.", "-5 đến 10", -5, 10), ("Giữa hai và bốn hộ.", "hai và bốn", 2, 4),
]
CURRENCIES = [  # (text, surface, value, unit)
    ("Giá vé $100 một người.", "100", 100, "usd"), ("Vàng đạt 1.225$ sau đó.", "1.225", 1225, "usd"),
    ("Giá khoảng US$1700 một chiếc.", "1700", 1700, "usd"), ("Chỉ €50 một người.", "50", 50, "euro"),
    ("Giá 50€ một vé.", "50", 50, "euro"), ("Một cây giá £6 thôi.", "6", 6, "bảng anh"), ("Giá ¥1000 mỗi hộp.", "1000", 1000, "yên"),
    ("Giá 20.000₫ mỗi ly.", "20.000", 20000, "đồng"), ("Chỉ 9.000 won mỗi suất.", "9.000", 9000, "won"),
    ("Giá dầu sụt 84 xu trong phiên.", "84", 84, "xu"), ("Chi năm trăm won mỗi ngày.", "năm trăm", 500, "won"),
    ("Trả ba mươi xu một lít.", "ba mươi", 30, "xu"), ("Giá hai ơ rô một chiếc.", "hai", 2, "euro"),
    ("Anh mất ba bảng, rồi về.", "ba", 3, "bảng anh"), ("Giá năm đô, rẻ lắm.", "năm", 5, "đô la"),
    ("Thu hai trăm đô la mỗi tháng.", "hai trăm", 200, "đô la"), ("Giá mười euro mỗi vé.", "mười", 10, "euro"),
    ("Mất ba triệu yên cho chuyến đi.", "ba triệu", 3e6, "yên"), ("Thu 15 triệu bảng Anh từ hợp đồng.", "15 triệu", 15e6, "bảng anh"),
    ("Đầu tư hai tỷ USD vào dự án.", "hai tỷ", 2e9, "usd"),
]
QUALIFIERS = [  # (text, surface, value, qualifier)
    ("Giá không hơn 7.000 đồng.", "7.000", 7000, "at_most"), ("Có chẳng hơn 10 người.", "10", 10, "at_most"),
    ("Lãi suất không trên 5%.", "5%", 5, "at_most"), ("Có không dưới 5 người.", "5", 5, "at_least"),
    ("Không quá 40% chỉ tiêu.", "40%", 40, "at_most"), ("Chưa tới 30 người đến.", "30", 30, "under"),
    ("Chưa đến 30 người.", "30", 30, "under"), ("Không ít hơn 20 hộ.", "20", 20, "at_least"),
    ("Mức vay không quá 40 triệu đồng.", "40 triệu", 4e7, "at_most"), ("Hơn 7.000 người.", "7.000", 7000, "over"),
    ("Gần 1.300 ca mắc.", "1.300", 1300, "under"), ("Chưa đầy 10 ngày có 50 người.", "50", 50, None),
    ("Khoảng hai trăm người dự.", "hai trăm", 200, "about"), ("Có hơn hai mươi hộ.", "hai mươi", 20, "over"),
    ("Có không hơn hai mươi hộ.", "hai mươi", 20, "at_most"), ("Tối đa 50% tiền lương.", "50%", 50, "at_most"),
]
POSITIVE: list[Row] = (
    [Row(CARRIERS[i % len(CARRIERS)].format(w), w, v) for i, (w, v) in enumerate(SPELLED)]
    + [Row(t, s, v) for t, s, v in DIGITS]
    + [Row(t, s, lo, hi, kind=None) for t, s, lo, hi in RANGES]
    + [Row(t, s, v, kind="money") for t, s, v, _ in CURRENCIES]
    + [Row(t, s, v, qualifier=q or "") for t, s, v, q in QUALIFIERS]
)
UNITS = {t: u for t, _, _, u in CURRENCIES}

UNREADABLE_ROWS = [  # [the expression that cannot be read whole]
    "Có [hai mươi mươi] người.", "Có [hai trăm ba] nghìn người.", "Thu [một nghìn hai trăm tỷ ba trăm tỷ] đồng.",
    "Có [ba mươi trăm] người.", "Thu [hai triệu ba nghìn triệu] đồng.", "Có [một trăm linh năm mươi] hộ.",
    "Thu [" + "9" * 400 + "] đồng.", "Thu [" + "1" + "0" * 300 + " tỷ] đồng.",
    "Thu [một " + " ".join(["tỷ"] * 40) + "] đồng.", "Có [hai mươi mốt mốt] người.", "Có [hai nghìn hai nghìn] người.",
    "Thu [mười phẩy hai mươi mươi] đồng.", "Có [ba trăm hai trăm] người.", "Có [hai tỷ rưỡi rưỡi] đồng.",
    # past the largest float through a short scale, or the scale the next number lends (issue 12.5)
    "Thu [" + "9" * 308 + "k] đồng.", "Thu [" + "9" * 305 + "tr5] đồng.",
    "Tăng từ [" + "9" * 308 + "] lên 5 tỷ đồng.", "Đạt [" + "9" * 308 + "]/5 tỷ đồng.",
]

NEGATIVE = [  # no record may overlap the [marked] span
    "Số điện thoại [093-655-5449].", "Liên hệ hotline [0967-799-588] để được hỗ trợ.", "Gọi số [0912 345 678] ngay.",
    "ĐT: [04-3972-1123].", "Đường dây nóng: [1900 1234].", "Lúc [bảy] giờ sáng nay.", "Đến [mười một] giờ trưa.",
    "Lúc mười giờ [ba mươi] phút.", "Trong [hai mươi tư] giờ qua.", "Lúc [tám] giờ tối.", "Ngày [hai mươi tư] tháng bảy.",
    "Vào ngày [mười lăm] tháng tám.", "Năm [hai nghìn hai mươi tư] đã qua.", "Năm [hai không hai tư] tới.",
    "Vào năm [một nghìn chín trăm bốn mươi lăm] ấy.", "Thắng với tỷ số [2] - 1.", "Thắng với tỷ số 2 - [1].",
    "Đội nhà thắng [3-0] trên sân.", "Hai đội hòa [1-1] sau 90 phút.", "Tỉ số chung cuộc [2:1] nghiêng về chủ nhà.",
    "Đội tuyển U [hai mươi ba] thi đấu.", "Đội U[23] thi đấu.", "Đọc chương [một trăm] của truyện.", "Theo điều [hai] của luật.",
    "Vào thế kỷ [mười lăm] đã có.", "Bước sang thế kỷ [21] với nhiều thách thức.", "Thứ sáu, 19/7/2024, 10:00 (GMT+[7]).",
    "Thứ sáu, [19]/7/2024, 10:00 (GMT+7).", "Thứ sáu, 19/7/2024, [10]:00 (GMT+7).", "Cập nhật lúc 13/05/2017 10:28 GMT+[7].",
    "Giờ Việt Nam (UTC+[7]) hôm nay.", "Thứ [sáu], ngày 19/7.", "Thứ [hai] tuần sau.", "Tháng [mười hai] năm ngoái.",
    "Trong năm [2022] tỉnh tăng.", "Giai đoạn [2021-2030] đạt.", "Đến [2025] hộ nghèo còn dưới 2%.", "Trong [2020] người dân vui.",
    "Quyết định số [123]/QĐ-UBND.", "Dịch Covid-[19] lan rộng.", "Dịch Covid [-19] diễn biến.", "Lúc [8]h30 sáng.",
    "Quay phim [4K] HDR.", "Thực hiện thông điệp [5K] của Bộ Y tế.", "Vòng charm vàng [24k] kể trên.",
    "Chất liệu vàng [18K], 14K.", "Pháo hạm Oto Breda [76,2] mm.", "Ống kính FE [85]mm f/1.8.", "Hàng [nghìn] người tham gia.",
    "Vài [trăm] hộ dân.", "Hai [mươi] mấy người.", "[Hai mươi] mấy người.", "Có [ba bốn] người đến.", "Chừng [năm sáu] hộ.",
    "Một [hai] không chết.", "Kết quả âm tính [với] virus.",
    "Trong [năm] nay.", "Cuối [năm] người dân.", "Lần thứ [2] tổ chức.", "Đứng thứ [6] cả nước.", "Trẻ em dưới [6] tuổi.",
    "Kỷ niệm [70] năm thành lập.", "Lũy kế [5] tháng đầu năm.", "Ngày [15] tháng 5.", "Tối [7-9] bão đổ bộ.",
    "Mùng [1] Tết.", "Nghị định [23]/2020.", "Một [số] tỉnh.", "[Một] người dân cho biết.", "Ba [Tư] là nước.",
    "Sau [mười lăm] tháng.", "Mạng [5G] phủ sóng.", "Nhà [2] tầng.", "Quận [1], TP.HCM.", "Khách sạn [5] sao.",
    "Virus SARS-CoV-[2].", "Bệnh nhân BN[1234].", "Trực [24]/7.", "Đội thắng [1-3] trên sân khách.",
    "Giai đoạn [2021-2030] đạt.", "Ngày [11/05/2022] họp.", "Tháng [5]/2022 tăng.", "Quý [III]/2020 tăng.",
    "Vào lúc [chín] giờ sáng.", "Từ [hai] giờ chiều.", "Trận đấu kết thúc với tỷ số [4]-2.", "Hoà [0-0] sau hiệp một.",
    "Theo giờ Việt Nam, GMT+[7]: Trận 1.", "Chương [mười hai] kể về.", "Khoản [ba] điều này.", "Thế kỉ [hai mươi mốt] mở ra.",
    "Ngày [mười] tháng mười.", "Năm [hai nghìn] linh một ấy.", "Lớp [10]A đông.", "Cúm A/H5N[1] xuất hiện.",
    "Thứ [tư] tuần này.", "Tháng [Tám] năm 1945.", "Huyện [Năm] Căn.", "Huyện [Ba] Vì.",
]
NOT_MONEY = [Row("Có 5 xu hướng công nghệ mới.", "5", 5), Row("Chia ba bảng đấu.", "ba", 3),
             Row("Có hai đô thị loại một.", "hai", 2)]
KEPT = [  # measures and counts an exclusion must not take (the last negative)
    Row("Lượng mưa đạt 120 mm.", "120", 120), Row("Mưa lớn 80 mm tại Hà Giang.", "80", 80),
    Row("Có 2 - 3 người.", "2 - 3", 2, 3), Row("Tăng 1-3 tỷ đồng.", "1-3 tỷ", 1e9, 3e9),
]


def _ids(rows: list[Row]) -> list[str]:
    return [r.text[:40] for r in rows]


def test_table_size() -> None:
    assert len(POSITIVE) + len(UNREADABLE_ROWS) + len(NEGATIVE) + len(KEPT) + len(NOT_MONEY) >= 300
    assert len(NEGATIVE) >= 80


@pytest.mark.parametrize("row", POSITIVE + KEPT, ids=_ids(POSITIVE + KEPT))
def test_positive(extractor, row: Row) -> None:  # type: ignore[no-untyped-def]
    doc = extractor(row.text)
    at = row.text.index(row.surface)
    hits = [r for r in doc.records if r.start < at + len(row.surface) and at < r.end]
    got = [(r.text, r.value, r.value_max) for r in hits]
    assert got == [(row.surface, row.value, row.value_max)], got
    r = hits[0]
    if row.kind:
        assert (r.kind, r.unit) == (row.kind, UNITS.get(row.text, r.unit))
    if row.qualifier is not None:
        assert r.qualifier == (row.qualifier or None)


@pytest.mark.parametrize("row", NOT_MONEY, ids=_ids(NOT_MONEY))
def test_not_money(extractor, row: Row) -> None:  # type: ignore[no-untyped-def]
    (r,) = [r for r in extractor(row.text).records if r.text == row.surface]
    assert r.value == row.value and r.kind != "money"


@pytest.mark.parametrize("marked", UNREADABLE_ROWS, ids=[t[:40] for t in UNREADABLE_ROWS])
def test_unreadable(extractor, marked: str) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(marked)
    analysis = extractor.analyse(text)
    assert not [q for q in analysis.quantities if q.num.start < e and s < q.num.end]
    reasons = [rule for q, rule in analysis.excluded if q.num.start < e and s < q.num.end]
    assert reasons and all(r.startswith(UNREADABLE) for r in reasons), reasons


@pytest.mark.parametrize("marked", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_negative(extractor, marked: str) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(marked)
    doc = extractor(text)
    assert not [r.text for r in doc.records if r.start < e and s < r.end]

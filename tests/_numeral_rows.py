"""Rows of the numeral table (tests/test_numerals.py) about spelled numbers, homographs, vague amounts and
corpus regressions, kept apart so that each test module stays small; the row format is described there."""

from __future__ import annotations

N = "number"
P = "percent"
R = "range"
F = "fraction"
M = "multiple"
PT = "points"


def num(s: str, v: float, q: str | None = None) -> tuple:
    return (s, v, None, N, None, q)


def pct(s: str, v: float, q: str | None = None) -> tuple:
    return (s, v, None, P, "%", q)


WORD_ROWS: list[tuple[str, list[tuple]]] = [
    # --- spelled numbers
    ("có hai trường hợp tử vong", [num("hai", 2)]),
    ("mười lăm người", [num("mười lăm", 15)]),
    ("hai mươi mốt hộ", [num("hai mươi mốt", 21)]),
    ("một trăm linh năm hồ sơ", [num("một trăm linh năm", 105)]),
    ("một trăm lẻ năm hồ sơ", [num("một trăm lẻ năm", 105)]),
    ("ba nghìn bảy trăm hai mươi mốt lao động", [num("ba nghìn bảy trăm hai mươi mốt", 3721)]),
    ("hai mươi tư xã", [num("hai mươi tư", 24)]),
    ("ba mươi lăm hộ", [num("ba mươi lăm", 35)]),
    ("mười người", [num("mười", 10)]),
    ("năm mươi hộ", [num("năm mươi", 50)]),
    ("một nghìn người", [num("một nghìn", 1000)]),
    ("hai tỷ đồng", [num("hai tỷ", 2e9)]),
    ("ba trăm năm mươi hộ", [num("ba trăm năm mươi", 350)]),
    ("hai triệu rưỡi đồng", [num("hai triệu rưỡi", 2.5e6)]),
    ("hai chục người", [num("hai chục", 20)]),
    ("mười một người", [num("mười một", 11)]),
    ("năm người bị thương", [num("năm", 5)]),
    ("năm trường hợp", [num("năm", 5)]),
    ("Hai trường hợp", [num("Hai", 2)]),
    ("hai môn thi", [num("hai", 2)]),
    ("ba lão nông", [num("ba", 3)]),
    ("chín hộ dân", [num("chín", 9)]),
    ("ghi nhận thêm một ca mắc", [num("một", 1)]),
    ("hai nghìn tỷ đồng", [num("hai nghìn tỷ", 2e12)]),
    ("hai mươi năm qua", [num("hai mươi", 20)]),
    ("mười năm qua", [num("mười", 10)]),
    # --- homographs and vague amounts (no numeral)
    ("trong năm 2022", [num("2022", 2022)]),
    ("trong năm nay", []),
    ("5 năm thực hiện", [num("5", 5)]),
    ("năm nay tăng", []),
    ("cuối năm người dân", []),
    ("năm tháng qua", []),
    ("ba mẹ em", []),
    ("thứ tư tuần này", []),
    ("thứ hai tuần sau", []),
    ("triệu tập cuộc họp", []),
    ("một số tỉnh", []),
    ("một cách hiệu quả", []),
    ("một trong những", []),
    ("một người dân cho biết", []),
    ("một lần nữa", []),
    ("một vài thông tin", []),
    ("hàng nghìn người", []),
    ("hàng trăm hộ", []),
    ("vài chục người", []),
    ("mấy trăm người", []),
    ("dăm ba người", []),
    ("hai mươi mấy người", []),
    ("mười mấy hộ", []),
    ("mươi người", []),
    ("Hai Bà Trưng", []),
    ("huyện Ba Vì", []),
    ("huyện Năm Căn", []),
    ("Hai là, tăng cường", []),
    ("tháng Tám năm 1945", [num("1945", 1945)]),
    ("tháng mười hai năm ngoái", []),
    ("lúa chín vàng", []),
    ("đầu tư công", []),
    ("tỷ lệ hộ nghèo", []),
    ("năm 2021 tỉ lệ hộ nghèo", [num("2021", 2021)]),
    ("tỷ giá ổn định", []),
    ("bán lẻ điện", []),
    ("phần trăm", []),
    ("tư nhân", []),
    ("", []),
    # --- corpus-inspired regressions
    ("tối 7-9 bão đổ bộ", [num("7", 7), num("9", 9)]),
    ("hôm 8-9. Còn hai nạn nhân", [num("8", 8), num("9", 9), num("hai", 2)]),
    ("kỷ niệm 70 năm ngày Thương binh", [num("70", 70)]),
    ("thu 566 tỷ 384 triệu đồng", [num("566 tỷ 384 triệu", 566.384e9)]),
    ("nợ công hơn 2,5 triệu tỷ đồng", [num("2,5 triệu tỷ", 2.5e15, "over")]),
    ("có gió giật cấp 10-12", [("10-12", 10, 12, R, None, None)]),
    ("với 1,8 tỷ triệu", [num("1,8 tỷ triệu", 1.8e15)]),
    ("mức trợ cấp bằng 2 lần mức lương", [("2", 2, None, M, "lần", None)]),
    ("trong ba tháng qua", []),  # a spelled number before tháng is a period (numerals.yml not_before)
    ("sẽ cần khoảng 50 - 60.000 lao động", [("50 - 60.000", 50000, 60000, R, None, "about")]),
    ("từ 300.000 - 500.000đ/suất", [("300.000 - 500.000", 300000, 500000, R, None, None)]),
    ("từ 1 - 10.000 người", [("1 - 10.000", 1, 10000, R, None, None)]),
    ("trên dưới 100 người", [num("100", 100, "about")]),
    # --- ranges with the unit repeated, lists, borrowed scales
    ("trợ cấp từ 955.000 đồng/tháng – 4.543.000 đồng/tháng",
     [("955.000 đồng/tháng – 4.543.000", 955000, 4543000, R, None, None)]),
    ("tăng khoảng từ 150.000 đồng đến 240.000 đồng",
     [("150.000 đồng đến 240.000", 150000, 240000, R, None, "about")]),
    ("chảy qua đỉnh tràn từ 0,50m - 0,67m", [("0,50m - 0,67", 0.5, 0.67, R, None, None)]),
    ("có 140.000 đồng – 185.000 người", [num("140.000", 140000), num("185.000", 185000)]),
    ("từ 5 người - 7 hộ", [num("5", 5), num("7", 7)]),
    ("học phí là 25.000 – 40.000 – 70.000 – 100.000 đồng",
     [num("25.000", 25000), num("40.000", 40000), num("70.000", 70000), num("100.000", 100000)]),
    ("vùng 1 tăng từ 4,18 lên 4,42 triệu", [num("1", 1), num("4,18", 4.18e6), num("4,42 triệu", 4.42e6)]),
    ("giảm từ 4,25 xuống 4%", [pct("4,25", 4.25), pct("4%", 4)]),
    ("đã cấp 4.700/11.500 tỷ cho", [num("4.700", 4.7e12), num("11.500 tỷ", 11.5e12)]),
    ("có 5 lên 7 người", [num("5", 5), num("7", 7)]),
    # --- spelled fractions, multiples, lenient and strong contexts
    ("chiếm gần một nửa tổng nợ", [("một nửa", 0.5, None, F, None, "under")]),
    ("một phần ba số đơn vị", [("một phần ba", 1 / 3, None, F, None, None)]),
    ("gần hai phần ba dân số", [("hai phần ba", 2 / 3, None, F, None, "under")]),
    ("ba phần tư diện tích", [("ba phần tư", 0.75, None, F, None, None)]),
    ("một phần chi phí", []),
    ("tăng gấp đôi so với", [("đôi", 2, None, M, "lần", None)]),
    ("gấp rưỡi năm trước", [("rưỡi", 1.5, None, M, "lần", None)]),
    ("một trong hai bài thi", [num("hai", 2)]),
    ("thi cả hai bài tổ hợp", [num("hai", 2)]),
    ("bốn và năm", []),
    ("được nâng một bậc lương", [num("một", 1)]),
    ("duy nhất một học sinh", [num("một", 1)]),
    ("chỉ một số ít", []),
    ("đóng tối đa bằng 18% tiền lương", [pct("18%", 18, "at_most")]),
    ("xuống sâu dưới mức 4%/năm", [pct("4%", 4, "under")]),
]

"""A document on one district of its province gives its figures that district (FORMAT.md 3.8,
vnextract/stages/district_default.py); a province document that names one district does not."""

from __future__ import annotations

import pytest

from vnextract import Extractor

CASES = [
    # the district is the subject; its province is named only in the headline and as its address
    ("Phù Chẩn, điển hình trong xây dựng nông thôn mới ở Bắc Ninh\n\n"
     "Xã Phù Chẩn, thị xã Từ Sơn, tỉnh Bắc Ninh đã hoàn thành xây dựng nông thôn mới.\n\n"
     "Thu nhập bình quân của người dân Từ Sơn đạt 5.000 USD/người/năm.\n\n"
     "Năm 2016, có 120 doanh nghiệp đóng góp vào ngân sách.",
     "120", "Từ Sơn"),
    # the province is the subject of the lead; the district is one stretch of its figures
    ("Cần Thơ: Tai nạn giao thông giảm\n\n"
     "Theo Ban An toàn giao thông TP. Cần Thơ, 9 tháng đầu năm 2022 xảy ra nhiều vụ tai nạn. "
     "Riêng tuyến Quốc lộ 1A đoạn qua quận Cái Răng xảy ra chưa đến 20 vụ.\n\n"
     "Cũng trong 9 tháng, lực lượng chức năng đã đưa 214 người vào cơ sở cai nghiện bắt buộc.",
     "214", "Cần Thơ"),
    # the province is named more often than the district
    ("Đồng Nai lắp đường truyền dữ liệu cân xe\n\n"
     "Ban An toàn giao thông vừa lắp đặt cân tại TP Biên Hòa.\n\n"
     "Thanh tra Sở GTVT tỉnh Đồng Nai cho biết đã phát hiện nhiều xe quá tải. UBND tỉnh Đồng Nai yêu cầu "
     "xử lý nghiêm.\n\n"
     "Trong năm, lực lượng chức năng đã xử phạt 45 xe.",
     "45", "Đồng Nai"),
]


CASES.append(
    # a national document that names one district: its figures are the country's
    ("Bộ Y tế: cả nước tiêm vắc xin cho hơn 1 triệu người\n\n"
     "Theo Bộ Y tế, tính đến ngày 1/10, Việt Nam đã tiêm vắc xin cho hơn 1 triệu người, "
     "trong đó có đoàn công dân cách ly tại huyện Thăng Bình.\n\n"
     "Trong ngày, có thêm 35 ca khỏi bệnh.",
     "35", "Việt Nam"))


@pytest.mark.parametrize(("text", "figure", "location"), CASES,
                         ids=["district", "lead-province", "province-more", "national"])
def test_one_district_default(text: str, figure: str, location: str) -> None:
    doc = Extractor(indicator_model=False)(text, published="2022")
    rec = next(r for r in doc.records if r.text == figure)
    assert rec.location == location

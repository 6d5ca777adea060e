"""The Extractor as a researcher meets it: API, record shape, offsets, the seed document."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

import vnextract
from vnextract import Document

from vnextract.schema import FORMAT_FIELDS
from vnextract.spec import spec_path


def test_the_record_fields_are_those_of_format_md() -> None:
    """The schema's section-2 fields are the rows of the table in the shipped FORMAT.md."""
    text = spec_path("FORMAT.md").read_text(encoding="utf-8")
    section = text[text.index("## 2. Record") : text.index("## 3.")]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| `")]
    names = [n.strip(" `") for row in rows for n in row.split(",")]
    assert tuple(names) == FORMAT_FIELDS


def test_public_names() -> None:
    assert {"extract", "Extractor", "Document", "Record", "evaluate"} <= set(vnextract.__all__)


def test_extract_the_issue_example() -> None:
    doc = vnextract.extract(
        "Lũy kế 5 tháng đầu năm, toàn tỉnh Lai Châu giải quyết việc làm cho 3.721 lao động.",
        published="2022-05-11",
    )
    (r,) = doc.records
    assert (r.value, r.unit, r.indicator, r.period, r.cumulative, r.location, r.role) == (
        3721, "lao động", "employment.jobs_created", "2022-01/2022-05", True, "Lai Châu", "actual"
    )
    assert doc.text[r.start : r.end] == "3.721" == r.text


def test_every_format_field_on_every_record(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = extractor("Tỉnh hỗ trợ 120 hộ nghèo, tăng 5% so với cùng kỳ.", doc_id="x")
    data = json.loads(doc.model_dump_json())
    assert {"doc_id", "title", "published", "location", "text", "records"} <= set(data)
    assert data["records"]
    for rec in data["records"]:
        assert tuple(rec)[: len(FORMAT_FIELDS)] == FORMAT_FIELDS


@pytest.mark.parametrize("text", ["", "   \n\t", "Không có con số nào ở đây."])
def test_text_without_figures_gives_no_records(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = extractor(text)
    assert isinstance(doc, Document) and doc.records == []


def test_non_text_input_is_a_clear_error(extractor) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError):
        extractor(b"\x00\x01binary")  # type: ignore[arg-type]


def test_offsets_index_the_nfc_text(extractor) -> None:  # type: ignore[no-untyped-def]
    decomposed = unicodedata.normalize("NFD", "Thanh Hóa hỗ trợ 250 hộ nghèo và 1.200 người cao tuổi.")
    doc = extractor(decomposed)
    assert doc.text == unicodedata.normalize("NFC", decomposed)
    assert [r.text for r in doc.records] == ["250", "1.200"]
    for r in doc.records:
        assert doc.text[r.start : r.end] == r.text


def test_pipe_keeps_order_and_metadata(extractor) -> None:  # type: ignore[no-untyped-def]
    docs = list(extractor.pipe([
        {"doc_id": "a", "text": "Có 3 ca mắc mới.", "published": "2021-05-01"},
        "Hỗ trợ 20 hộ.",
        Document(doc_id="c", text="Thu 5 tỷ đồng."),
    ]))
    assert [d.doc_id for d in docs] == ["a", None, "c"]
    assert docs[0].published == "2021-05-01"
    assert [r.value for d in docs for r in d.records] == [3, 20, 5e9]


def test_spelled_numbers_ranges_bounds_and_pairs(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = extractor(
        "Năm 2022, tỉnh đào tạo nghề cho 1.185/8.000 chỉ tiêu, đạt 14,8% kế hoạch; "
        "hỗ trợ từ 10 đến 15 triệu đồng cho hai mươi mốt hộ, gần 2 vạn công đoàn viên.",
        published="2022-06-01",
    )
    got = {r.text: r for r in doc.records}
    assert got["1.185"].role == "actual" and got["8.000"].role == "target"
    assert got["14,8%"].role == "target_ratio" and got["14,8%"].unit == "%"
    assert (got["10 đến 15 triệu"].value, got["10 đến 15 triệu"].value_max) == (1e7, 1.5e7)
    assert got["hai mươi mốt"].value == 21 and got["hai mươi mốt"].unit == "hộ"
    assert got["2 vạn"].value == 20000 and got["2 vạn"].qualifier == "under"
    assert "2022" not in got


def test_breakdown_parts_get_parent_and_inherit_indicator(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = extractor(
        "Trung tâm Bảo trợ xã hội tỉnh đang chăm sóc và nuôi dưỡng 66 đối tượng, trong đó có "
        "62 trẻ mồ côi, 03 người già cô đơn."
    )
    whole, *parts = doc.records
    assert whole.indicator == "social_protection.centre_residents"
    assert [p.parent for p in parts] == [whole.id, whole.id]
    assert {p.indicator for p in parts} == {whole.indicator}


def test_a_sentence_topic_reaches_clauses_that_name_none(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = extractor(
        "Số doanh nghiệp thành lập mới tăng cao ở một số ngành: kinh doanh bất động sản tăng 72,8%; "
        "xây dựng tăng 12,6%."
    )
    assert [(r.text, r.indicator) for r in doc.records] == [
        ("72,8%", "economy.new_enterprises"), ("12,6%", "economy.new_enterprises")]
    assert "topic:economy.new_enterprises" in (doc.records[0].rule or "")
    assert "previous:economy.new_enterprises" in (doc.records[1].rule or "")  # the list goes on
    # not across a unit the topic is not counted in, nor over a clause with a trigger of its own
    doc = extractor("Thu ngân sách đạt 500 tỷ đồng, trong khi 12 doanh nghiệp giải thể.")
    assert [(r.text, r.indicator) for r in doc.records] == [("500 tỷ", "economy.budget_revenue"), ("12", None)]


def test_document_displays_as_html() -> None:
    doc = vnextract.extract("Hỗ trợ 20 hộ <nghèo>.")
    html = doc._repr_html_()
    assert "<mark" in html and "&lt;nghèo&gt;" in html


def test_seed_comes_out_as_its_gold(extractor, shared: Path) -> None:  # type: ignore[no-untyped-def]
    gold = json.loads(next((shared / "seeds").glob("*.gold.json")).read_text(encoding="utf-8"))
    doc = extractor(gold["text"], published=gold["published"], title=gold["title"], doc_id=gold["doc_id"])
    want = [(r["start"], r["end"], r["value"], r["unit"], r["indicator"], r["role"]) for r in gold["records"]]
    got = [(r.start, r.end, r.value, r.unit, r.indicator, r.role) for r in doc.records]
    assert got == want


def test_a_region_is_named_as_written(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = extractor("Khu vực đồng bằng sông Hồng có 15.517 doanh nghiệp, ĐBSCL có 6.896 doanh nghiệp.")
    assert [r.location for r in doc.records] == ["đồng bằng sông Hồng", "Đồng bằng sông Cửu Long"]

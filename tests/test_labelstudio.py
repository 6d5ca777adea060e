"""Label Studio tasks, exports and labeling config."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from vnextract.corpus import load_documents
from vnextract.corpus.labelstudio import (
    LabelStudioError,
    document_to_task,
    export_to_documents,
    labeling_config,
    task_to_document,
)

SHARED_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "gold"

TEXT = ("Năm 2022, tỉnh đã hỗ trợ 1.200 hộ, trong đó 300 hộ nghèo, tổng kinh phí khoảng "
        "2,5 tỷ đồng, tăng 15-20% so với cùng kỳ.")


def _rec(i: int, surface: str, **kw: object) -> dict:
    start = TEXT.index(surface)
    base = {"id": f"q{i}", "start": start, "end": start + len(surface), "text": surface,
            "value": 0, "value_max": None, "unit": None, "indicator": None,
            "indicator_text": None, "role": "actual", "qualifier": None, "period": "2022",
            "cumulative": False, "location": "Hà Giang", "parent": None}
    base.update(kw)
    return base


def _doc() -> dict:
    return {
        "doc_id": "toy", "title": "Thử", "published": "2022-06-01", "location": "Hà Giang",
        "text": TEXT,
        "records": [
            _rec(1, "1.200", value=1200, unit="hộ", indicator_text="hỗ trợ", cumulative=True),
            _rec(2, "300", value=300, unit="hộ", indicator="poverty.poor_households",
                 indicator_text="hộ nghèo", parent="q1", location="Bắc Mê"),
            _rec(3, "2,5 tỷ", value=2500000000, unit="đồng", qualifier="about",
                 indicator_text="kinh phí"),
            _rec(4, "15-20%", value=15, value_max=20, unit="%", role="change", period=None,
                 indicator_text="tăng"),
        ],
    }


def _as_export(task: dict) -> dict:
    """What Label Studio exports after an annotator accepts the prediction unchanged."""
    return {"id": 7, "data": task["data"], "annotations": [
        {"id": 1, "was_cancelled": False, "result": task["predictions"][0]["result"]}]}


def test_round_trip_preserves_everything() -> None:
    doc = _doc()
    task = json.loads(json.dumps(document_to_task(doc), ensure_ascii=False))
    assert task["data"]["text"] == TEXT
    back = task_to_document(_as_export(task))
    assert back == doc


def test_annotation_wins_over_prediction_and_ids_renumbered() -> None:
    task = document_to_task(_doc())
    result = [r for r in task["predictions"][0]["result"]
              if r.get("id") not in ("q1",) and r.get("from_id") != "q2"]
    for r in result:  # Label Studio gives regions of its own ids
        if "id" in r:
            r["id"] = "ls_" + r["id"]
    exported = {"data": task["data"], "predictions": task["predictions"],
                "annotations": [{"result": result}]}
    doc = task_to_document(exported)
    assert [r["id"] for r in doc["records"]] == ["q1", "q2", "q3"]
    assert [r["text"] for r in doc["records"]] == ["300", "2,5 tỷ", "15-20%"]
    assert doc["records"][0]["parent"] is None


def test_value_read_from_surface_when_missing() -> None:
    task = document_to_task(_doc())
    result = [r for r in task["predictions"][0]["result"]
              if r.get("from_name") not in ("value", "value_max")]
    doc = task_to_document({"data": task["data"], "annotations": [{"result": result}]})
    assert [r["value"] for r in doc["records"]] == [1200, 300, 2500000000, 15]
    assert doc["records"][3]["value_max"] == 20


def test_unreadable_value_is_an_error() -> None:
    data = {"text": "có nhiều người"}
    res = [{"id": "a", "from_name": "quantity", "to_name": "text", "type": "labels",
            "value": {"start": 3, "end": 8, "text": "nhiều", "labels": ["actual"]}}]
    with pytest.raises(LabelStudioError):
        task_to_document({"data": data, "annotations": [{"result": res}]})


def test_cancelled_annotation_ignored() -> None:
    task = document_to_task(_doc())
    exported = {"data": task["data"], "annotations": [
        {"result": task["predictions"][0]["result"]},
        {"result": [], "was_cancelled": True}]}
    assert len(task_to_document(exported)["records"]) == 4


def test_config_is_xml_and_names_match_results() -> None:
    root = ET.fromstring(labeling_config(["employment.jobs_created"]))
    names = {el.get("name") for el in root.iter() if el.get("name")}
    task = document_to_task(_doc())
    used = {r["from_name"] for r in task["predictions"][0]["result"] if "from_name" in r}
    assert used <= names
    labels = {el.get("value") for el in root.iter("Label")}
    assert labels == {"actual", "target", "target_ratio", "change", "share"}


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="shared gold not found")
def test_shared_gold_round_trips() -> None:
    docs = load_documents(SHARED_GOLD)
    tasks = [_as_export(document_to_task(d)) for d in docs]
    for d, back in zip(docs, export_to_documents(tasks)):
        assert back == d, d["doc_id"]


def test_cli_labelstudio_export_import(tmp_path: Path) -> None:
    from vnextract.cli.annotate_cmd import main

    src = tmp_path / "docs.jsonl"
    src.write_text(json.dumps(_doc(), ensure_ascii=False) + "\n", encoding="utf-8")
    assert main([str(src), "-o", str(tmp_path / "ls"), "--format", "labelstudio",
                 "--no-extract"]) == 0
    tasks = json.loads((tmp_path / "ls" / "tasks.json").read_text(encoding="utf-8"))
    ET.fromstring((tmp_path / "ls" / "labelstudio_config.xml").read_text(encoding="utf-8"))
    export = tmp_path / "export.json"
    export.write_text(json.dumps([_as_export(t) for t in tasks], ensure_ascii=False),
                      encoding="utf-8")
    assert main(["--import-labelstudio", str(export), "-o", str(tmp_path / "gold"),
                 "--constructed"]) == 0
    back = load_documents(tmp_path / "gold")[0]
    assert back.pop("constructed") is True and back.pop("sha256")
    assert back == _doc()


def test_bundled_config_is_current() -> None:
    bundled = Path(__file__).resolve().parents[1] / "corpus" / "labelstudio_config.xml"
    assert ET.fromstring(bundled.read_text(encoding="utf-8")).tag == "View"
    names = {el.get("name") for el in ET.fromstring(bundled.read_text(encoding="utf-8")).iter()}
    assert {"quantity", "value", "unit", "indicator", "qualifier", "cumulative"} <= names


def test_offsets_are_utf16_in_label_studio() -> None:
    text = "😀 Hỗ trợ 1.200 hộ"
    start = text.index("1.200")
    doc = {"doc_id": "e", "title": None, "published": None, "location": None, "text": text,
           "records": [{"id": "q1", "start": start, "end": start + 5, "text": "1.200",
                        "value": 1200, "value_max": None, "unit": "hộ", "indicator": None,
                        "indicator_text": "Hỗ trợ", "role": "actual", "qualifier": None,
                        "period": None, "cumulative": False, "location": None, "parent": None}]}
    task = document_to_task(doc)
    region = task["predictions"][0]["result"][0]["value"]
    assert region["start"] == start + 1  # the emoji is two UTF-16 units
    assert text.encode("utf-16-le")[2 * region["start"]:2 * region["end"]].decode("utf-16-le") == "1.200"
    assert task_to_document(_as_export(task)) == doc

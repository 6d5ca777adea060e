"""Corpus loading, stand-off saving, and the ann.yml -> gold conversion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from vnextract.corpus.annfile import AnnError, ann_to_document
from vnextract.corpus.mentions import find_numerals
from vnextract.corpus import (
    CorpusError,
    document_to_ann,
    dump_ann,
    load_ann,
    load_documents,
    save_standoff,
    text_sha256,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
needs_shared = pytest.mark.skipif(
    not (SHARED / "ann").is_dir(), reason=f"shared corpus not found at {SHARED}"
)

TEXT = (
    "Sở Lao động tỉnh Điện Biên cho biết, trong quý I, toàn tỉnh đã giải quyết việc làm cho "
    "1.250 lao động, đạt 25% kế hoạch; trong đó xuất khẩu lao động 85 người. "
    "Tổng kinh phí hỗ trợ là 4,5 tỷ đồng. Năm 2022 có 1.250 hồ sơ."
)


def _ann() -> dict:
    return {
        "doc_id": "toy",
        "title": None,
        "published": "2022-04-01",
        "location": "Điện Biên",
        "defaults": {"period": "2022-Q1"},
        "records": [
            {"at": "4,5 tỷ", "value": 4500000000, "unit": "đồng", "indicator": None,
             "indicator_text": "kinh phí hỗ trợ"},
            {"at": "việc làm cho 1.250", "key": "jobs", "value": 1250, "unit": "lao động",
             "indicator": "employment.jobs_created", "indicator_text": "giải quyết việc làm"},
            {"at": "đạt 25%", "value": 25, "unit": "%", "indicator": "employment.jobs_created",
             "indicator_text": "giải quyết việc làm", "role": "target_ratio"},
            {"at": "xuất khẩu lao động 85", "parent": "jobs", "value": 85, "unit": "người",
             "indicator": "employment.labour_export", "indicator_text": "xuất khẩu lao động",
             "location": "Việt Nam"},
            {"at": "1.250", "occ": 2, "value": 1250, "unit": "hồ sơ", "indicator": None,
             "indicator_text": "hồ sơ", "period": "2022"},
        ],
    }


def test_ann_to_document_spans_ids_defaults() -> None:
    doc = ann_to_document(_ann(), TEXT)
    recs = doc["records"]
    assert [r["id"] for r in recs] == ["q1", "q2", "q3", "q4", "q5"]
    assert [r["start"] for r in recs] == sorted(r["start"] for r in recs)
    assert [r["text"] for r in recs] == ["1.250", "25%", "85", "4,5 tỷ", "1.250"]
    for r in recs:
        assert TEXT[r["start"]:r["end"]] == r["text"]
    assert recs[4]["start"] > recs[0]["start"]  # occ is 1-based: the second "1.250"
    assert recs[2]["parent"] == "q1"
    assert recs[2]["location"] == "Việt Nam" and recs[0]["location"] == "Điện Biên"
    assert recs[0]["period"] == "2022-Q1" and recs[4]["period"] == "2022"
    assert recs[1]["role"] == "target_ratio" and recs[0]["role"] == "actual"
    assert recs[0]["cumulative"] is False and recs[0]["qualifier"] is None


def test_ann_errors_are_loud() -> None:
    bad = _ann()
    bad["records"][0]["value"] = 45
    with pytest.raises(AnnError, match="no numeral of value"):
        ann_to_document(bad, TEXT)
    bad = _ann()
    bad["records"][1]["at"] = "không có trong văn bản 1"
    with pytest.raises(AnnError, match="not found"):
        ann_to_document(bad, TEXT)
    bad = _ann()
    bad["records"][3]["parent"] = "nope"
    with pytest.raises(AnnError, match="unknown parent"):
        ann_to_document(bad, TEXT)


@pytest.mark.parametrize(
    "surface, value, value_max",
    [
        ("3.721", 3721, None), ("14,8%", 14.8, None), ("80 %", 80, None),
        ("4,3 nghìn tỷ", 4.3e12, None), ("2 vạn", 20000, None), ("14 triệu", 14e6, None),
        ("16-17%", 16, 17), ("45% - 55%", 45, 55), ("10 đến 15", 10, 15),
        ("hai mươi mốt", 21, None), ("mười lăm", 15, None), ("một trăm linh năm", 105, None),
        ("ba nghìn bảy trăm hai mươi mốt", 3721, None), ("hai triệu rưỡi", 2.5e6, None),
        ("1/4", 0.25, None), ("2.163,485 tỷ", 2163.485e9, None),
    ],
)
def test_find_numerals(surface: str, value: float, value_max: float | None) -> None:
    found = find_numerals(f"có {surface} người")
    longest = max(found, key=lambda n: n.end - n.start)
    assert longest.surface == surface
    assert longest.value == pytest.approx(value)
    assert longest.value_max == (pytest.approx(value_max) if value_max is not None else None)


def test_triệu_tập_is_not_a_scale() -> None:
    assert [n.surface for n in find_numerals("đã triệu tập 5 người")] == ["5"]


def test_document_to_ann_round_trip() -> None:
    doc = ann_to_document(_ann(), TEXT)
    ann = yaml.safe_load(dump_ann(document_to_ann(doc)))
    assert ann_to_document(ann, TEXT) == doc
    with_text = yaml.safe_load(dump_ann(document_to_ann(doc, with_text=True)))
    assert with_text["text"] == TEXT


def test_save_standoff_and_load(tmp_path: Path) -> None:
    doc = ann_to_document(_ann(), TEXT)
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "toy.txt").write_text(TEXT, encoding="utf-8")
    out = save_standoff(doc, tmp_path / "gold" / "toy.json")
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert "text" not in raw and raw["sha256"] == text_sha256(TEXT) and raw["constructed"] is False
    assert raw["records"][0]["text"] == "1.250"
    loaded = load_documents(tmp_path / "gold", texts_dir=texts)
    assert len(loaded) == 1 and loaded[0]["text"] == TEXT
    assert loaded[0]["records"] == doc["records"]
    # constructed documents keep their text and need no texts folder
    save_standoff({**doc, "constructed": True}, tmp_path / "c" / "toy.json")
    raw = json.loads((tmp_path / "c" / "toy.json").read_text(encoding="utf-8"))
    assert raw["text"] == TEXT and raw["constructed"] is True
    assert load_documents(tmp_path / "c")[0]["text"] == TEXT


def test_standoff_hash_mismatch_and_missing_text(tmp_path: Path) -> None:
    doc = ann_to_document(_ann(), TEXT)
    save_standoff(doc, tmp_path / "gold" / "toy.json")
    texts = tmp_path / "texts"
    texts.mkdir()
    with pytest.raises(CorpusError, match="toy.txt"):
        load_documents(tmp_path / "gold", texts_dir=texts)
    (texts / "toy.txt").write_text(TEXT + " Thêm.", encoding="utf-8")
    with pytest.raises(CorpusError, match="sha256"):
        load_documents(tmp_path / "gold", texts_dir=texts)


@pytest.mark.parametrize("name", ["texts.jsonl", "texts.jsonl.gz"])
def test_standoff_texts_from_a_jsonl_file(tmp_path: Path, name: str) -> None:
    """Stand-off gold of bench articles reads its texts from the bench's JSONL(.gz) file."""
    import gzip
    import unicodedata

    doc = ann_to_document(_ann(), TEXT)
    save_standoff(doc, tmp_path / "gold" / "toy.json")
    lines = [{"doc_id": "other", "text": "Khác."}, {"doc_id": "toy", "text": unicodedata.normalize("NFD", TEXT)}]
    body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")
    path = tmp_path / name
    path.write_bytes(gzip.compress(body) if name.endswith(".gz") else body)
    loaded = load_documents(tmp_path / "gold", texts_dir=path)
    assert loaded[0]["text"] == TEXT and loaded[0]["records"] == doc["records"]
    renamed = body.replace(b'"toy"', b'"toy2"')
    path.write_bytes(gzip.compress(renamed) if name.endswith(".gz") else renamed)
    with pytest.raises(CorpusError, match="not in texts file"):
        load_documents(tmp_path / "gold", texts_dir=path)


def test_nfd_text_is_normalised(tmp_path: Path) -> None:
    import unicodedata

    doc = ann_to_document(_ann(), TEXT)
    save_standoff(doc, tmp_path / "gold" / "toy.json")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "toy.txt").write_text(unicodedata.normalize("NFD", TEXT), encoding="utf-8")
    assert load_documents(tmp_path / "gold", texts_dir=tmp_path / "t")[0]["text"] == TEXT


def test_offset_mismatch_raises(tmp_path: Path) -> None:
    doc = ann_to_document(_ann(), TEXT)
    doc["records"][0]["start"] += 1
    (tmp_path / "d.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CorpusError, match="q1"):
        load_documents(tmp_path / "d.json")


def test_jsonl_and_ann_files_load(tmp_path: Path) -> None:
    doc = ann_to_document(_ann(), TEXT)
    (tmp_path / "a.jsonl").write_text(json.dumps(doc, ensure_ascii=False) + "\n\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "toy.ann.yml").write_text(dump_ann({**_ann(), "text": TEXT}), encoding="utf-8")
    docs = load_documents(tmp_path)  # JSON documents present: ann files are not read too
    assert len(docs) == 1 and docs[0]["records"] == doc["records"]
    anns = load_documents(tmp_path / "sub")  # an annotation folder
    assert len(anns) == 1 and anns[0]["records"] == doc["records"]
    assert load_ann(tmp_path / "sub" / "toy.ann.yml")["doc_id"] == "toy"


@needs_shared
def test_shared_ann_files_reproduce_shared_gold() -> None:
    anns = sorted((SHARED / "ann").glob("*.ann.yml"))
    assert anns
    for path in anns:
        ann = load_ann(path)
        gold = json.loads((SHARED / "gold" / f"{ann['doc_id']}.json").read_text(encoding="utf-8"))
        doc = ann_to_document(ann, gold["text"])
        assert doc == gold, path.name


@needs_shared
def test_shared_gold_round_trips_through_ann() -> None:
    for gold in load_documents(SHARED / "gold"):
        ann = yaml.safe_load(dump_ann(document_to_ann(gold)))
        doc = ann_to_document(ann, gold["text"])
        assert doc["records"] == gold["records"], gold["doc_id"]


@needs_shared
def test_shared_ann_with_texts_folder_matches_gold() -> None:
    from_ann = load_documents(SHARED / "ann", texts_dir=SHARED / "texts")
    gold = load_documents(SHARED / "gold")
    assert len(from_ann) == len(gold)
    for a, g in zip(from_ann, gold):
        assert a.pop("constructed") is False
        assert a.pop("sha256") == text_sha256(g["text"])
        assert a == g


# --- the annotate command ---

def _write_ann(folder: Path, **extra: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "toy.ann.yml"
    path.write_text(dump_ann({**_ann(), **extra}), encoding="utf-8")
    return path


def test_cli_to_gold_writes_standoff(tmp_path: Path) -> None:
    from vnextract.cli.annotate_cmd import main

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "toy.txt").write_text(TEXT, encoding="utf-8")
    _write_ann(tmp_path / "ann")
    assert main(["--to-gold", str(tmp_path / "ann"), "-o", str(tmp_path / "gold"),
                 "--texts", str(texts)]) == 0
    raw = json.loads((tmp_path / "gold" / "toy.json").read_text(encoding="utf-8"))
    assert "text" not in raw and raw["sha256"] == text_sha256(TEXT)
    assert raw["records"] == ann_to_document(_ann(), TEXT)["records"]
    # a missing text is an error, not a skip
    assert main(["--to-gold", str(tmp_path / "ann"), "-o", str(tmp_path / "g2"),
                 "--texts", str(tmp_path)]) == 1


def test_cli_coverage_lists_uncovered_and_honours_exclusions(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vnextract.cli.annotate_cmd import main

    text = TEXT + " Theo Quyết định số 123/QĐ-UBND, hai đoàn công tác đã đến, có 7 xã."
    path = _write_ann(tmp_path / "ann", text=text)
    assert main(["--coverage", str(path)]) == 1
    out = capsys.readouterr().out
    assert "'123'" in out and "'hai'" in out and "'7'" in out
    assert "'2022'" not in out  # calendar expressions are hidden unless --strict
    assert "'1.250'" not in out and "'85'" not in out  # records
    _write_ann(tmp_path / "ann", text=text, exclusions=[
        {"at": "Quyết định số 123/QĐ-UBND", "why": "document number"},
        {"at": "hai đoàn", "num": "hai", "why": "test"},
        {"at": "có 7 xã", "why": "test"}])
    assert main(["--coverage", str(path)]) == 0
    assert main(["--coverage", str(path), "--strict"]) == 1
    assert "'2022'" in capsys.readouterr().out
    # exclusions never reach the converted document
    assert "exclusions" not in load_documents(path)[0]


def test_cli_preannotate_txt_to_ann(tmp_path: Path) -> None:
    from vnextract.cli.annotate_cmd import main

    src = tmp_path / "in" / "toy.txt"
    src.parent.mkdir()
    src.write_text(TEXT, encoding="utf-8")
    assert main([str(src), "-o", str(tmp_path / "out")]) == 0
    ann = load_ann(tmp_path / "out" / "toy.ann.yml")
    assert ann["doc_id"] == "toy" and "text" not in ann
    assert (tmp_path / "out" / ann["file"]).resolve() == src.resolve()
    doc = load_documents(tmp_path / "out" / "toy.ann.yml")[0]  # found through `file:`
    assert doc["text"] == TEXT and doc["records"]
    for r in doc["records"]:
        assert any(ch.isdigit() for ch in r["text"]) or r["text"].isalpha()


# --- the constructed documents ---

REPO = Path(__file__).resolve().parents[1]
CONSTRUCTED = REPO / "corpus" / "constructed"
ROLES = {"actual", "target", "target_ratio", "change", "share"}


def _catalogue() -> set[str] | None:
    for path in (REPO / "patterns" / "indicators.yml", SHARED.parent / "spec" / "indicators.yml"):
        if path.is_file():
            return set(yaml.safe_load(path.read_text(encoding="utf-8")))
    return None


def test_constructed_documents_are_complete_and_consistent() -> None:
    docs = load_documents(CONSTRUCTED)
    assert 6 <= len(docs) <= 10
    catalogue = _catalogue()
    for doc in docs:
        assert doc["constructed"] is True and doc["text"]
        assert 5 <= len(doc["records"]) <= 20, doc["doc_id"]
        ids = {r["id"] for r in doc["records"]}
        for r in doc["records"]:
            assert r["role"] in ROLES
            assert r["parent"] is None or r["parent"] in ids
            assert r["unit"] is None or r["unit"] in ("USD",) or r["unit"] == r["unit"].lower()
            if r["indicator_text"]:  # copied verbatim from the document
                assert r["indicator_text"] in doc["text"], (doc["doc_id"], r["id"])
            if catalogue is not None and r["indicator"] is not None:
                assert r["indicator"] in catalogue, (doc["doc_id"], r["indicator"])
        # the JSON is what the ann file converts to
        ann_doc = load_documents(CONSTRUCTED / "ann" / f"{doc['doc_id']}.ann.yml")[0]
        assert ann_doc == doc


def test_constructed_documents_cover_every_numeral() -> None:
    from vnextract.corpus.coverage import exclusion_spans, uncovered_numerals

    for path in sorted((CONSTRUCTED / "ann").glob("*.ann.yml")):
        ann = load_ann(path)
        doc = load_documents(path)[0]
        spans = [(r["start"], r["end"]) for r in doc["records"]]
        spans += exclusion_spans(ann, doc["text"])
        assert uncovered_numerals(doc["text"], spans) == [], path.name


def test_coverage_lists_multiples_spelled_as_words() -> None:
    """``gấp đôi`` and ``gấp rưỡi`` are records (decision 16), so coverage lists them."""
    from vnextract.corpus.coverage import uncovered_numerals

    text = "Doanh thu tăng gấp đôi, dân số gấp rưỡi, gấp hơn đôi chút; đôi giày."
    assert [(n.surface, n.value) for n in uncovered_numerals(text, [])] == [("đôi", 2.0), ("rưỡi", 1.5), ("đôi", 2.0)]
    assert uncovered_numerals(text, [(19, 22), (35, 39), (49, 52)]) == []


def test_constructed_phenomena_present() -> None:
    recs = [r for d in load_documents(CONSTRUCTED) for r in d["records"]]
    surfaces = {r["text"] for r in recs}
    assert {"mười lăm", "hai mươi mốt", "một trăm linh năm",
            "ba nghìn bảy trăm hai mươi mốt"} <= surfaces
    assert any(r["value_max"] is not None for r in recs)
    assert any(r["text"] == "1/3" for r in recs)
    assert {r["qualifier"] for r in recs} >= {"about", "over", "under", "at_least", "at_most"}
    assert {"lần", "điểm phần trăm"} <= {r["unit"] for r in recs}
    assert any("vạn" in s for s in surfaces) and any("nghìn tỷ" in s for s in surfaces)


def test_bundled_example_is_the_constructed_release() -> None:
    text = (REPO / "examples" / "press_release.txt").read_text(encoding="utf-8")
    doc = load_documents(CONSTRUCTED / "labour_release.json")[0]
    assert text == doc["text"]


def test_raw_documents_keep_standoff_as_stored(tmp_path: Path) -> None:
    from vnextract.corpus import raw_documents

    save_standoff(ann_to_document(_ann(), TEXT), tmp_path / "toy.json")
    (raw,) = raw_documents(tmp_path)
    assert "text" not in raw and raw["sha256"] == text_sha256(TEXT)


def test_sources_table_gives_dates_and_urls(tmp_path: Path) -> None:
    from vnextract.cli.annotate_cmd import main
    from vnextract.corpus.sources import parse_date, read_sources

    assert parse_date("2020-01-01") == "2020-01-01"
    assert parse_date("Sat, 03 Aug 2024 17:00:00 +0700") == "2024-08-03"
    assert parse_date("20210501") == "2021-05-01"
    assert parse_date("2017 (crawl; exact date not stored)") == "2017"
    assert parse_date("2018-2021 (repost)") is None
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "toy.txt").write_text("Tiêu đề\n\n" + TEXT, encoding="utf-8")
    (tmp_path / "SOURCES.md").write_text(
        "| file | tier | original URL | date |\n|---|---|---|---|\n"
        "| toy.txt | 1 | https://example.org/a | 2022-04-01 |\n", encoding="utf-8")
    assert read_sources(tmp_path / "SOURCES.md")["toy"]["url"] == "https://example.org/a"
    assert main([str(tmp_path / "texts" / "toy.txt"), "-o", str(tmp_path / "out")]) == 0
    ann = load_ann(tmp_path / "out" / "toy.ann.yml")
    assert ann["title"] == "Tiêu đề" and str(ann["published"]) == "2022-04-01"
    assert ann["url"] == "https://example.org/a"


def test_annotate_reads_html_pages_and_an_empty_folder_is_an_error(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 13.8: `annotate page.html` and a folder of HTML are pre-annotated like texts."""
    from vnextract.cli.annotate_cmd import main

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p.html").write_text(
        "<html><head><title>Tin</title></head><body><article><p>Năm 2023, tỉnh giải quyết việc làm cho "
        "3.721 lao động, đạt 95% kế hoạch năm và tăng mạnh so với cùng kỳ năm trước.</p></article></body></html>",
        encoding="utf-8")
    assert main([str(pages / "p.html"), "-o", str(tmp_path / "one")]) == 0
    assert "3.721" in (tmp_path / "one" / "p.ann.yml").read_text(encoding="utf-8")
    assert main([str(pages), "-o", str(tmp_path / "ls"), "--format", "labelstudio"]) == 0
    assert "wrote 1 tasks" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty"), "-o", str(tmp_path / "x"), "--format", "labelstudio"]) == 1

"""Inputs: folders, JSON/JSONL(.gz), field names, HTML, stdin, size limit."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import orjson

from vnextract.batch.inputs import (Fields, count_documents, expand_inputs, html_to_text, read_documents,
                                    load_text)
from vnextract.batch.limits import Limits

SENT = "Năm 2023, huyện hỗ trợ 120 hộ nghèo sửa chữa nhà ở."

PAGE = """<html><head><meta charset="utf-8"><title>Huyện hỗ trợ hộ nghèo</title>
<meta property="article:published_time" content="2023-06-14T09:30:00+07:00">
<script>var tracking = "999 lượt";</script><style>p {color: red}</style></head>
<body><nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></nav>
<article><h1>Huyện hỗ trợ hộ nghèo</h1><p>%s</p>
<p>Tổng kinh phí thực hiện là 4,8 tỷ đồng, trong đó ngân sách tỉnh hỗ trợ 3 tỷ đồng.</p></article>
<footer>Bản quyền thuộc Cổng thông tin điện tử huyện</footer></body></html>""" % SENT


def test_folder_recursive_sorted_and_ignored(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("x")
    (tmp_path / "1.txt").write_text("x")
    (tmp_path / "page.html").write_text("x")
    (tmp_path / "style.css").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    paths, ignored = expand_inputs([str(tmp_path)])
    assert [Path(p).relative_to(tmp_path).as_posix() for p in paths] == ["1.txt", "b/2.txt", "page.html"]
    assert ignored == 1
    paths, _ = expand_inputs([str(tmp_path)], glob="*.html")
    assert [Path(p).name for p in paths] == ["page.html"]


def test_txt_items_have_stem_ids_and_decode_in_worker(tmp_path: Path) -> None:
    f = tmp_path / "bao-cao-6-thang.txt"
    f.write_bytes(SENT.encode("utf-16"))
    (item,) = read_documents([str(f)])
    assert (item.doc_id, item.source, item.format) == ("bao-cao-6-thang", str(f), "text")
    text, dec = load_text(item)
    assert text == SENT and dec.encoding == "utf-16"


def test_jsonl_gz_fields_and_errors(tmp_path: Path) -> None:
    lines = [
        orjson.dumps({"id": 7, "body": SENT, "ngay": "14/06/2023", "tieu_de": "T", "link": "http://x"}),
        b"",
        b"{not json",
        orjson.dumps({"id": 9}),
        orjson.dumps([1, 2]),
    ]
    f = tmp_path / "dump.jsonl.gz"
    f.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    fields = Fields(id="id", text="body", date="ngay", title="tieu_de", url="link")
    items = list(read_documents([str(f)], fields))
    assert [it.index for it in items] == [0, 1, 2, 3]
    assert [it.source for it in items] == [f"{f}:1", f"{f}:3", f"{f}:4", f"{f}:5"]
    first = items[0]
    assert (first.doc_id, first.text, first.published, first.title, first.url) == (
        "7", SENT, "2023-06-14", "T", "http://x")
    assert items[1].error is not None and items[1].error[0] == "JSONDecodeError"
    assert items[1].doc_id == "dump:3"
    assert items[2].error is not None and items[2].error[0] == "MissingText" and items[2].doc_id == "9"
    assert items[3].error is not None and items[3].error[0] == "InvalidRecord"
    assert count_documents([str(f)]) == 4


def test_default_field_names_and_json_list(tmp_path: Path) -> None:
    f = tmp_path / "docs.json"
    f.write_bytes(orjson.dumps([{"doc_id": "a", "content": SENT, "date": "2023-06-14"},
                                {"doc_id": "b", "text": "", "published": None}]))
    items = list(read_documents([str(f)]))
    assert [(it.doc_id, it.source, it.text, it.published) for it in items] == [
        ("a", f"{f}:1", SENT, "2023-06-14"), ("b", f"{f}:2", "", None)]


def test_size_limit_is_an_error_not_a_read(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(b"a" * 2000)
    (item,) = read_documents([str(f)], limits=Limits(max_bytes=1000))
    assert item.error is not None and item.error[0] == "DocumentTooLarge" and item.raw is None
    j = tmp_path / "x.jsonl"
    j.write_bytes(orjson.dumps({"text": "a" * 2000}) + b"\n" + orjson.dumps({"text": "ok"}) + b"\n")
    a, b = read_documents([str(j)], limits=Limits(max_bytes=1000))
    assert a.error is not None and a.error[0] == "DocumentTooLarge" and b.error is None


def test_stdin_and_missing_file(tmp_path: Path) -> None:
    items = list(read_documents(["-", str(tmp_path / "nope.txt")], stdin=io.BytesIO(SENT.encode())))
    assert (items[0].doc_id, items[0].source) == ("stdin", "-")
    assert load_text(items[0])[0] == SENT
    assert items[1].error is not None and items[1].error[0] == "FileNotFoundError"


def test_html_main_text_title_and_date(tmp_path: Path) -> None:
    text, title, date = html_to_text(PAGE)
    assert SENT in text and "4,8 tỷ đồng" in text
    assert "999" not in text and "color" not in text and "Bản quyền" not in text
    assert title == "Huyện hỗ trợ hộ nghèo" and date == "2023-06-14"
    f = tmp_path / "tin-1.htm"
    f.write_text(PAGE, encoding="utf-8")
    (item,) = read_documents([str(f)])
    text2, dec = load_text(item)
    assert text2 == text and item.published == "2023-06-14" and item.title == title
    assert dec.encoding == "utf-8"


def test_html_in_windows_1258_declared(tmp_path: Path) -> None:
    from test_encodings import cp1258_bytes

    page = PAGE.replace('charset="utf-8"', 'charset="windows-1258"')
    (item,) = read_documents([str(_write(tmp_path / "p.html", cp1258_bytes(page)))])
    text, dec = load_text(item)
    assert SENT in text and dec.encoding in ("windows-1258", "cp1258")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_an_unreadable_date_field_is_a_warning_not_a_published_date() -> None:
    from vnextract.batch.inputs import record_item

    item = record_item({"text": "x", "date": "hôm qua"}, 0, "f.jsonl:1", "f:1", Fields())
    assert item.published is None and item.warnings == ["unreadable date 'hôm qua': ignored"]
    item = record_item({"text": "x", "date": 1721358000}, 0, "f.jsonl:1", "f:1", Fields())
    assert item.published == "2024-07-19" and item.warnings == []


def test_html_page_with_legacy_font_text(tmp_path: Path) -> None:
    """An old portal page: Unicode menu, article typed in .VnTime (TCVN3) stored as UTF-8."""
    from test_encodings import TCVN3_0, TEXTS

    page = PAGE.replace(SENT, TCVN3_0).replace("Tổng kinh phí thực hiện là 4,8 tỷ đồng, trong đó ngân "
                                               "sách tỉnh hỗ trợ 3 tỷ đồng.", TCVN3_0)
    (item,) = read_documents([str(_write(tmp_path / "old.html", page.encode("utf-8")))])
    text, dec = load_text(item)
    assert TEXTS[0] in text and "®" not in text
    assert dec.encoding == "utf-8+tcvn3" or dec.encoding == "tcvn3"


def test_truncated_gzip_keeps_complete_lines_and_reports_the_cut(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(orjson.dumps({"doc_id": f"d{i}", "text": SENT * 20}) + b"\n"
                                  for i in range(200)))
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(data[: len(data) // 2])
    items = list(read_documents([str(f)]))
    good = [it for it in items if it.error is None]
    assert good and [it.doc_id for it in good] == [f"d{i}" for i in range(len(good))]
    assert items[-1].error is not None and items[-1].error[0] == "EOFError"
    assert len({it.key for it in items}) == len(items)

"""Inputs: folders, JSON/JSONL(.gz), field names, HTML, stdin, size limit."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path
from typing import Any

import orjson
import pytest

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


@pytest.mark.parametrize("date", ["hôm qua", "32/13/2022", "2022-13-32", "30/02/2023"])
def test_an_unreadable_date_field_is_a_warning_not_a_published_date(date: str) -> None:
    """Issue 12.9: an impossible date such as 32/13/2022 is refused with a warning, never
    published '2022-13-32'."""
    from vnextract.batch.inputs import record_item

    item = record_item({"text": "x", "date": date}, 0, "f.jsonl:1", "f:1", Fields())
    assert item.published is None and item.warnings == [f"unreadable date '{date}': ignored"]
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


def test_an_inflating_gzip_line_is_refused_while_it_is_read(tmp_path: Path) -> None:
    """Issue 12.2: the decompressed line is counted as it is read, never held whole."""
    import tracemalloc

    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"doc_id": "bomb", "text": "' + b"a" * 60_000_000 + b'"}\n')
        fh.write(b'{"doc_id": "ok", "text": "5 ng\\u01b0\\u1eddi"}\n')
    tracemalloc.start()
    items = list(read_documents([str(path)], limits=Limits(max_bytes=1_000_000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [i.error[0] if i.error else i.doc_id for i in items] == ["DocumentTooLarge", "ok"]
    assert "60,000,0" in items[0].error[1] and peak < 20_000_000


def test_a_jsonl_file_with_a_utf8_bom_keeps_its_first_document(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + orjson.dumps({"doc_id": "first", "text": "x"}) + b"\n")
    assert [(i.doc_id, i.error) for i in read_documents([str(path)])] == [("first", None)]


def test_jsonl_on_stdin_is_read_as_records_and_text_as_one_document() -> None:
    """Issue 13.3: JSONL on stdin is detected (or forced); a text stays one document."""
    jsonl = orjson.dumps({"doc_id": "a", "text": "x", "date": "2024-07-19"}) + b"\n\n" + \
        orjson.dumps({"text": "y"}) + b"\n"
    items = list(read_documents(["-"], stdin=io.BytesIO(jsonl)))
    assert [(i.doc_id, i.source, i.published) for i in items] == [("a", "-:1", "2024-07-19"), ("stdin:3", "-:3", None)]
    text = list(read_documents(["-"], stdin=io.BytesIO(jsonl), stdin_format="text"))
    assert len(text) == 1 and text[0].raw == jsonl and text[0].doc_id == "stdin"
    plain = list(read_documents(["-"], stdin=io.BytesIO("Có 5 người.\nVà 7 hộ.".encode())))
    assert len(plain) == 1 and plain[0].raw == "Có 5 người.\nVà 7 hộ.".encode()
    big = list(read_documents(["-"], stdin=io.BytesIO(b"x" * 5000), limits=Limits(max_bytes=1000)))
    assert big[0].error[0] == "DocumentTooLarge"


# Issue 12.8, its reproducers: every symlink inside an input folder, and every one given as an
# input, is read or accounted for by one line saying why -- (name, target, error type, words of
# the message); a target starting with "/" is under tmp_path, "@" is the name of another link
SYMLINKS = [
    ("dangling.txt", "/nowhere.txt", "BrokenSymlink", "leads nowhere"),
    ("self.txt", "@self.txt", "BrokenSymlink", "a loop"),
    ("loop1", "@loop2", "BrokenSymlink", "a loop"),
    ("loop2", "@loop1", "BrokenSymlink", "a loop"),
    ("linked", "/other", "SymlinkedFolder", "not followed"),
    ("up", "/in", "SymlinkedFolder", "not followed"),  # a folder loop: in/up -> in
    ("file.txt", "/other/b.txt", None, None),  # a symlinked file is read
]


def _symlinked_folder(tmp_path: Path) -> Path:
    d, other = tmp_path / "in", tmp_path / "other"
    (d / "sub").mkdir(parents=True)
    other.mkdir()
    (d / "ok.txt").write_text("Có 5 người.", encoding="utf-8")
    (d / "sub" / "c.txt").write_text("Có 7 người.", encoding="utf-8")
    (other / "b.txt").write_text("Có 6 người.", encoding="utf-8")
    for name, target, _, _ in SYMLINKS:
        (d / name).symlink_to(d / target[1:] if target.startswith("@") else tmp_path / target[1:])
    return d


@pytest.mark.parametrize("glob", [None, "*.txt"])
def test_every_symlink_in_a_folder_is_read_or_a_line(tmp_path: Path, glob: str | None) -> None:
    d = _symlinked_folder(tmp_path)
    paths, ignored = expand_inputs([str(d)], glob)
    got = {Path(i.source).name: i for i in read_documents(paths)}
    expected = {name: (etype, words) for name, _, etype, words in SYMLINKS}
    if glob:  # a link whose name the glob does not take is counted as ignored, as any file
        expected = {n: e for n, e in expected.items() if n.endswith(".txt") or e[0] == "SymlinkedFolder"}
    assert ignored == (2 if glob else 0)
    assert set(got) == set(expected) | {"ok.txt", "c.txt"}
    for name, (etype, words) in expected.items():
        item = got[name]
        assert (item.error[0] if item.error else None) == etype, name
        assert words is None or words in item.error[1] and str(d / name) in item.error[1]


def test_symlink_loops_given_as_inputs_are_lines(tmp_path: Path) -> None:
    """A loop named as an input (alone, as a folder, or a path through it) is a line, in order."""
    d = _symlinked_folder(tmp_path)
    inputs = [str(d / "loop1"), str(d / "ok.txt"), str(d / "up"), str(d / "self.txt" / "x.txt")]
    paths, _ = expand_inputs(inputs)
    items = list(read_documents(paths))
    assert items[0].error is not None and items[0].error[0] == "BrokenSymlink"
    assert items[1].error is None and Path(items[1].source).name == "ok.txt"
    assert items[-1].error is not None and items[-1].error[0] in ("FileNotFoundError", "BrokenSymlink")
    # in/up leads back to in/: read where it leads, its own links reported as above
    assert {Path(i.source).name for i in items[2:-1]} >= {"ok.txt", "c.txt", "linked", "up", "loop1"}
    assert [i.index for i in items] == list(range(len(items)))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_subfolder_is_an_error_line(tmp_path: Path) -> None:
    d = tmp_path / "in" / "secret"
    d.mkdir(parents=True)
    (d / "a.txt").write_text("x", encoding="utf-8")
    d.chmod(0)
    try:
        items = list(read_documents(expand_inputs([str(tmp_path / "in")])[0]))
    finally:
        d.chmod(0o755)
    assert [i.error[0] for i in items] == ["UnreadableFolder"]


def test_every_format_is_in_the_registry_and_folders_ask_it() -> None:
    from vnextract.batch.formats import FORMATS, SUPPORTED, format_of

    assert {f.name for f in FORMATS} == {"text", "html", "json", "jsonl"}
    assert format_of(Path("a.JSONL.gz")).name == "jsonl" and format_of(Path("a.md")) is None
    assert ".htm" in SUPPORTED and all(s.startswith(".") for s in SUPPORTED)


def _page(head: str, body: str) -> bytes:
    return (f"<html><head>{head}</head><body><article><h1>Tin tỉnh</h1><p>{body}</p>"
            f"<p>{SENT} Trong đó có 20 hộ là hộ cận nghèo được hỗ trợ thêm kinh phí.</p></article>"
            "<footer>© 2017 Cổng thông tin điện tử</footer></body></html>").encode("utf-8")


def test_html_keeps_the_canonical_url_and_invents_no_day(tmp_path: Path) -> None:
    """Issue 13.2/13.3: trafilatura 2's URL is kept; a copyright year is a year, not 1 January."""
    import trafilatura

    assert int(trafilatura.__version__.split(".")[0]) == 2  # the API the code uses (pyproject pins it)
    page = tmp_path / "p.html"
    page.write_bytes(_page('<link rel="canonical" href="https://tinh.gov.vn/tin/1">', "Tỉnh có 5 xã."))
    item = next(read_documents([str(page)]))
    text, dec = load_text(item)
    assert item.url == "https://tinh.gov.vn/tin/1" and item.published == "2017" and SENT in text
    shown = tmp_path / "q.html"
    shown.write_bytes(_page("", "Ngày 12/05/2017, tỉnh có 5 xã."))
    item = next(read_documents([str(shown)]))
    load_text(item)
    assert item.published == "2017-05-12"


def test_a_declared_legacy_charset_is_not_an_assumption(tmp_path: Path) -> None:
    page = tmp_path / "w.html"
    from test_encodings import cp1258_bytes

    page.write_bytes(cp1258_bytes(_page('<meta charset="windows-1258">', "Tỉnh có 5 xã.").decode("utf-8")))
    text, dec = load_text(next(read_documents([str(page)])))
    assert dec.encoding == "windows-1258" and not dec.assumed and SENT in text


def test_html_too_deep_for_the_parser_is_a_warning_not_silence(tmp_path: Path) -> None:
    """Issue 12.8: a page whose main text cannot be found still gives its text, with a warning."""
    page = tmp_path / "deep.html"
    page.write_bytes(("<html><body>" + "<div>" * 3000 + SENT + "</div>" * 3000 + "</body></html>").encode())
    text, dec = load_text(next(read_documents([str(page)])))
    assert SENT in text or dec.warning


def test_a_folder_that_cannot_be_listed_is_an_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12.8 as a non-root user meets it (simulated: root reads every folder)."""
    import vnextract.batch.inputs as inputs

    secret = tmp_path / "in" / "secret"
    secret.mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("x", encoding="utf-8")
    real_walk = os.walk

    def walk(top: Any, onerror: Any = None, **kw: Any) -> Any:
        for root, dirs, files in real_walk(top, **kw):
            if Path(root) == secret:
                onerror(PermissionError(13, "Permission denied", str(secret)))
                continue
            yield root, dirs, files

    monkeypatch.setattr(inputs.os, "walk", walk)
    items = list(read_documents(expand_inputs([str(tmp_path / "in")])[0]))
    assert [(Path(i.source).name, i.error[0] if i.error else None) for i in items] == [
        ("a.txt", None), ("secret", "UnreadableFolder")]


def test_a_new_format_is_one_entry_in_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worked example of vnextract/batch/formats.py: Markdown, added by one entry, is read
    from folders, counted, decoded and extracted like any other format."""
    import regex

    from vnextract.batch import formats
    from vnextract.batch.encodings import Decoded, decode_bytes

    def markdown(item: Any) -> tuple[str, Decoded]:
        dec = decode_bytes(item.raw or b"")
        text = regex.sub(r"(?m)^#+\s*|[*_`]", "", dec.text)
        return text, Decoded(text, dec.encoding, dec.assumed, dec.warning)

    entry = formats.InputFormat("markdown", (".md",), formats.whole_file("markdown"), markdown)
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, entry))
    (tmp_path / "a.md").write_text("# Tin\n\nTỉnh có **120** hộ nghèo.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    paths, ignored = expand_inputs([str(tmp_path)])
    assert [Path(p).name for p in paths] == ["a.md", "b.txt"] and ignored == 0
    assert count_documents(paths) == 2
    item = next(read_documents(paths))
    assert (item.doc_id, item.format) == ("a", "markdown")
    assert load_text(item)[0] == "Tin\n\nTỉnh có 120 hộ nghèo."

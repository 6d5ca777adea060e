"""Inputs of a batch job: files, folders, JSON, JSONL (optionally gzipped) and stdin.

:func:`read_documents` (the one reader of input documents: ``extract``, ``show`` and
``annotate`` read through it) reads lazily and yields one :class:`Item` per input document, in input
order, each with its ``doc_id`` and ``source`` (``path`` or ``path:line``) known up front, so
that a resumed job can skip what is done before any work.  Bytes of ``.txt`` and ``.html``
files are decoded later by :func:`load_text`, in the worker that extracts them.  Problems
found while reading (a JSONL line that is not JSON, a record without text, an oversized
document, an unreadable file) become items that carry an ``error``: nothing is dropped.
"""

from __future__ import annotations

import gzip
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Literal, Optional

import orjson

from vnextract.batch.encodings import Decoded, decode_bytes, repair_text
from vnextract.batch.limits import DocumentTooLarge, Limits, check_size
from vnextract.dates import normalize_date, read_date

Format = Literal["text", "html", "record"]  # how an item's content is to be read
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES
STDIN = "-"


@dataclass(frozen=True)
class Fields:
    """JSON field names; ``None`` means: the usual names (``doc_id``/``id``, ``text``/``content``...)."""

    id: Optional[str] = None
    text: Optional[str] = None
    date: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None


_DEFAULTS = {
    "id": ("doc_id", "id", "_id"),
    "text": ("text", "content", "body"),
    "date": ("published", "date", "published_at", "publish_date"),
    "title": ("title",),
    "url": ("url", "link"),
}


@dataclass
class Item:
    """One input document, read but not yet decoded or extracted."""

    index: int
    doc_id: Optional[str]
    source: str
    format: Format = "text"
    raw: Optional[bytes] = None
    text: Optional[str] = None
    published: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    error: Optional[tuple[str, str]] = None
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[Optional[str], str]:
        return (self.doc_id, self.source)


def suffix_of(path: Path) -> str:
    """``.jsonl`` for ``x.jsonl.gz``; the lower-case suffix otherwise."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def stem_of(path: Path) -> str:
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return Path(name).stem


def list_files(folder: Path, glob: Optional[str]) -> tuple[list[Path], int]:
    """Files under ``folder`` (recursive, sorted) and how many other files were ignored."""
    if glob:
        files = sorted(p for p in folder.rglob(glob) if p.is_file() and not p.name.startswith("."))
        return files, 0
    files, ignored = [], 0
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name.startswith("."):
            continue
        if suffix_of(p) in SUPPORTED:
            files.append(p)
        else:
            ignored += 1
    return files, ignored


def expand_inputs(inputs: Iterable[str], glob: Optional[str] = None) -> tuple[list[str], int]:
    """Paths (and ``-``) in order, folders expanded; and the count of ignored files."""
    out: list[str] = []
    ignored = 0
    for inp in inputs:
        p = Path(inp)
        if inp != STDIN and p.is_dir():
            files, n = list_files(p, glob)
            out.extend(str(f) for f in files)
            ignored += n
        else:
            out.append(inp)
    return out, ignored


def _field(obj: dict[str, Any], name: Optional[str], kind: str) -> Any:
    if name is not None:
        return obj.get(name)
    for cand in _DEFAULTS[kind]:
        if obj.get(cand) is not None:
            return obj[cand]
    return None


def record_item(obj: Any, index: int, source: str, fallback_id: str, fields: Fields) -> Item:
    """An item from one decoded JSON value."""
    if not isinstance(obj, dict):
        return Item(index, fallback_id, source, "record",
                    error=("InvalidRecord", f"expected a JSON object, got {type(obj).__name__}"))
    doc_id = _field(obj, fields.id, "id")
    doc_id = fallback_id if doc_id in (None, "") else str(doc_id)
    text = _field(obj, fields.text, "text")
    title = _field(obj, fields.title, "title")
    url = _field(obj, fields.url, "url")
    published, warning = read_date(_field(obj, fields.date, "date"))
    item = Item(index, doc_id, source, "record", published=published,
                title=None if title is None else str(title),
                url=None if url is None else str(url), warnings=[warning] if warning else [])
    if text is None:
        name = fields.text or "/".join(_DEFAULTS["text"])
        item.error = ("MissingText", f"record has no text field ({name})")
    elif not isinstance(text, str):
        item.error = ("InvalidRecord", f"text field is {type(text).__name__}, not a string")
    else:
        item.text = text
    return item


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _iter_jsonl(path: Path, start: int, fields: Fields, limits: Limits,
                lines: Optional[tuple[int, int]] = None) -> Iterator[Item]:
    """Items of a JSONL file; ``lines=(lo, hi)`` restricts to physical lines lo <= n < hi."""
    stem = stem_of(path)
    index = start
    lo, hi = lines or (1, sys.maxsize)
    try:
        with _open_binary(path) as fh:
            for lineno, line in enumerate(fh, 1):
                if lineno >= hi:
                    break
                if lineno < lo or not line.strip():
                    continue
                source, fallback = f"{path}:{lineno}", f"{stem}:{lineno}"
                try:
                    check_size(len(line), limits)
                    obj = orjson.loads(line)
                except DocumentTooLarge as exc:
                    yield Item(index, fallback, source, "record", error=("DocumentTooLarge", str(exc)))
                except orjson.JSONDecodeError as exc:
                    yield Item(index, fallback, source, "record", error=("JSONDecodeError", f"not JSON: {exc}"))
                else:
                    yield record_item(obj, index, source, fallback, fields)
                index += 1
    except (OSError, EOFError) as exc:  # unreadable, or a gzip stream cut short
        yield Item(index, f"{stem}:error", f"{path}:read", "record", error=(type(exc).__name__, str(exc)))


def _iter_json(path: Path, start: int, fields: Fields, limits: Limits) -> Iterator[Item]:
    stem = stem_of(path)
    try:
        with _open_binary(path) as fh:
            raw = fh.read(limits.max_bytes + 1 if limits.max_bytes else -1)
        check_size(len(raw), limits)
        dec = decode_bytes(raw)
        obj = orjson.loads(dec.text)
    except Exception as exc:  # noqa: BLE001 - any failure is this input's error
        yield Item(start, stem, str(path), "record", error=(type(exc).__name__, str(exc)))
        return
    if isinstance(obj, list):
        for i, rec in enumerate(obj):
            yield record_item(rec, start + i, f"{path}:{i + 1}", f"{stem}:{i + 1}", fields)
    else:
        yield record_item(obj, start, str(path), stem, fields)


def _file_item(path: Path, index: int, fmt: Format, limits: Limits) -> Item:
    item = Item(index, stem_of(path), str(path), fmt)
    try:
        if not path.name.lower().endswith(".gz"):
            check_size(path.stat().st_size, limits)
        with _open_binary(path) as fh:
            raw = fh.read(limits.max_bytes + 1 if limits.max_bytes else -1)
        check_size(len(raw), limits)
        item.raw = raw
    except DocumentTooLarge as exc:
        item.error = ("DocumentTooLarge", str(exc))
    except (OSError, EOFError) as exc:
        item.error = (type(exc).__name__, str(exc))
    return item


def _stdin_item(index: int, limits: Limits, stream: Optional[IO[bytes]] = None) -> Item:
    fh = stream if stream is not None else sys.stdin.buffer
    raw = fh.read(limits.max_bytes + 1 if limits.max_bytes else -1)
    item = Item(index, "stdin", STDIN, "text", raw=raw)
    try:
        check_size(len(raw), limits)
    except DocumentTooLarge as exc:
        item.raw, item.error = None, ("DocumentTooLarge", str(exc))
    return item


def read_documents(
    paths: Iterable[str],
    fields: Fields = Fields(),
    limits: Limits = Limits(),
    stdin: Optional[IO[bytes]] = None,
) -> Iterator[Item]:
    """Every input document of ``paths`` (as returned by :func:`expand_inputs`), in order."""
    index = 0
    for inp in paths:
        if inp == STDIN:
            yield _stdin_item(index, limits, stdin)
            index += 1
            continue
        path = Path(inp)
        suffix = suffix_of(path)
        if not path.exists():
            yield Item(index, stem_of(path), str(path), error=("FileNotFoundError", f"no such file: {path}"))
            index += 1
        elif suffix in JSONL_SUFFIXES:
            for item in _iter_jsonl(path, index, fields, limits):
                yield item
                index = item.index + 1
        elif suffix in JSON_SUFFIXES:
            for item in _iter_json(path, index, fields, limits):
                yield item
                index = item.index + 1
        else:
            yield _file_item(path, index, "html" if suffix in HTML_SUFFIXES else "text", limits)
            index += 1


def iter_jsonl_lines(path: str, lo: int, hi: int, fields: Fields = Fields(),
                     limits: Limits = Limits()) -> Iterator[Item]:
    """Items of physical lines ``lo <= n < hi`` of a JSONL(.gz) file (a Dask partition)."""
    return _iter_jsonl(Path(path), 0, fields, limits, (lo, hi))


def jsonl_line_count(path: str) -> int:
    """Physical lines of a JSONL(.gz) file."""
    with _open_binary(Path(path)) as fh:
        return sum(1 for _ in fh)


def count_documents(paths: Iterable[str]) -> Optional[int]:
    """Number of documents the inputs hold (for a progress bar); ``None`` if unknown."""
    total = 0
    for inp in paths:
        if inp == STDIN:
            total += 1
            continue
        path = Path(inp)
        suffix = suffix_of(path)
        try:
            if suffix in JSONL_SUFFIXES:
                with _open_binary(path) as fh:
                    total += sum(1 for line in fh if line.strip())
            elif suffix in JSON_SUFFIXES:
                return None
            else:
                total += 1
        except (OSError, EOFError):
            total += 1
    return total


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


def html_to_text(html: str) -> tuple[str, Optional[str], Optional[str]]:
    """Main text, title and publication date of an HTML page (trafilatura).

    The page is parsed by lxml with ``huge_tree`` so that deeply nested layout tables (old
    portals) are not cut off at libxml2's default depth limit.
    """
    import lxml.html
    import trafilatura  # heavy; only workers that see HTML pay for it

    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return "", None, None
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
    try:
        tree = lxml.html.fromstring(html, parser=parser)
    except Exception:  # noqa: BLE001 - an unparsable page has no text
        return "", None, None
    doc = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False,
                                      include_tables=True)
    if doc is not None and getattr(doc, "text", None):
        return str(doc.text), getattr(doc, "title", None), normalize_date(getattr(doc, "date", None))
    # no main content found: fall back to the visible text of the page
    tree = lxml.html.fromstring(html, parser=parser)
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    title = tree.findtext(".//title")
    text = re.sub(r"[ \t]*\n\s*", "\n", tree.text_content()).strip()
    return text, title.strip() if title else None, None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def load_text(item: Item) -> tuple[str, Decoded]:
    """Decode an item into NFC text (and fill title/published from HTML metadata)."""
    if item.format == "record":
        dec = repair_text(item.text or "", "utf-8")
        return dec.text, dec
    raw = item.raw or b""
    if item.format == "html":
        m = _META_CHARSET.search(raw[:4096])
        dec = decode_bytes(raw, declared=m.group(1).decode("ascii") if m else None, repair=False)
        text, title, date = html_to_text(dec.text)
        fixed = repair_text(text, dec.encoding)
        if title:
            item.title = item.title or repair_text(title).text
        item.published = item.published or date
        return fixed.text, Decoded(fixed.text, fixed.encoding, dec.assumed or fixed.assumed, dec.warning)
    dec = decode_bytes(raw)
    return dec.text, dec



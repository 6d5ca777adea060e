"""One input document before extraction (:class:`Item`), and the readers that make items
of files: a whole file's bytes, and JSON / JSONL(.gz) records.

Nothing here holds more than the size limit in memory: a JSONL line is read in pieces and
refused as soon as it is longer than ``Limits.max_bytes`` (also inside a ``.gz``, whose
decompressed bytes are what is counted), and a file is read up to the limit plus one byte.
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator, Optional

import orjson

from vnextract.batch.encodings import decode_bytes
from vnextract.batch.limits import DocumentTooLarge, Limits, check_size
from vnextract.dates import read_date

Key = tuple[Optional[str], str]
STDIN = "-"
_PIECE = 1 << 20  # bytes read at a time when skipping an over-long line


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
    """One input document, read but not yet decoded or extracted.  ``format`` names its
    entry in :data:`vnextract.batch.formats.FORMATS` (``record`` for a JSON record)."""

    index: int
    doc_id: Optional[str]
    source: str
    format: str = "text"
    raw: Optional[bytes] = None
    text: Optional[str] = None
    published: Optional[str] = None
    title: Optional[str] = None
    url: Optional[str] = None
    error: Optional[tuple[str, str]] = None
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> Key:
        """What ``--resume`` compares: the id and the resolved source (however it was spelt)."""
        return (self.doc_id, canonical_source(self.source))


_SOURCE_TAIL = re.compile(r"(:\d+|:read)$")


def canonical_source(source: str) -> str:
    """``source`` with its path resolved (``./a/../b.jsonl:3`` -> ``/abs/b.jsonl:3``), so that
    a run resumed with another spelling of the same input skips what is done."""
    if not source or source == STDIN or source.startswith(STDIN + ":"):
        return source
    m = _SOURCE_TAIL.search(source)
    path, tail = (source[: m.start()], m.group()) if m else (source, "")
    return os.path.realpath(path) + tail


def suffix_of(path: Path) -> str:
    """``.jsonl`` for ``x.jsonl.gz``; the lower-case suffix otherwise."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).suffix


def stem_of(path: Path) -> str:
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    return Path(name).stem


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
    text, title, url = (_field(obj, getattr(fields, k), k) for k in ("text", "title", "url"))
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


def open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def bounded_lines(fh: IO[bytes], limit: int) -> Iterator[tuple[int, Optional[bytes], int]]:
    """``(line number, line, size)`` of each line; ``line`` is None for a line longer than
    ``limit`` bytes (0: no limit), which is skipped in pieces and never held whole."""
    lineno = 0
    while True:
        line = fh.readline(limit + 1) if limit else fh.readline()
        if not line:
            return
        lineno += 1
        if not limit or len(line) <= limit or line.endswith(b"\n"):
            yield lineno, line, len(line)
            continue
        size = len(line)
        while True:
            piece = fh.readline(_PIECE)
            size += len(piece)
            if not piece or piece.endswith(b"\n"):
                break
        yield lineno, None, size


def jsonl_item(line: Optional[bytes], size: int, index: int, source: str, fallback: str,
                fields: Fields, limits: Limits) -> Item:
    """The item of one JSONL line (``None``: a line longer than the limit, of ``size`` bytes)."""
    try:
        check_size(size, limits)
        assert line is not None
        obj = orjson.loads(line[3:] if line.startswith(codecs.BOM_UTF8) else line)
    except DocumentTooLarge as exc:
        return Item(index, fallback, source, "record", error=("DocumentTooLarge", str(exc)))
    except orjson.JSONDecodeError as exc:
        return Item(index, fallback, source, "record", error=("JSONDecodeError", f"not JSON: {exc}"))
    return record_item(obj, index, source, fallback, fields)


def iter_jsonl(path: Path, start: int, fields: Fields, limits: Limits,
               lines: Optional[tuple[int, int]] = None) -> Iterator[Item]:
    """Items of a JSONL file; ``lines=(lo, hi)`` restricts to physical lines lo <= n < hi."""
    stem = stem_of(path)
    index = start
    lo, hi = lines or (1, sys.maxsize)
    lineno = 0
    try:
        with open_binary(path) as fh:
            for lineno, line, size in bounded_lines(fh, limits.max_bytes):
                if lineno >= hi:
                    break
                if lineno < lo or (line is not None and not line.strip()):
                    continue
                yield jsonl_item(line, size, index, f"{path}:{lineno}", f"{stem}:{lineno}", fields, limits)
                index += 1
    except (OSError, EOFError) as exc:  # unreadable, or a gzip stream cut short (once: in its range)
        if lo <= lineno + 1 < hi:
            yield Item(index, f"{stem}:error", f"{path}:read", "record", error=(type(exc).__name__, str(exc)))


def iter_json(path: Path, start: int, fields: Fields, limits: Limits) -> Iterator[Item]:
    """Items of a ``.json`` file: one object, or a list of objects."""
    stem = stem_of(path)
    try:
        with open_binary(path) as fh:
            raw = fh.read(limits.max_bytes + 1 if limits.max_bytes else -1)
        check_size(len(raw), limits)
        obj = orjson.loads(decode_bytes(raw).text)
    except Exception as exc:  # noqa: BLE001 - any failure is this input's error
        yield Item(start, stem, str(path), "record", error=(type(exc).__name__, str(exc)))
        return
    if isinstance(obj, list):
        for i, rec in enumerate(obj):
            yield record_item(rec, start + i, f"{path}:{i + 1}", f"{stem}:{i + 1}", fields)
    else:
        yield record_item(obj, start, str(path), stem, fields)


def file_item(path: Path, index: int, fmt: str, limits: Limits) -> Item:
    """The bytes of a whole file (decoded later, by its format, in the worker)."""
    item = Item(index, stem_of(path), str(path), fmt)
    try:
        if not path.name.lower().endswith(".gz"):
            check_size(path.stat().st_size, limits)
        with open_binary(path) as fh:
            raw = fh.read(limits.max_bytes + 1 if limits.max_bytes else -1)
        check_size(len(raw), limits)
        item.raw = raw
    except DocumentTooLarge as exc:
        item.error = ("DocumentTooLarge", str(exc))
    except (OSError, EOFError) as exc:
        item.error = (type(exc).__name__, str(exc))
    return item


def count_lines(path: Path, blank: bool = False) -> int:
    """Physical lines of a JSONL(.gz) file (``blank=False``: non-blank ones), read in bounded
    pieces; a file that cannot be read or is cut short counts one more line (the reader's
    error line) and never raises."""
    n = 0
    try:
        with open_binary(path) as fh:
            for _, line, _ in bounded_lines(fh, _PIECE):
                n += blank or line is None or bool(line.strip())
    except (OSError, EOFError):
        n += 1
    return n

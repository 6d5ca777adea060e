"""Inputs of a batch job: files, folders, JSON, JSONL (optionally gzipped) and stdin.

:func:`read_documents` (the one reader of input documents: ``extract``, ``show`` and
``annotate`` read through it) reads lazily and yields one :class:`Item` per input document, in
input order, each with its ``doc_id`` and ``source`` (``path`` or ``path:line``) known up
front, so that a resumed job can skip what is done before any work.  How each suffix is read
is the registry of :mod:`vnextract.batch.formats`; the bytes of whole files are decoded later
by :func:`load_text`, in the worker that extracts them.  Problems found while reading (a
JSONL line that is not JSON, a record without text, an oversized document, an unreadable
file or folder, a dangling or looping symlink) become items that carry an ``error``:
nothing is dropped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator, Literal, Optional

from vnextract.batch.encodings import Decoded
from vnextract.batch.formats import SUPPORTED, decode, format_of
from vnextract.batch.html import html_to_text
from vnextract.batch.items import (STDIN, Fields, Item, bounded_lines, count_lines, iter_jsonl, record_item,
                                   stem_of, suffix_of, jsonl_item)
from vnextract.batch.limits import DocumentTooLarge, Limits, check_size

__all__ = ["Fields", "Item", "STDIN", "SUPPORTED", "count_documents", "expand_inputs", "html_to_text",
           "iter_jsonl_lines", "jsonl_line_count", "load_text", "read_documents", "record_item",
           "stem_of", "suffix_of"]
StdinFormat = Literal["auto", "text", "jsonl"]


def _walk(folder: Path, glob: Optional[str]) -> Iterator[tuple[Path, bool]]:
    """``(path, wanted)`` for every file under ``folder``, sorted, hidden names left out; a
    folder that cannot be listed, a symlink that leads nowhere and a symlinked folder (not
    followed: it may loop, or lead out of the input) come as wanted paths (the reader turns
    them into error lines saying why)."""
    unreadable: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=lambda e: unreadable.append(str(e.filename))):
        dirs.sort()
        for name in dirs:
            if not name.startswith(".") and os.path.islink(os.path.join(root, name)):
                yield Path(root) / name, True  # os.walk lists it but does not go in
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith("."):
                continue
            broken = path.is_symlink() and not path.exists()
            wanted = path.match(glob) if glob else broken or format_of(path) is not None
            yield path, wanted
    for name in unreadable:
        yield Path(name), True


def list_files(folder: Path, glob: Optional[str]) -> tuple[list[Path], int]:
    """Files under ``folder`` (recursive, sorted) and how many other files were ignored."""
    files, ignored = [], 0
    for path, wanted in _walk(folder, glob):
        if wanted:
            files.append(path)
        else:
            ignored += 1
    return sorted(files), ignored


def expand_inputs(inputs: Iterable[str], glob: Optional[str] = None) -> tuple[list[str], int]:
    """Absolute paths (and ``-``) in order, folders expanded; and the count of ignored files.
    Sources are written absolute, so that ``--resume`` finds them whatever the working folder.
    A folder named through a symlink is read where it leads (another spelling of the same
    folder); symlinked folders inside it are not followed."""
    out: list[str] = []
    ignored = 0
    for inp in inputs:
        inp = inp if inp == STDIN else os.path.abspath(inp)
        p = Path(inp)
        if inp != STDIN and p.is_dir():
            files, n = list_files(Path(os.path.realpath(p)) if p.is_symlink() else p, glob)
            out.extend(str(f) for f in files)
            ignored += n
        else:
            out.append(inp)
    return out, ignored


def _missing(path: Path, index: int) -> Item:
    if path.is_symlink():
        why = f"symlink that leads nowhere (dangling or a loop): {path} -> {os.readlink(path)}"
        return Item(index, stem_of(path), str(path), error=("BrokenSymlink", why))
    return Item(index, stem_of(path), str(path), error=("FileNotFoundError", f"no such file: {path}"))


def _path_items(path: Path, index: int, fields: Fields, limits: Limits) -> Iterator[Item]:
    if not path.exists():
        yield _missing(path, index)
    elif path.is_dir() and path.is_symlink():
        why = f"symlinked folder, not followed (it may loop or lead out of the input): {path} -> {os.readlink(path)}"
        yield Item(index, stem_of(path), str(path), error=("SymlinkedFolder", why))
    elif path.is_dir():
        yield Item(index, stem_of(path), str(path), error=("UnreadableFolder", f"folder that cannot be read: {path}"))
    else:
        fmt = format_of(path)
        if fmt is None:  # named explicitly: read as text
            fmt = format_of(Path("x.txt"))
        assert fmt is not None
        yield from fmt.read(path, index, fields, limits)


def read_documents(
    paths: Iterable[str],
    fields: Fields = Fields(),
    limits: Limits = Limits(),
    stdin: Optional[IO[bytes]] = None,
    stdin_format: StdinFormat = "auto",
) -> Iterator[Item]:
    """Every input document of ``paths`` (as returned by :func:`expand_inputs`), in order.

    ``stdin_format``: what ``-`` holds: one text, JSONL, or ``auto`` (JSONL when its first
    line is a JSON object)."""
    index = 0
    for inp in paths:
        items = (_stdin_items(index, fields, limits, stdin or sys.stdin.buffer, stdin_format) if inp == STDIN
                 else _path_items(Path(os.path.abspath(inp)), index, fields, limits))
        for item in items:
            yield item
            index = item.index + 1


def _first_line_is_json(line: bytes) -> bool:
    import orjson

    try:
        return isinstance(orjson.loads(line.lstrip(b"\xef\xbb\xbf")), dict)
    except orjson.JSONDecodeError:
        return False


def _stdin_items(index: int, fields: Fields, limits: Limits, fh: IO[bytes], fmt: StdinFormat) -> Iterator[Item]:
    lines = bounded_lines(fh, limits.max_bytes)
    first = next(lines, None)
    jsonl = fmt == "jsonl" or (fmt == "auto" and first is not None and first[1] is not None
                               and _first_line_is_json(first[1]))
    if not jsonl:
        yield _stdin_text(index, limits, first, lines)
        return
    for lineno, line, size in _chain(first, lines):
        if line is not None and not line.strip():
            continue
        yield jsonl_item(line, size, index, f"{STDIN}:{lineno}", f"stdin:{lineno}", fields, limits)
        index += 1


def _chain(first: Optional[tuple[int, Optional[bytes], int]],
           rest: Iterator[tuple[int, Optional[bytes], int]]) -> Iterator[tuple[int, Optional[bytes], int]]:
    if first is not None:
        yield first
    yield from rest


def _stdin_text(index: int, limits: Limits, first: Optional[tuple[int, Optional[bytes], int]],
                lines: Iterator[tuple[int, Optional[bytes], int]]) -> Item:
    """All of stdin as one text, refused (and drained) past the size limit."""
    parts: list[bytes] = []
    size = 0
    for _, line, n in _chain(first, lines):
        size += n
        if line is not None and (not limits.max_bytes or size <= limits.max_bytes):
            parts.append(line)
        else:
            parts = []
    item = Item(index, "stdin", STDIN, "text", raw=b"".join(parts))
    try:
        check_size(size, limits)
    except DocumentTooLarge as exc:
        item.raw, item.error = None, ("DocumentTooLarge", str(exc))
    return item


def iter_jsonl_lines(path: str, lo: int, hi: int, fields: Fields = Fields(),
                     limits: Limits = Limits()) -> Iterator[Item]:
    """Items of physical lines ``lo <= n < hi`` of a JSONL(.gz) file (a Dask partition)."""
    return iter_jsonl(Path(path), 0, fields, limits, (lo, hi))


def jsonl_line_count(path: str) -> int:
    """Physical lines of a JSONL(.gz) file (plus one when it cannot be read to its end)."""
    return count_lines(Path(path), blank=True)


def count_documents(paths: Iterable[str]) -> Optional[int]:
    """Number of documents the inputs hold (for a progress bar); ``None`` if unknown."""
    total = 0
    for inp in paths:
        fmt = None if inp == STDIN else format_of(Path(inp))
        n = 1 if fmt is None or not Path(inp).is_file() else fmt.documents(Path(inp))
        if n is None:
            return None
        total += n
    return total


def load_text(item: Item) -> tuple[str, Decoded]:
    """Decode an item into NFC text (and fill title/published/url from HTML metadata)."""
    return decode(item)

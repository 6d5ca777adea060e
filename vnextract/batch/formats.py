"""The input formats: which suffix is read how, in one registry.

Each :class:`InputFormat` says which file names it takes, how a file becomes items
(``read``: a whole file is one item; a JSONL file one item per line), how an item's content
becomes NFC text (``decode``, run in the worker), and how many documents a file holds (for
the progress bar).  Everything else (folders, ``--glob``, ``show``, ``annotate``, Dask
partitions) asks this registry, so a new format is one entry here.  For example Markdown,
as plain text without its markup::

    def _markdown(item: Item) -> tuple[str, Decoded]:
        dec = decode_bytes(item.raw or b"")
        text = regex.sub(r"(?m)^#+\\s*|[*_`]", "", dec.text)
        return text, Decoded(text, dec.encoding, dec.assumed, dec.warning)

    FORMATS = (..., InputFormat("markdown", (".md",), whole_file("markdown"), _markdown))

(a ``.docx`` reader would do the same with its own ``decode``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

from vnextract.batch.encodings import Decoded, decode_bytes, repair_text
from vnextract.batch.items import Fields, Item, count_lines, file_item, iter_json, iter_jsonl, suffix_of
from vnextract.batch.limits import Limits

Reader = Callable[[Path, int, Fields, Limits], Iterator[Item]]
Decoder = Callable[[Item], "tuple[str, Decoded]"]


@dataclass(frozen=True)
class InputFormat:
    """One kind of input file."""

    name: str
    suffixes: tuple[str, ...]  # lower case; ``.gz`` after any of them is read through gzip
    read: Reader
    decode: Decoder
    documents: Callable[[Path], Optional[int]] = lambda path: 1  # None: not known up front
    one_per_file: bool = True


def whole_file(name: str) -> Reader:
    """The reader of a format whose file is one document (its bytes, decoded later)."""

    def read(path: Path, index: int, fields: Fields, limits: Limits) -> Iterator[Item]:
        yield file_item(path, index, name, limits)

    return read


def decode_text(item: Item) -> tuple[str, Decoded]:
    dec = decode_bytes(item.raw or b"")
    return dec.text, dec


def decode_record(item: Item) -> tuple[str, Decoded]:
    """A JSON record's text is already Unicode: only legacy-font lines are converted."""
    dec = repair_text(item.text or "", "utf-8")
    return dec.text, dec


def decode_html(item: Item) -> tuple[str, Decoded]:
    """Main text of a page; its title, date and URL fill the item's unless given."""
    from vnextract.batch.html import declared_charset, html_to_page

    dec = decode_bytes(item.raw or b"", declared=declared_charset(item.raw or b""), repair=False)
    page = html_to_page(dec.text)
    fixed = repair_text(page.text, dec.encoding)
    if page.title:
        item.title = item.title or repair_text(page.title).text
    item.published = item.published or page.published
    item.url = item.url or page.url
    warning = "; ".join(w for w in (dec.warning, page.warning) if w) or None
    return fixed.text, Decoded(fixed.text, fixed.encoding, dec.assumed or fixed.assumed, warning)


FORMATS: tuple[InputFormat, ...] = (
    InputFormat("text", (".txt",), whole_file("text"), decode_text),
    InputFormat("html", (".html", ".htm"), whole_file("html"), decode_html),
    InputFormat("json", (".json",), iter_json, decode_record, lambda path: None, False),
    InputFormat("jsonl", (".jsonl", ".ndjson"), iter_jsonl, decode_record, count_lines, False),
)
RECORD = InputFormat("record", (), iter_json, decode_record, one_per_file=False)  # a JSON record's item
SUPPORTED: tuple[str, ...] = tuple(s for f in FORMATS for s in f.suffixes)


def format_of(path: Path) -> Optional[InputFormat]:
    """The format of a file name, None when no format takes it."""
    suffix = suffix_of(path)
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def decode(item: Item) -> tuple[str, Decoded]:
    """An item's text in NFC and how it was decoded (by the item's format)."""
    return next(f for f in (*FORMATS, RECORD) if f.name == item.format).decode(item)

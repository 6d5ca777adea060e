"""The annotation-file format (``*.ann.yml``) and its conversion to FORMAT.md documents.

An ann file names each figure by a verbatim snippet ``at`` of the text instead of
offsets, so that an annotator can write and correct it by hand:

- ``at``: a snippet of the text that contains the numeral (the first occurrence,
  or the ``occ``-th one, 1-based);
- ``num``: the numeral surface inside ``at`` (first occurrence inside ``at``),
  needed when ``at`` holds several numerals whose value could be ambiguous;
  without it the numeral expression of ``at`` whose value equals ``value`` is used
  (digits or number words, with a range, scale words and ``%``);
- ``key`` / ``parent``: a record's name, and a reference to another record's key;
- ``value``, ``value_max``, ``unit``, ``indicator``, ``indicator_text``, ``role``
  (default ``actual``), ``qualifier``, ``period`` (default ``defaults.period``),
  ``cumulative`` (default false), ``location`` (default the document's);
- ``novalcheck: true`` accepts a surface whose written value differs from ``value``
  (e.g. ``1,281`` with an English thousands separator meaning 1281).

Top level: ``doc_id``, ``file``, ``title``, ``published``, ``location``,
``defaults`` (record defaults), ``records``, and ``exclusions`` (numerals that are
deliberately not records, ``[{at, occ?, num?, why}]``; used by the coverage check only).
Records are numbered ``q1``, ``q2``, … in order of start offset.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence


from vnextract.rules import read_yaml
from vnextract.corpus.mentions import Mention, find_numerals
from vnextract.corpus.texts import PathLike, TextsArg, nfc, read_text, text_sha256
from vnextract.schema import FORMAT_FIELDS, SPAN_FIELDS

ANN_SUFFIX = ".ann.yml"
ANN_TOP_KEYS = ("doc_id", "file", "title", "published", "location", "url", "defaults",
                "constructed", "text", "records", "exclusions")
# where a record is (the snippet), then what it says (FORMAT.md section 2, schema.py)
LOCATOR_KEYS = ("at", "num", "occ", "key", "novalcheck")
RECORD_KEYS = LOCATOR_KEYS + tuple(f for f in FORMAT_FIELDS if f not in SPAN_FIELDS)


def _signed(text: str, start: int) -> bool:
    """Is the numeral at ``start`` preceded by a minus sign or ``âm`` (FORMAT.md 3.1)?"""
    before = text[max(0, start - 4) : start]
    return before.endswith(("-", "−")) or before.rstrip().lower().endswith("âm")


def _reads(text: str, n: "Mention", value: float, base: int = 0) -> bool:
    """Does numeral ``n`` read ``value`` (negated when a sign stands before it)?"""
    return _values_equal(n.value, value) or (value < 0 and _values_equal(-n.value, value) and _signed(text, base + n.start))


class AnnError(ValueError):
    """An ann file that cannot be converted (a snippet not found, a wrong value, …)."""


def _values_equal(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def find_occurrence(text: str, snippet: str, occ: int = 1) -> int:
    """Offset of the ``occ``-th (1-based) occurrence of ``snippet`` in ``text``; -1 if none."""
    pos = -1
    for _ in range(max(occ, 1)):
        pos = text.find(snippet, pos + 1)
        if pos < 0:
            return -1
    return pos


def locate(text: str, item: Mapping[str, Any], where: str = "") -> tuple[int, int]:
    """The ``(start, end)`` of the numeral an ann record (or exclusion) points at."""
    at = item.get("at")
    if not isinstance(at, str) or not at:
        raise AnnError(f"{where}: missing 'at'")
    occ = int(item.get("occ", 1))
    base = find_occurrence(text, at, occ)
    if base < 0:
        raise AnnError(f"{where}: snippet {at!r} (occurrence {occ}) not found in the text")
    num = item.get("num")
    value = item.get("value")
    if num is not None:
        num = str(num)
        inner = at.find(num)
        if inner < 0:
            raise AnnError(f"{where}: num {num!r} is not inside at {at!r}")
        start, end = base + inner, base + inner + len(num)
        if value is not None and not item.get("novalcheck"):
            found = [n for n in find_numerals(text[start:end]) if n.start == 0]
            if found and found[0].end == len(num) and not _reads(text, found[0], float(value), start):
                raise AnnError(f"{where}: num {num!r} reads {found[0].value}, not value {value}")
        return start, end
    vmax = item.get("value_max")
    cands: Sequence[Mention] = [
        n for n in find_numerals(at)
        if (n.value_max is None) == (vmax is None)
        and (vmax is None or n.value_max is None or _values_equal(n.value_max, vmax))
    ]
    if not cands:
        raise AnnError(f"{where}: no numeral in at {at!r}")
    if value is None or item.get("novalcheck"):
        if len(cands) > 1 and value is None:
            raise AnnError(f"{where}: several numerals in at {at!r}; give 'num'")
        chosen = cands[0] if value is None or len(cands) == 1 else min(
            cands, key=lambda n: abs(n.value - float(value)))
    else:
        matching = [n for n in cands if _reads(text, n, float(value), base)]
        if not matching:
            raise AnnError(
                f"{where}: no numeral of value {value} in at {at!r} "
                f"(found {[n.surface for n in cands]}); give 'num' or 'novalcheck'"
            )
        chosen = matching[0]
    return base + chosen.start, base + chosen.end


Placed = tuple[int, int, int, Mapping[str, Any]]  # start, order in the file, end, the ann record


def _place_all(ann: Mapping[str, Any], text: str) -> list[Placed]:
    """Every ann record located in the text, in order of start offset."""
    doc_id = ann.get("doc_id")
    placed: list[Placed] = []
    for i, item in enumerate(ann.get("records") or []):
        where = f"{doc_id} record {i + 1} (at {item.get('at')!r})"
        unknown = set(item) - set(RECORD_KEYS)
        if unknown:
            raise AnnError(f"{where}: unknown keys {sorted(unknown)}")
        if "value" not in item:
            raise AnnError(f"{where}: missing 'value'")
        start, end = locate(text, item, where)
        placed.append((start, i, end, item))
    return sorted(placed, key=lambda p: (p[0], p[1]))


def _keys(doc_id: Any, placed: list[Placed], text: str) -> dict[str, str]:
    """Record keys to ids (``q1``...), checking that spans and keys are unique."""
    key_to_id: dict[str, str] = {}
    seen_spans: set[tuple[int, int]] = set()
    for n, (start, _, end, item) in enumerate(placed, 1):
        if (start, end) in seen_spans:
            raise AnnError(f"{doc_id}: two records on the span {start}-{end} {text[start:end]!r}")
        seen_spans.add((start, end))
        key = item.get("key")
        if key is not None:
            if str(key) in key_to_id:
                raise AnnError(f"{doc_id}: duplicate key {key!r}")
            key_to_id[str(key)] = f"q{n}"
    return key_to_id


def _record(n: int, placed: Placed, text: str, ann: Mapping[str, Any], key_to_id: Mapping[str, str]) -> dict[str, Any]:
    start, _, end, item = placed
    defaults: Mapping[str, Any] = ann.get("defaults") or {}

    def get(name: str, fallback: Any = None) -> Any:
        return item[name] if name in item else defaults.get(name, fallback)

    parent = item.get("parent")
    if parent is not None and str(parent) not in key_to_id:
        raise AnnError(f"{ann.get('doc_id')} record at {item.get('at')!r}: unknown parent {parent!r}")
    return {
        "id": f"q{n}", "start": start, "end": end, "text": text[start:end],
        "value": item["value"], "value_max": item.get("value_max"),
        "unit": get("unit"), "indicator": get("indicator"), "indicator_text": item.get("indicator_text"),
        "role": get("role", "actual"), "qualifier": get("qualifier"), "period": _as_str(get("period")),
        "cumulative": bool(get("cumulative", False)), "location": get("location", ann.get("location")),
        "parent": key_to_id[str(parent)] if parent is not None else None,
    }


def ann_to_document(ann: Mapping[str, Any], text: str) -> dict[str, Any]:
    """Convert a parsed ann file and its (NFC) text into a FORMAT.md document dict."""
    placed = _place_all(ann, text)
    key_to_id = _keys(ann.get("doc_id"), placed, text)
    records = [_record(n, p, text, ann, key_to_id) for n, p in enumerate(placed, 1)]
    return {
        "doc_id": ann.get("doc_id"),
        "title": ann.get("title"),
        "published": _as_str(ann.get("published")),
        "location": ann.get("location"),
        "text": text,
        "records": records,
    }


def _as_str(v: Any) -> Optional[str]:
    """YAML may read ``2022-05-11`` or ``2017`` as a date or an int: the format wants a string."""
    if v is None:
        return None
    if hasattr(v, "isoformat"):
        return str(v.isoformat())
    return str(v)


def load_ann(path: PathLike) -> dict[str, Any]:
    """A parsed ``.ann.yml`` file (unknown top-level keys are an error)."""
    data = read_yaml(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "records" not in data:
        raise AnnError(f"{path}: not an annotation file (no 'records')")
    unknown = set(data) - set(ANN_TOP_KEYS)
    if unknown:
        raise AnnError(f"{path}: unknown top-level keys {sorted(unknown)}")
    data["records"] = data.get("records") or []
    return data


def ann_text(ann: Mapping[str, Any], ann_path: Optional[PathLike] = None,
             texts_dir: TextsArg = None) -> str:
    """The text an ann file annotates: inline ``text``, else ``<texts_dir>/<doc_id>.txt``,
    else its ``file`` (relative to the ann file), else the default texts folder
    (``$VNEXTRACT_TEXTS``)."""
    if ann.get("text") is not None:
        return nfc(str(ann["text"]))
    doc_id = str(ann.get("doc_id"))
    if texts_dir is not None:
        return read_text(doc_id, texts_dir)
    if ann.get("file") and ann_path is not None:
        cand = Path(ann_path).parent / str(ann["file"])
        if cand.is_file():
            return nfc(cand.read_text(encoding="utf-8"))
    return read_text(doc_id, None)


def load_ann_document(path: PathLike, texts_dir: TextsArg = None) -> dict[str, Any]:
    """An ann file converted to a FORMAT.md document (``text`` filled in, ``sha256`` added)."""
    ann = load_ann(path)
    text = ann_text(ann, path, texts_dir)
    doc = ann_to_document(ann, text)
    if ann.get("url") is not None:
        doc["url"] = ann["url"]
    doc["sha256"] = text_sha256(text)
    doc["constructed"] = bool(ann.get("constructed", False))
    return doc



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
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

import regex

from vnextract.schema import FORMAT_FIELDS, SPAN_FIELDS

# where a record is (the snippet), then what it says (FORMAT.md section 2, schema.py)
LOCATOR_KEYS = ("at", "num", "occ", "key", "novalcheck")
RECORD_KEYS = LOCATOR_KEYS + tuple(f for f in FORMAT_FIELDS if f not in SPAN_FIELDS)


# --- numeral expressions: only what locating a snippet needs.  Deliberately independent of
# the extractor's vnextract.stages.numerals (whose heuristics change while it is tuned): converting
# an ann file must give the same gold forever (tests/test_corpus.py checks the shared gold).

_SCALES = {"nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_DIGIT_WORDS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5,
                "lăm": 5, "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_WORD = r"(?<![\p{L}\p{N}])(?:%s)(?![\p{L}\p{N}])"
_SCALE_RE = r"(?:\s+" + _WORD % "|".join(_SCALES) + r")*"
_DIG = r"\d+(?:[.,]\d+)*"
_PCT = r"(?:\s?%)?"
_DIGIT_EXPR = regex.compile(
    r"(?<![\p{L}\d.,])(?P<a>" + _DIG + r")(?P<ap>" + _PCT + r")"
    r"(?:\s*(?:-|–|đến|tới)\s*(?P<b>" + _DIG + r")(?P<bp>" + _PCT + r"))?"
    r"(?P<scale>" + _SCALE_RE + r")(?P<pct>" + _PCT + r")"
)
_FRACTION = regex.compile(r"(?<![\p{L}\d.,/])(\d+)/(\d+)(?![\d/])")
_SPELL_VOCAB = sorted(list(_DIGIT_WORDS) + ["mười", "mươi", "trăm", "linh", "lẻ", "rưỡi"] + list(_SCALES),
                      key=len, reverse=True)
_SPELLED = regex.compile(
    _WORD % "|".join(_SPELL_VOCAB) + r"(?:\s+" + _WORD % "|".join(_SPELL_VOCAB) + r")*"
    + r"(?:\s?%)?", regex.IGNORECASE)
_SPELL_START = ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười")


def _spelled_numerals(text: str, base: int, run: str) -> list[Mention]:
    """Numbers in a run of number words: the longest parsable prefix, then the rest
    (``hai mươi lăm năm`` -> 25; ``năm`` stays for the next number)."""
    out: list[Mention] = []
    tokens = [(m.start(), m.end()) for m in regex.finditer(r"\S+", run)]
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):
            words = [run[a:b] for a, b in tokens[i:j]]
            if words[0].lower() not in _SPELL_START:
                continue
            value = parse_spelled([w for w in words if w != "%"])
            if value is not None:
                start, end = base + tokens[i][0], base + tokens[j - 1][1]
                out.append(Mention(start, end, text[start:end], value))
                i = j
                break
        else:
            i += 1
    return out


@dataclass(frozen=True)
class Mention:
    """A numeral expression: ``surface == text[start:end]``; ``value`` with scale applied."""

    start: int
    end: int
    surface: str
    value: float
    value_max: Optional[float] = None


def read_digits(s: str) -> float:
    """``3.721`` -> 3721, ``14,8`` -> 14.8, ``2.163,485`` -> 2163.485 (Vietnamese separators)."""
    if "," in s:
        int_part, _, frac = s.rpartition(",")
        return float(int_part.replace(".", "") + "." + frac)
    if s.count(".") == 1 and len(s.split(".")[1]) != 3:
        return float(s)  # a decimal point written English-style (`2.5`)
    return float(s.replace(".", ""))


def _parsable(s: str) -> bool:
    try:
        read_digits(s)
    except ValueError:
        return False
    return True


def _signed(text: str, start: int) -> bool:
    """Is the numeral at ``start`` preceded by a minus sign or ``âm`` (FORMAT.md 3.1)?"""
    before = text[max(0, start - 4) : start]
    return before.endswith(("-", "−")) or before.rstrip().lower().endswith("âm")


def _reads(text: str, n: "Mention", value: float, base: int = 0) -> bool:
    """Does numeral ``n`` read ``value`` (negated when a sign stands before it)?"""
    return _values_equal(n.value, value) or (value < 0 and _values_equal(-n.value, value) and _signed(text, base + n.start))


def _scale_of(words: str) -> float:
    factor = 1.0
    for w in words.split():
        factor *= _SCALES[w.lower()]
    return factor


def parse_spelled(words: Sequence[str]) -> Optional[float]:
    """Value of spelled-out number words (``hai mươi mốt`` -> 21); None if not a number."""
    total, small, last_unit = 0.0, 0.0, 1.0
    pending: Optional[float] = None
    for w in (x.lower() for x in words):
        if w in _DIGIT_WORDS:
            if pending is not None:
                return None
            pending = float(_DIGIT_WORDS[w])
        elif w == "mười":
            small, pending, last_unit = small + 10, None, 1.0
        elif w == "mươi":
            if pending is None:
                return None
            small, pending, last_unit = small + pending * 10, None, 1.0
        elif w == "trăm":
            small += (pending if pending is not None else 1) * 100
            pending, last_unit = None, 100.0
        elif w == "rưỡi":
            if last_unit >= 1000:
                total += last_unit / 2
            else:
                small += last_unit / 2
        elif w in _SCALES:
            chunk = small + (pending or 0)
            if chunk == 0 and total > 0:
                total *= _SCALES[w]
            else:
                total += (chunk or 1) * _SCALES[w]
            small, pending, last_unit = 0.0, None, _SCALES[w]
    return total + small + (pending or 0)


def find_numerals(text: str, ranges: bool = True) -> list[Mention]:
    """Mention expressions in ``text``: digits (with a range, scale words and ``%``),
    fractions ``a/b`` and spelled-out numbers (``ba nghìn bảy trăm hai mươi mốt``)."""
    out: list[Mention] = []
    for m in _DIGIT_EXPR.finditer(text):
        if not _parsable(m.group("a")) or (m.group("b") and not _parsable(m.group("b"))):
            continue  # "2.811,2.812": two codes run together, no number
        scale = _scale_of(m.group("scale"))
        a = read_digits(m.group("a")) * scale
        if m.group("b") and ranges:
            b = read_digits(m.group("b")) * scale
            out.append(Mention(m.start(), m.end(), m.group(), a, b))
        end = m.end("ap") if m.group("b") else m.end()
        single = text[m.start():end]
        if m.group("b"):
            out.append(Mention(m.start(), end, single, read_digits(m.group("a"))))
            bs = m.start("b")
            out.append(Mention(bs, m.end(), text[bs:m.end()], read_digits(m.group("b")) * scale))
        else:
            out.append(Mention(m.start(), end, single, a))
    for m in _FRACTION.finditer(text):
        den = int(m.group(2))
        if den:
            out.append(Mention(m.start(), m.end(), m.group(), int(m.group(1)) / den))
    for m in _SPELLED.finditer(text):
        out.extend(_spelled_numerals(text, m.start(), m.group()))
    out.sort(key=lambda n: (n.start, -(n.end - n.start)))
    return out


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


def ann_to_document(ann: Mapping[str, Any], text: str) -> dict[str, Any]:
    """Convert a parsed ann file and its (NFC) text into a FORMAT.md document dict."""
    doc_id = ann.get("doc_id")
    defaults: Mapping[str, Any] = ann.get("defaults") or {}
    doc_loc = ann.get("location")
    published = ann.get("published")
    placed: list[tuple[int, int, int, Mapping[str, Any]]] = []
    for i, item in enumerate(ann.get("records") or []):
        where = f"{doc_id} record {i + 1} (at {item.get('at')!r})"
        unknown = set(item) - set(RECORD_KEYS)
        if unknown:
            raise AnnError(f"{where}: unknown keys {sorted(unknown)}")
        if "value" not in item:
            raise AnnError(f"{where}: missing 'value'")
        start, end = locate(text, item, where)
        placed.append((start, i, end, item))
    placed.sort(key=lambda p: (p[0], p[1]))
    key_to_id: dict[str, str] = {}
    seen_spans: set[tuple[int, int]] = set()
    for n, (start, i, end, item) in enumerate(placed, 1):
        if (start, end) in seen_spans:
            raise AnnError(f"{doc_id}: two records on the span {start}-{end} {text[start:end]!r}")
        seen_spans.add((start, end))
        key = item.get("key")
        if key is not None:
            if str(key) in key_to_id:
                raise AnnError(f"{doc_id}: duplicate key {key!r}")
            key_to_id[str(key)] = f"q{n}"
    records: list[dict[str, Any]] = []
    for n, (start, i, end, item) in enumerate(placed, 1):
        def get(name: str, fallback: Any = None) -> Any:
            if name in item:
                return item[name]
            return defaults.get(name, fallback)

        parent = item.get("parent")
        if parent is not None and str(parent) not in key_to_id:
            raise AnnError(f"{doc_id} record at {item.get('at')!r}: unknown parent {parent!r}")
        records.append({
            "id": f"q{n}",
            "start": start,
            "end": end,
            "text": text[start:end],
            "value": item["value"],
            "value_max": item.get("value_max"),
            "unit": get("unit"),
            "indicator": get("indicator"),
            "indicator_text": item.get("indicator_text"),
            "role": get("role", "actual"),
            "qualifier": get("qualifier"),
            "period": _as_str(get("period")),
            "cumulative": bool(get("cumulative", False)),
            "location": get("location", doc_loc),
            "parent": key_to_id[str(parent)] if parent is not None else None,
        })
    return {
        "doc_id": doc_id,
        "title": ann.get("title"),
        "published": _as_str(published),
        "location": doc_loc,
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

"""Checks of patterns/indicators.yml, the data that links a quantity to its indicator id.

1. The keys equal the ids of the shared catalogue, each entry validates.
2. Every example has a trigger of its entry in the clause of the marked numeral.
3. A small reference model of the linking rule described in the file header (closest trigger,
   trigger after number+unit, weak triggers, unit compatibility) gives every example its id
   and no negative its id: this checks that the entries do not steal each other's figures.
4. The real pipeline (``vnextract.extract``) links every example and rejects every negative.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import pytest
import regex
import yaml

from vnextract.rules import Indicator, load_indicators, load_yaml, split_marked

SHARED_CATALOGUE = Path(__file__).resolve().parents[2] / "shared" / "spec" / "indicators.yml"
GENERIC_UNITS = ("%", "lần", "điểm phần trăm")
# count nouns that no catalogue id is counted in: a figure counted in them gets no id
OTHER_UNITS = (
    "xã", "cơ sở", "lượt cơ sở", "phiên", "giáo viên", "khu công nghiệp", "cụm công nghiệp", "ccn",
    "giường bệnh", "món", "hộ dân", "phương thức", "trường", "đoàn", "công nhân", "hội viên",
    "thuê bao", "viên", "g", "m", "xe", "giảng viên", "nhân viên", "nhân khẩu", "cán bộ", "điểm", "cục",
    "công ty", "tổ chức", "cá nhân",
)
NUM = regex.compile(r"\d+(?:[.,]\d+)*")
CLAUSE_END = regex.compile(r"[;!?\n]|\.(?=\s|$)")
# money attributes of a counted figure: "325.448 suất với kinh phí [423 tỷ] đồng" takes the
# id of the count before it when that one has an id (gold: merit.gifts, poverty.housing_support)
ATTRIBUTE_TRIGGERS = ("kinh phí", "tổng kinh phí", "trị giá", "số tiền", "vốn đăng ký", "tổng vốn đăng ký", "số vốn đăng ký")


def _entries() -> dict[str, Indicator]:
    return load_indicators()


def _cases(kind: str) -> list[tuple[str, str]]:
    out = []
    for ind_id, ent in _entries().items():
        for ex in getattr(ent, kind):
            out.append((ind_id, ex))
    return out


# ------------------------------------------------------------------ 1. schema and catalogue
def test_keys_equal_catalogue_ids() -> None:
    if not SHARED_CATALOGUE.is_file():
        pytest.skip("shared catalogue not available")
    with open(SHARED_CATALOGUE, encoding="utf-8") as fh:
        catalogue = yaml.safe_load(fh)
    assert set(load_yaml("indicators")) == set(catalogue)


def test_keys_unique_and_entries_validate() -> None:
    path = Path(__file__).resolve().parents[1] / "patterns" / "indicators.yml"
    keys = [m.group(1) for m in regex.finditer(r"(?m)^([a-z_]+\.[a-z_]+):", path.read_text("utf-8"))]
    assert len(keys) == len(set(keys)), "duplicate ids"
    entries = load_indicators()
    assert len(entries) == len(keys)
    for ind_id, ent in entries.items():
        assert len(ent.examples) >= 2, ind_id
        assert len(ent.negatives) >= 2, ind_id
        for phrase in ent.triggers + ent.weak_triggers:
            assert phrase == phrase.strip() and phrase, (ind_id, phrase)
        phrases = [t.lower() for t in ent.triggers + ent.weak_triggers]
        assert len(set(phrases)) == len(phrases), f"{ind_id}: duplicate trigger"


# ------------------------------------------------------------------ reference linking model
@dataclass(frozen=True)
class Hit:
    ind_id: str
    phrase: str
    start: int
    end: int


@lru_cache(maxsize=None)
def _phrase_re(phrase: str) -> "regex.Pattern[str]":
    words = [regex.escape(w) for w in phrase.split()]
    return regex.compile(r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])", regex.IGNORECASE)


def _all_units() -> list[str]:
    units = {u.lower() for ent in _entries().values() for u in ent.units}
    units.update(GENERIC_UNITS)
    units.update(OTHER_UNITS)
    return sorted(units, key=len, reverse=True)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in CLAUSE_END.finditer(text):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            return left, m.start()
    return left, len(text)


def _unit_after(text: str, end: int) -> tuple[Optional[str], int]:
    """The unit right after a numeral and where it ends (``[1.185]/8.000 chỉ tiêu`` -> chỉ tiêu)."""
    if text[:end].endswith("%"):
        return "%", end
    m = regex.match(r"(?:\s*(?:nghìn tỷ|tỷ|triệu|nghìn|ngàn|vạn))?(?:\s*[-/x]\s*\d+(?:[.,]\d+)*%?)?", text[end:])
    pos = end + (m.end() if m else 0)
    rest = text[pos:].lstrip()
    offset = len(text) - pos - len(rest)
    for unit in _all_units():
        if rest.lower().startswith(unit) and (len(rest) == len(unit) or not rest[len(unit)].isalnum() or unit == "%"):
            return unit, pos + offset + len(unit)
    return None, end


def _hits(text: str, lo: int, hi: int, unit: Optional[str]) -> list[Hit]:
    out = []
    for ind_id, ent in _entries().items():
        units = {u.lower() for u in ent.units} | set(GENERIC_UNITS)
        if unit is not None and unit not in units:
            continue  # the figure is counted in something this id is never counted in
        own_units = {u.lower() for u in ent.units}  # weak triggers: the entry's own units only
        phrases = list(ent.triggers) + (list(ent.weak_triggers) if unit in own_units else [])
        for ph in phrases:
            for m in _phrase_re(ph).finditer(text, lo, hi):
                out.append(Hit(ind_id, ph, m.start(), m.end()))
    return out


def reference_link(text: str, start: int, end: int, depth: int = 0) -> Optional[str]:
    """Indicator id of the numeral ``text[start:end]`` by the rule of the file header."""
    lo, hi = _clause(text, start, end)
    unit, unit_end = _unit_after(text, end)
    hits = _hits(text, lo, hi, unit)
    num_end = end
    m = regex.match(r"(?:\s*(?:nghìn tỷ|tỷ|triệu|nghìn|ngàn|vạn))?\s*", text[end:])
    if m:
        num_end = end + m.end()
    for pos in (num_end, unit_end + len(text[unit_end:]) - len(text[unit_end:].lstrip())):
        after = [h for h in hits if h.start == pos]
        if after:
            return max(after, key=lambda h: h.end - h.start).ind_id
    before = [h for h in hits if h.end <= start]
    if not before:
        return None
    best = max(before, key=lambda h: (h.end, h.end - h.start))
    if best.phrase.lower() in ATTRIBUTE_TRIGGERS and depth == 0:
        for prev in reversed(list(NUM.finditer(text, lo, best.start))):
            prev_id = reference_link(text, prev.start(), prev.end(), depth + 1)
            if prev_id is not None:
                return prev_id
    return best.ind_id


def _marked(example: str) -> tuple[str, int, int]:
    text, s, e = split_marked(unicodedata.normalize("NFC", example))
    return text, s, e


# ------------------------------------------------------------------ 2. triggers in examples
@pytest.mark.parametrize("ind_id,example", _cases("examples"))
def test_example_has_trigger_in_clause(ind_id: str, example: str) -> None:
    text, s, e = _marked(example)
    lo, hi = _clause(text, s, e)
    ent = _entries()[ind_id]
    assert any(_phrase_re(p).search(text, lo, hi) for p in ent.triggers + ent.weak_triggers), (
        f"{ind_id}: no trigger in the clause of {example!r}"
    )


# ------------------------------------------------------------------ 3. reference model
@pytest.mark.parametrize("ind_id,example", _cases("examples"))
def test_reference_links_example(ind_id: str, example: str) -> None:
    text, s, e = _marked(example)
    assert reference_link(text, s, e) == ind_id


@pytest.mark.parametrize("ind_id,example", _cases("negatives"))
def test_reference_rejects_negative(ind_id: str, example: str) -> None:
    text, s, e = _marked(example)
    assert reference_link(text, s, e) != ind_id


# ------------------------------------------------------------------ 4. the real pipeline
def _pipeline_indicator(example: str) -> tuple[bool, Optional[str]]:
    from vnextract import extract

    text, s, e = _marked(example)
    doc = extract(text)
    for rec in doc.records:
        if rec.start == s and rec.end == e:
            return True, rec.indicator
    return False, None


@pytest.mark.parametrize("ind_id,example", _cases("examples"))
def test_pipeline_links_example(ind_id: str, example: str) -> None:
    found, got = _pipeline_indicator(example)
    assert found, f"no record spans the marked numeral of {example!r}"
    assert got == ind_id


@pytest.mark.parametrize("ind_id,example", _cases("negatives"))
def test_pipeline_rejects_negative(ind_id: str, example: str) -> None:
    found, got = _pipeline_indicator(example)
    assert found, f"no record spans the marked numeral of {example!r}"
    assert got != ind_id

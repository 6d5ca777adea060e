"""Extractor: the pipeline from a document's text to its quantity records.

Stages, in the order of data flow (one module each): normalisation (NFC),
numerals, exclusion, segmentation, unit, indicator (a clause's trigger, else its
sentence's topic), role / cumulative, period, location; then, over a sentence's figures,
``a/b`` pairs, planned lists and breakdown parents (within a sentence, and from a sentence
that opens with ``Trong đó`` to the one before it); last, headline figures take the
period of their recurrence.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Iterator, Mapping, Optional, Union

import regex

from vnextract.stages.exclusions import Excluder, ZoneIndex
from vnextract.stages.indicators import IndicatorLinker, TriggerHit
from vnextract.structure.places import Gazetteer, Place
from vnextract.schema import Document, Record
from vnextract.stages.numerals import Numeral, NumeralFinder
from vnextract.rules import alternation, load_wordlists
from vnextract.structure.times import PeriodResolver, document_period, frame
from vnextract.stages.roles import RoleClassifier
from vnextract.structure.segmentation import Segmenter
from vnextract.stages.units import UnitResolver

DocInput = Union[str, Mapping[str, Any], Document]

_CLAUSE_BREAK = regex.compile(r"[;:\n]|(?<!\d)\s[-–]\s(?!\d)|\.\s")
_OVER_DENOMINATOR = regex.compile(r"\s*/\s*\d[\d.,]*")
_MONEY_OF = regex.compile(
    r"[^\d;.]{0,60}?(?:với|,)\s*(?:tổng\s+)?(?:kinh\s+phí|trị\s+giá|số\s+tiền|vốn\s+đăng\s+ký|"
    r"tổng\s+vốn\s+đăng\s+ký|mức\s+đầu\s+tư)[^\d;.]{0,25}?", regex.I)
_LIST_GAP = regex.compile(r"[^\d.;:()%]{0,60}?(?:,|\svà)\s*")
_PAIR_SLASH = regex.compile(r"\s*/\s*$")
_TARGET_AFTER = regex.compile(r"^\s*(?:\S+\s+){0,1}?(?:chỉ\s+tiêu|kế\s+hoạch|KH)\b", regex.I)
_NATIONAL = regex.compile(r"\b(?:cả\s+nước|toàn\s+quốc|nước\s+ta)\b", regex.I)
_MONEY_SCALES = {"tỷ", "tỉ", "nghìn tỷ", "ngàn tỷ", "nghìn tỉ", "ngàn tỉ"}


@dataclass
class _Draft:
    num: Numeral
    sent: tuple[int, int]
    clause: tuple[int, int]
    unit: Optional[str] = None
    indicator: Optional[str] = None
    indicator_text: Optional[str] = None
    role: str = "actual"
    parent: Optional[int] = None
    period: Optional[str] = None
    period_source: str = "document"  # sentence, paragraph, carried, document, standing or repeat
    location: Optional[str] = None
    cumulative: bool = False
    own_trigger: bool = False  # the trigger follows the figure ("1 bệnh nhân tử vong")
    trigger_start: Optional[int] = None  # where the trigger the indicator came from starts
    denominator: bool = False  # the plan b of "a/b chỉ tiêu"
    rules: list[str] = field(default_factory=list)


def _future(period: Optional[str], published: Optional[str]) -> bool:
    """A figure for a period that starts after publication is a plan (``đến năm 2030``)."""
    if not period or not published or not published[:4].isdigit():
        return False
    m = regex.search(r"(?<!\.\./)\b((?:19|20)\d{2})", period)
    return m is not None and not period.startswith("..") and int(m.group(1)) > int(published[:4])


class Extractor:
    """Loads the rules and models once; ``__call__`` one document, ``pipe`` many."""

    def __init__(self, model: Optional[Any] = None) -> None:
        """``model``: an optional statistical component with ``apply(doc) -> Document``
        (see :mod:`vnextract.stats.classifier`), run after the rules; records it changes say so in
        ``source``."""
        self.model = model
        self.segmenter = Segmenter()
        self.numerals = NumeralFinder()
        self.excluder = Excluder()
        self.units = UnitResolver()
        self.linker = IndicatorLinker()
        self.roles = RoleClassifier()
        self.periods = PeriodResolver()
        self.gazetteer = Gazetteer()
        breakdowns = load_wordlists("breakdowns")
        cues, opening = breakdowns["breakdown"].words, breakdowns["across_sentences"].words
        self.breakdown_re = regex.compile(r"^[^\d;]{0,40}?" + alternation(cues, spaces=True) + r"\b", regex.I)
        self.opens_breakdown = regex.compile(r"\W*" + alternation(opening, spaces=True) + r"\b", regex.I)

    # ------------------------------------------------------------------ API
    def __call__(
        self,
        text: str,
        *,
        published: Optional[str] = None,
        title: Optional[str] = None,
        doc_id: Optional[str] = None,
        url: Optional[str] = None,
    ) -> Document:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        text = unicodedata.normalize("NFC", text)
        doc_location = self.gazetteer.document_location(text, title) if text.strip() else None
        records = self._records(text, published, doc_location) if text.strip() else []
        doc = Document(
            doc_id=doc_id, title=title, published=published, location=doc_location,
            url=url, text=text, records=records,
        )
        return self.model.apply(doc) if self.model is not None and records else doc

    def pipe(self, items: Iterable[DocInput]) -> Iterator[Document]:
        """Documents for texts, mappings ``{text, published?, title?, doc_id?, url?}`` or Documents."""
        for item in items:
            if isinstance(item, str):
                yield self(item)
            elif isinstance(item, Document):
                yield self(item.text, published=item.published, title=item.title,
                           doc_id=item.doc_id, url=item.url)
            else:
                yield self(str(item["text"]), published=item.get("published"),
                           title=item.get("title"), doc_id=item.get("doc_id"), url=item.get("url"))

    # ------------------------------------------------------------ pipeline
    def _records(self, text: str, published: Optional[str], doc_location: Optional[str]) -> list[Record]:
        zones = ZoneIndex(self.excluder.zones(text))
        nums = [n for n in self.numerals.find(text) if zones.hit(n.start, n.end) is None]
        if not nums:
            return []
        sentences = self.segmenter.sentences(text)
        sent_starts = [s for s, _ in sentences]
        ref = self.periods.reference(published, text)
        times = self.periods.find(text, ref)
        places = self.gazetteer.find(text)
        doc_period = document_period(text, times, ref)
        framing = [t for t in times if not t.signed]  # a signing date frames no figure

        drafts: list[_Draft] = []
        by_sentence: dict[tuple[int, int], list[int]] = {}
        for n in nums:
            i = bisect_right(sent_starts, n.start) - 1
            sent = sentences[i] if i >= 0 and sentences[i][1] >= n.end else (n.start, n.end)
            clause = self._clause(text, sent, n)
            by_sentence.setdefault(sent, []).append(len(drafts))
            drafts.append(_Draft(num=n, sent=sent, clause=clause))

        for sent, idx in by_sentence.items():
            tokens = self.segmenter.words(text, sent[0], sent[1])
            hits = self.linker.hits(text, sent[0], sent[1])
            for k, di in enumerate(idx):
                d = drafts[di]
                nxt = drafts[idx[k + 1]].num.start if k + 1 < len(idx) else None
                self._unit(text, d, tokens)
                self._indicator(text, d, hits, nxt)
                self._role(text, d)
                d.cumulative = self.roles.cumulative(text[d.sent[0] : d.num.start])
                d.period, d.period_source = frame(text, d.sent, d.num.start, d.num.end, framing, doc_period)
                if d.period_source != "sentence" and self.periods.standing(text, d.clause[0], d.num.start):
                    d.period, d.period_source = None, "standing"
                if d.role == "actual" and d.period_source in ("sentence", "paragraph") and _future(d.period, published):
                    d.role = "target"
                    d.rules.append("future-period")
                d.location = self._location(text, d, places, doc_location)
            self._money_of_counts(text, [drafts[i] for i in idx])
            self._pairs(text, [drafts[i] for i in idx], idx)
            self._enumerations(text, [drafts[i] for i in idx])
            self._breakdowns(text, [drafts[i] for i in idx], idx)
        self._breakdowns_across(drafts, sentences, by_sentence, text)
        self._repeats(text, drafts)
        return self._to_records(text, drafts)

    def _repeats(self, text: str, drafts: list[_Draft]) -> None:
        """A figure with no time of its own (a headline, a caption, a restatement) takes the
        period of its recurrence where the text frames it: same unit, same indicator, equal
        value (or rounded, when it says "hơn", "gần"), another paragraph."""
        paras = [m.start() for m in regex.finditer(r"(?m)^(?=[^\S\n]*\S)", text)]
        para = [bisect_right(paras, d.sent[0]) - 1 for d in drafts]
        lead_end = paras[3] if len(paras) > 3 else len(text)  # headline, sapo, photo caption
        for i, d in enumerate(drafts):
            # a figure of a named indicator, or a sum of money, recurs as itself anywhere; other
            # figures (small counts and shares coincide by chance) only from the headline,
            # sapo or caption
            anywhere = d.indicator is not None or self.units.kind(d.num, d.unit) == "money"
            if d.period_source != "document" or d.unit is None or (not anywhere and d.num.start >= lead_end):
                continue
            for j, o in enumerate(drafts):
                if (para[j] == para[i] or o.period_source == "document"
                        or o.unit != d.unit or o.indicator != d.indicator):
                    continue
                a, b = d.num.value, o.num.value
                if a == b or (b and abs(a - b) / abs(b) < 0.03 and d.num.qualifier):
                    d.period, d.period_source = o.period, "repeat"
                    break

    def _clause(self, text: str, sent: tuple[int, int], n: Numeral) -> tuple[int, int]:
        start = sent[0]
        for m in _CLAUSE_BREAK.finditer(text, sent[0], n.start):
            start = m.end()
        m = _CLAUSE_BREAK.search(text, n.end, sent[1])
        return start, (m.start() if m else sent[1])

    def _unit(self, text: str, d: _Draft, tokens: list) -> None:  # type: ignore[type-arg]
        n = d.num
        if n.unit:
            d.unit = n.unit
            return
        unit = self.units.after(text, n.end, tokens)
        if unit is None:
            # "7,5/12 điểm", "5 hồ sơ/1 chỉ tiêu": the unit follows the denominator
            m = _OVER_DENOMINATOR.match(text, n.end)
            if m:
                unit = self.units.after(text, m.end(), tokens)
        if unit is None:
            unit = self.units.before(text[d.clause[0] : n.start])
        if unit is None and n.scale in _MONEY_SCALES | {"triệu"}:
            unit = "đồng"
        d.unit = unit

    def _indicator(self, text: str, d: _Draft, hits: list[TriggerHit], nxt: Optional[int]) -> None:
        hit = self.linker.choose(hits, d.num.start, d.num.end, d.unit, d.clause[0], d.clause[1], nxt)
        if hit is not None:
            d.indicator = hit.indicator
            d.indicator_text = text[hit.start : hit.end]
            d.rules.append(f"trigger:{hit.indicator}")
            d.own_trigger = hit.start >= d.num.end
            d.trigger_start = hit.start
        else:
            d.indicator_text = self.linker.fallback_text(text, d.clause[0], d.num.start)
            topic = self.linker.topic(hits, d.sent[0], d.clause[0], d.clause[1], d.unit)
            if topic is not None:
                d.indicator = topic.indicator
                d.rules.append(f"topic:{topic.indicator}")

    def _role(self, text: str, d: _Draft) -> None:
        masked, _ = self.roles.masked(
            text, d.num.start, d.num.end, d.clause[0], d.clause[1], d.num.kind == "percent"
        )
        d.role = self.roles.role(masked)

    def _location(self, text: str, d: _Draft, places: list[Place], doc_location: Optional[str]) -> Optional[str]:
        s0 = d.clause[0]
        near = [p for p in places if s0 <= p.start and p.end <= d.num.start]
        if near:
            p = near[-1]
            written = " ".join(text[p.start : p.end].split())
            # a region "by its name as written" (FORMAT.md 3.8), unless abbreviated (ĐBSCL)
            return written if p.level == "region" and " " in written else p.name
        if _NATIONAL.search(text, s0, d.num.start):
            return "Việt Nam"
        return doc_location

    def _pairs(self, text: str, ds: list[_Draft], idx: list[int]) -> None:
        """``a/b noun``: b is a target when a plan follows, else the whole of a (FORMAT.md 3.9)."""
        for a, b, ib in zip(ds, ds[1:], idx[1:]):
            if not _PAIR_SLASH.match(text[a.num.end : b.num.start]) or b.num.kind != "number":
                continue
            if a.num.kind != "number":
                continue
            a.unit = b.unit
            a.indicator, a.indicator_text = b.indicator or a.indicator, b.indicator_text or a.indicator_text
            if _TARGET_AFTER.match(text[b.num.end : b.num.end + 30]):
                b.role, a.role = "target", "actual"
                b.denominator = True
            else:
                a.parent = ib
                a.role = "actual"

    def _money_of_counts(self, text: str, ds: list[_Draft]) -> None:
        """Money that prices the figure before it takes that figure's indicator (``3.100 ngôi
        nhà tình nghĩa với tổng kinh phí 80 tỷ đồng``); public money for uncatalogued counts
        is spending."""
        for a, b in zip(ds, ds[1:]):
            if (self.units.kind(b.num, b.unit) != "money" or self.units.kind(a.num, a.unit) == "money"
                    or a.clause != b.clause):
                continue
            if not _MONEY_OF.fullmatch(text[a.num.end : b.num.start]):
                continue
            b.indicator = a.indicator or "economy.budget_spending"
            b.rules.append("money-of-count")

    def _enumerations(self, text: str, ds: list[_Draft]) -> None:
        """A planned figure heading a list makes the list planned (``dự kiến tuyển 105.000
        cháu vào lớp nhà trẻ, 452.000 học sinh vào lớp mẫu giáo``)."""
        for a, b in zip(ds, ds[1:]):
            if (a.role == "target" and b.role == "actual" and a.clause == b.clause
                    and self.units.kind(a.num, a.unit) == self.units.kind(b.num, b.unit)
                    and _LIST_GAP.fullmatch(text[a.num.end : b.num.start])):
                b.role = "target"
                b.rules.append("enumeration")

    def _breakdowns(self, text: str, ds: list[_Draft], idx: list[int]) -> None:
        """Parts after ``trong đó`` / ``gồm`` get the whole as parent and inherit its indicator.

        The whole is the nearest actual figure before the cue of the same kind as the
        first part (``1.185/8.000 chỉ tiêu, đạt 14,8%, trong đó ... 1.115`` -> 1.185).
        """
        for k in range(len(ds) - 1):
            gap = text[ds[k].num.end : ds[k + 1].num.start]
            if not self.breakdown_re.search(gap):
                continue
            first = ds[k + 1]
            kind = self.units.kind(first.num, first.unit)
            wholes = [j for j in range(k, -1, -1) if self._may_be_whole(ds[j], kind)]
            if not wholes:
                continue
            self._attach(ds[wholes[0]], idx[wholes[0]], ds[k + 1 :], kind)

    def _breakdowns_across(
        self, drafts: list[_Draft], sentences: list[tuple[int, int]], by_sentence: dict[tuple[int, int], list[int]],
        text: str,
    ) -> None:
        """A sentence that opens with ``Trong đó`` breaks down a figure of the sentence before it
        (the nearest one of the same kind as its first part)."""
        for prev, cur in zip(sentences, sentences[1:]):
            if cur not in by_sentence or prev not in by_sentence or not self.opens_breakdown.match(text, cur[0]):
                continue
            parts = [drafts[j] for j in by_sentence[cur]]
            kind = self.units.kind(parts[0].num, parts[0].unit)
            wholes = [j for j in reversed(by_sentence[prev]) if self._may_be_whole(drafts[j], kind)]
            wholes.sort(key=lambda j: drafts[j].role != "actual")  # an actual figure before a plan
            if wholes:
                self._attach(drafts[wholes[0]], wholes[0], parts, kind)

    def _may_be_whole(self, d: _Draft, kind: str) -> bool:
        return (d.role in ("actual", "target") and d.parent is None and not d.denominator
                and self.units.kind(d.num, d.unit) == kind)

    def _attach(self, whole: _Draft, iw: int, parts: list[_Draft], kind: str) -> None:
        for part in parts:
            if self.units.kind(part.num, part.unit) != kind or part.role not in ("actual", whole.role):
                break
            if kind != "percent" and part.num.value > whole.num.value:
                break  # a part is no larger than its whole
            if part.parent is None:
                part.parent = iw
                part.role = whole.role  # the parts of a plan are planned too
                # a part whose own words name another indicator keeps it (FORMAT.md 3.3)
                own_words = part.trigger_start is not None and part.trigger_start >= whole.num.end
                if whole.indicator and not own_words:
                    part.indicator = whole.indicator
                part.rules.append("breakdown")

    def _to_records(self, text: str, drafts: list[_Draft]) -> list[Record]:
        order = sorted(range(len(drafts)), key=lambda i: drafts[i].num.start)
        ids = {di: f"q{k + 1}" for k, di in enumerate(order)}
        out = []
        for di in order:
            d = drafts[di]
            n = d.num
            out.append(Record(
                id=ids[di], start=n.start, end=n.end, text=text[n.start : n.end], value=n.value,
                value_max=n.value_max, unit=d.unit, indicator=d.indicator,
                indicator_text=d.indicator_text, role=d.role, qualifier=n.qualifier,
                period=d.period, cumulative=d.cumulative, location=d.location,
                parent=ids.get(d.parent) if d.parent is not None else None,
                kind=self.units.kind(n, d.unit),
                rule=",".join([*d.rules, f"period:{d.period_source}"]), sentence_start=d.sent[0],
                sentence_end=d.sent[1],
            ))
        return out


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """A shared Extractor for :func:`vnextract.extract` (built on first use)."""
    return Extractor()

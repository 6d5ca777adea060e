"""Location stage: the place the document reports on and the place each figure covers
(FORMAT.md 1 and 3.8), chosen among the place mentions of the document structure
(:mod:`vnextract.structure.places`).

The document's place is the most-mentioned province (the headline and the lead weigh more),
``Việt Nam`` for national news, else None.  A figure takes the last place named before it in
its clause (a region by its name as written), else the document's; none when the last place
named before it is a group of several provinces (:mod:`vnextract.structure.place_groups`).
"""

from __future__ import annotations

from collections import Counter

import regex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

from vnextract.rules import alternation
from vnextract.stages.span_matches import SpanMatches
from vnextract.stages.district_default import one_district
from vnextract.stages.place_anaphors import district_before, province_before
from vnextract.structure.place_groups import PlaceGroups
from vnextract.structure.place_index import OneNameIndex
from vnextract.structure.place_rules import load_locations_config
from vnextract.structure.places import Gazetteer, Place

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis, Quantity
    from vnextract.structure.document import DocumentStructure

# weights of the document's location
_W_TITLE, _W_LEAD, _W_BODY = 3.0, 2.0, 1.0
_W_UNCERTAIN = 0.4
_W_DISTRICT = 0.5  # a district mention counts this much for its province
_W_NATIONAL_CUE = 0.3
_OPENING = 60  # characters of the lead read for its opening actor


# characters of a heading before the colon that follows the place it names
SECTION_PLACE_CHARS = 40


@dataclass(frozen=True)
class DocumentCues:
    """What tells the place a document reports on (``patterns/locations.yml``)."""

    national_cues: tuple[str, ...]
    national_law: tuple[str, ...]
    actors: regex.Pattern[str]  # a provincial body right before a place ("Sở Y tế Yên Bái")
    national: regex.Pattern[str]  # a national body ("Bộ Giáo dục và Đào tạo")
    province_anaphor: regex.Pattern[str]  # "toàn tỉnh": the province named before
    district_anaphor: regex.Pattern[str]  # "toàn huyện": the district named before
    address_gap: regex.Pattern[str]  # between a district and its province ("huyện Vụ Bản, tỉnh Nam Định")
    after_open: regex.Pattern[str]  # between a figure and a place in parentheses ("58% (Bắc Giang)")
    after_close: regex.Pattern[str]
    venue_before: regex.Pattern[str]  # "tại Cao Bằng, Bộ Y tế tổ chức ...": a venue, not a subject
    venue_after: regex.Pattern[str]
    address_before: regex.Pattern[str]  # "tại Nhà Quốc hội (Ba Đình, Hà Nội)": a building's address
    address_after: regex.Pattern[str]
    ranked: regex.Pattern[str]  # "tăng mạnh nhất ở tỉnh Đắk Nông": a ranking's member, no paragraph's place
    foreign: regex.Pattern[str]  # a foreign country's name ("Ấn Độ", "Hạ viện Anh")
    foreign_names: dict[str, str]  # surface -> the country's name

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> "DocumentCues":
        actors = alternation(gazetteer.provincial_actors)
        cfg = load_locations_config()
        foreign = cfg.foreign_countries.names()
        return cls(gazetteer.national_cues, gazetteer.national_law,
                   regex.compile(rf"(?:\b(?:{actors})\b[^,.;]{{0,25}}|\b(?:tỉnh|thành phố|TP\.?)\s*)$"),
                   regex.compile(rf"\b(?:{alternation(gazetteer.national_actors)})\b"),
                   regex.compile(rf"\b(?:{alternation(gazetteer.province_anaphors)})\b"),
                   regex.compile(rf"(?<!\w)(?:{alternation(gazetteer.district_anaphors)})(?!\w)"),
                   regex.compile(cfg.district_address.gap), regex.compile(cfg.place_after.before),
                   regex.compile(cfg.place_after.after), regex.compile(cfg.venue.before),
                   regex.compile(cfg.venue.after.replace("{NATIONAL}", alternation(gazetteer.national_actors))),
                   regex.compile(cfg.venue_address.before), regex.compile(cfg.venue_address.after),
                   regex.compile(cfg.ranked_place.before),
                   regex.compile(rf"(?<!\w)(?:{alternation(foreign)})(?!\w)"), foreign)


@dataclass
class _Tally:
    scores: Counter[str] = field(default_factory=Counter)
    national: float = 0.0
    title_provinces: int = 0
    lead_levels: set[str] = field(default_factory=set)

    def add(self, p: Place, weight: float, in_title: bool) -> None:
        if not p.certain:
            weight *= _W_UNCERTAIN
        if p.level == "province":
            self.scores[p.name] += weight
            self.title_provinces += in_title
        elif p.level == "district" and p.province:
            self.scores[p.province] += weight * _W_DISTRICT
            self.title_provinces += in_title
        elif p.level == "country":
            self.national += weight


def venue_addresses(st: "DocumentStructure", cues: "DocumentCues") -> frozenset[Place]:
    """The places that are the address in parentheses of the building an event is held in
    (``venue_address`` of locations.yml), found once per document."""
    return frozenset(p for p in st.places if cues.address_before.search(st.text[max(0, p.start - 60) : p.start])
                     and cues.address_after.match(st.text[p.end : p.end + 40]))


def _tally(st: "DocumentStructure", cues: "DocumentCues") -> _Tally:
    """Place mentions weighted by where they stand: headline, lead or body (a venue apart)."""
    lay = st.layout
    t = _Tally()
    title_line_end = lay.title_line[1] if lay.title_line else -1
    addresses = venue_addresses(st, cues)
    for p in st.places:
        if p.end <= title_line_end:
            continue  # the title is counted once, from the title
        if p in addresses or (cues.venue_before.search(st.text[max(0, p.start - 60) : p.start])
                              and cues.venue_after.match(st.text[p.end : p.end + 40])):
            continue  # a venue ("tại Cao Bằng, Bộ Y tế …") or its address
        in_lead = lay.lead[0] <= p.start < lay.lead[1]
        if in_lead:
            t.lead_levels.add(p.level)
        t.add(p, _W_LEAD if in_lead else _W_BODY, False)
    for p in st.title_places:
        t.add(p, _W_TITLE, True)
    return t


def _subject(st: "DocumentStructure", cues: DocumentCues) -> Optional[str]:
    """The place the headline or the lead names as the document's subject (notes/frames.md):
    the one province the headline names; else a provincial actor the lead opens with (``Sở Y
    tế Yên Bái vừa ...``, ``UBND tỉnh Hà Nam ...``); else, when the headline names no province,
    the country for a national body the lead opens with (``Bộ Giáo dục và Đào tạo công bố``)."""
    title_provinces = {p.province or p.name for p in st.title_places if p.level in ("province", "district")}
    if len(title_provinces) == 1 and not any(p.level == "country" for p in st.title_places):
        return title_provinces.pop()
    lead0, lead1 = st.layout.lead
    opening = min(lead1, lead0 + _OPENING)
    first = next((p for p in st.places if lead0 <= p.start < opening), None)
    national = cues.national.search(st.text, lead0, first.start if first else opening)
    if first is not None and first.level in ("province", "district"):
        if cues.actors.search(st.text, max(lead0, first.start - 30), first.start) and not national:
            return first.province or first.name
    if national and not title_provinces and _on_no_one_place(st, cues):
        return "Việt Nam"
    return None


def _on_no_one_place(st: "DocumentStructure", cues: DocumentCues) -> bool:
    """The lead reports on no one place: it names no region, no province with its actor or
    prefix (``UBND tỉnh Hưng Yên``), and not exactly one province."""
    lead0, lead1 = st.layout.lead
    places = [p for p in st.places if lead0 <= p.start < lead1]
    if any(p.level == "region" for p in places):
        return False
    local = [p for p in places if p.level in ("province", "district")]
    if any(cues.actors.search(st.text, max(lead0, p.start - 30), p.start) for p in local):
        return False
    return len({p.province or p.name for p in local}) != 1


def _foreign_subject(st: "DocumentStructure", cues: DocumentCues) -> Optional[str]:
    """The foreign country the headline names, when the headline and the lead name no
    Vietnamese place and not Việt Nam (``foreign_countries`` of locations.yml)."""
    m = cues.foreign.search(st.title or "")
    if m is None or st.title_places or any(p.start < st.layout.lead[1] for p in st.places):
        return None
    return cues.foreign_names[m.group(0)]


def document_location(st: "DocumentStructure", cues: DocumentCues) -> Optional[str]:
    """The place the document reports on: its subject (:func:`_subject`), else the most-mentioned
    province, ``Việt Nam`` when the country outweighs it (or the lead speaks of the whole country
    and names no province while the title names none), else None."""
    abroad = _foreign_subject(st, cues)
    if abroad is not None:
        return abroad
    subject = _subject(st, cues)
    if subject is not None:
        return subject
    t = _tally(st, cues)
    t.national += _W_NATIONAL_CUE * sum(st.text.count(c) for c in cues.national_cues)
    if not t.title_provinces and "country" in t.lead_levels and not t.lead_levels & {"province", "district"}:
        return "Việt Nam"
    if not t.scores:
        return "Việt Nam" if t.national > 0 or any(w in st.text for w in cues.national_law) else None
    ranked = t.scores.most_common(2)
    top, top_score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if t.national >= top_score or (second >= 0.8 * top_score and t.national > 0):
        return "Việt Nam"
    return top


def _name(st: "DocumentStructure", p: Place) -> str:
    """A region by its name as written (FORMAT.md 3.8, unless abbreviated: ĐBSCL), else the
    place's canonical name."""
    written = " ".join(st.text[p.start : p.end].split())
    return written if p.level == "region" and " " in written else p.name


def _addressed(st: "DocumentStructure", near: list[Place], cues: DocumentCues) -> Place:
    """The last place named before a figure, or the district an address names with its province
    right after it (``huyện Vụ Bản, tỉnh Nam Định``: ``district_address`` of locations.yml)."""
    last = near[-1]
    if len(near) < 2 or last.level != "province":
        return last
    prev = near[-2]
    if prev.level == "district" and prev.province == last.name and cues.address_gap.fullmatch(st.text, prev.end, last.start):
        return prev
    return last


def _in_parentheses_after(st: "DocumentStructure", q: "Quantity", cues: DocumentCues) -> Optional[Place]:
    """A place in parentheses right after the figure (``place_after`` of locations.yml)."""
    for p in st.places_between(q.num.end, min(q.sent[1], q.num.end + 40))[:1]:
        if (p.level in ("province", "district") and cues.after_open.fullmatch(st.text, q.num.end, p.start)
                and cues.after_close.match(st.text, p.end)):
            return p
    return None


def figure_location(st: "DocumentStructure", q: "Quantity", doc_location: Optional[str],
                    cues: DocumentCues, paragraph: OneNameIndex,
                    groups: Optional[tuple[PlaceGroups, list[tuple[int, int]]]] = None,
                    anaphors: Optional[tuple[SpanMatches, SpanMatches]] = None) -> Optional[str]:
    """None when a group of places is the figure's (:mod:`vnextract.structure.place_groups`,
    ``groups``: the rules and the document's groups; ``anaphors``: the ``toàn tỉnh`` and ``toàn
    huyện`` cues of its sentence, read once; ``paragraph``: :func:`paragraph_places`); else the last place named before the figure in its sentence (``Hưng Yên: 617 nhà``; not in an
    earlier item of a list, after a ``;``), else the one place its paragraph names before the
    figure's sentence (``Hưng Yên: 617 nhà bị tốc mái ... Toàn tỉnh đang vận hành 42 trạm bơm``;
    ``xã Phù Việt (Thạch Hà) ... Như mọi năm 2 sào lúa ...``), a photo caption's place apart,
    else the place that heads its section (:func:`_section_place`), else the document's."""
    if groups is not None:
        rules, spans = groups
        if rules.covers(st.text, spans, q.sent, q.num.start, st.places_between(q.sent[0], q.num.start)):
            return None
    after = _in_parentheses_after(st, q, cues)
    if after is not None:
        return _name(st, after)
    item = max(q.sent[0], st.text.rfind(";", q.sent[0], q.num.start) + 1)  # not across a list item
    near = st.places_between(item, q.num.start)
    if near:
        return _name(st, _addressed(st, near, cues))
    province_cues, district_cues = anaphors if anaphors is not None else (None, None)
    anaphor = (district_before(st, q, cues.district_anaphor, item, district_cues)
               or province_before(st, q, cues.province_anaphor, item, doc_location, province_cues))
    if anaphor is not None:
        return anaphor
    # a paragraph that names one place before the figure's sentence, else the place that heads its
    # section (a heading line "Hưng Yên: Hơn 2.200 cây xanh đổ" of a roundup), else the document's
    return paragraph.only_name(st.line_start(q.sent[0]), q.sent[0]) or _section_place(st, q, paragraph) or doc_location


def _section_place(st: "DocumentStructure", q: "Quantity", paragraph: OneNameIndex) -> Optional[str]:
    """The one place named before the colon that opens the heading of the figure's section (its
    own line when that is a heading: ``Các địa phương còn lại: 15 ca`` names none)."""
    heading = st.layout.heading_before(q.sent[0])
    if heading is None:
        return None
    colon = st.text.find(":", heading[0], min(heading[1], heading[0] + SECTION_PLACE_CHARS))
    return paragraph.only_name(heading[0], colon) if colon > heading[0] else None


def paragraph_places(st: "DocumentStructure", cues: "DocumentCues", venues: frozenset[Place]) -> OneNameIndex:
    """The places of the document outside photo captions and venues' addresses (``venues``),
    by their names."""
    captions = st.caption_places
    return OneNameIndex((p for p in st.places if p not in captions and p not in venues
                         and not cues.ranked.search(st.text, max(0, p.start - 30), p.start)),
                        lambda p: _name(st, p))


class LocationStage:
    """Sets the document's location and every quantity's."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.cues = DocumentCues.of(gazetteer)
        self.groups = PlaceGroups.load()

    def __call__(self, doc: "Analysis") -> None:
        st = doc.structure
        groups = (self.groups, self.groups.spans(st.text, st.places))
        # a document on one district of its province gives that district to its figures
        venues = venue_addresses(st, self.cues)
        default = (one_district(st, venues, self.cues.address_gap, doc.location) if doc.location else None) or doc.location
        # the "toàn tỉnh" and "toàn huyện" of each sentence, read once
        anaphors: dict[tuple[int, int], tuple[SpanMatches, SpanMatches]] = {}
        paragraph = paragraph_places(st, self.cues, venues)
        for q in doc.quantities:
            if q.sent not in anaphors:
                anaphors[q.sent] = (SpanMatches(self.cues.province_anaphor, st.text, q.sent[0], q.sent[1]),
                                    SpanMatches(self.cues.district_anaphor, st.text, q.sent[0], q.sent[1]))
            q.location = figure_location(st, q, default, self.cues, paragraph, groups, anaphors[q.sent])

    def document(self, st: "DocumentStructure") -> Optional[str]:
        return document_location(st, self.cues) if st.text.strip() else None

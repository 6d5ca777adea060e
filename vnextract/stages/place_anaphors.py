"""Anaphors of the location stage: ``toàn tỉnh`` and ``toàn huyện`` before a figure refer back
to the province or district the text named last (``patterns/locations.yml``:
``province_anaphors``, ``district_anaphors``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import regex

from vnextract.stages.span_matches import SpanMatches

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Quantity
    from vnextract.structure.document import DocumentStructure


def _anaphor_before(st: "DocumentStructure", q: "Quantity", cue: regex.Pattern[str], item: int,
                    anaphors: Optional[SpanMatches]) -> bool:
    """Does an anaphor stand in the figure's list item before it (``anaphors``: its sentence's,
    read once; else the item is read now)?"""
    if anaphors is None:
        anaphors = SpanMatches(cue, st.text, item, q.num.start)
    return anaphors.any_between(item, q.num.start)


def province_before(st: "DocumentStructure", q: "Quantity", cue: regex.Pattern[str], item: int,
                    doc_location: Optional[str], anaphors: Optional[SpanMatches] = None) -> Optional[str]:
    """The province a ``toàn tỉnh`` before the figure refers back to, in a document on no one
    province: the last one named before the figure's sentence (a caption's apart)."""
    if doc_location is not None and doc_location in st.builder.gazetteer.provinces:
        return None
    if not _anaphor_before(st, q, cue, item, anaphors):
        return None
    for p in reversed(st.places_between(0, q.sent[0])):
        if p.level in ("province", "district") and p not in st.caption_places:
            return p.province or p.name
    return None


def district_before(st: "DocumentStructure", q: "Quantity", cue: regex.Pattern[str], item: int,
                    anaphors: Optional[SpanMatches] = None) -> Optional[str]:
    """The district a ``toàn huyện`` / ``quận này`` before the figure refers back to: the last
    district named before the figure's sentence (a caption's apart)."""
    if not _anaphor_before(st, q, cue, item, anaphors):
        return None
    for p in reversed(st.places_between(0, q.sent[0])):
        if p.level == "district" and p not in st.caption_places:
            return p.name
    return None

"""The district a document on one district of its province is about: the default location of
its figures (FORMAT.md 3.8), read by the location stage (:mod:`vnextract.stages.locations`)
where no closer place frames a figure; ``address_gap`` is ``district_address.gap`` of
``patterns/locations.yml`` (``huyện Vụ Bản, tỉnh Nam Định``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import regex

from vnextract.structure.places import Place

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.structure.document import DocumentStructure


def one_district(
    st: "DocumentStructure", venues: frozenset[Place], address_gap: regex.Pattern[str], province: str
) -> Optional[str]:
    """The district a document on ``province`` is about, the default of its figures (FORMAT.md
    3.8; the document's own location stays its province): the only district the text names,
    named as a district (``huyện …``, ``thị trấn Phố Châu (Hương Sơn)``) and in the headline or
    lead, and no other province; the province itself, but for the headline and the district's
    address (``thị xã Từ Sơn, tỉnh Bắc Ninh``), is not the subject of the lead (``Theo Ban An
    toàn giao thông TP. Cần Thơ, …``) nor named more often than the district."""
    local = [p for p in st.places if p.level in ("province", "district") and p not in venues]
    districts = [p for p in local if p.level == "district"]
    names = {p.name for p in districts}
    if len(names) != 1 or not any(p.certain for p in districts) or districts[0].province != province:
        return None
    provinces = [p for p in local if p.level == "province"]
    if any(p.name != province for p in provinces):
        return None
    lead1, title = st.layout.lead[1], st.layout.title_line
    in_title = (lambda p: title[0] <= p.start < title[1]) if title else (lambda p: False)
    named = [p for p in provinces if not in_title(p) and not _addresses(st, p, districts, address_gap)]
    if len(named) > len(districts) or any(p.start < lead1 for p in named):
        return None
    return names.pop() if st.title_places or any(p.start < lead1 for p in districts) else None


def _addresses(
    st: "DocumentStructure", province: Place, districts: list[Place], address_gap: regex.Pattern[str]
) -> bool:
    """Is ``province`` named as the address of a district right before it?"""
    return any(d.end <= province.start and address_gap.fullmatch(st.text, d.end, province.start)
               for d in districts)

"""Places: Vietnamese provinces, cities, districts, regions and the country (FORMAT.md 3.8).

The administrative units come from the ``vietnamadminunits`` package, which ships an
SQLite file with the 63 pre-2025 provinces and their districts and the 34 provinces
after the July 2025 merger (read offline, nothing is downloaded).  Aliases, regions,
prefixes and national cues live in ``patterns/locations.yml``.

All surface forms are joined into one compiled alternation (a factorised trie), so
:meth:`Gazetteer.find` is one regex scan plus a linear pass over the matches.  Which place a
figure or the document reports on is the locations stage's decision
(:mod:`vnextract.stages.locations`).

>>> g = Gazetteer()
>>> [(p.name, p.level) for p in g.find("Toàn tỉnh Lai Châu, huyện Tam Đường có 12 xã.")]
[('Lai Châu', 'province'), ('Tam Đường', 'district')]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal, Optional

import regex

from vnextract.structure.admin_units import load_admin_units, tone_variants, trie_pattern
from vnextract.structure.place_rules import Level, LocationsConfig, load_locations_config

PrefixClass = Literal["province", "city", "district"]

_PREV_WORD = regex.compile(r"(\p{Lu}\p{Ll}*)$")
_MAX_PREFIX = 16  # characters looked back for a prefix (``thành phố`` + spaces)


@dataclass(frozen=True, slots=True)
class Place:
    """One place mention: ``text[start:end]`` is the name (prefix excluded)."""

    start: int
    end: int
    name: str
    level: str
    province: Optional[str]
    certain: bool


@dataclass(frozen=True, slots=True)
class _Cand:
    name: str
    level: Level
    province: Optional[str]  # for a district: its pre-2025 province
    certain: bool
    central_city: bool = False  # a province that is a centrally-run city (thành phố trực thuộc TW)


def _case_variants(alias: str) -> set[str]:
    """``cả nước`` -> {``cả nước``, ``Cả nước``} (sentence-initial capital)."""
    return {alias, alias[:1].upper() + alias[1:], alias[:1].lower() + alias[1:]}


class Gazetteer:
    """Finds place mentions and the place a document reports on."""

    def __init__(self, config: LocationsConfig | None = None) -> None:
        cfg = config or load_locations_config()
        provinces, districts, post = load_admin_units()
        self.provinces: frozenset[str] = frozenset(provinces)
        self.provinces_2025: frozenset[str] = frozenset(post)
        self._ambiguous = frozenset(cfg.ambiguous.words)
        self.national_cues = tuple(cfg.national_cues.words)
        self.national_law = tuple(cfg.national_law.words)
        self.provincial_actors = tuple(cfg.provincial_actors.words)
        self.national_actors = tuple(cfg.national_actors.words)
        self.province_anaphors = tuple(cfg.province_anaphors.words)
        self.district_anaphors = tuple(cfg.district_anaphors.words)
        self._person_words = frozenset(cfg.person_name_words.words)
        self._not_before: dict[str, tuple[str, ...]] = {n.name: tuple(n.before) for n in cfg.not_places}
        self._commune_paren = regex.compile(cfg.district_in_parentheses.before, regex.VERSION1 | regex.IGNORECASE)
        surfaces: dict[str, list[_Cand]] = defaultdict(list)

        def add(surface: str, cand: _Cand, *, any_case: bool = False) -> None:
            for tv in tone_variants(surface):
                for v in _case_variants(tv) if any_case else {tv}:
                    if cand not in surfaces[v]:
                        surfaces[v].append(cand)

        for short, central in provinces.items():
            add(short, _Cand(short, "province", None, short not in self._ambiguous, central))
        for dname, prov, _dtype in districts:
            numbered = dname.startswith("Quận ")  # "Quận 1" of Hồ Chí Minh: the name holds its prefix
            for surface in {dname, dname.lower()} if numbered else {dname}:
                add(surface, _Cand(dname, "district", prov, numbered))
        for e in cfg.entries:
            central = provinces.get(e.name, False)
            cand = _Cand(e.name, e.level, e.province, e.certain, central)
            lower_cue = e.level in ("country", "region")
            for s in [e.name, *e.aliases]:
                add(s, cand, any_case=lower_cue)
        self._surfaces: dict[str, tuple[_Cand, ...]] = {k: tuple(v) for k, v in surfaces.items()}

        self._prefix_class: dict[str, PrefixClass] = {}
        for cls_name in ("province", "city", "district"):
            for p in getattr(cfg.prefixes, cls_name):
                self._prefix_class[" ".join(p.lower().rstrip(".").split())] = cls_name  # type: ignore[assignment]
        pre_pat = "|".join(
            re.escape(p).replace(r"\ ", r"\s+") + (r"\s*" if p.endswith(".") else r"\s+")
            for p in sorted({*cfg.prefixes.province, *cfg.prefixes.city, *cfg.prefixes.district}, key=len, reverse=True)
        )
        # the stdlib engine runs this factorised alternation ~6x faster than `regex` does
        self._re = re.compile(rf"(?<!\w)(?:{trie_pattern(self._surfaces)})(?!\w)")
        self._pre_re = re.compile(rf"(?<!\w)(?i:{pre_pat})$")

    def _prefix_before(self, text: str, start: int) -> PrefixClass | None:
        m = self._pre_re.search(text, max(0, start - _MAX_PREFIX), start)
        if m is None:
            return None
        return self._prefix_class.get(" ".join(m.group().lower().split()).rstrip("."))

    def _lookup(self, surface: str) -> tuple[_Cand, ...]:
        return self._surfaces.get(surface) or self._surfaces.get(" ".join(surface.split()), ())

    @staticmethod
    def _resolve(cands: tuple[_Cand, ...], pre: PrefixClass | None) -> tuple[list[_Cand], bool]:
        """The candidates the prefix allows, and whether the mention is certain."""
        prov = [c for c in cands if c.level == "province"]
        dist = [c for c in cands if c.level == "district"]
        other = [c for c in cands if c.level in ("region", "country")]
        if pre == "province" and prov:
            return prov[:1], True
        if pre == "district" and dist:
            return dist, True
        if pre == "city" and (prov or dist):  # Hà Nội/Cần Thơ stay provinces; else the provincial city
            central = [c for c in prov if c.central_city]
            return (central[:1] or dist or prov[:1]), True
        if prov:
            return prov[:1], prov[0].certain
        if other:
            return other[:1], other[0].certain
        return dist, bool(dist) and dist[0].certain

    def find(self, text: str) -> list[Place]:
        """Place mentions in ``text`` (NFC), sorted and non-overlapping."""
        raw: list[tuple[int, int, list[_Cand], bool, bool]] = []
        matches = list(self._re.finditer(text))
        for i, m in enumerate(matches):
            if self._is_prefix_of_next(m, matches[i + 1] if i + 1 < len(matches) else None):
                continue  # "Thủ đô" in "Thủ đô Hà Nội" is the prefix of the next name
            pre = self._prefix_before(text, m.start())
            if pre is None and self._commune_paren.search(text, max(0, m.start() - 40), m.start()):
                pre = "district"  # "thị trấn Phố Châu (Hương Sơn)"
            cands, certain = self._resolve(self._lookup(m.group()), pre)
            if cands and (pre is not None or not self._not_a_place(text, m.start(), cands[0])):
                raw.append((m.start(), m.end(), cands, certain, pre is not None))
        starts = {r[0] for r in raw}
        province_counts = Counter(c[0].name for _s, _e, c, ok, _p in raw if c[0].level == "province" and ok)
        prefixed_districts = {
            c[0].name: self._district_province(c, province_counts)
            for _s, _e, c, _ok, pre in raw
            if pre and c[0].level == "district"
        }
        places: list[Place] = []
        for s, e, cands, certain, prefixed in raw:
            top = cands[0]
            if top.level == "district":
                province = self._district_province(cands, province_counts)
                if not prefixed and not certain:
                    # a bare district name counts once the text has named it with a prefix,
                    # or when it is a district of a province the text names
                    if top.name in prefixed_districts:
                        province = prefixed_districts[top.name]
                    elif province is None or not province_counts[province]:
                        continue
                places.append(Place(s, e, top.name, "district", province, certain))
                continue
            if not prefixed and self._glued_to_name(text, e, starts):
                if not certain:
                    continue  # a weak name inside a longer one: "Ngân hàng Sài Gòn Thương Tín"
                certain = False
            places.append(Place(s, e, top.name, top.level, top.province, certain))
        return places

    def _is_prefix_of_next(self, m: re.Match[str], nxt: re.Match[str] | None) -> bool:
        return (
            nxt is not None
            and " ".join(m.group().lower().split()) in self._prefix_class
            and m.string[m.end() : nxt.start()].isspace()
        )

    def _not_a_place(self, text: str, start: int, cand: _Cand) -> bool:
        """A bare name inside a person's name (``Trương Hòa Bình``) or after a blocking word."""
        before = text[max(0, start - 40) : start].rstrip()
        if before.endswith(self._not_before.get(cand.name, ())):
            return True
        if cand.level not in ("province", "district"):
            return False
        m = _PREV_WORD.search(before)
        return m is not None and m.group(1) in self._person_words and m.end() == len(before)

    @staticmethod
    def _district_province(cands: list[_Cand], province_counts: Counter[str]) -> str | None:
        provs = {c.province for c in cands}
        if len(provs) == 1:
            return next(iter(provs))
        seen = [p for p in provs if p is not None and province_counts[p]]
        return max(seen, key=lambda p: province_counts[p]) if seen else None

    _NEXT_CAP = regex.compile(r"[ \t]+(\p{Lu}\p{Ll}+)")

    def _glued_to_name(self, text: str, end: int, starts: set[int]) -> bool:
        """A bare name followed by a capitalised word is likely part of a longer name
        (``Sài Gòn Thương Tín``), unless that word starts another place or a person's
        name (``Cục trưởng Cục Thuế TPHCM Nguyễn Văn A``)."""
        m = self._NEXT_CAP.match(text, end)
        return m is not None and m.start(1) not in starts and m.group(1) not in self._person_words

"""The one harness for the rule files: every example and negative of every file of ``patterns/``
runs through the real pipeline (``Extractor.analyse``: the document structure and every stage)
and is checked on the figure its ``[marked]`` span names.

Each file has its own notion of what an example asserts (the indicator an entry names, the
role, the unit, the period, that a figure is dropped, ...): ``CASES`` maps every file to the
cases it contributes, so a new entry in any file is tested without touching this module, and a
new file fails :func:`test_every_pattern_file_is_covered` until it has a checker here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest

from vnextract.rules import load_indicators, load_wordlists, load_yaml, patterns_dir, split_marked
from vnextract.stages.base import Analysis, Quantity
from vnextract.stages.phrases import IndicatorTextFile
from vnextract.stages.frame_rules import FramesFile
from vnextract.stages.numerals import load_numeral_patterns
from vnextract.stages.relations import RelationsFile
from vnextract.stages.roles import RolesFile
from vnextract.stages.units import load_units_file
from vnextract.structure.layout import LayoutRules
from vnextract.structure.place_rules import load_locations_config
from vnextract.structure.times import load_period_file

Check = Callable[[Analysis, Optional[Quantity]], bool]


@dataclass(frozen=True)
class Case:
    file: str
    entry: str
    text: str  # with the numeral [marked], or plain when ``marked`` is False
    check: Check
    published: Optional[str] = None
    marked: bool = True
    overlap: bool = False  # the figure checked is any that overlaps the mark, not the one it spans
    found: bool = False  # look among the numerals found, excluded ones too (the numeral stage's output)

    @property
    def id(self) -> str:
        return f"{self.file}:{self.entry}:{self.text[:50]}"


def _q(check: Callable[[Quantity], bool]) -> Check:
    """A check of the marked figure, which must be found."""
    return lambda doc, q: q is not None and check(q)


def _pairs(file: str, entry: str, examples: list[Any], negatives: list[Any],
           yes: Check, no: Check, published: Optional[str] = None, **how: bool) -> Iterator[Case]:
    for ex in examples:
        yield Case(file, entry, getattr(ex, "text", ex), yes, getattr(ex, "published", published), **how)
    for ex in negatives:
        yield Case(file, entry, getattr(ex, "text", ex), no, getattr(ex, "published", published), **how)


# ------------------------------------------------------------------ per file
def _indicators() -> Iterator[Case]:
    for ind, e in load_indicators().items():
        yield from _pairs("indicators", ind, e.examples, e.negatives,
                          _q(lambda q, i=ind: q.indicator == i), _q(lambda q, i=ind: q.indicator != i))


def _blockers() -> Iterator[Case]:
    for name, e in load_wordlists("blockers").items():
        yield from _pairs("blockers", name, e.examples, e.negatives,
                          _q(lambda q: q.indicator is None), _q(lambda q: q.indicator is not None))


def _indicator_text() -> Iterator[Case]:
    spec = IndicatorTextFile.model_validate(load_yaml("indicator_text"))
    for c in spec.examples + spec.negatives:
        yield Case("indicator_text", "edge_words", c.text,
                   _q(lambda q, t=c.indicator_text: q.indicator is None and q.indicator_text == t))


def _roles() -> Iterator[Case]:
    spec = RolesFile.model_validate(load_yaml("roles"))
    for role in RolesFile.model_fields:
        e = getattr(spec, role)
        yield from _pairs("roles", role, e.examples, e.negatives,
                          _q(lambda q, r=role: q.role == r), _q(lambda q, r=role: q.role != r))


def _cumulative() -> Iterator[Case]:
    for name, e in load_wordlists("cumulative").items():
        yield from _pairs("cumulative", name, e.examples, e.negatives,
                          _q(lambda q: q.cumulative), _q(lambda q: not q.cumulative))


def _exclusions() -> Iterator[Case]:
    for name, e in load_yaml("exclusions").items():
        yield from _pairs("exclusions", name, e["examples"], e["negatives"],
                          lambda doc, q: q is None, lambda doc, q: q is not None, overlap=True)


def _after(text: str, q: Quantity, n: int) -> str:
    return " ".join(text[q.num.end :].split()[:n]).lower()


def _units() -> Iterator[Case]:
    spec = load_units_file()

    def unit(check: Callable[[Analysis, Quantity], bool]) -> Check:
        return lambda doc, q: q is not None and check(doc, q)

    named = {
        "currency": (unit(lambda d, q: q.unit in {"đồng", _after(d.text, q, 1)}), unit(lambda d, q: q.unit != "đồng")),
        "measure": (unit(lambda d, q: q.unit == _after(d.text, q, 1)), unit(lambda d, q: q.unit != _after(d.text, q, 1))),
        "classifier": (unit(lambda d, q: q.unit == _after(d.text, q, 2)), unit(lambda d, q: " " not in (q.unit or " "))),
        "not_a_unit": (unit(lambda d, q: q.unit is not None and q.unit.split()[0] not in {"là", "đạt", "so"}),
                       unit(lambda d, q: q.unit is not None)),
        "noun_before": (unit(lambda d, q: q.unit is not None), unit(lambda d, q: q.unit == _after(d.text, q, 1))),
        "money_scales": (unit(lambda d, q: q.unit == "đồng"), unit(lambda d, q: q.unit != "đồng")),
        "over_denominator": (unit(lambda d, q: q.unit is not None), unit(lambda d, q: q.unit == _after(d.text, q, 1))),
        "list_item": (unit(lambda d, q: q.unit is not None), unit(lambda d, q: q.unit is None)),
    }
    for name, (yes, no) in named.items():
        e = getattr(spec, name)
        yield from _pairs("units", name, e.examples, e.negatives, yes, no)
    for name, e in spec.abbreviations.items():
        yield from _pairs("units", f"abbreviations.{name}", e.examples, e.negatives,
                          unit(lambda d, q, c=e.canonical: q.unit == c),
                          unit(lambda d, q: bool(q.unit) and _after(d.text, q, 3).startswith(q.unit)))


def _numerals() -> Iterator[Case]:
    checks: dict[str, Callable[[Quantity], bool]] = {
        "percent": lambda q: q.num.form in ("percent", "range") and q.num.unit == "%",
        "points": lambda q: q.num.form == "points",
        "multiple": lambda q: q.num.form == "multiple" and q.num.unit == "lần",
        "ranges": lambda q: q.num.form == "range",
        "fraction": lambda q: q.num.form == "fraction",
        "spelled_fraction": lambda q: q.num.form == "fraction" and q.num.spelled,
        "scale_pairs": lambda q: q.num.scale is not None or q.num.form == "percent",
        "qualifier_fillers": lambda q: q.num.qualifier is not None,
        "qualifier_negation": lambda q: q.num.qualifier in ("at_most", "at_least"),
        "scale_abbreviations": lambda q: q.num.scale is not None,
        "signs": lambda q: q.num.value < 0,
        "currencies": lambda q: q.num.currency,
    }
    p = load_numeral_patterns()
    for name in type(p).model_fields:
        entry = getattr(p, name)
        for key, e in entry.items() if isinstance(entry, dict) else [(name, entry)]:
            check = checks.get(name, lambda q: True)
            if name == "qualifiers":
                check = lambda q, k=key: q.num.qualifier == k  # noqa: E731
            yield from _pairs("numerals", f"{name}.{key}", e.examples, e.negatives,
                              lambda doc, q, c=check: q is not None and c(q),
                              lambda doc, q, c=check: q is None or not c(q), found=True)


def _periods() -> Iterator[Case]:
    spec = load_period_file()
    for c in spec.examples + spec.negatives:
        yield Case("periods", "examples", c.text, _q(lambda q, p=c.period: q.period == p), c.published)
    yield from _pairs("periods", "standing", spec.standing.examples, spec.standing.negatives,
                      _q(lambda q: q.period is None), _q(lambda q: q.period is not None), "2024-12-01")
    for kind, e in spec.expressions.items():
        for x in e.examples:
            yield Case("periods", f"expressions.{kind}", x.text, published=x.published, marked=False,
                       check=lambda doc, q, k=kind, p=x.period: [
                           (t.expression, t.period) for t in doc.structure.times if t.expression == k] == [(k, p)])
        for t in e.negatives:
            yield Case("periods", f"expressions.{kind}", t, published="2024-06-01", marked=False,
                       check=lambda doc, q, k=kind: not [x for x in doc.structure.times if x.expression == k])
    for name, cue in spec.cues:
        # cue examples are the text just before (or after) an expression: checked on the cue itself
        for x, hit in [(x, True) for x in cue.examples] + [(x, False) for x in cue.negatives]:
            yield Case("periods", f"cues.{name}", x, marked=False,
                       check=lambda doc, q, c=cue, x=x, h=hit: (spec.compile(c).search(x) is not None) == h)


def _relations() -> Iterator[Case]:
    spec = RelationsFile.model_validate(load_yaml("relations"))

    def rule(tag: str, present: bool) -> Check:
        return _q(lambda q: (tag in q.rules or q.period_source == tag) == present)

    yield from _pairs("relations", "money_of_count", spec.money_of_count.examples, spec.money_of_count.negatives,
                      rule("money-of-count", True), rule("money-of-count", False))
    yield from _pairs("relations", "pair", spec.pair.examples, spec.pair.negatives,
                      _q(lambda q: q.role == "target"), _q(lambda q: q.role != "target"))
    yield from _pairs("relations", "planned_list", spec.planned_list.examples, spec.planned_list.negatives,
                      _q(lambda q: q.role == "target"), _q(lambda q: q.role != "target"))
    for name in ("breakdown", "across_sentences"):
        e = getattr(spec, name)
        yield from _pairs("relations", name, e.examples, e.negatives,
                          _q(lambda q: q.parent is not None), _q(lambda q: q.parent is None))
    yield from _pairs("relations", "repeat", spec.repeat.examples, spec.repeat.negatives,
                      rule("repeat", True), rule("repeat", False))


def _frames() -> Iterator[Case]:
    spec = FramesFile.model_validate(load_yaml("frames"))
    for name in FramesFile.model_fields:
        e = getattr(spec, name)
        field = "role" if name == "plan" else "indicator"  # the plan frame gives roles
        for x in e.examples:
            yield Case("frames", name, x.text, _q(lambda q, f=field, v=getattr(x, field): getattr(q, f) == v))
        for x in e.negatives:
            yield Case("frames", name, x.text, _q(lambda q, f=field, v=getattr(x, field): getattr(q, f) != v))


def _structure() -> Iterator[Case]:
    rules = LayoutRules.load()
    spec = rules.spec
    for c in spec.clause_break.examples:
        yield Case("structure", "clause_break", c.text, marked=False,
                   check=lambda doc, q, want=c.clauses: [doc.text[s:e] for s, e in doc.structure.clauses((0, len(doc.text)))] == want)
    for t in spec.clause_break.negatives:
        yield Case("structure", "clause_break", t, marked=False,
                   check=lambda doc, q: len(doc.structure.clauses((0, len(doc.text)))) == 1)
    for t, want in [(x, True) for x in spec.caption.examples] + [(x, False) for x in spec.caption.negatives]:
        yield Case("structure", "caption", "Tin\n\n" + t, marked=False,
                   check=lambda doc, q, w=want: bool(doc.structure.layout.captions) == w)
    for t, want in [(x, True) for x in spec.headline.examples] + [(x, False) for x in spec.headline.negatives]:
        yield Case("structure", "headline", t + "\n\nThân bài.", marked=False,
                   check=lambda doc, q, w=want: (doc.structure.title is not None) == w)


def _locations() -> Iterator[Case]:
    cfg = load_locations_config()

    def found(name: str, present: bool) -> Check:
        return lambda doc, q: (name in [p.name for p in doc.structure.places]) == present

    for e in cfg.entries:
        for t, yes in [(x, True) for x in e.examples] + [(x, False) for x in e.negatives]:
            yield Case("locations", f"entries.{e.name}", t, found(e.name, yes), marked=False)
    amb = set(cfg.ambiguous.words)
    for t, yes in [(x, True) for x in cfg.ambiguous.examples] + [(x, False) for x in cfg.ambiguous.negatives]:
        yield Case("locations", "ambiguous", t, marked=False,
                   check=lambda doc, q, y=yes: bool(amb & {p.name for p in doc.structure.places}) == y)
    for t, yes in [(x, False) for x in cfg.person_name_words.examples] + [(x, True) for x in cfg.person_name_words.negatives]:
        yield Case("locations", "person_name_words", t, marked=False,
                   check=lambda doc, q, y=yes: bool(doc.structure.places) == y)
    for n in cfg.not_places:
        for t, yes in [(x, False) for x in n.examples] + [(x, True) for x in n.negatives]:
            yield Case("locations", f"not_places.{n.name}", t, found(n.name, yes), marked=False)
    def first_place(doc: Analysis, q: Optional[Quantity], want: bool) -> bool:
        return (bool(doc.structure.places) and doc.location == doc.structure.places[0].name) == want

    for t, yes in [(x, True) for x in cfg.provincial_actors.examples] + [(x, False) for x in cfg.provincial_actors.negatives]:
        yield Case("locations", "provincial_actors", t, marked=False, check=lambda doc, q, y=yes: first_place(doc, q, y))
    for t, yes in [(x, True) for x in cfg.national_actors.examples] + [(x, False) for x in cfg.national_actors.negatives]:
        yield Case("locations", "national_actors", t, marked=False,
                   check=lambda doc, q, y=yes: (doc.location == "Việt Nam") == y)
    def back_to_first(doc: Analysis, q: Optional[Quantity], want: bool) -> bool:
        first = next(p for p in doc.structure.places if p.level == "province")
        return (q is not None and q.location == first.name) == want

    for t, yes in [(x, True) for x in cfg.province_anaphors.examples] + [(x, False) for x in cfg.province_anaphors.negatives]:
        yield Case("locations", "province_anaphors", t, check=lambda doc, q, y=yes: back_to_first(doc, q, y))
    def back_to_district(doc: Analysis, q: Optional[Quantity], want: bool) -> bool:
        return (q is not None and q.location in {p.name for p in doc.structure.places if p.level == "district"}) == want

    for t, yes in [(x, True) for x in cfg.district_anaphors.examples] + [(x, False) for x in cfg.district_anaphors.negatives]:
        yield Case("locations", "district_anaphors", t, check=lambda doc, q, y=yes: back_to_district(doc, q, y))
    groups = cfg.place_groups
    for t, none in [(x, True) for x in groups.examples] + [(x, False) for x in groups.negatives]:
        yield Case("locations", "place_groups", t, check=lambda doc, q, n=none: q is not None and (q.location is None) == n)
    def in_district(doc: Analysis, q: Optional[Quantity], want: bool) -> bool:
        districts = {p.name for p in doc.structure.places if p.level == "district"}
        return (q is not None and q.location in districts) == want

    address = cfg.district_address
    for t, yes in [(x, True) for x in address.examples] + [(x, False) for x in address.negatives]:
        yield Case("locations", "district_address", t, check=lambda doc, q, y=yes: in_district(doc, q, y))
    def in_parentheses(doc: Analysis, q: Optional[Quantity], want: bool) -> bool:
        bracketed = [p.name for p in doc.structure.places if doc.text[:p.start].rstrip().endswith("(")]
        return (q is not None and q.location in bracketed) == want

    for t, yes in [(x, True) for x in cfg.place_after.examples] + [(x, False) for x in cfg.place_after.negatives]:
        yield Case("locations", "place_after", t, check=lambda doc, q, y=yes: in_parentheses(doc, q, y))
    paren = cfg.district_in_parentheses
    for t, yes in [(x, True) for x in paren.examples] + [(x, False) for x in paren.negatives]:
        yield Case("locations", "district_in_parentheses", t, check=lambda doc, q, y=yes: in_district(doc, q, y))
    countries = set(cfg.foreign_countries.names().values())
    for t, yes in [(x, True) for x in cfg.foreign_countries.examples] + [(x, False) for x in cfg.foreign_countries.negatives]:
        yield Case("locations", "foreign_countries", t, marked=False, check=lambda doc, q, y=yes: (doc.location in countries) == y)
    for t, yes in [(x, True) for x in cfg.venue.examples] + [(x, False) for x in cfg.venue.negatives]:
        yield Case("locations", "venue", t, marked=False, check=lambda doc, q, y=yes: (doc.location == "Việt Nam") == y)
    for ex, yes in [(x, True) for x in cfg.ranked_place.examples] + [(x, False) for x in cfg.ranked_place.negatives]:
        yield Case("locations", "ranked_place", ex.text, marked=False,
                   check=lambda doc, q, y=yes, want=ex.location: bool(doc.quantities)
                   and all(x.location == want for x in doc.quantities) == y)
    for t, yes in [(x, True) for x in cfg.venue_address.examples] + [(x, False) for x in cfg.venue_address.negatives]:
        yield Case("locations", "venue_address", t, marked=False,
                   check=lambda doc, q, y=yes: bool(doc.quantities) and all(x.location == "Việt Nam" for x in doc.quantities) == y)
    for name in ("national_cues", "national_law"):
        cue = getattr(cfg, name)
        for t, want in [(x, "Việt Nam") for x in cue.examples] + [(x, None) for x in cue.negatives]:
            yield Case("locations", name, t, marked=False, check=lambda doc, q, w=want: doc.location == w)


def _encodings() -> Iterator[Case]:
    from vnextract.batch.encodings import tcvn3_to_unicode, vni_to_unicode

    ex = load_yaml("encodings")["examples"]
    for name, conv in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        for e in ex[name]:
            yield Case("encodings", name, e["legacy"], marked=False,
                       check=lambda doc, q, c=conv, want=e["unicode"]: c(doc.text) == want)


CASES: dict[str, Callable[[], Iterator[Case]]] = {
    "indicators": _indicators, "blockers": _blockers, "indicator_text": _indicator_text, "roles": _roles,
    "cumulative": _cumulative, "exclusions": _exclusions, "units": _units, "numerals": _numerals,
    "periods": _periods, "relations": _relations, "frames": _frames, "structure": _structure, "locations": _locations,
    "encodings": _encodings,
}
ALL = [c for make in CASES.values() for c in make()]


def test_every_pattern_file_is_covered() -> None:
    files = {p.stem for p in Path(patterns_dir()).glob("*.yml")}
    assert files == set(CASES), f"pattern files without a checker: {files - set(CASES)}"
    assert {c.file for c in ALL} == files


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    from vnextract.pipeline import default_extractor

    return default_extractor()


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_pattern_example(extractor, case: Case) -> None:  # type: ignore[no-untyped-def]
    if case.marked:
        text, s, e = split_marked(unicodedata.normalize("NFC", case.text))
    else:
        text, s, e = unicodedata.normalize("NFC", case.text), -1, -1
    doc = extractor.analyse(text, published=case.published)
    pool = doc.quantities + [x for x, _ in doc.excluded] if case.found else doc.quantities
    if case.overlap:
        q = next((q for q in pool if q.num.start < e and s < q.num.end), None)
    else:
        q = next((q for q in pool if (q.num.start, q.num.end) == (s, e)), None)
    assert case.check(doc, q), (case.text, q)

"""Every entry of the pattern files carries examples and negatives, and they hold.

Exclusions, roles and cumulative cues are checked on their own stage; units and periods
end to end through the Extractor, on the record whose span is the [marked] numeral.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vnextract.stages.exclusions import Excluder
from vnextract.stages.indicators import IndicatorTextFile
from vnextract.rules import (
    Indicator,
    RegexRule,
    WordList,
    load_regex_rules,
    load_wordlists,
    load_yaml,
    split_marked,
)
from vnextract.structure.times import PeriodFile, PeriodResolver
from vnextract.stages.roles import RoleClassifier


def _cases(rules: dict, attr: str) -> list[tuple[str, str]]:
    return [(name, ex) for name, rule in rules.items() for ex in getattr(rule, attr)]


EXCL = load_regex_rules("exclusions")
ROLES = load_regex_rules("roles")
UNITS = load_wordlists("units")
CUMUL = load_wordlists("cumulative")
PERIODS = PeriodFile.model_validate(load_yaml("periods"))
INDICATOR_TEXT = IndicatorTextFile.model_validate(load_yaml("indicator_text"))


@pytest.fixture(scope="module")
def excluder() -> Excluder:
    return Excluder()


def _excluded(excluder: Excluder, example: str) -> bool:
    text, s, e = split_marked(example)
    return any(z.start < e and z.end > s for z in excluder.zones(text))


@pytest.mark.parametrize("rule,example", _cases(EXCL, "examples"))
def test_exclusion_examples(excluder: Excluder, rule: str, example: str) -> None:
    assert _excluded(excluder, example), f"{rule} should exclude the marked numeral"


@pytest.mark.parametrize("rule,example", _cases(EXCL, "negatives"))
def test_exclusion_negatives(excluder: Excluder, rule: str, example: str) -> None:
    assert not _excluded(excluder, example), f"the marked numeral must stay a quantity"


@pytest.fixture(scope="module")
def roles() -> RoleClassifier:
    return RoleClassifier()


def _role(roles: RoleClassifier, example: str) -> str:
    text, s, e = split_marked(example)
    masked, _ = roles.masked(text, s, e, 0, len(text), text[s:e].endswith("%"))
    return roles.role(masked)


@pytest.mark.parametrize("role,example", _cases(ROLES, "examples"))
def test_role_examples(roles: RoleClassifier, role: str, example: str) -> None:
    assert _role(roles, example) == role


@pytest.mark.parametrize("role,example", _cases(ROLES, "negatives"))
def test_role_negatives(roles: RoleClassifier, role: str, example: str) -> None:
    assert _role(roles, example) != role


@pytest.mark.parametrize("cue,example", _cases(CUMUL, "examples"))
def test_cumulative_examples(roles: RoleClassifier, cue: str, example: str) -> None:
    text, s, _ = split_marked(example)
    assert roles.cumulative(text[:s])


@pytest.mark.parametrize("cue,example", _cases(CUMUL, "negatives"))
def test_cumulative_negatives(roles: RoleClassifier, cue: str, example: str) -> None:
    text, s, _ = split_marked(example)
    assert not roles.cumulative(text[:s])


def _record(extractor, text: str, s: int, e: int, published: str | None = None):  # type: ignore[no-untyped-def]
    doc = extractor(text, published=published)
    hits = [r for r in doc.records if r.start == s and r.end == e]
    return hits[0] if hits else None


# entries whose examples name the unit the marked numeral gets
UNIT_OF = {
    "currency": None, "currency_alias": "đồng", "measure": None, "classifier": None,
    "abbr_doanh_nghiep": "doanh nghiệp", "abbr_hoc_sinh": "học sinh", "abbr_thu_tuc": "tthc",
}


@pytest.mark.parametrize("entry,example", _cases(UNITS, "examples"))
def test_unit_examples(extractor, entry: str, example: str) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(example)
    rec = _record(extractor, text, s, e)
    assert rec is not None, "the marked numeral must be a record"
    following = text[e:].split()
    if entry == "currency":
        assert rec.unit in {"đồng", following[0].lower()}
    elif entry == "measure":
        assert rec.unit == following[0].lower()
    elif entry == "classifier":
        assert rec.unit == " ".join(following[:2]).lower()
    elif entry in ("not_a_unit", "noun_before"):
        assert rec.unit is not None and rec.unit.split()[0] not in {"là", "đạt", "so"}
    else:
        assert rec.unit == UNIT_OF[entry]


@pytest.mark.parametrize("entry,example", _cases(UNITS, "negatives"))
def test_unit_negatives(extractor, entry: str, example: str) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(example)
    rec = _record(extractor, text, s, e)
    assert rec is not None, "a unit negative is still a quantity, only its unit differs"
    if entry in ("currency", "currency_alias"):
        assert rec.unit != "đồng"
    elif entry == "classifier":
        assert rec.unit is not None and " " not in rec.unit
    elif entry.startswith("abbr_"):
        assert rec.unit and text[e:].strip().lower().startswith(rec.unit)
    elif entry == "measure":
        assert rec.kind != "measure"


@pytest.mark.parametrize("case", PERIODS.examples + PERIODS.negatives, ids=lambda c: c.text[:40])
def test_period_examples(extractor, case) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(case.text)
    rec = _record(extractor, text, s, e, case.published)
    assert rec is not None
    assert rec.period == case.period


RESOLVER = PeriodResolver()
EXPRESSION_CASES = [(k, x) for k, e in PERIODS.expressions.items() for x in e.examples]
EXPRESSION_NEGATIVES = [(k, x) for k, e in PERIODS.expressions.items() for x in e.negatives]


@pytest.mark.parametrize("kind,case", EXPRESSION_CASES, ids=lambda c: getattr(c, "text", c)[:40])
def test_time_expression_examples(kind: str, case) -> None:  # type: ignore[no-untyped-def]
    times = RESOLVER.find(case.text, RESOLVER.reference(case.published, case.text))
    assert [(t.kind, t.period) for t in times if t.kind == kind] == [(kind, case.period)]


@pytest.mark.parametrize("kind,text", EXPRESSION_NEGATIVES, ids=lambda c: str(c)[:40])
def test_time_expression_negatives(kind: str, text: str) -> None:
    times = RESOLVER.find(text, RESOLVER.reference("2024-06-01", text))
    assert [t for t in times if t.kind == kind] == []


CUE_CASES = [(name, x, True) for name, cue in PERIODS.cues for x in cue.examples] + [
    (name, x, False) for name, cue in PERIODS.cues for x in cue.negatives
]


@pytest.mark.parametrize("name,text,hit", CUE_CASES, ids=lambda c: str(c)[:40])
def test_period_cues(name: str, text: str, hit: bool) -> None:
    assert (PERIODS.compile(getattr(PERIODS.cues, name)).search(text) is not None) == hit


@pytest.mark.parametrize(
    "case", INDICATOR_TEXT.examples + INDICATOR_TEXT.negatives, ids=lambda c: c.text[:40]
)
def test_indicator_text_examples(extractor, case) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(case.text)
    rec = _record(extractor, text, s, e)
    assert rec is not None and rec.indicator is None, "the examples are for figures no trigger names"
    assert rec.indicator_text == case.indicator_text


@pytest.mark.parametrize(
    "example,standing",
    [(x, True) for x in PERIODS.standing.examples] + [(x, False) for x in PERIODS.standing.negatives],
    ids=lambda c: str(c)[:40],
)
def test_standing_rules_have_no_period(extractor, example: str, standing: bool) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(example)
    rec = _record(extractor, text, s, e, "2024-12-01")
    assert rec is not None
    assert (rec.period is None) == standing


@pytest.mark.parametrize(
    "model,data",
    [
        (RegexRule, {"pattern": "x", "examples": ["[1]"], "negatives": ["[2]"], "typo": 1}),
        (WordList, {"words": ["a"], "examples": ["[1]"], "negatives": ["[2]"], "exampels": []}),
        (Indicator, {"vi": "a", "triggers": ["a"], "units": ["b"], "examples": ["[1]"],
                     "negatives": ["[2]"], "trigger": ["x"]}),
        (WordList, {"words": ["a"], "examples": ["no mark"], "negatives": ["[2]"]}),
        (WordList, {"words": ["a"], "examples": ["[1]"], "negatives": []}),
        (RegexRule, {"pattern": "(unclosed", "examples": ["[1]"], "negatives": ["[2]"]}),
    ],
)
def test_pattern_models_reject_bad_entries(model, data) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        model.model_validate(data)


BLOCKERS = load_wordlists("blockers")


@pytest.mark.parametrize("entry,example", _cases(BLOCKERS, "examples"))
def test_blocker_examples(extractor, entry: str, example: str) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(example)
    rec = _record(extractor, text, s, e)
    assert rec is not None and rec.indicator is None


@pytest.mark.parametrize("entry,example", _cases(BLOCKERS, "negatives"))
def test_blocker_negatives(extractor, entry: str, example: str) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(example)
    rec = _record(extractor, text, s, e)
    assert rec is not None and rec.indicator is not None


BREAKDOWNS = load_wordlists("breakdowns")


@pytest.mark.parametrize("entry,example", _cases(BREAKDOWNS, "examples"))
def test_breakdown_examples(extractor, entry: str, example: str) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(example)
    rec = _record(extractor, text, s, e)
    assert rec is not None and rec.parent is not None


@pytest.mark.parametrize("entry,example", _cases(BREAKDOWNS, "negatives"))
def test_breakdown_negatives(extractor, entry: str, example: str) -> None:  # type: ignore[no-untyped-def]
    text, s, e = split_marked(example)
    rec = _record(extractor, text, s, e)
    assert rec is not None and rec.parent is None

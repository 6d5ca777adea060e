"""The schema of ``patterns/periods.yml``: time expressions (one pattern per kind, each
resolved by :class:`vnextract.structure.times.PeriodResolver`), the cues around them, the
standing-rule pattern and end-to-end examples."""

from __future__ import annotations

from functools import lru_cache

import regex
from pydantic import Field, model_validator

from vnextract.structure.time_kinds import RESOLVERS
from vnextract.rules import RegexRule, Strict, alternation, load_yaml

_F = regex.IGNORECASE | regex.VERSION1


class PeriodExample(Strict):
    text: str
    published: str | None
    period: str | None


class NumberWords(Strict):
    map: dict[str, int]


class YearNames(Strict):
    """The sexagenary names of a lunar year (Đinh Dậu): a stem gives the year modulo 10, a
    branch the year modulo 12."""

    stems: dict[str, int]
    branches: dict[str, int]


# the kinds of time expression a resolver knows, each with one pattern in periods.yml
KINDS = tuple(RESOLVERS)


class ExpressionExample(Strict):
    text: str
    published: str | None
    period: str


class Expression(Strict):
    pattern: str
    strong: bool = False
    carried: bool = False
    dates_document: bool = True
    dates_before: bool = True
    beyond_paragraph: bool = True
    examples: list[ExpressionExample] = Field(min_length=1)
    negatives: list[str] = Field(min_length=1)


class Cue(Strict):
    pattern: str
    ignore_case: bool = True
    examples: list[str] = Field(min_length=1)
    negatives: list[str] = Field(min_length=1)


class Cues(Strict):
    framing: Cue
    opens_frame: Cue
    stage: Cue
    comparison: Cue
    not_dating_gap: Cue
    opens_item: Cue
    level_per_unit: Cue
    habit_after: Cue
    owned_time: Cue
    plan_owned_time: Cue
    document_date: Cue
    event_date: Cue
    not_event_before: Cue
    not_event_after: Cue


class PeriodFile(Strict):
    number_words: NumberWords
    month_names: NumberWords
    year_names: YearNames
    expressions: dict[str, Expression]
    cues: Cues
    standing: RegexRule
    examples: list[PeriodExample] = Field(min_length=1)
    negatives: list[PeriodExample] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_kinds(self) -> "PeriodFile":
        unknown = set(self.expressions) - set(KINDS)
        missing = set(KINDS) - set(self.expressions)
        if unknown or missing:
            raise ValueError(f"expressions: unknown kinds {sorted(unknown)}, missing {sorted(missing)}")
        return self

    def expand(self, pattern: str) -> str:
        """The pattern with its placeholders {D}, {M}, {MN}, {Y}, {N} filled in."""
        words = alternation(w.lower() for w in self.number_words.map)
        names = "(?-i:" + alternation(self.month_names.map, spaces=True) + ")"
        stems = "(?-i:" + alternation(self.year_names.stems) + ")"
        branches = "(?-i:" + alternation(self.year_names.branches) + ")"
        for key, value in (("{D}", r"[0-3]?\d"), ("{MN}", names), ("{M}", r"[01]?\d"), ("{Y}", r"(?:19|20)\d{2}"),
                           ("{N}", rf"(?:\d{{1,2}}|{words})"), ("{CS}", stems), ("{CB}", branches)):
            pattern = pattern.replace(key, value)
        return pattern

    def compile(self, cue: Cue) -> regex.Pattern[str]:
        return regex.compile(self.expand(cue.pattern), _F if cue.ignore_case else regex.VERSION1)


@lru_cache(maxsize=1)
def load_period_file() -> PeriodFile:
    """``patterns/periods.yml``, validated."""
    return PeriodFile.model_validate(load_yaml("periods"))

"""Loading and validating the rule files of ``patterns/``.

Every lexicon lives in exactly one YAML file; the pydantic models below reject
unknown keys, so a typo in a pattern file is an error at load time, not a
silently ignored rule.  Examples and negatives are written with the numeral
they are about in square brackets: ``"giải quyết việc làm cho [939] lao động"``.
"""

from __future__ import annotations

import copy

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Iterable, Iterator, Optional

import regex
import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

MARK = regex.compile(r"\[([^\[\]]+)\]")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def split_marked(example: str) -> tuple[str, int, int]:
    """``"cho [939] lao động"`` -> ``("cho 939 lao động", 4, 7)``."""
    m = MARK.search(example)
    if m is None:
        raise ValueError(f"example has no [marked] numeral: {example!r}")
    text = example[: m.start()] + m.group(1) + example[m.end() :]
    if MARK.search(text):
        raise ValueError(f"example marks more than one numeral: {example!r}")
    return text, m.start(), m.start() + len(m.group(1))


class Examples(Strict):
    examples: list[str] = Field(min_length=1)
    negatives: list[str] = Field(min_length=1)

    @field_validator("examples", "negatives")
    @classmethod
    def _marked(cls, v: list[str]) -> list[str]:
        for e in v:
            split_marked(e)
        return v


class Indicator(Examples):
    """One catalogue id: the phrases that name it and the units it is counted in."""

    vi: str
    triggers: list[str] = Field(min_length=1)
    units: list[str] = Field(min_length=1)
    # triggers that only count when the unit is one of `units`
    weak_triggers: list[str] = Field(default_factory=list)
    # ids whose figures, in a sentence that names this indicator before them, are this one's
    # (the victims of an accident: health.deaths under safety.traffic_accidents)
    absorbs: list[str] = Field(default_factory=list)


class WordList(Examples):
    """A list of literal words or phrases (case-insensitive, whole words)."""

    words: list[str] = Field(min_length=1)
    # when set, every word of the list is written as this (abbreviations: DN -> doanh nghiệp)
    canonical: Optional[str] = None


def _compiles(v: str) -> str:
    try:
        regex.compile(v)
    except regex.error as exc:
        raise ValueError(f"pattern does not compile: {exc}") from exc
    return v


# a regular expression of the ``regex`` module, checked to compile when its file is loaded
Pattern = Annotated[str, AfterValidator(_compiles)]


class Phrases(Strict):
    """Literal words or phrases with example and negative texts (no marked numeral)."""

    words: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=1)
    negatives: list[str] = Field(min_length=1)


class RegexRule(Examples):
    """A regular expression (``regex`` module syntax, compiled case-insensitive)."""

    pattern: Pattern
    note: Optional[str] = None


def patterns_dir() -> Path:
    """``patterns/`` inside the installed package, else beside the source tree."""
    packaged = Path(str(resources.files("vnextract"))) / "patterns"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / "patterns"
    if source.is_dir():
        return source
    raise FileNotFoundError("vnextract patterns/ not found (broken installation?)")


# libyaml's loader when PyYAML was built with it (ten times faster), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """YAML text parsed safely."""
    return yaml.load(text, Loader=_LOADER)


@lru_cache(maxsize=None)
def _parsed(name: str) -> Any:
    with open(patterns_dir() / f"{name}.yml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)


def load_yaml(name: str) -> dict:
    """Content of ``patterns/<name>.yml``: parsed once per process, a fresh copy per call."""
    data = _parsed(name)
    if not isinstance(data, dict):
        raise ValueError(f"patterns/{name}.yml must be a mapping")
    return copy.deepcopy(data)


def load_indicators() -> dict[str, Indicator]:
    return {k: Indicator.model_validate(v) for k, v in load_yaml("indicators").items()}


def load_wordlists(name: str) -> dict[str, WordList]:
    return {k: WordList.model_validate(v) for k, v in load_yaml(name).items()}


def load_regex_rules(name: str) -> dict[str, RegexRule]:
    return {k: RegexRule.model_validate(v) for k, v in load_yaml(name).items()}


def alternation(words: Iterable[str], *, spaces: bool = False, blank: str = r"\s") -> str:
    """One non-capturing alternation of literal words, longest first (so the longest of two
    that start alike wins); with ``spaces`` a space matches any run of ``blank``.

    >>> print(alternation(["trong đó", "gồm"], spaces=True))
    (?:trong\\s+đó|gồm)
    """
    alts = [regex.escape(w) for w in sorted(set(words), key=len, reverse=True)]
    if spaces:
        alts = [a.replace("\\ ", blank + "+") for a in alts]
    return "(?:" + "|".join(alts) + ")"


def branches(pattern: str) -> list[str]:
    r"""The top-level alternatives of a regex (a pattern wrapped whole in one ``(?:…)`` is
    unwrapped first).  A search for the whole matches somewhere exactly when one of them does;
    searched one by one they are far faster than their union, which the regex module scans
    position by position without its literal prefilters (issue 12: the role cues over a dense
    window, 300 µs against 20).  A pattern with a global inline flag (``(?i)…``) or a
    backreference is not cut: its alternatives do not stand alone.

    >>> branches(r"(?:a|b[|)]c)")
    ['a', 'b[|)]c']
    >>> branches(r"x(?:a|b)|\|y")
    ['x(?:a|b)', '\\|y']
    >>> branches(r"(?:a|b)+")
    ['(?:a|b)+']
    >>> branches(r"[[:alpha:]|]y|z")
    ['[[:alpha:]|]y', 'z']
    >>> branches(r"(?i)a|b")
    ['(?i)a|b']
    """
    if _UNCUTTABLE.search(pattern):
        return [pattern]
    bars = [i for i, c, depth in _scan(pattern) if c == "|" and depth == 0]
    if not bars and pattern.startswith("(?:") and _closes_at_end(pattern):
        return branches(pattern[3:-1])
    cuts = [-1, *bars, len(pattern)]
    return [pattern[a + 1 : b] for a, b in zip(cuts, cuts[1:])]


# a global inline flag (not a scoped one, "(?-i:…)"), or a backreference (numbered or named)
_UNCUTTABLE = regex.compile(r"\(\?[a-zA-Z-]+\)|(?<!\\)\\(?:[1-9]|g<)|\(\?P=")


def _scan(pattern: str) -> Iterator[tuple[int, str, int]]:
    """Each character outside escapes and character classes, with the group depth before it."""
    depth, i = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(pattern, i) + 1
            continue
        yield i, c, depth
        depth += (c == "(") - (c == ")")
        i += 1


def _class_end(pattern: str, i: int) -> int:
    """Index of the ``]`` that closes the character class opening at ``i`` (classes nest, as in
    the regex module's version 1 and POSIX ``[:alpha:]``)."""
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        if pattern[j] == "\\":
            j += 2
        elif pattern[j] == "[":
            j = _class_end(pattern, j) + 1
        else:
            j += 1
    return min(j, len(pattern) - 1)


def _closes_at_end(pattern: str) -> bool:
    """Does the group opening at index 0 close at the pattern's last character?"""
    for i, c, depth in _scan(pattern):
        if c == ")" and depth == 1:
            return i == len(pattern) - 1
    return False

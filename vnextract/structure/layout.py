"""Layout: lines (the paragraphs of a press release), the headline, the lead, photo captions
and clauses, by the rules of ``patterns/structure.yml``.

>>> rules = LayoutRules.load()
>>> text = "Hà Nội thu 500 tỷ đồng\\n\\nẢnh: T.H\\n\\nThành phố thu 500 tỷ đồng; chi 300 tỷ đồng."
>>> lay = Layout.of(text, None, rules)
>>> lay.title, lay.lead, [text[s:e] for s, e in lay.captions]
('Hà Nội thu 500 tỷ đồng', (34, 77), ['Ảnh: T.H'])
>>> [text[s:e] for s, e in rules.clauses(text, lay.lead)]
['Thành phố thu 500 tỷ đồng', ' chi 300 tỷ đồng.']
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex
from pydantic import Field

from vnextract.rules import Pattern, Phrases, Strict, load_yaml

Span = tuple[int, int]
_LINE = regex.compile(r"[^\n]*\S[^\n]*")


class ClauseExample(Strict):
    text: str
    clauses: list[str] = Field(min_length=2)


class ClauseBreak(Strict):
    pattern: Pattern
    examples: list[ClauseExample] = Field(min_length=1)
    negatives: list[str] = Field(min_length=1)


class Headline(Strict):
    max_length: int = Field(gt=0)
    not_ending: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=1)
    negatives: list[str] = Field(min_length=1)


class StructureFile(Strict):
    """``patterns/structure.yml``."""

    clause_break: ClauseBreak
    caption: Phrases
    headline: Headline


class LayoutRules:
    """The compiled rules of ``patterns/structure.yml``."""

    def __init__(self, spec: StructureFile) -> None:
        self.spec = spec
        self.clause_break = regex.compile(spec.clause_break.pattern)
        self.caption_cues = tuple(spec.caption.words)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "LayoutRules":
        return cls(StructureFile.model_validate(load_yaml("structure")))

    def looks_like_headline(self, line: str) -> bool:
        line = line.strip()
        return 0 < len(line) <= self.spec.headline.max_length and not line.endswith(tuple(self.spec.headline.not_ending))

    def is_caption(self, line: str) -> bool:
        return any(c in line for c in self.caption_cues)

    def clauses(self, text: str, sent: Span) -> list[Span]:
        """The clauses of the sentence ``sent``: the stretches between clause breaks."""
        out: list[Span] = []
        start = sent[0]
        for m in self.clause_break.finditer(text, sent[0], sent[1]):
            out.append((start, m.start()))
            start = m.end()
        out.append((start, sent[1]))
        return out


def clause_around(clauses: list[Span], start: int, end: int) -> Span:
    """The clause holding ``[start, end)``: from the last break before ``start`` to the first
    break after ``end`` (a break inside the span does not cut it)."""
    starts = [c[0] for c in clauses]
    i = bisect_right(starts, start) - 1
    j = i
    while j + 1 < len(clauses) and clauses[j][1] < end:
        j += 1
    return clauses[max(i, 0)][0], clauses[j][1]


@dataclass(frozen=True)
class Layout:
    """The lines of a text and the roles of the first ones."""

    lines: tuple[Span, ...]  # every line with something on it, whole (FORMAT.md: paragraphs)
    line_starts: tuple[int, ...]
    title: Optional[str]  # the given title, else the first line when it reads as a headline
    title_line: Optional[Span]  # the line that is the title, when the text holds it
    lead: Span  # the first line after the title that is not a caption ((0, 0) when none)
    captions: tuple[Span, ...]
    # lines after the title that read as headlines (short, no closing full stop or colon) with
    # a line after them: the headings of a document's sections
    headings: tuple[Span, ...] = ()
    heading_starts: tuple[int, ...] = ()

    @classmethod
    def of(cls, text: str, title: Optional[str], rules: LayoutRules) -> "Layout":
        lines = tuple(m.span() for m in _LINE.finditer(text))
        if not title and lines and rules.looks_like_headline(text[lines[0][0] : lines[0][1]]):
            title = text[lines[0][0] : lines[0][1]]
        captions = tuple(ln for ln in lines if rules.is_caption(text[ln[0] : ln[1]]))
        body = [ln for ln in lines if ln not in captions]
        repeats = bool(body and title) and text[body[0][0] : body[0][1]].strip() == (title or "").strip()
        rest = body[1:] if repeats else body
        lead = rest[0] if rest else (0, 0)
        title_line = lines[0] if lines and lead != lines[0] else None
        headings = tuple(ln for ln in rest[1:-1] if rules.looks_like_headline(text[ln[0] : ln[1]]))
        return cls(lines, tuple(s for s, _ in lines), title, title_line, lead, captions, headings,
                   tuple(s for s, _ in headings))

    def heading_before(self, pos: int) -> Optional[Span]:
        """The nearest heading at or before the line of ``pos`` (that line itself when it is one)."""
        i = bisect_right(self.heading_starts, self.line_starts[max(0, self.line_of(pos))]) - 1
        return self.headings[i] if i >= 0 else None

    def line_of(self, pos: int) -> int:
        """Index of the line at or before ``pos`` (-1 before the first)."""
        return bisect_right(self.line_starts, pos) - 1

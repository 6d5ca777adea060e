"""The document structure: built once per document, read by every stage.

It is the one place that knows the NFC text, its lines (paragraphs), the headline, the lead
and the photo captions (:mod:`~vnextract.structure.layout`), the sentences and their clauses
(:mod:`~vnextract.structure.segmentation`), the reference date and the time expressions
(:mod:`~vnextract.structure.times`) and the place mentions
(:mod:`~vnextract.structure.places`).  What costs time (sentences, times, places) is computed
on first use, so a document without figures costs little.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property
from typing import Optional

import regex

from vnextract.structure.layout import Layout, LayoutRules, Span, clause_around
from vnextract.structure.places import Gazetteer, Place
from vnextract.structure.segmentation import Segmenter, Token
from vnextract.structure.times import PeriodResolver, Reference, TimeExpr

_NEWLINE = regex.compile("\n")
_CAPTION_REACH = 12  # characters of the next sentence read for a caption cue


class StructureBuilder:
    """Holds the segmenter, the layout rules and the time and place finders (loaded once)."""

    def __init__(self) -> None:
        self.layout_rules = LayoutRules.load()
        self.segmenter = Segmenter()
        self.times = PeriodResolver()
        self.gazetteer = Gazetteer()

    def __call__(self, text: str, title: Optional[str] = None, published: Optional[str] = None) -> "DocumentStructure":
        return DocumentStructure(text, title, published, self)


class DocumentStructure:
    """One document's text and structure (offsets index the NFC ``text``)."""

    def __init__(self, text: str, title: Optional[str], published: Optional[str], builder: StructureBuilder) -> None:
        self.text = text
        self.published = published
        self.builder = builder
        self.layout = Layout.of(text, title, builder.layout_rules)
        self._clauses: dict[Span, list[Span]] = {}

    # ------------------------------------------------------------ layout
    @property
    def title(self) -> Optional[str]:
        return self.layout.title

    def line_start(self, pos: int) -> int:
        """Start of the line holding ``pos`` (after the last line break before it; a bisection,
        not a search back through a long line once per figure)."""
        i = bisect_left(self._newlines, pos)
        return self._newlines[i - 1] + 1 if i else 0

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in _NEWLINE.finditer(self.text)]

    def lines_back(self, pos: int, n: int) -> int:
        """Start of the ``n``-th line before the one holding ``pos`` (0 when there are fewer)."""
        i = self.layout.line_of(pos) - n
        return self.layout.line_starts[i] if i >= 0 else 0

    # ------------------------------------------------------- sentences
    @cached_property
    def sentences(self) -> list[Span]:
        return self.builder.segmenter.sentences(self.text)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    @cached_property
    def _sentence_index(self) -> dict[Span, int]:
        return {s: i for i, s in enumerate(self.sentences)}

    def follows(self, a: Span, b: Span) -> bool:
        """Is sentence ``b`` the one right after sentence ``a``?"""
        i = self._sentence_index.get(a)
        return i is not None and self._sentence_index.get(b) == i + 1

    def sentences_back(self, sent: Span, n: int) -> int:
        """Start of the ``n``-th sentence before ``sent`` (0 when there are fewer)."""
        i = self._sentence_index.get(sent, bisect_right(self._sentence_starts, sent[0]) - 1)
        return self.sentences[i - n][0] if i - n >= 0 else 0

    def sentence_of(self, start: int, end: int) -> Span:
        """The sentence holding ``[start, end)`` (the span itself when none holds it whole)."""
        i = bisect_right(self._sentence_starts, start) - 1
        if i >= 0 and self.sentences[i][1] >= end:
            return self.sentences[i]
        return (start, end)

    @cached_property
    def caption_places(self) -> frozenset[Place]:
        """The place mentions inside a photo caption: their sentence, or the first words of the
        next (a caption run into the body: ``... ở Bắc Ninh. Ảnh: Tuấn Kiệt``), hold a caption cue
        of ``patterns/structure.yml`` (found once per document, read once per figure)."""
        rules = self.builder.layout_rules
        out = set()
        for p in self.places:
            s0, s1 = self.sentence_of(p.start, p.end)
            if rules.is_caption(self.text[s0 : s1 + _CAPTION_REACH]):
                out.add(p)
        return frozenset(out)

    def clauses(self, sent: Span) -> list[Span]:
        """The clauses of a sentence (``patterns/structure.yml``: ``clause_break``)."""
        if sent not in self._clauses:
            self._clauses[sent] = self.builder.layout_rules.clauses(self.text, sent)
        return self._clauses[sent]

    def clause_of(self, sent: Span, start: int, end: int) -> Span:
        return clause_around(self.clauses(sent), start, end)

    def words_near(self, sent: Span, points: list[int]) -> list[Token]:
        """Word tokens of a sentence around ``points`` only (``Segmenter.words_near``)."""
        return self.builder.segmenter.words_near(self.text, sent[0], sent[1], points)

    # ---------------------------------------------------- times, places
    @cached_property
    def reference(self) -> Reference:
        return self.builder.times.reference(self.published, self.text, self)

    @cached_property
    def times(self) -> list[TimeExpr]:
        return self.builder.times.find(self.text, self.reference, self)

    @cached_property
    def places(self) -> list[Place]:
        return self.builder.gazetteer.find(self.text)

    @cached_property
    def _place_starts(self) -> list[int]:
        return [p.start for p in self.places]

    def places_between(self, start: int, end: int) -> list[Place]:
        """The place mentions that start at or after ``start`` and end by ``end`` (a bisection,
        so that a stage asking once per figure stays linear in the places it reads)."""
        i, j = bisect_left(self._place_starts, start), bisect_left(self._place_starts, end)
        return [p for p in self.places[i:j] if p.end <= end]

    @cached_property
    def title_places(self) -> list[Place]:
        """Places of the title (offsets index the title string)."""
        return self.builder.gazetteer.find(self.title) if self.title else []

"""Segmentation: sentences and words with underthesea, lossless, with offsets.

Every token is a slice ``text[start:end]`` of the NFC input, so joining the
tokens and the gaps between them gives the text back exactly.  Word
segmentation (underthesea's CRF) is only run on the sentences the pipeline
asks for (those holding a numeral), which keeps its cost bounded.

Hostile input cannot make the work on one sentence grow without bound: a sentence longer
than :data:`MAX_SENTENCE` characters (a text without full stops, ``"%" * 1_000_000``) is cut
into sentences of at most that length at a blank; a sentence longer than
:data:`CHUNK_CHARS` is split into syllables chunk by chunk (cut at a blank), and the CRF
tags windows of at most :data:`WINDOW` syllables, each with :data:`MARGIN` syllables of
context on either side whose tags are thrown away (its features look two syllables either
way).  The longest sentence of the first 5,000 bench documents has 5,316 characters; on
their first 2,000, two sentences are longer than a window and are tokenised exactly as
without windows (``benchmarks/bench_adversarial.py --check-windows``).  The units ask only for
the words around their figures (:meth:`Segmenter.words_near`).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from os.path import dirname, join
from typing import Any

import regex

_PARA = regex.compile(r"[^\n]+")
_WS = regex.compile(r"\s+")
_NONSPACE = regex.compile(r"\S+")
MAX_SENTENCE = 10_000  # characters of one sentence at most
CHUNK_CHARS = 4_000  # characters given to underthesea's tokenizer at a time
WINDOW = 400  # syllables the CRF tags at a time
MARGIN = 16  # syllables of context on either side of a window


@dataclass(frozen=True, slots=True)
class Token:
    """A word (one or more syllables) as a span of the text."""

    start: int
    end: int
    text: str
    space_after: bool


def _align(text: str, pieces: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of ``pieces`` found in order in ``text[start:end]``.

    Whatever cannot be aligned (a tokenizer that altered characters) is covered
    by whitespace-split spans, so no character is ever lost.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        m = _WS.match(text, pos, end)
        if m:
            pos = m.end()
        if text.startswith(piece, pos):
            spans.append((pos, pos + len(piece)))
            pos += len(piece)
            continue
        # alignment lost: fall back to whitespace tokens for the rest
        spans.extend((m.start(), m.end()) for m in _NONSPACE.finditer(text, pos, end))
        return spans
    spans.extend((m.start(), m.end()) for m in _NONSPACE.finditer(text, pos, end))
    return spans


def chunks(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut into pieces of at most ``size`` characters, each cut at the last
    blank before the limit (a piece without a blank is cut at the limit); the blanks between
    two pieces belong to neither."""
    out: list[tuple[int, int]] = []
    lo = start
    while end - lo > size:
        cut = max(text.rfind(" ", lo + 1, lo + size), text.rfind("\n", lo + 1, lo + size))
        hi = cut if cut > lo else lo + size
        piece_end = hi
        while piece_end > lo + 1 and text[piece_end - 1] in " \n":
            piece_end -= 1
        out.append((lo, piece_end))
        lo = hi
        while lo < end and text[lo] in " \n":
            lo += 1
    if lo < end or not out:
        out.append((lo, end))
    return out


class Segmenter:
    """Sentence and word segmentation with character offsets (underthesea)."""

    def __init__(self, window: int = WINDOW, chunk_chars: int = CHUNK_CHARS) -> None:
        """``window``, ``chunk_chars``: the CRF's window in syllables and the tokenizer's
        chunk in characters (a larger value gives the unwindowed behaviour, for checking)."""
        from underthesea import sent_tokenize
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
        from underthesea.pipeline import word_tokenize as wt
        from underthesea.pipeline.word_tokenize import tokenize

        self._sent_tokenize = sent_tokenize
        self._tokenize = tokenize
        tagger = FastCRFSequenceTagger()
        tagger.load(join(dirname(wt.__file__), "models", "ws_crf_vlsp2013_20230727"))
        self._tagger: Any = tagger
        self.window, self.chunk_chars = window, chunk_chars

    def sentences(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans: paragraphs (lines) split by underthesea's sent_tokenize."""
        out: list[tuple[int, int]] = []
        for para in _PARA.finditer(text):
            if not para.group().strip():
                continue
            pieces = self._sent_tokenize(para.group())
            pos = para.start()
            for piece in pieces:
                piece = piece.strip()
                if not piece:
                    continue
                found = text.find(piece, pos, para.end())
                if found < 0:
                    break
                out.append((found, found + len(piece)))
                pos = found + len(piece)
            if pos < para.end() and text[pos : para.end()].strip():
                m = _WS.match(text, pos, para.end())
                s = m.end() if m else pos
                out.append((s, para.end()))
        return [piece for s, e in out for piece in chunks(text, s, e, MAX_SENTENCE)]

    def syllables(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Syllable (underthesea token) spans of ``text[start:end]``, chunk by chunk."""
        out: list[tuple[int, int]] = []
        for lo, hi in chunks(text, start, end, self.chunk_chars):
            pieces = self._tokenize(text[lo:hi], use_character_normalize=False, use_token_normalize=False)
            out.extend(_align(text, pieces, lo, hi))
        return out

    def tags(self, syllables: list[str]) -> list[str]:
        """The CRF's B-W/I-W tags, window by window (see the module's docstring)."""
        if len(syllables) <= self.window:
            return list(self._tagger.predict([[s] for s in syllables]))
        out: list[str] = []
        for lo in range(0, len(syllables), self.window):
            hi = min(lo + self.window, len(syllables))
            a, b = max(0, lo - MARGIN), min(len(syllables), hi + MARGIN)
            tags = self._tagger.predict([[s] for s in syllables[a:b]])
            out.extend(tags[lo - a : hi - a])
        return out

    def words(self, text: str, start: int, end: int) -> list[Token]:
        """Word tokens of ``text[start:end]``: syllables joined by the CRF word segmenter."""
        syl = self.syllables(text, start, end)
        return _tokens(text, syl, self.tags([text[s:e] for s, e in syl]), end) if syl else []

    def words_near(self, text: str, start: int, end: int, points: list[int]) -> list[Token]:
        """The word tokens of ``text[start:end]`` around ``points`` only: the CRF tags a window of
        syllables from :data:`NEAR_BEFORE` before each point to :data:`NEAR_AFTER` after it, with
        :data:`NEAR_MARGIN` syllables of context either side (windows that meet are merged), not
        the whole sentence (issue 14: the units read the one or two words after a figure).  The
        tokens of the context syllables are kept and may differ from the whole sentence's; those
        next to a point, well inside its window, are the whole sentence's (tests/test_segment.py)."""
        syl = self.syllables(text, start, end)
        starts = [s for s, _ in syl]
        tokens: list[Token] = []
        for lo, hi in _merged(starts, points, len(syl)):
            piece = syl[lo:hi]
            stop = syl[hi][0] if hi < len(syl) else end
            tokens += _tokens(text, piece, self.tags([text[s:e] for s, e in piece]), stop)
        return tokens


# syllables of a figure's window (words_near): before and after the syllable at the point, and
# the context either side whose tags the CRF reads but whose tokens are kept all the same
NEAR_BEFORE, NEAR_AFTER, NEAR_MARGIN = 2, 8, 4


def _merged(starts: list[int], points: list[int], n: int) -> list[tuple[int, int]]:
    """Syllable windows around ``points`` (``starts``: the syllables' starts), merged."""
    out: list[tuple[int, int]] = []
    for p in sorted(points):
        i = bisect_left(starts, p)
        lo, hi = max(0, i - NEAR_BEFORE - NEAR_MARGIN), min(n, i + NEAR_AFTER + NEAR_MARGIN)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        elif lo < hi:
            out.append((lo, hi))
    return out


def _tokens(text: str, syl: list[tuple[int, int]], tags: list[str], end: int) -> list[Token]:
    """Syllables joined into words by their B-W/I-W tags (``end``: where the next one starts)."""
    spans: list[list[int]] = []
    prev_digit = False
    for (s, e), tag in zip(syl, tags):
        digit = text[s].isdigit()
        # the CRF sometimes glues a numeral to its noun ("1.300 ca"): keep them apart
        if tag == "I-W" and spans and text[spans[-1][1] : s] == " " and digit == prev_digit:
            spans[-1][1] = e
        else:
            spans.append([s, e])
        prev_digit = digit
    tokens = []
    for i, (s, e) in enumerate(spans):
        nxt = spans[i + 1][0] if i + 1 < len(spans) else end
        tokens.append(Token(s, e, text[s:e], nxt > e))
    return tokens

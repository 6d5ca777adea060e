"""Segmentation: sentences and words with underthesea, lossless, with offsets.

Every token is a slice ``text[start:end]`` of the NFC input, so joining the
tokens and the gaps between them gives the text back exactly.  Word
segmentation (underthesea's CRF) is only run on the sentences the pipeline
asks for (those holding a numeral), which keeps its cost bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from os.path import dirname, join
from typing import Any

import regex

_PARA = regex.compile(r"[^\n]+")
_WS = regex.compile(r"\s+")
_NONSPACE = regex.compile(r"\S+")


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


class Segmenter:
    """Sentence and word segmentation with character offsets (underthesea)."""

    def __init__(self) -> None:
        from underthesea import sent_tokenize
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
        from underthesea.pipeline import word_tokenize as wt
        from underthesea.pipeline.word_tokenize import tokenize

        self._sent_tokenize = sent_tokenize
        self._tokenize = tokenize
        tagger = FastCRFSequenceTagger()
        tagger.load(join(dirname(wt.__file__), "models", "ws_crf_vlsp2013_20230727"))
        self._tagger: Any = tagger

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
        return out

    def syllables(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Syllable (underthesea token) spans of ``text[start:end]``."""
        pieces = self._tokenize(
            text[start:end], use_character_normalize=False, use_token_normalize=False
        )
        return _align(text, pieces, start, end)

    def words(self, text: str, start: int, end: int) -> list[Token]:
        """Word tokens of ``text[start:end]``: syllables joined by the CRF word segmenter."""
        syl = self.syllables(text, start, end)
        if not syl:
            return []
        tags = self._tagger.predict([[text[s:e]] for s, e in syl])
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

"""Encoding detection for crawled Vietnamese text, legacy font encodings included.

:func:`decode_bytes` turns raw file bytes into NFC text and says which encoding it used:
byte-order marks (UTF-8, UTF-16, UTF-32), UTF-16 without one, strict UTF-8, Windows-1258, and the 8-bit font
encodings TCVN3 (ABC) and VNI whose bytes read as cp1252 look like ``gi¶i quyÕt`` or
``giaûi quyeát``.  :func:`repair_text` does the same for text that is already a ``str``
(a JSON field, an HTML page): legacy font text and UTF-8/cp1258 mojibake are converted.

Candidates are compared by how many of their non-ASCII words parse as Vietnamese syllables
(:mod:`vnextract.batch.legacy`).  A legacy reading replaces a Unicode one only on positive
evidence (:func:`_convincing`: at least five non-ASCII words, 85% of them syllables, where
the text as it stands reads worse), so ``© 2017`` or ``½`` stay as they are.  Valid UTF-8
with a few bad bytes stays UTF-8: the bad bytes become U+FFFD and the warning gives their
count and offsets; with more bad bytes than valid letters an 8-bit reading that is only an
assumption must still read as more Vietnamese than that (:func:`_not_utf8`).  When the evidence
is thin the result carries ``assumed=True``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from vnextract.batch.legacy import (TONE_MARKS, byte_table, decode_8bit, encode_8bit, has_markers, syllable_ok,
                                    tcvn3_to_unicode, vietnamese_score, vni_to_unicode)

__all__ = ["TONE_MARKS", "BinaryInputError", "Decoded", "decode_bytes", "repair_text", "syllable_ok",
           "tcvn3_to_unicode", "vietnamese_score", "vni_to_unicode"]

_SURE_TOKENS = 5  # fewer non-ASCII words than this: the choice is an assumption
_SURE_RATIO = 0.85
_SAMPLE = 200_000  # characters scored when choosing an encoding


@dataclass(frozen=True)
class Decoded:
    """Text in NFC with the encoding it was read as."""

    text: str
    encoding: str
    assumed: bool = False
    warning: str | None = None


def _utf8_mojibake(text: str) -> str | None:
    raw = encode_8bit(text, "cp1252")
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _cp1258_mojibake(text: str) -> str | None:
    raw = encode_8bit(text, "cp1252")
    return None if raw is None else decode_8bit(raw, "cp1258")


_STR_CANDIDATES: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("tcvn3", tcvn3_to_unicode),
    ("vni", vni_to_unicode),
    ("utf-8 (repaired mojibake)", _utf8_mojibake),
    ("cp1258 (repaired mojibake)", _cp1258_mojibake),
)


def _score(text: str) -> tuple[int, int]:
    return vietnamese_score(text[:_SAMPLE])


def _choose(cands: list[tuple[str, str]]) -> tuple[str, str, bool]:
    """Best (label, text) by syllable score; also whether the choice is only an assumption."""
    scored = []
    for order, (label, text) in enumerate(cands):
        good, bad = _score(text)
        ratio = good / (good + bad) if good + bad else 0.0
        scored.append((good - 2 * bad, ratio, -order, label, text, good + bad))
    scored.sort(reverse=True)
    _, ratio, _, label, text, n = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else None
    assumed = n < _SURE_TOKENS or ratio < _SURE_RATIO or runner_up == scored[0][0]
    return label, text, assumed


def _convincing(before: str, after: str) -> bool:
    """Positive evidence that ``after`` (a legacy reading) is right where ``before`` is not."""
    good, bad = _score(after)
    was_good, was_bad = _score(before)
    return good >= _SURE_TOKENS and good >= _SURE_RATIO * (good + bad) and was_bad > was_good


def _legacy_candidates(text: str, base: str) -> list[tuple[str, str]]:
    cands = [(base, text)]
    for label, fn in _STR_CANDIDATES:
        out = fn(text)
        if out is not None and out != text:
            cands.append((label, unicodedata.normalize("NFC", out)))
    return cands


def _cp1252_only(text: str) -> bool:
    return _not_cp1252().search(text) is None


@lru_cache(maxsize=1)
def _not_cp1252() -> re.Pattern[str]:
    return re.compile("[^" + "".join(re.escape(c) for c in sorted(set(byte_table("cp1252")))) + "]")


def _repaired(text: str, base: str) -> tuple[str, str] | None:
    """The legacy reading of ``text`` and its label, when it is convincing."""
    label, best, _ = _choose(_legacy_candidates(text, base))
    return (best, label) if label != base and _convincing(text, best) else None


def repair_text(text: str, base_encoding: str = "unicode") -> Decoded:
    """NFC text; legacy-font text or mojibake converted when that convincingly reads better.

    Legacy font text is made only of cp1252 characters, so a text holding letters such as
    ``ư``, ``đ`` or ``ệ`` is Unicode; only its lines made of cp1252 characters alone (a page
    that mixes a .VnTime paragraph into a Unicode one) are examined, one by one.
    """
    text = unicodedata.normalize("NFC", text)
    if not has_markers(text):
        return Decoded(text, base_encoding)
    if _cp1252_only(text):
        fixed = _repaired(text, base_encoding)
        if fixed is None:
            good, bad = _score(text)
            return Decoded(text, base_encoding, assumed=bad > good)
        label, best, assumed = _choose(_legacy_candidates(text, base_encoding))
        return Decoded(fixed[0], fixed[1], assumed=assumed)
    lines = text.split("\n")
    used: set[str] = set()
    for i, line in enumerate(lines):
        fixed = _repaired(line, base_encoding) if has_markers(line) and _cp1252_only(line) else None
        if fixed is not None:
            lines[i] = fixed[0]
            used.add(fixed[1])
    if not used:
        return Decoded(text, base_encoding)
    return Decoded("\n".join(lines), "+".join([base_encoding, *sorted(used)]), assumed=True)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class BinaryInputError(ValueError):
    """The bytes are not text in any supported encoding."""


def looks_binary(raw: bytes) -> bool:
    """NUL bytes or many control bytes in the first 64 KiB."""
    head = raw[:65536]
    if not head:
        return False
    if b"\x00" in head:
        return True
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl / len(head) > 0.05


def _bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 written without a byte-order mark (some Windows exports): the NUL high bytes of
    its ASCII characters sit at every other position.  Its strict, control-free reading when
    that is Vietnamese or plain printable text, else None."""
    head = raw[:65536]
    if len(head) < 8:
        return None
    half = len(head) // 2
    even, odd = head[0::2].count(0) / half, head[1::2].count(0) / half
    codec = "utf-16-le" if odd > 0.2 and even < 0.01 else "utf-16-be" if even > 0.2 and odd < 0.01 else None
    if codec is None:
        return None
    try:
        text = raw[: len(raw) - len(raw) % 2].decode(codec)
    except UnicodeDecodeError:
        return None
    sample = text[:_SAMPLE]
    if any(ord(c) < 32 and c not in "\t\n\r\f" for c in sample):
        return None
    good, bad = vietnamese_score(sample)
    printable = sum(c.isprintable() or c.isspace() for c in sample) / max(1, len(sample))
    return text if good > bad or printable > 0.99 else None


Fix = Callable[[str, str], Decoded]


def decode_bytes(raw: bytes, declared: str | None = None, repair: bool = True) -> Decoded:
    """Decode file bytes to NFC Unicode text (raises :class:`BinaryInputError`).

    ``declared``: an encoding the container states (HTML meta charset), taken when the bytes
    are not UTF-8 but decode strictly with it into Vietnamese (then not an assumption).
    ``repair=False`` leaves legacy-font text inside valid Unicode alone (for HTML, whose
    extracted main text is repaired instead).
    """
    fix: Fix = repair_text if repair else (lambda t, enc: Decoded(unicodedata.normalize("NFC", t), enc))
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return fix(raw.decode(codec), codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise BinaryInputError(f"{codec} byte-order mark but invalid {codec}: {exc}") from None
    if looks_binary(raw):
        text = _bomless_utf16(raw)
        if text is None:
            raise BinaryInputError("binary data (NUL or control bytes), not text")
        dec = fix(text, "utf-16")
        warning = "; ".join(w for w in (dec.warning, "UTF-16 without a byte-order mark") if w)
        return Decoded(dec.text, dec.encoding, True, warning)
    try:
        return fix(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3 and exc.reason == "unexpected end of data":
            dec = fix(raw[: exc.start].decode("utf-8", errors="replace"), "utf-8")
            return Decoded(dec.text, dec.encoding, dec.assumed,
                           f"truncated UTF-8: {len(raw) - exc.start} trailing byte(s) dropped")
        return _not_utf8(raw, declared, exc, fix)


def _not_utf8(raw: bytes, declared: str | None, exc: UnicodeDecodeError, fix: Fix) -> Decoded:
    """Bytes that are not valid UTF-8: damaged UTF-8 when its valid non-ASCII characters
    outnumber the bad sequences; else an 8-bit reading, but when the bytes hold valid UTF-8
    characters only on evidence: an 8-bit reading that no encoding reads loses to UTF-8 with its
    bad bytes replaced, one that is only an assumption must read as more Vietnamese than it."""
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad
    if valid >= max(1, bad):
        return _damaged_utf8(text, bad, fix)
    try:
        dec = _eight_bit(raw, declared, exc)
    except BinaryInputError:
        if valid:
            return _damaged_utf8(text, bad, fix)
        raise
    if not (valid and dec.assumed):
        return dec
    damaged = _damaged_utf8(text, bad, fix)
    # a bad byte at a word's edge (a stray quote) is scored as a blank, one inside a word spoils
    # it (a legacy letter); a tie keeps UTF-8
    label, _, _ = _choose([("utf-8", _EDGE_BAD.sub(" ", damaged.text)), (dec.encoding, dec.text)])
    return damaged if label == "utf-8" else dec


_EDGE_BAD = re.compile(r"(?<!\w)\ufffd|\ufffd(?!\w)")


def _damaged_utf8(text: str, bad: int, fix: Fix) -> Decoded:
    """UTF-8 read with its ``bad`` byte sequences as U+FFFD; the warning says how many and
    where (offsets in the text)."""
    dec = fix(text, "utf-8")
    where = [m.start() for m, _ in zip(re.finditer("\ufffd", dec.text), range(10))]
    more = ", ..." if bad > len(where) else ""
    warning = (f"invalid UTF-8: {bad} bad byte sequence(s) replaced by U+FFFD at character offset(s) "
               f"{', '.join(map(str, where))}{more}")
    return Decoded(dec.text, dec.encoding, dec.assumed, warning)


def _eight_bit(raw: bytes, declared: str | None, utf8_error: UnicodeDecodeError) -> Decoded:
    """Bytes of a single-byte encoding: the declared one when it reads as Vietnamese, else
    the reading (cp1258, cp1252, TCVN3, VNI) whose words are most often Vietnamese syllables."""
    if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            text = unicodedata.normalize("NFC", raw.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            good, bad = _score(text)
            if good >= bad:
                return Decoded(text, declared.lower(), assumed=good == 0)
    latin = decode_8bit(raw, "cp1252")
    cands = [("cp1258", unicodedata.normalize("NFC", decode_8bit(raw, "cp1258"))), ("cp1252", latin),
             ("tcvn3", tcvn3_to_unicode(latin)), ("vni", vni_to_unicode(latin))]
    label, text, assumed = _choose(cands)
    good, bad = _score(text)
    if good == 0 and bad > 0:
        raise BinaryInputError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                               "and no Vietnamese encoding reads it")
    return Decoded(unicodedata.normalize("NFC", text), label, assumed)

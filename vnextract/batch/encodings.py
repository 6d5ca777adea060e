"""Encoding detection for crawled Vietnamese text, legacy font encodings included.

:func:`decode_bytes` turns raw file bytes into NFC text and says which encoding it used:
byte-order marks (UTF-8, UTF-16, UTF-32), UTF-16 without one, strict UTF-8, Windows-1258, and the 8-bit font
encodings TCVN3 (ABC) and VNI whose bytes read as cp1252 look like ``gi¶i quyÕt`` or
``giaûi quyeát``.  :func:`repair_text` does the same for text that is already a ``str``
(a JSON field, an HTML page): legacy font text and UTF-8/cp1258 mojibake are converted.

Candidates are compared by how many of their non-ASCII words parse as Vietnamese syllables
(onset + vowel nucleus + coda, at most one tone mark; tables in ``patterns/encodings.yml``).
When the evidence is thin the result carries ``assumed=True`` and callers say so.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from vnextract.rules import load_yaml

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
VOWELS = frozenset("aăâeêioôơuưy")
# Latin-1 letters that Vietnamese uses; every other char in U+00A1..U+00FF is a legacy marker
_VIET_LATIN1 = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_MARKERS = frozenset(chr(c) for c in range(0xA1, 0x100)) - _VIET_LATIN1
_MARKER_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_MARKERS)) + "]")
_TOKEN = re.compile(r"[^\s\d!-/:-@\[-`{-~\u2010-\u206f]+")
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


@dataclass(frozen=True)
class _Tables:
    tcvn3: dict[str, str]
    vni: re.Pattern[str]
    vni_map: dict[str, str]
    onsets: frozenset[str]
    codas: frozenset[str]
    nuclei: frozenset[str]
    open_nuclei: frozenset[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = load_yaml("encodings")
    vni_map = {str(k): str(v) for k, v in data["vni_map"].items()}
    for k, v in list(vni_map.items()):  # a capital typed with small mark glyphs: "Uû" = "UÛ"
        if len(k) > 1 and k[0].isupper():
            vni_map.setdefault(k[0] + k[1:].lower(), v)
    keys = sorted(vni_map, key=len, reverse=True)
    syl = data["syllable"]
    return _Tables(
        tcvn3={str(k): str(v) for k, v in data["tcvn3_map"].items()},
        vni=re.compile("|".join(re.escape(k) for k in keys)),
        vni_map=vni_map,
        onsets=frozenset(str(x) for x in syl["onsets"]),
        codas=frozenset(str(x) for x in syl["codas"]),
        nuclei=frozenset(str(x) for x in syl["nuclei"]),
        open_nuclei=frozenset(str(x) for x in syl["open_nuclei"]),
    )


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) font text, as read through cp1252, to Unicode NFC."""
    return unicodedata.normalize("NFC", text.translate(_tcvn3_ords()))


@lru_cache(maxsize=1)
def _tcvn3_ords() -> dict[int, str]:
    return {ord(k): v for k, v in _tables().tcvn3.items()}


def vni_to_unicode(text: str) -> str:
    """Convert VNI font text, as read through cp1252, to Unicode NFC."""
    tab = _tables()
    return unicodedata.normalize("NFC", tab.vni.sub(lambda m: tab.vni_map[m.group(0)], text))


@lru_cache(maxsize=4)
def _byte_table(codec: str) -> str:
    """256 chars: what each byte decodes to (undefined bytes fall back to latin-1)."""
    out = []
    for b in range(256):
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def decode_8bit(raw: bytes, codec: str) -> str:
    """Decode with a single-byte codec without ever failing."""
    return raw.decode("latin-1").translate(dict(enumerate(_byte_table(codec))))


def _encode_8bit(text: str, codec: str) -> bytes | None:
    reverse = {c: b for b, c in enumerate(_byte_table(codec))}
    try:
        return bytes(reverse[c] for c in text)
    except KeyError:
        return None


def syllable_ok(word: str) -> bool:
    """Whether one word reads as a Vietnamese syllable (any case, any normal form)."""
    tab = _tables()
    tones = 0
    base = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in TONE_MARKS:
            tones += 1
        else:
            base.append(ch)
    if tones > 1:
        return False
    s = unicodedata.normalize("NFC", "".join(base))
    i = 0
    while i < len(s) and s[i] not in VOWELS:
        i += 1
    onset, rest = s[:i], s[i:]
    if onset == "q" and rest.startswith("u") and len(rest) > 1:
        onset, rest = "qu", rest[1:]
    elif onset == "g" and rest.startswith("i") and len(rest) > 1 and rest[1] in VOWELS:
        onset, rest = "gi", rest[1:]
    j = 0
    while j < len(rest) and rest[j] in VOWELS:
        j += 1
    nucleus, coda = rest[:j], rest[j:]
    if onset == "qu" and not nucleus:
        return False
    if coda and nucleus in tab.open_nuclei:
        return False
    return nucleus in tab.nuclei and coda in tab.codas and (onset in tab.onsets or onset == "qu")


def vietnamese_score(text: str) -> tuple[int, int]:
    """(words that parse as Vietnamese syllables, words that do not) among non-ASCII words."""
    good = bad = 0
    for tok in _TOKEN.findall(text):
        if tok.isascii():
            continue
        if any(c in _MARKERS or unicodedata.category(c)[0] not in "LM" for c in tok):
            bad += 1
        elif syllable_ok(tok):
            good += 1
        else:
            bad += 1
    return good, bad


def has_markers(text: str) -> bool:
    """Cheap pre-check: does the text carry chars that Unicode Vietnamese never uses?"""
    return _MARKER_RE.search(text) is not None


def _utf8_mojibake(text: str) -> str | None:
    raw = _encode_8bit(text, "cp1252")
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _cp1258_mojibake(text: str) -> str | None:
    raw = _encode_8bit(text, "cp1252")
    return None if raw is None else decode_8bit(raw, "cp1258")


_STR_CANDIDATES: tuple[tuple[str, Callable[[str], str | None]], ...] = (
    ("tcvn3", tcvn3_to_unicode),
    ("vni", vni_to_unicode),
    ("utf-8 (repaired mojibake)", _utf8_mojibake),
    ("cp1258 (repaired mojibake)", _cp1258_mojibake),
)


def _choose(cands: list[tuple[str, str]]) -> tuple[str, str, bool]:
    """Best (label, text) by syllable score; also whether the choice is only an assumption."""
    scored = []
    for order, (label, text) in enumerate(cands):
        good, bad = vietnamese_score(text[:_SAMPLE])
        ratio = good / (good + bad) if good + bad else 0.0
        scored.append((good - 2 * bad, ratio, -order, label, text, good + bad))
    scored.sort(reverse=True)
    _, ratio, _, label, text, n = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else None
    assumed = n < _SURE_TOKENS or ratio < _SURE_RATIO or runner_up == scored[0][0]
    return label, text, assumed


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
    return re.compile("[^" + "".join(re.escape(c) for c in sorted(set(_byte_table("cp1252")))) + "]")


def repair_text(text: str, base_encoding: str = "unicode") -> Decoded:
    """NFC text; legacy-font text or mojibake converted when that reads better as Vietnamese.

    Legacy font text is made only of cp1252 characters, so a text holding letters such as
    ``ư``, ``đ`` or ``ệ`` is Unicode; only its lines made of cp1252 characters alone (a page
    that mixes a .VnTime paragraph into a Unicode one) are examined, one by one.
    """
    text = unicodedata.normalize("NFC", text)
    if not has_markers(text):
        return Decoded(text, base_encoding)
    if _cp1252_only(text):
        label, best, assumed = _choose(_legacy_candidates(text, base_encoding))
        if label == base_encoding:
            good, bad = vietnamese_score(text[:_SAMPLE])
            return Decoded(text, base_encoding, assumed=bad > good)
        return Decoded(best, label, assumed=assumed)
    lines = text.split("\n")
    used: set[str] = set()
    for i, line in enumerate(lines):
        if has_markers(line) and _cp1252_only(line):
            label, best, _ = _choose(_legacy_candidates(line, base_encoding))
            if label != base_encoding:
                lines[i] = best
                used.add(label)
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


def decode_bytes(raw: bytes, declared: str | None = None, repair: bool = True) -> Decoded:
    """Decode file bytes to NFC Unicode text (raises :class:`BinaryInputError`).

    ``declared``: an encoding the container states (HTML meta charset), tried when the bytes
    are not UTF-8.  ``repair=False`` leaves legacy-font text inside valid Unicode alone
    (for HTML, whose extracted main text is repaired instead).
    """
    fix = repair_text if repair else (lambda t, enc: Decoded(unicodedata.normalize("NFC", t), enc))
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
            text = raw[: exc.start].decode("utf-8")
            dec = fix(text, "utf-8")
            return Decoded(dec.text, dec.encoding, dec.assumed,
                           f"truncated UTF-8: {len(raw) - exc.start} trailing byte(s) dropped")
        utf8_error = exc
    cands: list[tuple[str, str]] = []
    if declared:
        try:
            cands.append((declared.lower(), raw.decode(declared)))
        except (LookupError, UnicodeDecodeError):
            pass
    cands.append(("cp1258", unicodedata.normalize("NFC", decode_8bit(raw, "cp1258"))))
    latin = decode_8bit(raw, "cp1252")
    cands.append(("cp1252", latin))
    cands.append(("tcvn3", tcvn3_to_unicode(latin)))
    cands.append(("vni", vni_to_unicode(latin)))
    label, text, assumed = _choose(cands)
    good, bad = vietnamese_score(text[:_SAMPLE])
    if good == 0 and bad > 0:
        raise BinaryInputError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                               "and no Vietnamese encoding reads it")
    return Decoded(unicodedata.normalize("NFC", text), label, assumed)

"""Legacy Vietnamese font encodings (TCVN3/ABC, VNI) and the Vietnamese-syllable score that
tells a right decoding from a wrong one (tables in ``patterns/encodings.yml``).

Text in a font encoding is plain cp1252 to the computer (``gi¶i quyÕt`` for TCVN3,
``giaûi quyeát`` for VNI); :func:`tcvn3_to_unicode` and :func:`vni_to_unicode` give the
letters the font draws.  :func:`vietnamese_score` counts the non-ASCII words of a text that
parse as Vietnamese syllables (onset + vowel nucleus + coda, at most one tone mark).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from vnextract.rules import load_yaml

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
VOWELS = frozenset("aăâeêioôơuưy")
# Latin-1 letters that Vietnamese uses; every other char in U+00A1..U+00FF is a legacy marker
_VIET_LATIN1 = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_MARKERS = frozenset(chr(c) for c in range(0xA1, 0x100)) - _VIET_LATIN1
_MARKER_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_MARKERS)) + "]")
_TOKEN = re.compile(r"[^\s\d!-/:-@\[-`{-~\u2010-\u206f]+")


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
def byte_table(codec: str) -> str:
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
    return raw.decode("latin-1").translate(dict(enumerate(byte_table(codec))))


def encode_8bit(text: str, codec: str) -> bytes | None:
    reverse = {c: b for b, c in enumerate(byte_table(codec))}
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



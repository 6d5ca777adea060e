"""Encoding detection on texts the project writes and encodes itself."""

from __future__ import annotations

import codecs
import shutil
import subprocess
import unicodedata

import pytest

from vnextract.batch.encodings import (TONE_MARKS, BinaryInputError, decode_bytes, repair_text,
                                       syllable_ok, tcvn3_to_unicode, vni_to_unicode)

# our own sentences, in the register of a provincial press release
TEXTS = [
    "Lũy kế 5 tháng đầu năm, toàn tỉnh đã giải quyết việc làm cho 3.721 lao động, đạt 62% kế hoạch.",
    "Năm 2023, thu ngân sách nhà nước trên địa bàn ước đạt 2.150 tỷ đồng, tăng 8,5% so với cùng kỳ.",
    "Tỷ lệ hộ nghèo giảm còn 4,2%; có 1.205 hộ thoát nghèo, trong đó 310 hộ đồng bào dân tộc thiểu số.",
    "Ngành y tế đã tiêm hơn 45 nghìn liều vắc xin cho người dân ở các huyện miền núi phía Bắc.",
]
# the same first sentence typed in VNI and TCVN3 font encodings, as cp1252 shows them (by hand)
VNI_0 = ("Luõy keá 5 thaùng ñaàu naêm, toaøn tænh ñaõ giaûi quyeát vieäc laøm cho 3.721 lao ñoäng, "
         "ñaït 62% keá hoaïch.")
TCVN3_0 = ("Lòy kÕ 5 th¸ng ®Çu n¨m, toµn tØnh ®· gi¶i quyÕt viÖc lµm cho 3.721 lao ®éng, "
           "®¹t 62% kÕ ho¹ch.")


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Word writes it: base letters (with ^, breve, horn) + combining tone marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONE_MARKS))
            out += (base + "".join(c for c in nfd if c in TONE_MARKS)).encode("cp1258")
    return bytes(out)


def test_hand_typed_vni_and_tcvn3() -> None:
    assert vni_to_unicode(VNI_0) == TEXTS[0]
    assert tcvn3_to_unicode(TCVN3_0) == TEXTS[0]
    for legacy, enc in ((VNI_0, "vni"), (TCVN3_0, "tcvn3")):
        dec = decode_bytes(legacy.encode("cp1252"))
        assert (dec.text, dec.encoding, dec.assumed) == (TEXTS[0], enc, False)
        assert repair_text(legacy).encoding == enc  # text already in a str (JSON field, HTML)


def _iconv_tcvn(text: str) -> bytes:
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(),
                          capture_output=True, check=True).stdout


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv not installed")
@pytest.mark.parametrize("text", TEXTS)
def test_tcvn3_against_iconv(text: str) -> None:
    try:
        raw = _iconv_tcvn(text)
    except subprocess.CalledProcessError:
        pytest.skip("this iconv has no TCVN5712-1")
    dec = decode_bytes(raw)
    assert dec.encoding == "tcvn3" and dec.text == text


@pytest.mark.parametrize("text", TEXTS)
def test_cp1258(text: str) -> None:
    raw = cp1258_bytes(text)
    assert raw != text.encode("utf-8")
    dec = decode_bytes(raw)
    assert (dec.text, dec.encoding) == (text, "cp1258")


@pytest.mark.parametrize("text", TEXTS)
def test_unicode_forms(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")).text == text
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")).encoding == "utf-8"
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")).text == text
    for codec in ("utf-16", "utf-16-be", "utf-16-le"):
        bom = codecs.BOM_UTF16_BE if codec == "utf-16-be" else codecs.BOM_UTF16_LE
        raw = text.encode(codec) if codec == "utf-16" else bom + text.encode(codec)
        assert decode_bytes(raw).text == text
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text and decode_bytes(nfd.encode("utf-8")).text == text
    assert repair_text(nfd).text == text


@pytest.mark.parametrize("text", TEXTS)
def test_utf8_mojibake_repaired(text: str) -> None:
    # UTF-8 bytes read as cp1252 (bytes cp1252 leaves undefined pass through as latin-1)
    moji = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))
    assert moji != text
    dec = repair_text(moji)
    assert dec.text == text and dec.encoding.startswith("utf-8")


def test_unicode_with_symbols_is_left_alone() -> None:
    text = "Nhiệt độ 25°C, «Chương trình 135» đạt ½ kế hoạch; giá 1.200 USD/tấn ± 5%."
    dec = repair_text(text)
    assert (dec.text, dec.encoding) == (text, "unicode")


def test_truncated_utf8_keeps_the_valid_part() -> None:
    raw = TEXTS[0].encode("utf-8") + "ệ".encode("utf-8")[:2]
    dec = decode_bytes(raw)
    assert dec.text == TEXTS[0] and dec.warning and "truncated" in dec.warning


@pytest.mark.parametrize("text", TEXTS)
def test_utf16_without_bom(text: str) -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        dec = decode_bytes(text.encode(codec))
        assert (dec.text, dec.encoding, dec.assumed) == (text, "utf-16", True)
        assert dec.warning and "byte-order mark" in dec.warning


def test_utf16_without_bom_that_is_not_vietnamese() -> None:
    dec = decode_bytes("GDP grew 6.5% in 2023.\n".encode("utf-16-le"))
    assert dec.text == "GDP grew 6.5% in 2023.\n" and dec.encoding == "utf-16"


def test_binary_is_refused() -> None:
    with pytest.raises(BinaryInputError):
        decode_bytes(bytes(range(256)) * 40)
    with pytest.raises(BinaryInputError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BinaryInputError):  # NULs at every other byte, but not text
        decode_bytes(bytes(x for i in range(400) for x in (i % 7 + 1, 0)))


def test_short_legacy_text_is_marked_assumed() -> None:
    for legacy in ("UÛy ban", "Uûy ban"):
        dec = decode_bytes(legacy.encode("cp1252"))
        assert dec.text == "Ủy ban" and dec.encoding == "vni" and dec.assumed


def test_empty_and_ascii() -> None:
    assert decode_bytes(b"").text == ""
    dec = decode_bytes(b"GDP 2023: 6.5%")
    assert (dec.text, dec.encoding, dec.assumed) == ("GDP 2023: 6.5%", "utf-8", False)


@pytest.mark.parametrize("word,ok", [
    ("quyết", True), ("giải", True), ("nghiêng", True), ("khuya", True), ("người", True),
    ("xoong", True), ("thuở", True), ("Việt", True), ("ĐỒNG", True),
    ("Vieọt", False), ("chaứo", False), ("nhaõn", False), ("tổnhg", False), ("aàáa", False),
])
def test_syllables(word: str, ok: bool) -> None:
    assert syllable_ok(word) is ok


def test_mixed_page_converts_only_the_legacy_paragraph() -> None:
    text = TEXTS[1] + "\n" + TCVN3_0 + "\n" + TEXTS[2]
    dec = repair_text(text)
    assert dec.text == TEXTS[1] + "\n" + TEXTS[0] + "\n" + TEXTS[2]
    assert dec.encoding == "unicode+tcvn3" and dec.assumed


def test_legacy_text_saved_as_utf16() -> None:
    dec = decode_bytes(VNI_0.encode("utf-16"))
    assert (dec.text, dec.encoding) == (TEXTS[0], "vni")


def test_a_bad_byte_in_valid_utf8_stays_utf8_with_a_warning() -> None:
    """Issue 12.3: one \\xff in a UTF-8 file no longer turns the document into TCVN3 mojibake."""
    text = TEXTS[0] + "\n" + TEXTS[1]
    raw = text[:40].encode("utf-8") + b"\xff" + text[40:].encode("utf-8") + b"\xfe\xfe"
    dec = decode_bytes(raw)
    assert dec.encoding == "utf-8" and not dec.assumed
    assert dec.text.replace("\ufffd", "") == (TEXTS[0] + "\n" + TEXTS[1])
    assert dec.warning and "3 bad byte sequence(s)" in dec.warning
    offsets = [i for i, c in enumerate(dec.text) if c == "\ufffd"]
    assert dec.warning.endswith(", ".join(map(str, offsets)))


@pytest.mark.parametrize("line", ["© 2017 Cổng thông tin", "© 2017", "Tỷ lệ ½, café, élève, déjà vu",
                                  "Giá 25°C ± 5%, «135» ¼"])
def test_a_line_of_valid_unicode_is_never_rewritten(line: str) -> None:
    text = TEXTS[0] + "\n" + line + "\n" + TEXTS[1]
    assert repair_text(text).text == text
    assert repair_text(line).text == line
    assert decode_bytes(text.encode("utf-8")).text == text


_DAMAGED_UTF8 = [  # (name, bytes, the text once each U+FFFD is removed, bad sequences); issue 12.3
    ("cp1252 quotes around every word", b" ".join(b"\x93" + w.encode() + b"\x94" for w in TEXTS[0].split()),
     TEXTS[0], 2 * len(TEXTS[0].split())),
    ("a cp1252 ellipsis before every word", TEXTS[2].encode().replace(b" ", b" \x85"), TEXTS[2],
     TEXTS[2].count(" ")),
    ("two valid letters, three cp1252 bytes", "Ông Nguyễn A; ".encode() + b"\x93x\x94 \xa0 5", "Ông Nguyễn A; x  5", 3),
]


@pytest.mark.parametrize("raw,clean,bad", [c[1:] for c in _DAMAGED_UTF8], ids=[c[0] for c in _DAMAGED_UTF8])
def test_utf8_with_more_bad_bytes_than_letters_stays_utf8_unless_a_legacy_reading_is_evidence(
        raw: bytes, clean: str, bad: int) -> None:
    """Issue 12.3: when the bad bytes outnumbered the valid UTF-8 letters, the document was read
    as TCVN3 mojibake (encoding_assumed) or refused as binary; an 8-bit reading that is only an
    assumption now has to read as more Vietnamese than the UTF-8 with its bad bytes replaced."""
    dec = decode_bytes(raw)
    assert dec.encoding == "utf-8" and dec.text.replace("\ufffd", "") == clean
    assert dec.warning and f"{bad} bad byte sequence(s)" in dec.warning


def test_legacy_bytes_with_a_line_of_utf8_stay_legacy() -> None:
    """The counterpart: TCVN3 bytes with one UTF-8 line hold valid UTF-8 letters, but the
    legacy reading is the evidence."""
    dec = decode_bytes(TCVN3_0.encode("cp1252") + "\nÔng Nguyễn Văn Ánh".encode())
    assert dec.encoding == "tcvn3" and dec.text.startswith(TEXTS[0])

"""Segmentation is lossless: every token is a slice of the text, nothing is dropped or altered."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnextract.stages.indicators import syllable_spans
from vnextract.structure.segmentation import Segmenter

NAUGHTY = [
    "",
    " ",
    "\n\n\t  \n",
    "Lũy kế 5 tháng đầu năm, toàn tỉnh Lai Châu giải quyết việc làm cho 3.721 lao động.",
    "TP.HCM   có  1.185/8.000 chỉ tiêu,đạt 14,8%;ngày 05/5/2022 (Covid-19) BN1234 8h30",
    "“Trích dẫn” — gạch ngang – và … ba chấm!!! ??? ",
    "Ｆｕｌｌｗｉｄｔｈ ２０２２ và chữ Hán 漢字 và emoji 🇻🇳👍🏽 giữa câu.",
    "a\u0301 tổ hợp chưa chuẩn hoá, zero\u200bwidth, nbsp\u00a0space, \ufeffBOM",
    "Dòng một\r\nDòng hai\rDòng ba\u2028Dòng bốn",
    "<script>alert(1)</script> &amp; %s {0} \\x00 ' OR 1=1 --",
    "1.2.3.4.5 ,,,, .... ;;;; 000000 -1 +2 1e10 0x1F",
    "x" * 3000,
    "Một câu. " * 200,
]


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter()


def _check_lossless(seg: Segmenter, text: str) -> None:
    sentences = seg.sentences(text)
    for s, e in sentences:
        assert 0 <= s < e <= len(text)
        tokens = seg.words(text, s, e)
        # tokens are slices, in order, non-overlapping, and cover every non-space character
        pos = s
        rebuilt = []
        for t in tokens:
            assert t.text == text[t.start : t.end]
            assert t.start >= pos
            assert text[pos : t.start].strip() == "", (text[pos : t.start], t)
            rebuilt.append(text[pos : t.end])
            pos = t.end
        rebuilt.append(text[pos:e])
        assert "".join(rebuilt) == text[s:e]
    # every non-space character of the text lies in a sentence
    covered = set()
    for s, e in sentences:
        covered.update(range(s, e))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


@pytest.mark.parametrize("text", NAUGHTY, ids=range(len(NAUGHTY)))
def test_lossless_on_naughty_strings(seg: Segmenter, text: str) -> None:
    _check_lossless(seg, text)


@pytest.mark.parametrize("text", NAUGHTY, ids=range(len(NAUGHTY)))
def test_syllables_are_lossless(text: str) -> None:
    spans = syllable_spans(text)
    joined = "".join(text[s:e] for s, e in spans)
    assert joined == "".join(text.split())


def test_numeral_never_glued_to_its_noun(seg: Segmenter) -> None:
    text = "gần 1.300 ca tay chân miệng; thành phố trao 325.448 suất quà"
    words = [t.text for t in seg.words(text, 0, len(text))]
    assert "1.300" in words and "325.448" in words


def test_lossless_on_real_texts(seg: Segmenter, shared: Path) -> None:
    import unicodedata

    files = sorted((shared / "corpus" / "texts").glob("*.txt"))
    assert files
    for f in files:
        _check_lossless(seg, unicodedata.normalize("NFC", f.read_text(encoding="utf-8")))

"""Segmentation is lossless: every token is a slice of the text, nothing is dropped or altered."""

from __future__ import annotations

from pathlib import Path

import pytest

from vnextract.stages.indicators import syllable_spans
from vnextract.structure.segmentation import Segmenter

EXAMPLE = (Path(__file__).resolve().parents[1] / "examples" / "press_release.txt").read_text(encoding="utf-8")
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


def test_chunks_cut_at_blanks_and_cover_the_text() -> None:
    from vnextract.structure.segmentation import chunks

    text = "ab cd  ef" + "x" * 12
    assert [text[a:b] for a, b in chunks(text, 0, len(text), 5)] == ["ab", "cd", "efxxx", "xxxxx", "xxxx"]
    assert chunks("", 0, 0, 5) == [(0, 0)]
    assert chunks("abc", 0, 3, 5) == [(0, 3)]


@pytest.mark.parametrize("text", [
    "tăng 5" + "%" * 30_000,
    "Kết quả là " + "07 " * 3_000,
    ("Tỉnh giải quyết việc làm cho 3.721 lao động, " * 300).strip(),
    "tỷ " * 5_000,
])
def test_long_sentences_are_tagged_in_bounded_windows(seg: Segmenter, text: str) -> None:
    """Issue 12: the CRF never sees more than a window (plus its margins); sentences are
    at most MAX_SENTENCE long; the tokens stay lossless."""
    from vnextract.structure import segmentation as mod

    seen: list[int] = []
    predict = seg._tagger.predict
    seg._tagger.predict = lambda tokens: (seen.append(len(tokens)), predict(tokens))[1]
    try:
        sentences = seg.sentences(text)
        assert all(e - s <= mod.MAX_SENTENCE for s, e in sentences)
        _check_lossless(seg, text)
    finally:
        seg._tagger.predict = predict
    assert seen and max(seen) <= mod.WINDOW + 2 * mod.MARGIN


def test_windows_give_the_same_words_on_a_long_real_sentence(seg: Segmenter) -> None:
    """A sentence of real text longer than a window is tokenised as without windows."""
    text = " ".join((EXAMPLE * 4).replace(".", ",").split())[:6000]
    whole = Segmenter(window=10**9, chunk_chars=10**9)
    assert len(seg.syllables(text, 0, len(text))) > seg.window
    assert [(t.start, t.end) for t in seg.words(text, 0, len(text))] == \
        [(t.start, t.end) for t in whole.words(text, 0, len(text))]


def test_windows_around_points_merge_where_they_meet() -> None:
    from vnextract.structure.segmentation import NEAR_AFTER, NEAR_BEFORE, NEAR_MARGIN, _merged

    starts = list(range(0, 400, 4))  # 100 syllables
    reach = NEAR_BEFORE + NEAR_MARGIN, NEAR_AFTER + NEAR_MARGIN
    assert _merged(starts, [200], 100) == [(50 - reach[0], 50 + reach[1])]
    assert _merged(starts, [200, 204], 100) == [(50 - reach[0], 51 + reach[1])]  # one window
    assert _merged(starts, [0, 396], 100) == [(0, reach[1]), (99 - reach[0], 100)]  # apart, clipped
    assert _merged(starts, [], 100) == []


@pytest.mark.parametrize("text", [
    "Lũy kế 5 tháng đầu năm, toàn tỉnh Lai Châu giải quyết việc làm cho 3.721 lao động, trong đó xuất khẩu lao động 09 người.",
    EXAMPLE.replace("\n", " ")[:3000],
    "Năm 2023, tỉnh Yên Bái đã giải quyết việc làm cho hơn 9.800 lao động, đạt 52,1% kế hoạch năm; "
    "thu ngân sách 1.185/8.000 tỷ đồng, 250 hécta lúa và 12 cơ sở giáo dục nghề nghiệp được hỗ trợ.",
])
def test_words_near_figures_are_the_whole_sentences_words(seg: Segmenter, text: str) -> None:
    """The tokens right after each figure, which the units read, are those of the whole sentence's
    segmentation (the windows' edges may differ; nothing near a figure does)."""
    import regex

    points = [m.end() for m in regex.finditer(r"\d[\d.,/]*", text)]
    whole = {t.start: t for t in seg.words(text, 0, len(text))}
    near = {t.start: t for t in seg.words_near(text, 0, len(text), points)}
    starts = sorted(whole)
    for p in points:
        i = next((k for k, s in enumerate(starts) if s >= p), len(starts))
        for s in starts[i : i + 2]:  # the word after the figure, and the next (a classifier's noun)
            assert near.get(s) == whole[s], (text[p - 10 : p + 30], s)

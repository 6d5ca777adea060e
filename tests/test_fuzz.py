"""Fuzzing the whole extractor (issue 12): on any text, no exception, and every document keeps
the record invariants: ``text[start:end] == record.text``, finite values, unique ids, parents
that exist, NFC text.

The CI budget is ``VNEXTRACT_FUZZ_EXAMPLES`` examples (default 150); a longer run::

    VNEXTRACT_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import math
import os
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("VNEXTRACT_FUZZ_EXAMPLES", "150"))
WORDS = ["tăng", "giảm", "đạt", "lao động", "tỷ đồng", "triệu", "nghìn", "hộ", "người", "năm", "tháng",
         "Lũy kế", "trong đó", "gồm", "hơn", "gần", "khoảng", "từ", "đến", "so với cùng kỳ", "kế hoạch",
         "tỉnh Lai Châu", "TP.HCM", "giải quyết việc làm", "xuất khẩu", "ngày", "quý I", "%", "ha", "tấn",
         "Năm 2022", "6 tháng đầu năm", "bình quân", "một", "hai mươi", "rưỡi", "lần", "điểm"]
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(0, 9999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]}"),
    st.tuples(st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2030)).map(lambda t: "%d/%d/%d" % t),
    st.tuples(st.integers(0, 999), st.integers(0, 999)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}-{t[1]}"),
)
PIECES = st.one_of(st.sampled_from(WORDS), NUMBERS, st.sampled_from([".", ",", ";", ":", "(", ")", "\n", "\n\n", "-", "…"]),
                   st.text(min_size=1, max_size=4))
TEXTS = st.lists(PIECES, max_size=60).map(" ".join)


def check_document(doc: Any, given_text: str) -> None:
    assert doc.text == unicodedata.normalize("NFC", given_text)
    ids = [r.id for r in doc.records]
    assert len(ids) == len(set(ids))
    for r in doc.records:
        assert 0 <= r.start < r.end <= len(doc.text) and doc.text[r.start : r.end] == r.text
        assert math.isfinite(r.value) and (r.value_max is None or math.isfinite(r.value_max))
        assert r.parent is None or r.parent in ids
        if r.sentence_start is not None and r.sentence_end is not None:
            assert r.sentence_start <= r.start and r.end <= r.sentence_end


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, published=st.one_of(st.none(), st.sampled_from(["2022-05-11", "2017", "19/07/2024"])))
def test_any_text_keeps_the_invariants(extractor: Any, text: str, published: Any) -> None:
    text = text.encode("utf-8", "replace").decode("utf-8")  # no lone surrogates: those are an error
    check_document(extractor(text, published=published), text)

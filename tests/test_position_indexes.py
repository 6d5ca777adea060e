"""The position indexes of the document structure, the words next to a figure and the index of
dated figures answer as the scans they replace (issue 12: a long paragraph is not scanned once
per figure)."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from vnextract.stages.indicators import BLOCKER, TriggerHit
from vnextract.stages.relations import _FirstOnOtherLine
from vnextract.stats.measure_features import _paragraphs
from vnextract.stats.measure_words import _SYLL, first_words, last_words
from vnextract.structure.place_index import OneNameIndex
from vnextract.structure.places import Place
from vnextract.structure.time_index import TimeIndex, latest
from vnextract.structure.times import TimeExpr, _Spans


def _spans(draw: st.DrawFn, n: int) -> list[tuple[int, int]]:
    """Non-overlapping spans in order."""
    out, pos = [], 0
    for _ in range(n):
        pos += draw(st.integers(0, 5))
        length = draw(st.integers(1, 6))
        out.append((pos, pos + length))
        pos += length
    return out


@st.composite
def times_and_query(draw: st.DrawFn) -> tuple[list[TimeExpr], int, int]:
    spans = _spans(draw, draw(st.integers(0, 12)))
    times = [TimeExpr(s, e, "2020", strong=draw(st.booleans())) for s, e in spans]
    lo, hi = sorted((draw(st.integers(0, 100)), draw(st.integers(0, 100))))
    return times, lo, hi


@given(times_and_query())
def test_time_index_answers_as_a_scan(case: tuple[list[TimeExpr], int, int]) -> None:
    times, lo, hi = case
    index = TimeIndex(times, {"strong": lambda t: t.strong, "all": lambda t: True})
    assert index.starting(lo, hi) == [t for t in times if lo <= t.start < hi]
    for kind, keep in (("strong", lambda t: t.strong), ("all", lambda t: True)):
        scan = [t for t in times if keep(t) and lo <= t.start and t.end <= hi]
        assert index.last(kind, lo, hi) == (scan[-1] if scan else None)


def test_latest_is_the_one_that_starts_last() -> None:
    a, b = TimeExpr(0, 4, "2019"), TimeExpr(10, 14, "2020")
    assert latest(a, None, b) is b and latest(None, None) is None


@st.composite
def places_and_query(draw: st.DrawFn) -> tuple[list[Place], int, int]:
    spans = _spans(draw, draw(st.integers(0, 12)))
    places = [Place(s, e, draw(st.sampled_from(["Lai Châu", "Hà Nội"])), "province", None, True) for s, e in spans]
    lo, hi = sorted((draw(st.integers(0, 100)), draw(st.integers(0, 100))))
    return places, lo, hi


@given(places_and_query())
def test_one_name_index_answers_as_a_scan(case: tuple[list[Place], int, int]) -> None:
    places, lo, hi = case
    inside = [p for p in places if lo <= p.start and p.end <= hi]
    expected = inside[0].name if inside and all(p.name == inside[0].name for p in inside) else None
    assert OneNameIndex(places, lambda p: p.name).only_name(lo, hi) == expected


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=25))
def test_taken_spans_answer_as_a_scan(candidates: list[tuple[int, int]]) -> None:
    taken, scan = _Spans(), []
    for s, length in candidates:
        e = s + length
        overlaps = any(s < te and e > ts for ts, te in scan)
        assert taken.overlaps(s, e) == overlaps
        if not overlaps:
            taken.add(s, e)
            scan.append((s, e))


# --------------------------------------------------------------- the words next to a figure


@given(st.text(alphabet="ab cđ5,.\n", max_size=400), st.integers(0, 400), st.integers(0, 400), st.integers(1, 9))
def test_words_next_to_a_figure_as_the_whole_stretch(text: str, a: int, b: int, k: int) -> None:
    lo, hi = sorted((min(a, len(text)), min(b, len(text))))
    whole = _SYLL.findall(text, lo, hi)
    assert last_words(text, lo, hi, k) == whole[-k:]
    assert first_words(text, lo, hi, k) == whole[:k]


# --------------------------------------------------------------- repeats of a dated figure



@st.composite
def dated_figures(draw: st.DrawFn) -> tuple[list[SimpleNamespace], list[int], list[int]]:
    n = draw(st.integers(1, 14))
    figs = [SimpleNamespace(unit=draw(st.sampled_from(["người", "%"])), indicator=draw(st.sampled_from([None, "a"])),
                            num=SimpleNamespace(value=float(draw(st.integers(1, 3))))) for _ in range(n)]
    line = [draw(st.integers(0, 3)) for _ in range(n)]
    order = draw(st.permutations(range(n)))  # figures are added in any order (a repeat is added when found)
    return figs, line, list(order)


@given(dated_figures(), st.integers(0, 3), st.booleans())
def test_first_on_other_line_as_a_scan(case: tuple[list[SimpleNamespace], list[int], list[int]], not_line: int,
                                       any_indicator: bool) -> None:
    figs, line, order = case
    index = _FirstOnOtherLine(line)
    for j in order:
        index.add(figs[j], j)  # type: ignore[arg-type]
    for q in figs:
        scan = next((j for j, o in enumerate(figs) if line[j] != not_line and o.unit == q.unit
                     and o.num.value == q.num.value and (any_indicator or o.indicator == q.indicator)), None)
        assert index.first(q, not_line, any_indicator) == scan  # type: ignore[arg-type]


@st.composite
def near_figures(draw: st.DrawFn) -> tuple[list[SimpleNamespace], list[int], list[int]]:
    n = draw(st.integers(1, 14))
    values = [1.0, 1.02, 1.05, 0.98, 3.0, -1.0, -1.02, 0.0]
    figs = [SimpleNamespace(unit=draw(st.sampled_from(["người", "%"])), indicator=draw(st.sampled_from([None, "a"])),
                            num=SimpleNamespace(value=draw(st.sampled_from(values)))) for _ in range(n)]
    line = [draw(st.integers(0, 3)) for _ in range(n)]
    return figs, line, list(draw(st.permutations(range(n))))


@given(near_figures(), st.integers(0, 3), st.booleans())
def test_near_value_on_other_line_as_a_scan(case: tuple[list[SimpleNamespace], list[int], list[int]], not_line: int,
                                            any_indicator: bool) -> None:
    """The repeat of a figure with a qualifier (``gần 5.000``) is found by bisection over the
    values, as the scan of every dated figure found it (issue 12)."""
    figs, line, order = case
    index = _FirstOnOtherLine(line)
    for j in order:
        index.add(figs[j], j)  # type: ignore[arg-type]
    for q in figs:
        a = q.num.value
        scan = next((j for j, o in enumerate(figs) if line[j] != not_line and o.unit == q.unit
                     and (any_indicator or o.indicator == q.indicator)
                     and (a == o.num.value or (o.num.value and abs(a - o.num.value) / abs(o.num.value) < 0.03))), None)
        assert index.near(q, not_line, any_indicator, 0.03) == scan  # type: ignore[arg-type]


@st.composite
def paragraph_hits(draw: st.DrawFn) -> tuple[list[list[TriggerHit]], list[int]]:
    n = draw(st.integers(1, 10))
    hits = [[TriggerHit(0, 1, draw(st.sampled_from(["a", "b", "c", BLOCKER])), draw(st.booleans()))
             for _ in range(draw(st.integers(0, 3)))] for _ in range(n)]
    lines = sorted(draw(st.integers(0, 3)) for _ in range(n))
    return hits, lines


@given(paragraph_hits())
def test_paragraph_candidates_as_the_walk_per_figure(case: tuple[list[list[TriggerHit]], list[int]]) -> None:
    """What the sentences of a figure's paragraph before the one before it name (strong
    triggers, the nearest first) is what walking them per figure found (issue 12)."""
    hits, lines = case
    got = _paragraphs(hits, lines)
    for si in range(len(hits)):
        walk: list[str] = []
        j = si - 2
        while j >= 0 and lines[j] == lines[si]:
            walk += [h.indicator for h in hits[j] if h.indicator != BLOCKER and not h.weak]
            j -= 1
        assert got[si] == tuple(dict.fromkeys(walk))

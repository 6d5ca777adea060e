"""Period stage: the time each figure covers (FORMAT.md 3.6), chosen among the time
expressions of the document structure (:mod:`vnextract.structure.times`).

A figure takes (:func:`frame`) a time right after it that dates it (``tăng từ 27% năm 2010``,
:func:`dated_after`), else the nearest framing expression before it in its sentence, else
in its paragraph, else any of its sentence, else the one an earlier paragraph framed, else the
document's period (:func:`document_period`).  Signing dates frame nothing; caps and support
levels are standing rules with no period of their own (``standing`` in ``patterns/periods.yml``);
an actual figure dated after publication by its own sentence or paragraph is a plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import regex

from vnextract.stages.relations import opens_breakdown
from vnextract.stages.span_matches import SpanMatches
from vnextract.structure.layout import Span
from vnextract.structure.period_rules import load_period_file
from vnextract.structure.time_index import TimeIndex, latest
from vnextract.structure.times import Reference, TimeExpr

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis, Quantity
    from vnextract.structure.document import DocumentStructure


def _first_year(period: str) -> Optional[int]:
    """The first year an ISO period names (``2016/2020`` -> 2016; ``../2030`` -> 2030, the
    end of a span to a future year), None for ``XXXX``."""
    head = period.split("/")[-1] if period.startswith("..") else period.split("/")[0]
    return int(head[:4]) if head[:4].isdigit() else None


def is_future(period: Optional[str], published: Optional[str]) -> bool:
    """A figure for a period that starts after publication is a plan (``đến năm 2030``); a
    level in force from a later day on (``từ ngày 1/1/2021, mức lương ...``) is not."""
    if not period or not published or not published[:4].isdigit() or period.endswith("/.."):
        return False
    year, pub = _first_year(period), int(published[:4])
    if year == pub and regex.fullmatch(r"\d{4}/\d{4}", period):
        # a span from now to a later year ("từ nay đến năm 2020"; not a school year "2017-2018")
        return int(period[5:]) > pub + 1
    return year is not None and year > pub


# characters at most between a figure and a time right after it that dates it ("27% năm 2010",
# "22.000 người vào năm 2019"): a unit and a few words
FOLLOWING_GAP = 24
# paragraphs back at most that a time framed and still frames a figure with no time of its own
# (a report goes on about the period it last named, for a few paragraphs, not to its end):
# 1-8 were tried on the tuning corpora, 5 gained most (gain 72, loss 19 periods)
CARRY_LINES = 5
# sentences back at most that a time inside an earlier sentence of the paragraph still frames a
# figure (a time opening its sentence frames the rest of the paragraph): a long paragraph of a
# news article is many topics; 0-5 and no limit were tried on the tuning corpora, 2 gained most
PARA_SENTENCES = 2


@dataclass(frozen=True)
class FrameCues:
    """The cues of ``patterns/periods.yml`` (and of the breakdowns) that :func:`frame` reads."""

    opens_breakdown: regex.Pattern[str]
    not_dating_gap: regex.Pattern[str]
    opens_item: regex.Pattern[str]
    level_per_unit: regex.Pattern[str]
    habit_after: regex.Pattern[str]
    owned_time: regex.Pattern[str]
    plan_owned_time: regex.Pattern[str]

    @classmethod
    def load(cls) -> "FrameCues":
        spec = load_period_file()
        return cls(opens_breakdown(), spec.compile(spec.cues.not_dating_gap), spec.compile(spec.cues.opens_item),
                   spec.compile(spec.cues.level_per_unit), spec.compile(spec.cues.habit_after), spec.compile(spec.cues.owned_time),
                   spec.compile(spec.cues.plan_owned_time))


def dated_after(text: str, sent: Span, end: int, times: list[TimeExpr], cues: FrameCues) -> TimeExpr | None:
    """The time right after the figure ending at ``end`` that dates it (``tăng từ 27% năm 2010
    lên 35% năm 2015``), unless what stands between names another thing's time or the time
    opens the next item (see ``not_dating_gap`` and ``opens_item`` in ``patterns/periods.yml``)."""
    for t in times:
        if t.start < end:
            continue
        if t.start - end > FOLLOWING_GAP or t.end > sent[1]:
            return None
        if (t.comparison or not t.dates_before
                or cues.not_dating_gap.search(text, end, t.start) or cues.opens_item.match(text, t.end)):
            return None
        return t
    return None


def frame(
    structure: DocumentStructure, sent: Span, start: int, end: int, index: TimeIndex, doc_period: str | None,
    cues: FrameCues, plan: bool = False,
) -> tuple[str | None, str]:
    """The period of the figure at ``text[start:end]`` and where it was found (sentence,
    paragraph, carried or document), from the framing times (``index``: :func:`frame_index`,
    no signing dates: they frame nothing, see :attr:`TimeExpr.signed`): a time right after the
    figure that dates it (:func:`dated_after`), else the nearest framing expression before the
    figure in its sentence, else in its paragraph within reach (:data:`PARA_SENTENCES`); else
    any expression of the sentence; else the one an earlier paragraph framed; else the
    document's. A state now (``hiện nay``) dates its own sentence and the next ones within reach."""
    s0, s1 = sent
    local = index.starting(s0, s1)  # the sentence's times
    adjoining = dated_after(structure.text, sent, end, local, cues)
    if adjoining is not None:
        return adjoining.period, "sentence"
    para_start = structure.line_start(s0)
    near = max(para_start, structure.sentences_back(sent, PARA_SENTENCES))
    before = [t for t in local if t.end <= start]
    strong = [t for t in before if t.strong]
    c0 = structure.clause_of(sent, start, end)[0]
    own = [t for t in before if t.start >= c0]
    if strong:
        # ... after a time of the figure's own item that is no other thing's ("Năm 2019 là
        # 9,23%; năm 2020 là 6,15% và năm 2021 là 3,08%"; not "dự toán năm 2020", "vụ đông
        # xuân 2022-2023", a span or an earlier item of a list)
        item = [t for t in own if t.start > strong[-1].start and t.expression != "range_years"
                and "," not in structure.text[t.end : start]
                and not cues.owned_time.search(structure.text[max(0, t.start - 30) : t.start])]
        return (item or strong)[-1].period, "sentence"
    # a time in the figure's own clause dates it before an earlier sentence's frame does
    # ("Năm học 2017-2018, toàn thành phố dự kiến có 82.934 học sinh"), unless the sentence
    # breaks down the one before ("Trong đó, thuế ... theo quyết toán năm 2019 là ..."): its
    # parts are of the whole's time
    if own and not cues.opens_breakdown.match(structure.text, s0):
        return own[-1].period, "sentence"
    earlier = paragraph_frame(index, (para_start, near, s0))
    if earlier is not None:
        return earlier.period, "paragraph"
    if before:
        return before[-1].period, "sentence"
    after = [t for t in local if end <= t.start and t.end <= s1]
    if after:
        return after[0].period, "sentence"
    weak = latest(index.last("weak" if plan else "weak_unowned", para_start, s0),
                  index.last("weak_now" if plan else "weak_now_unowned", near, s0))
    if weak is not None:
        return weak.period, "paragraph"
    return carried(index.last("carried", structure.lines_back(s0, CARRY_LINES), para_start), doc_period)


def frame_index(structure: DocumentStructure, framing: list[TimeExpr], cues: FrameCues) -> TimeIndex:
    """The framing times by the kinds :func:`frame` asks for. A framing time inside a sentence
    reaches the next :data:`PARA_SENTENCES` sentences of its paragraph only, one opening its
    sentence the rest of the paragraph (``opening``); a state now only its reach (``now``); a
    bare time that names a plan's year (``plan_owned_time``: ``mục tiêu phát triển kinh tế xã
    hội năm 2017``) frames no figure that is not a plan's (``unowned``); an open stretch
    (``đến nay`` unknown, ``từ đầu năm`` to now) is not carried beyond its paragraph."""
    text, owned = structure.text, cues.plan_owned_time

    def unowned(t: TimeExpr) -> bool:
        return not owned.search(text, max(structure.line_start(t.start), t.start - 60), t.start)

    def now(t: TimeExpr) -> bool:
        return t.expression == "current"

    return TimeIndex(framing, {
        "strong": lambda t: t.strong and not now(t),
        "strong_opening": lambda t: t.strong and t.opens_sentence and not now(t),
        "strong_now": lambda t: t.strong and now(t),
        "weak": lambda t: not t.strong and not now(t),
        "weak_unowned": lambda t: not t.strong and not now(t) and unowned(t),
        "weak_now": lambda t: not t.strong and now(t),
        "weak_now_unowned": lambda t: not t.strong and now(t) and unowned(t),
        "carried": lambda t: (t.strong and t.beyond_paragraph and not now(t)
                              and ((".." not in t.period and t.expression != "since_year_start") or t.carried)),
    })


def paragraph_frame(index: TimeIndex, bounds: tuple[int, int, int]) -> TimeExpr | None:
    """The last framing time of the paragraph before its sentence that frames it (``bounds``:
    the start of the paragraph, of the sentences within reach and of the figure's sentence), a
    state now only when nothing else does."""
    para_start, near, s0 = bounds
    return (latest(index.last("strong", near, s0), index.last("strong_opening", para_start, s0))
            or index.last("strong_now", near, s0))


def carried(framed: TimeExpr | None, doc_period: str | None) -> tuple[str | None, str]:
    """The period a paragraph at most :data:`CARRY_LINES` before the figure's last framed
    (``framed``: a report goes on about it), else the document's."""
    if framed is None:
        return doc_period, "document"
    last = framed.period
    # ... unless that was a bare year and the document's own period lies within it
    if doc_period and len(last) == 4 and doc_period.startswith(last) and doc_period != last:
        return doc_period, "carried"
    return last, "carried"


def document_period(times: list[TimeExpr], ref: Reference, published: str | None, lead_end: int = 0) -> str | None:
    """The period the document reports on: its most frequent framing expression
    about the year of publication (a history's 1947 is not what it reports on); a time of the
    year before counts only when the headline or lead names it or the text names it more than
    once (a 2017 article's one mention of ``năm 2016`` at its end is not what it reports on)."""
    counts: dict[str, int] = {}
    leading: set[str] = set()
    recent = {ref.year, str(int(ref.year) - 1)} if ref.year.isdigit() else None
    for t in times:
        if not t.dates_document or t.expression == "since_year_start":  # a running total to now
            continue
        if t.strong and not t.period.endswith("/..") and (recent is None or t.period.lstrip("./")[:4] in recent):
            # a report up to now or to an hour of a day is of that day
            key = t.period[3:] if t.expression in ("until_now", "until_date") else t.period
            counts[key] = counts.get(key, 0) + 1
            if t.start < lead_end:
                leading.add(key)
    counts = {p: c for p, c in counts.items() if c > 1 or p in leading or p.lstrip("./")[:4] == ref.year}
    if not counts:
        # nothing frames the document: it reports on the month of the first date it
        # gives (an inspection "ngày 02/8/2024"), else on its own day, else its year
        # (a history's "27/7/1947 - 27/7/2017" reports on neither)
        # the day of the reported event, when publication gives only the year (FORMAT.md 3.6,
        # decision 12; "Ngày 8/2/2017, Sở Giao dịch ... đã tổ chức")
        event_day = ref.date if published and len(published) == 4 and ref.date and len(ref.date) == 10 else None
        dated = [t for t in times if t.expression == "full_date"]
        if dated and (recent is None or dated[0].period[:4] in recent):
            # ... unless that date is the reported event's day
            return dated[0].period if dated[0].period == event_day else dated[0].period[:7]
        # ... the publication date at the precision it has, or the event's day
        if event_day:
            return event_day
        return published if published and len(published) in (4, 10) else (ref.year if recent else None)
    best = max(counts.values())
    return next(p for p, c in counts.items() if c == best)


class PeriodStage:
    """Sets the document's period and every quantity's period and where it came from."""

    def __init__(self) -> None:
        spec = load_period_file()
        self.standing = regex.compile(spec.standing.pattern, regex.IGNORECASE | regex.VERSION1)
        self.cues = FrameCues.load()

    def __call__(self, doc: "Analysis") -> None:
        st = doc.structure
        doc.period = document_period(st.times, st.reference, st.published, st.layout.lead[1])
        framing = frame_index(st, [t for t in st.times if not t.signed], self.cues)  # a signing date frames no figure
        standing: dict[Span, SpanMatches] = {}  # the standing cues of each clause, read once
        for q in doc.quantities:
            q.period, q.period_source = frame(st, q.sent, q.num.start, q.num.end, framing, doc.period,
                                                self.cues, plan=q.role == "target")
            in_force = bool(q.period) and q.period.endswith("/..")  # a level from a day on is dated
            tail = doc.text[q.num.end : q.num.end + 40]  # the figure's unit and the words after it
            if q.period_source != "sentence" and not in_force and self._standing(doc.text, q, tail, standing):
                q.period, q.period_source = None, "standing"
            if (q.role == "actual" and q.period_source in ("sentence", "paragraph") and is_future(q.period, st.published)
                    and not self.cues.level_per_unit.match(tail)):  # decision 6
                q.role = "target"
                q.rules.append("future-period")


    def _standing(self, text: str, q: "Quantity", tail: str, read: dict[Span, SpanMatches]) -> bool:
        """Is the figure a standing one: a standing cue in its clause before it (``read``: the
        clauses whose cues are matched already), or a habit right after it and its unit (``tail``:
        ``habit_after``)?"""
        if q.clause not in read:
            read[q.clause] = SpanMatches(self.standing, text, q.clause[0], q.clause[1])
        return read[q.clause].any_between(q.clause[0], q.num.start) or self.cues.habit_after.match(tail) is not None


class PlanPeriodStage:
    """A plan states its own time (decision 12 of corpus/README.md): a target whose period was
    only carried from an earlier paragraph, and is not a time to come, has none. Runs after the
    relations, which settle the roles of ``a/b chỉ tiêu`` pairs."""

    def __call__(self, doc: "Analysis") -> None:
        for q in doc.quantities:
            if q.role == "target" and q.period_source == "carried" and not is_future(q.period, doc.structure.published):
                q.period, q.period_source = None, "plan"

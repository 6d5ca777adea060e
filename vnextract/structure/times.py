"""Time expressions: every date, month, quarter, year, span and running total of a text,
resolved to ISO 8601 (FORMAT.md 3.6) against the reference date.

The expressions and the cues around them are the ordered patterns of ``patterns/periods.yml``;
this module finds them (:meth:`PeriodResolver.find`), resolves each kind against the
publication date (:meth:`PeriodResolver.reference`), and marks the ones that frame the
figures after them (``strong``), the dates documents were signed (``signed``) and comparisons
(``so với cùng kỳ năm trước``, which name no period).  Which expression a figure takes is the
period stage's decision (:mod:`vnextract.stages.periods`).
"""

from __future__ import annotations

from bisect import bisect_right

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import regex

from vnextract.structure.period_rules import load_period_file
from vnextract.structure.time_kinds import RESOLVERS, Reference, real_date

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.structure.document import DocumentStructure

_F = regex.IGNORECASE | regex.VERSION1


_OPENER = regex.compile(r"\W*(?:\w+\s+){0,2}")  # what may open a sentence before a time


@dataclass(frozen=True, slots=True)
class TimeExpr:
    start: int
    end: int
    period: str
    # framing expressions ("trong tháng 5/2022, ...", "tính đến ngày ...") are strong;
    # a bare year after a noun ("tiền thưởng năm 2011") only describes that noun
    strong: bool = True
    # the day a document was signed: it frames no figure, but may date the document
    signed: bool = False
    expression: str = ""  # the expression's kind in periods.yml (month, until_date, ...)
    # a running total to a stated time also frames the paragraphs after its own
    carried: bool = False
    # a state now ("hiện nay") does not tell what period the document reports on
    dates_document: bool = True
    # a time the figure is measured against ("so với cùng kỳ năm 2019"): it frames nothing
    comparison: bool = False
    # a time right after a figure may date it ("27% năm 2010"); an occasion's name does not
    # ("suất quà Tết Giáp Thìn")
    dates_before: bool = True
    # at most two words stand before it in its sentence ("Trong năm 2016, ..."): it frames the
    # rest of its paragraph
    opens_sentence: bool = False
    # it may frame the paragraphs after its own (a contrast with "năm ngoái" does not)
    beyond_paragraph: bool = True


@dataclass(frozen=True, slots=True)
class _EventCues:
    date: regex.Pattern[str]
    not_before: regex.Pattern[str]
    not_after: regex.Pattern[str]


def _event_date(text: str, year: str, month: str | None, cues: _EventCues) -> str | None:
    """The day of the reported event ("Chiều 16/6, tại Trụ sở Chính phủ ..."): the first
    dated occasion of the publication's year that is not a document date or a span end."""
    for m in cues.date.finditer(text):
        if cues.not_before.search(text, max(0, m.start() - 40), m.start()):
            continue
        if m.group("y") and m.group("y") != year:
            continue
        if cues.not_after.match(text[m.end() : m.end() + 12]):
            continue
        d, mo = int(m.group("d")), int(m.group("m"))
        if not real_date(year, mo, d) or (month and mo != int(month)):
            continue
        return f"{year}-{mo:02d}-{d:02d}"
    return None


def _ended_stage(m: regex.Match[str], ref: Reference, stage: regex.Pattern[str]) -> bool:
    """"giai đoạn 2011 - 2016" frames what follows once the stage is over; a stage still
    running ("Đề án ... giai đoạn 2023 - 2030") names a plan."""
    y2 = m.groupdict().get("y2")
    return (
        stage.match(m.group()) is not None
        and y2 is not None
        and ref.year.isdigit()
        and int(y2) <= int(ref.year)
    )


def _one_year(period: str) -> str | None:
    """The single year a period lies in (``../2015-12-31`` -> 2015), else None (``2016/2020``)."""
    ends = [e for e in period.split("/") if e != ".."]
    years = {e[:4] for e in ends}
    return years.pop() if len(years) == 1 and all(e[:4].isdigit() for e in ends) else None


class PeriodResolver:
    """Finds time expressions and resolves them to ISO 8601 periods."""

    def __init__(self) -> None:
        spec = load_period_file()
        words = spec.number_words.map | spec.month_names.map
        self.number_words = {" ".join(k.lower().split()): v for k, v in words.items()}
        # a lunar year's stem and branch, read by the resolver as "stem X" and "branch X"
        self.number_words |= {f"stem {k.lower()}": v for k, v in spec.year_names.stems.items()}
        self.number_words |= {f"branch {k.lower()}": v for k, v in spec.year_names.branches.items()}
        cues = spec.cues
        self.framing = spec.compile(cues.framing)
        self.opens_frame = spec.compile(cues.opens_frame)
        self.stage = spec.compile(cues.stage)
        self.compare = spec.compile(cues.comparison)
        self.signed = spec.compile(cues.document_date)
        self._event = _EventCues(
            spec.compile(cues.event_date), spec.compile(cues.not_event_before), spec.compile(cues.not_event_after)
        )
        self.patterns: list[tuple[str, regex.Pattern[str]]] = [
            (kind, regex.compile(spec.expand(e.pattern), _F)) for kind, e in spec.expressions.items()
        ]
        self.expressions = spec.expressions

    def reference(self, published: str | None, text: str, structure: "DocumentStructure") -> Reference:
        """The year and day relative expressions resolve against (FORMAT.md 3.6): ``published``,
        with the day of the reported event when ``published`` gives none; else the year the text
        states for its own figures (:meth:`text_year`)."""
        if not (published and regex.match(r"\d{4}", published)):
            year = self.text_year(text, structure)
            return Reference(year, _event_date(text, year, None, self._event) if year.isdigit() else None)
        if len(published) >= 10:
            return Reference(published[:4], published[:10])
        month = published[5:7] if len(published) >= 7 else None
        date = _event_date(text, published[:4], month, self._event) or (published[:7] if month else None)
        return Reference(published[:4], date)

    def text_year(self, text: str, structure: "DocumentStructure") -> str:
        """The year a text without a publication date reports on: the year its framing time
        expressions name most (the headline and the lead count twice), a comparison year
        standing, three times, for the year after it (``so với cùng kỳ năm 2019`` -> 2020); with
        none, the year named most by expressions that frame nothing (``kỳ thi THPT quốc gia
        2017``); never a target year, a signing date or a year inside a document number.
        ``XXXX`` when it names none."""
        votes: dict[int, float] = {}
        weak: dict[int, float] = {}
        lead_end = structure.layout.lead[1]
        for t in self.find(text, Reference("XXXX", None), structure, with_comparisons=True):
            year = _one_year(t.period)
            if year is None or not year.isdigit() or t.signed or t.expression == "target_year":
                continue
            y = int(year) + (1 if t.comparison else 0)
            # a comparison with the same time of an earlier year names the year in hand most surely
            tally = votes if (t.strong or t.comparison) else weak
            tally[y] = tally.get(y, 0.0) + (3.0 if t.comparison else 1.0) * (2.0 if t.start < lead_end else 1.0)
        votes = votes or weak
        if not votes:
            return "XXXX"
        return str(max(votes, key=lambda y: (votes[y], y)))

    def _num(self, s: str) -> int:
        s = " ".join(s.lower().split())
        return int(s) if s.isdigit() else self.number_words.get(s, 0)

    def _resolve(self, kind: str, m: regex.Match[str], ref: Reference) -> str | None:
        return RESOLVERS[kind](m.groupdict(), ref, self._num)

    def find(self, text: str, ref: Reference, structure: "DocumentStructure",
             with_comparisons: bool = False) -> list[TimeExpr]:
        """Non-overlapping time expressions of the text (earlier patterns win); comparisons
        (``so với cùng kỳ năm 2019``) only when asked, flagged."""
        taken = _Spans()
        out: list[TimeExpr] = []
        for kind, pat in self.patterns:
            for m in pat.finditer(text):
                s, e = m.span()
                if s == e or taken.overlaps(s, e):
                    continue
                compared = self.compare.search(text, max(0, s - 30), s) is not None
                taken.add(s, e)
                if compared and not with_comparisons:
                    continue
                period = self._resolve(kind, m, ref)
                if period:
                    line_start = structure.line_start(s)
                    spec = self.expressions[kind]
                    strong = (
                        spec.strong
                        or self.opens_frame.match(m.group()) is not None
                        or _ended_stage(m, ref, self.stage)
                        or self.framing.search(text, max(line_start, s - 20), s) is not None
                    )
                    signed = self.signed.search(text, max(0, s - 60), s) is not None
                    opens = _OPENER.fullmatch(text, structure.sentence_of(s, e)[0], s) is not None
                    out.append(TimeExpr(s, e, period, strong and not signed and not compared, signed, kind,
                                        spec.carried, spec.dates_document, compared, spec.dates_before, opens,
                                        spec.beyond_paragraph))
        out.sort(key=lambda t: t.start)
        last_year = None  # the year the text is about: not a target ("đến năm 2030"), nor a span of years
        for i, t in enumerate(out):  # "Trong năm" after "năm 2015" is 2015
            if t.expression == "the_year" and last_year:
                out[i] = t = replace(t, period=last_year)
            if not t.signed and t.expression != "target_year":
                last_year = _one_year(t.period) or last_year
        return out


class _Spans:
    """Non-overlapping spans, sorted, asked whether a new one overlaps any (a bisection: the
    overlap check stays linear in the expressions of a long document)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, s)
        return (i > 0 and s < self.ends[i - 1]) or (i < len(self.starts) and e > self.starts[i])

    def add(self, s: int, e: int) -> None:
        i = bisect_right(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)

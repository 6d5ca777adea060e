"""Period: the time a figure covers, as ISO 8601 (FORMAT.md 3.6).

Time expressions are found once per document; each figure takes the nearest
one before it in its sentence, else after it in the sentence, else the last
one of its paragraph before it, else the document's.  Expressions that
describe a comparison (``so với cùng kỳ năm trước``) are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pydantic import Field

from vnextract.patterns import Strict, WordList, load_yaml

_F = regex.IGNORECASE | regex.VERSION1
_STRONG_KINDS = {
    "year_to_month", "range_dates", "range_month_date", "since_year_start", "until_date", "until_month",
    "until_year", "until_now", "months_of_year",
}
_FRAMING = regex.compile(
    r"(?:^|[.,(:;–-]|\b(?:trong|vào|riêng|tính|lũy kế|luỹ kế|sau|cuối|đầu|hết|qua|của|là|đạt|từ|ở|thời\s+điểm))\s*$",
    regex.IGNORECASE,
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


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
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    """What relative expressions are resolved against."""

    year: str  # "2022" or "XXXX"
    date: str | None  # ISO date of publication when known (YYYY-MM-DD or YYYY-MM)


class PeriodExample(Strict):
    text: str
    published: str | None
    period: str | None


class NumberWords(Strict):
    map: dict[str, int]


class PeriodFile(Strict):
    number_words: NumberWords
    standing: WordList
    examples: list[PeriodExample] = Field(min_length=1)
    negatives: list[PeriodExample] = Field(min_length=1)


_EVENT_DATE = regex.compile(
    r"(?<![\d/])\b(?:sáng|chiều|tối|trưa|đêm|hôm|ngày)\s+(?:ngày\s+)?"
    r"(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?:/(?P<y>(?:19|20)\d{2}))?(?![\d/])",
    _F,
)
# the date of a document ("Quyết định số 2148/QĐ-TTg ngày 20/12/2021") or the start or
# end of a span ("từ ngày 1/4 đến hết ngày 30/6") is not the day of the reported event
_NOT_EVENT = regex.compile(
    r"(?:\bsố\s*\S+|/[A-ZĐ]+(?:-[A-ZĐ]+)*|(?i:\b(?:từ|trước|sau|(?<!tính\s)đến|(?<!tính\s)tới|hết)))"
    r"(?:\s+hết)?\s+(?i:sáng|chiều|tối|trưa|ngày|\s)*$",
    regex.VERSION1,
)
# "Nghị quyết 42/NQ-CP ngày 9/4/2020", "công văn số 1017 ngày 29/4": the day a document
# was signed frames none of the figures around it
_DOCUMENT_DATE = regex.compile(
    r"(?:/[A-ZĐ]+(?:-[A-ZĐ]+)+|\b(?:số|Quyết định|Nghị quyết|Nghị định|Chỉ thị|Thông tư|[Cc]ông văn|Kế hoạch|Luật)"
    r"\s*:?\s*\d[\w/.-]*)\s*,?\s*(?:(?:ban hành|ký)\s+)?ngày\s+$",
    regex.VERSION1,
)


def _event_date(text: str, year: str, month: str | None) -> str | None:
    """The day of the reported event ("Chiều 16/6, tại Trụ sở Chính phủ ..."): the first
    dated occasion of the publication's year that is not a document date or a span end."""
    for m in _EVENT_DATE.finditer(text):
        if _NOT_EVENT.search(text, max(0, m.start() - 40), m.start()):
            continue
        if m.group("y") and m.group("y") != year:
            continue
        if text[m.end() : m.end() + 12].lstrip().lower().startswith(("đến", "tới", "-", "vừa qua")):
            continue
        d, mo = int(m.group("d")), int(m.group("m"))
        if not (1 <= d <= 31 and 1 <= mo <= 12) or (month and mo != int(month)):
            continue
        return f"{year}-{mo:02d}-{d:02d}"
    return None


def reference(published: str | None, text: str) -> Reference:
    if published and regex.match(r"\d{4}", published):
        if len(published) >= 10:
            return Reference(published[:4], published[:10])
        month = published[5:7] if len(published) >= 7 else None
        date = _event_date(text, published[:4], month) or (published[:7] if month else None)
        return Reference(published[:4], date)
    years = [int(y) for y in regex.findall(r"(?<![\d.,])((?:19|20)\d{2})(?![\d.,]\d)", text)]
    return Reference(str(max(years)) if years else "XXXX", None)


def _ended_stage(m: regex.Match[str], ref: Reference) -> bool:
    """"giai đoạn 2011 - 2016" frames what follows once the stage is over; a stage still
    running ("Đề án ... giai đoạn 2023 - 2030") names a plan."""
    y2 = m.groupdict().get("y2")
    return (
        m.group().lower().lstrip().startswith("giai")
        and y2 is not None
        and ref.year.isdigit()
        and int(y2) <= int(ref.year)
    )


def _d(day: str) -> str:
    return f"{int(day):02d}"


class PeriodResolver:
    """Finds time expressions and resolves them to ISO 8601 periods."""

    def __init__(self) -> None:
        spec = PeriodFile.model_validate(load_yaml("periods"))
        self.number_words = {k.lower(): v for k, v in spec.number_words.map.items()}
        words = "|".join(regex.escape(w) for w in sorted(spec.standing.words, key=len, reverse=True))
        self._standing = regex.compile(rf"\b(?:{words})\b", _F)
        nw = "|".join(sorted(self.number_words, key=len, reverse=True))
        self.n = rf"(?:\d{{1,2}}|{nw})"
        # a comparison ("so với cùng kỳ năm 2023") or a deadline ("hoàn thành trước năm 2026")
        # names a time the figure is measured against, not the time it covers
        self.compare = regex.compile(r"(?:(?:so\s+với|cùng\s+kỳ|như)\s*(?:[^\s.;,]+\s+){0,2}|\btrước\s+)$", _F)
        d, m, y = r"(?P<d>[0-3]?\d)", r"(?P<m>[01]?\d)", r"(?P<y>(?:19|20)\d{2})"
        self.patterns: list[tuple[str, regex.Pattern[str]]] = [
            ("range_dates", regex.compile(
                rf"từ\s+(?:ngày\s+)?(?P<d1>[0-3]?\d)/(?P<m1>[01]?\d)(?:/(?P<y1>(?:19|20)\d{{2}}))?\s*(?:đến|tới|-)\s*(?:hết\s+)?(?:ngày\s+)?(?P<d2>[0-3]?\d)/(?P<m2>[01]?\d)(?:/(?P<y2>(?:19|20)\d{{2}}))?", _F)),
            ("range_month_date", regex.compile(
                rf"từ\s+tháng\s+(?P<m1>[01]?\d)/(?P<y1>(?:19|20)\d{{2}})\s*(?:đến|tới)\s*(?:ngày\s+)?(?P<d2>[0-3]?\d)/(?P<m2>[01]?\d)/(?P<y2>(?:19|20)\d{{2}})", _F)),
            ("range_months", regex.compile(
                rf"(?:(?:tính\s+)?từ\s+)?tháng\s+(?P<m1>[01]?\d)(?:\s*/\s*(?P<y1>(?:19|20)\d{{2}}))?\s*(?:đến|tới|-|–)\s*"
                rf"(?:hết\s+|cuối\s+)?tháng\s+(?P<m2>[01]?\d)(?:\s*/\s*(?P<y2>(?:19|20)\d{{2}})|\s+năm\s+(?P<y2>(?:19|20)\d{{2}}))?", _F)),
            ("range_years", regex.compile(
                r"(?:giai\s+đoạn|thời\s+kỳ|nhiệm\s+kỳ|từ\s+năm|từ)?\s*(?P<y1>(?:19|20)\d{2})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?P<y2>(?:19|20)\d{2})", _F)),
            ("since_year_start", regex.compile(
                r"(?:(?:từ|tính\s+từ|kể\s+từ)\s+đầu\s+năm|(?:những|các|mấy)\s+tháng\s+(?:đầu\s+năm|qua))"
                r"(?:\s+(?:năm\s+)?(?P<y>(?:19|20)\d{2}))?(?:\s+(?:đến|tới)\s+nay)?", _F)),
            ("until_date", regex.compile(
                rf"(?:tính\s+)?(?:đến|tới)\s+(?:thời\s+điểm\s+)?(?:hết\s+|cuối\s+)?(?:(?:sáng|trưa|chiều|tối)\s+)?(?:ngày\s+)?{d}/{m}(?:/{y})?", _F)),
            ("until_month", regex.compile(
                rf"(?:tính\s+)?(?:đến|tới)\s+(?:(?:gần\s+)?(?:hết|cuối)\s+)?tháng\s+{m}(?:\s*/\s*{y}|\s+năm\s+{y})?", _F)),
            ("year_to_month", regex.compile(
                rf"(?<!(?:đến|tới)\s)\bhết\s+tháng\s+{m}(?:\s*[/-]\s*{y}|\s+năm\s+{y})?(?![\d/])", _F)),
            ("until_year", regex.compile(
                rf"(?:tính\s+đến|tính\s+tới|đến\s+hết|tới\s+hết|đến\s+cuối|tính\s+đến\s+hết|đến\s+thời\s+điểm\s+cuối)\s+(?:năm\s+)?{y}", _F)),
            ("target_year", regex.compile(rf"(?:đến|tới|vào)\s+năm\s+{y}", _F)),
            ("until_now", regex.compile(
                r"(?:tính\s+)?(?:đến|tới)\s+(?:nay|thời\s+điểm\s+(?:này|hiện\s+tại))"
                # "hiện" alone, not inside thực hiện, phát hiện, thể hiện, xuất hiện, biểu hiện
                r"|(?<!\b(?:thực|phát|thể|xuất|biểu)\s+)\bhiện\s+(?:nay|có|đang|tại)\b", _F)),
            ("months_of_year", regex.compile(
                rf"(?P<n>{self.n})\s+tháng\s+(?:(?:đầu\s+năm|đầu|qua|của\s+năm|năm\s+nay)(?:\s+(?:năm\s+)?{y})?|(?:năm\s+)?{y})"
                rf"|(?<=\b(?:trong|lũy\s+kế|luỹ\s+kế|sau|qua)\s+)(?P<n>{self.n})\s+tháng(?!\s+(?:tuổi|trước|tới|sau))", _F)),
            ("quarter", regex.compile(rf"quý\s+(?P<q>IV|III|II|I|[1-4])(?:\s*[/-]\s*{y}|\s+năm\s+{y})?", _F)),
            ("month", regex.compile(rf"tháng\s+{m}(?:\s*[/-]\s*{y}|\s+năm\s+{y})?(?![\d/])", _F)),
            ("full_date", regex.compile(rf"(?<![\d/]){d}/{m}/{y}", _F)),
            ("day", regex.compile(rf"(?<=\b(?:ngày|sáng|chiều|tối|trưa|đêm)\s+(?:ngày\s+)?)(?<![\d/]){d}/{m}(?![\d/])", _F)),
            ("year", regex.compile(rf"(?:trong\s+)?(?:năm\s+)?(?<![\d.,/]){y}(?![\d.,]\d|\s*%)", _F)),
            ("this_year", regex.compile(r"\bnăm\s+nay\b", _F)),
            # "Trong năm, ...", "cả năm": the year the text is about
            ("the_year", regex.compile(r"\btrong\s+năm(?=\s*,)|(?<!(?:dự\s+toán|kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu)\s+)\bcả\s+năm\b(?!\s+(?:học|\d))", _F)),
        ]

    def standing(self, text: str, start: int, end: int) -> bool:
        """A cap, a floor or a support level ("vay tối đa 1,5 triệu đồng") is a standing
        rule: it covers no period unless its own sentence dates it."""
        return self._standing.search(text, start, end) is not None

    def _num(self, s: str) -> int:
        s = s.lower()
        return int(s) if s.isdigit() else self.number_words.get(s, 0)

    def _resolve(self, kind: str, m: regex.Match[str], ref: Reference) -> str | None:
        g = m.groupdict()
        yr = g.get("y") or ref.year
        if kind == "range_dates":
            y1 = g["y1"] or g["y2"] or ref.year
            y2 = g["y2"] or y1
            return f"{y1}-{_d(g['m1'])}-{_d(g['d1'])}/{y2}-{_d(g['m2'])}-{_d(g['d2'])}"
        if kind == "range_month_date":
            return f"{g['y1']}-{_d(g['m1'])}/{g['y2']}-{_d(g['m2'])}-{_d(g['d2'])}"
        if kind == "range_months":
            y1 = g["y1"] or g["y2"] or ref.year
            y2 = g["y2"] or y1
            m1, m2 = int(g["m1"]), int(g["m2"])
            return f"{y1}-{m1:02d}/{y2}-{m2:02d}" if 1 <= m1 <= 12 and 1 <= m2 <= 12 else None
        if kind == "range_years":
            return f"{g['y1']}/{g['y2']}"
        if kind == "since_year_start":
            if ref.date and len(ref.date) == 10 and ref.date[:4] == yr:
                return f"{yr}-01-01/{ref.date}"
            return f"{yr}-01-01/.."  # "from the start of the year to now", now unknown
        if kind == "until_date":
            return f"../{yr}-{_d(g['m'])}-{_d(g['d'])}" if int(g["m"]) <= 12 else None
        if kind == "until_month":
            return f"../{yr}-{_d(g['m'])}" if 1 <= int(g["m"]) <= 12 else None
        if kind == "year_to_month":
            return f"{yr}-01/{yr}-{_d(g['m'])}" if 1 <= int(g["m"]) <= 12 else None
        if kind == "until_year":
            return f"../{g['y']}"
        if kind == "target_year":
            return g["y"]
        if kind == "until_now":
            return f"../{ref.date}" if ref.date else None
        if kind == "months_of_year":
            n = self._num(g["n"])
            return f"{yr}-01/{yr}-{n:02d}" if 1 <= n <= 12 else None
        if kind == "quarter":
            return f"{yr}-Q{_ROMAN[g['q'].lower()]}"
        if kind == "month":
            mo = int(g["m"])
            return f"{yr}-{mo:02d}" if 1 <= mo <= 12 else None
        if kind == "day":
            return f"{ref.year}-{_d(g['m'])}-{_d(g['d'])}" if 1 <= int(g["m"]) <= 12 and 1 <= int(g["d"]) <= 31 else None
        if kind == "full_date":
            return f"{g['y']}-{_d(g['m'])}-{_d(g['d'])}" if 1 <= int(g["m"]) <= 12 else None
        if kind == "year":
            return g["y"]
        if kind in ("this_year", "the_year"):
            return ref.year
        return None

    def find(self, text: str, ref: Reference) -> list[TimeExpr]:
        """Non-overlapping time expressions of the text (earlier patterns win)."""
        taken: list[tuple[int, int]] = []
        out: list[TimeExpr] = []
        for kind, pat in self.patterns:
            for m in pat.finditer(text):
                s, e = m.span()
                if s == e or any(s < te and e > ts for ts, te in taken):
                    continue
                if self.compare.search(text, max(0, s - 30), s):
                    taken.append((s, e))
                    continue
                period = self._resolve(kind, m, ref)
                taken.append((s, e))
                if period:
                    line_start = text.rfind("\n", 0, s) + 1
                    strong = kind in _STRONG_KINDS or m.group().lower().lstrip().startswith("trong") or (
                        _ended_stage(m, ref)
                    ) or (
                        _FRAMING.search(text, max(line_start, s - 20), s) is not None
                    )
                    signed = _DOCUMENT_DATE.search(text, max(0, s - 60), s) is not None
                    out.append(TimeExpr(s, e, period, strong and not signed, signed, kind))
        out.sort(key=lambda t: t.start)
        for i, t in enumerate(out):  # "Trong năm" after "năm 2015" is 2015
            if t.kind == "the_year":
                years = [u.period.lstrip("./")[:4] for u in out[:i] if not u.signed]
                years = [y for y in years if y.isdigit()]
                if years:
                    out[i] = TimeExpr(t.start, t.end, years[-1], t.strong, t.signed, t.kind)
        return out


def frame(
    text: str, sent: tuple[int, int], start: int, end: int, times: list[TimeExpr], doc_period: str | None
) -> tuple[str | None, str]:
    """The period of the figure at ``text[start:end]`` and where it was found (sentence,
    paragraph, carried or document): the nearest framing expression before the figure in
    its sentence, else in its paragraph; else any expression of the sentence; else the one
    an earlier paragraph framed; else the document's."""
    s0, s1 = sent
    para_start = text.rfind("\n", 0, s0) + 1
    times = [t for t in times if not t.signed]
    before = [t for t in times if s0 <= t.start and t.end <= start]
    strong = [t for t in before if t.strong]
    if strong:
        return strong[-1].period, "sentence"
    earlier = [t for t in times if para_start <= t.start and t.end <= s0 and t.strong]
    if earlier:
        return earlier[-1].period, "paragraph"
    if before:
        return before[-1].period, "sentence"
    after = [t for t in times if end <= t.start and t.end <= s1]
    if after:
        return after[0].period, "sentence"
    earlier_weak = [t for t in times if para_start <= t.start and t.end <= s0]
    if earlier_weak:
        return earlier_weak[-1].period, "paragraph"
    # an open stretch ("đến nay" unknown, "từ đầu năm" to an unknown day) is not carried
    carried = [t for t in times if t.end <= para_start and t.strong and (".." not in t.period or t.kind in ("until_date", "until_month", "until_year"))]
    if carried:  # a report goes on about the period it last framed
        last = carried[-1].period
        # ... unless that was a bare year and the document's own period lies within it
        if doc_period and len(last) == 4 and doc_period.startswith(last) and doc_period != last:
            return doc_period, "carried"
        return last, "carried"
    return doc_period, "document"


def document_period(text: str, times: list[TimeExpr], ref: Reference) -> str | None:
    """The period the document reports on: its most frequent framing expression
    about the year of publication (a history's 1947 is not what it reports on)."""
    counts: dict[str, int] = {}
    recent = {ref.year, str(int(ref.year) - 1)} if ref.year.isdigit() else None
    for t in times:
        if t.kind == "until_now" and text[t.start : t.end].lower().startswith("hiện"):
            continue
        if t.strong and not t.period.endswith("/..") and (recent is None or t.period.lstrip("./")[:4] in recent):
            key = t.period[3:] if t.kind == "until_now" else t.period
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        # nothing frames the document: it reports on the month of the first date it
        # gives (an inspection "ngày 02/8/2024"), else on its own day, else its year
        dated = [t for t in times if t.kind == "full_date"
                 and (recent is None or t.period[:4] in recent)]
        if dated:
            return dated[0].period[:7]
        return ref.date if ref.date and len(ref.date) == 10 else (ref.year if recent else None)
    best = max(counts.values())
    return next(p for p, c in counts.items() if c == best)

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

from vnextract.patterns import Strict, load_yaml

_F = regex.IGNORECASE | regex.VERSION1
_STRONG_KINDS = {
    "year_to_month", "range_dates", "range_month_date", "since_year_start", "until_date", "until_month",
    "until_year", "until_now", "months_of_year",
}
_FRAMING = regex.compile(
    r"(?:^|[,(:;–-]|\b(?:trong|vào|riêng|tính|lũy kế|luỹ kế|sau|cuối|đầu|hết|qua|của|là|đạt|từ|thời\s+điểm))\s*$",
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
    examples: list[PeriodExample] = Field(min_length=1)
    negatives: list[PeriodExample] = Field(min_length=1)


def reference(published: str | None, text: str) -> Reference:
    if published and regex.match(r"\d{4}", published):
        date = published[:10] if len(published) >= 7 else None
        return Reference(published[:4], date)
    years = [int(y) for y in regex.findall(r"(?<![\d.,])((?:19|20)\d{2})(?![\d.,]\d)", text)]
    return Reference(str(max(years)) if years else "XXXX", None)


def _d(day: str) -> str:
    return f"{int(day):02d}"


class PeriodResolver:
    """Finds time expressions and resolves them to ISO 8601 periods."""

    def __init__(self) -> None:
        spec = PeriodFile.model_validate(load_yaml("periods"))
        self.number_words = {k.lower(): v for k, v in spec.number_words.map.items()}
        nw = "|".join(sorted(self.number_words, key=len, reverse=True))
        self.n = rf"(?:\d{{1,2}}|{nw})"
        self.compare = regex.compile(r"(?:so\s+với|cùng\s+kỳ|như)\s*(?:[^\s.;,]+\s+){0,2}$", _F)
        d, m, y = r"(?P<d>[0-3]?\d)", r"(?P<m>[01]?\d)", r"(?P<y>(?:19|20)\d{2})"
        self.patterns: list[tuple[str, regex.Pattern[str]]] = [
            ("range_dates", regex.compile(
                rf"từ\s+(?:ngày\s+)?(?P<d1>[0-3]?\d)/(?P<m1>[01]?\d)(?:/(?P<y1>(?:19|20)\d{{2}}))?\s*(?:đến|tới|-)\s*(?:ngày\s+)?(?P<d2>[0-3]?\d)/(?P<m2>[01]?\d)(?:/(?P<y2>(?:19|20)\d{{2}}))?", _F)),
            ("range_month_date", regex.compile(
                rf"từ\s+tháng\s+(?P<m1>[01]?\d)/(?P<y1>(?:19|20)\d{{2}})\s*(?:đến|tới)\s*(?:ngày\s+)?(?P<d2>[0-3]?\d)/(?P<m2>[01]?\d)/(?P<y2>(?:19|20)\d{{2}})", _F)),
            ("range_years", regex.compile(
                r"(?:giai\s+đoạn|thời\s+kỳ|nhiệm\s+kỳ|từ\s+năm|từ)?\s*(?P<y1>(?:19|20)\d{2})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?P<y2>(?:19|20)\d{2})", _F)),
            ("since_year_start", regex.compile(
                r"(?:từ|tính\s+từ|kể\s+từ)\s+đầu\s+năm(?:\s+(?P<y>(?:19|20)\d{2}))?(?:\s+(?:đến|tới)\s+nay)?", _F)),
            ("until_date", regex.compile(
                rf"(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+|cuối\s+)?(?:ngày\s+)?{d}/{m}(?:/{y})?", _F)),
            ("until_month", regex.compile(
                rf"(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+|cuối\s+)?tháng\s+{m}(?:\s*/\s*{y}|\s+năm\s+{y})?", _F)),
            ("year_to_month", regex.compile(
                rf"(?<!(?:đến|tới)\s)\bhết\s+tháng\s+{m}(?:\s*[/-]\s*{y}|\s+năm\s+{y})?(?![\d/])", _F)),
            ("until_year", regex.compile(
                rf"(?:tính\s+đến|tính\s+tới|đến\s+hết|tới\s+hết|đến\s+cuối|tính\s+đến\s+hết|đến\s+thời\s+điểm\s+cuối)\s+(?:năm\s+)?{y}", _F)),
            ("target_year", regex.compile(rf"(?:đến|tới|vào)\s+năm\s+{y}", _F)),
            ("until_now", regex.compile(
                r"(?:tính\s+)?(?:đến|tới)\s+(?:nay|thời\s+điểm\s+(?:này|hiện\s+tại))|\bhiện\s+nay\b|\bhiện\s+có\b|\bhiện\s+đang\b|\bhiện\s+tại\b", _F)),
            ("months_of_year", regex.compile(
                rf"(?P<n>{self.n})\s+tháng\s+(?:(?:đầu\s+năm|đầu|qua|của\s+năm|năm\s+nay)(?:\s+(?:năm\s+)?{y})?|(?:năm\s+)?{y})"
                rf"|(?<=\b(?:trong|lũy\s+kế|luỹ\s+kế|sau|qua)\s+)(?P<n>{self.n})\s+tháng(?!\s+(?:tuổi|trước|tới|sau))", _F)),
            ("quarter", regex.compile(rf"quý\s+(?P<q>IV|III|II|I|[1-4])(?:\s*[/-]\s*{y}|\s+năm\s+{y})?", _F)),
            ("month", regex.compile(rf"tháng\s+{m}(?:\s*[/-]\s*{y}|\s+năm\s+{y})?(?![\d/])", _F)),
            ("full_date", regex.compile(rf"(?<![\d/]){d}/{m}/{y}", _F)),
            ("year", regex.compile(rf"(?:trong\s+)?(?:năm\s+)?(?<![\d.,/]){y}(?![\d.,]\d|\s*%)", _F)),
            ("this_year", regex.compile(r"\bnăm\s+nay\b", _F)),
        ]

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
        if kind == "range_years":
            return f"{g['y1']}/{g['y2']}"
        if kind == "since_year_start":
            if ref.date and len(ref.date) == 10 and ref.date[:4] == yr:
                return f"{yr}-01-01/{ref.date}"
            return yr  # "from the start of the year to now", now unknown: that year
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
        if kind == "full_date":
            return f"{g['y']}-{_d(g['m'])}-{_d(g['d'])}" if 1 <= int(g["m"]) <= 12 else None
        if kind == "year":
            return g["y"]
        if kind == "this_year":
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
                    strong = kind in _STRONG_KINDS or m.group().lower().startswith("trong") or (
                        _FRAMING.search(text, max(line_start, s - 20), s) is not None
                    )
                    out.append(TimeExpr(s, e, period, strong))
        out.sort(key=lambda t: t.start)
        return out

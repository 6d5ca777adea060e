"""The record format of ``spec/FORMAT.md`` sections 1 and 2 as pydantic v2 models: the one
place the fields are defined; every other list of them (the ann.yml keys, the Label Studio
fields, the table columns) is derived from these models.

Every field of FORMAT.md section 2 is always present in the JSON of a :class:`Record` (``None``
included); :data:`EXTRA_FIELDS` are the extractor's own additions, which the scorer ignores.
"""

from __future__ import annotations

import html
from typing import Literal, Optional, get_args

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["actual", "target", "target_ratio", "change", "share"]
Qualifier = Literal["about", "over", "under", "at_least", "at_most"]
Kind = Literal["count", "money", "percent", "measure", "multiple", "points", "number"]
DecidedBy = Literal["rule", "model", "both"]
ROLES: tuple[str, ...] = get_args(Role)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
KINDS: tuple[str, ...] = get_args(Kind)


class Record(BaseModel):
    """One numeric mention that states a measured amount (FORMAT.md section 2)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="unique in the document: q1, q2, ... in text order")
    start: int = Field(ge=0, description="offset of the numeral expression in the NFC text (code points)")
    end: int = Field(ge=0, description="end offset: text[start:end] is the numeral (digits or number words, scale word, %)")
    text: str = Field(description="text[start:end], e.g. '3.721', '14 triệu', '14,8%'")
    value: float = Field(description="the amount with its scale applied: '14 triệu' -> 14000000, '14,8%' -> 14.8")
    value_max: Optional[float] = Field(None, description="upper end of a range ('từ 10 đến 15' -> 15), else null")
    unit: Optional[str] = Field(None, description="what is counted or the unit of measure, lower case (FORMAT.md 3.4)")
    indicator: Optional[str] = Field(None, description="catalogue indicator id (spec/indicators.yml), else null")
    indicator_text: Optional[str] = Field(None, description="the phrase of the sentence that says what is measured")
    role: Role = Field("actual", description="actual, target, target_ratio, change or share (FORMAT.md 3.5)")
    qualifier: Optional[Qualifier] = Field(None, description="about, over, under, at_least or at_most ('hơn', 'gần', ...)")
    period: Optional[str] = Field(None, description="the time the figure covers, ISO 8601 ('2022-01/2022-05'; XXXX: year unknown)")
    cumulative: bool = Field(False, description="a running total ('lũy kế', 'từ đầu năm đến nay')")
    location: Optional[str] = Field(None, description="province or city, district, region, 'Việt Nam' or a country (FORMAT.md 3.8)")
    parent: Optional[str] = Field(None, description="id of the record this one is a part of ('trong đó', 'gồm')")
    # the extractor's own fields (ignored by the scorer)
    kind: Kind = Field("number", description="count, money, percent, measure, multiple, points or number")
    decided_by: DecidedBy = Field("rule", description="what decided the record: the rules, the statistical model, or both agreeing")
    rule: Optional[str] = Field(None, description="the rules that decided it, e.g. 'trigger:employment.jobs_created,period:sentence'")
    sentence_start: Optional[int] = Field(None, description="offset of the sentence the figure stands in")
    sentence_end: Optional[int] = Field(None, description="end offset of that sentence")


FIELDS: tuple[str, ...] = tuple(Record.model_fields)
FORMAT_FIELDS: tuple[str, ...] = FIELDS[: FIELDS.index("parent") + 1]  # FORMAT.md section 2, in order
EXTRA_FIELDS: tuple[str, ...] = FIELDS[len(FORMAT_FIELDS) :]
SPAN_FIELDS: tuple[str, ...] = ("id", "start", "end", "text")  # where a record is, not what it says


class Document(BaseModel):
    """A document with its records; offsets index ``text`` (NFC)."""

    model_config = ConfigDict(extra="forbid")

    doc_id: Optional[str] = Field(None, description="the document's id (file stem, or the input's id field)")
    title: Optional[str] = Field(None, description="the title, when known")
    published: Optional[str] = Field(None, description="publication date, ISO 8601 (a day, a month or a year)")
    location: Optional[str] = Field(None, description="the place the document reports on (FORMAT.md 1 and 3.8)")
    url: Optional[str] = Field(None, description="where the document was found, when known")
    text: str = Field(description="the document text after Unicode NFC normalisation; every offset indexes it")
    records: list[Record] = Field(default_factory=list, description="every figure, in text order")

    def _repr_html_(self) -> str:
        """Notebook display: the text with every quantity highlighted."""
        parts: list[str] = []
        pos = 0
        for rec in sorted(self.records, key=lambda r: r.start):
            if rec.start < pos:
                continue
            parts.append(html.escape(self.text[pos : rec.start]))
            tip = " · ".join(
                str(x)
                for x in (rec.value, rec.unit, rec.indicator, rec.role, rec.period, rec.location)
                if x is not None
            )
            parts.append(
                '<mark style="background:#ffe08a;padding:0 2px;border-radius:3px" '
                f'title="{html.escape(tip)}">{html.escape(self.text[rec.start:rec.end])}'
                f'<sub style="font-size:70%;color:#555">{html.escape(rec.indicator or rec.unit or "")}</sub></mark>'
            )
            pos = rec.end
        parts.append(html.escape(self.text[pos:]))
        head = html.escape(self.doc_id or "")
        body = "".join(parts).replace("\n", "<br>")
        return (
            f'<div style="font-family:sans-serif;line-height:1.6"><b>{head}</b> '
            f"<small>{len(self.records)} records</small><br>{body}</div>"
        )

"""The record format of ``spec/FORMAT.md`` sections 1 and 2 as pydantic v2 models.

Every field of FORMAT.md section 2 is always present in the JSON of a
:class:`Record` (``None`` included); fields after ``parent`` are the
extractor's own additions, which the scorer ignores.
"""

from __future__ import annotations

import html
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["actual", "target", "target_ratio", "change", "share"]
Qualifier = Literal["about", "over", "under", "at_least", "at_most"]
Kind = Literal["count", "money", "percent", "measure", "multiple", "points", "number"]
Source = Literal["rule", "model", "both"]


class Record(BaseModel):
    """One numeric mention that states a measured amount."""

    model_config = ConfigDict(extra="forbid")

    id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    value: float
    value_max: Optional[float] = None
    unit: Optional[str] = None
    indicator: Optional[str] = None
    indicator_text: Optional[str] = None
    role: Role = "actual"
    qualifier: Optional[Qualifier] = None
    period: Optional[str] = None
    cumulative: bool = False
    location: Optional[str] = None
    parent: Optional[str] = None
    # extractor's own fields (ignored by the scorer)
    kind: Kind = "number"
    source: Source = "rule"
    rule: Optional[str] = None
    sentence_start: Optional[int] = None
    sentence_end: Optional[int] = None


class Document(BaseModel):
    """A document with its records; offsets index ``text`` (NFC)."""

    model_config = ConfigDict(extra="forbid")

    doc_id: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    location: Optional[str] = None
    url: Optional[str] = None
    text: str
    records: list[Record] = Field(default_factory=list)

    def to_json(self) -> str:
        """One JSON line as FORMAT.md section 1 describes it."""
        return self.model_dump_json()

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

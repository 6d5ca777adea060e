"""What the stages share: the working copy of a figure (:class:`Quantity`), the document under
analysis (:class:`Analysis`: its structure and its figures) and the :class:`Stage` protocol.

A stage is a callable over an :class:`Analysis` that fills in or corrects the fields of its
quantities; :class:`vnextract.pipeline.Extractor` runs them in order and turns the quantities
into :class:`vnextract.schema.Record`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Protocol

from vnextract.structure.layout import Span

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.numerals import Numeral
    from vnextract.structure.document import DocumentStructure


@dataclass(slots=True)
class Quantity:
    """The mutable working copy of one figure while the stages decide its fields."""

    num: "Numeral"
    sent: Span = (0, 0)
    clause: Span = (0, 0)
    unit: Optional[str] = None
    indicator: Optional[str] = None
    indicator_text: Optional[str] = None
    role: str = "actual"
    parent: Optional[int] = None  # index of the whole in Analysis.quantities
    period: Optional[str] = None
    period_source: str = "document"  # sentence, paragraph, carried, document, standing or repeat
    location: Optional[str] = None
    cumulative: bool = False
    own_trigger: bool = False  # the trigger follows the figure ("1 bệnh nhân tử vong")
    trigger_start: Optional[int] = None  # where the trigger the indicator came from starts
    denominator: bool = False  # the plan b of "a/b chỉ tiêu"
    rules: list[str] = field(default_factory=list)
    # values of output fields a stage adds (a field of schema.Record of the same name)
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass
class Analysis:
    """A document under analysis: its structure, its figures and document-level decisions."""

    structure: "DocumentStructure"
    quantities: list[Quantity] = field(default_factory=list)
    excluded: list[tuple[Quantity, str]] = field(default_factory=list)  # numerals dropped, with the rule
    location: Optional[str] = None  # the place the document reports on (locations stage)
    period: Optional[str] = None  # the period the document reports on (periods stage)
    deadline: Optional[float] = None  # time.monotonic() past which the work stops (Extractor(time_limit))

    def check_time(self) -> None:
        """Raise :class:`~vnextract.batch.limits.DocumentTimeout` once the deadline is past
        (the pipeline calls it between stages; a long stage may call it too)."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            from vnextract.batch.limits import DocumentTimeout

            raise DocumentTimeout("document took longer than the time limit (time_limit)")

    @property
    def text(self) -> str:
        return self.structure.text

    def by_sentence(self) -> dict[Span, list[int]]:
        """Indexes of the quantities of each sentence, in text order."""
        out: dict[Span, list[int]] = {}
        for i, q in enumerate(self.quantities):
            out.setdefault(q.sent, []).append(i)
        return out


class Stage(Protocol):
    """One step of the pipeline."""

    def __call__(self, doc: Analysis) -> None: ...

"""Extractor: the pipeline from a document's text to its quantity records.

The text is normalised to NFC and its structure built once (:mod:`vnextract.structure`);
then the stages of :mod:`vnextract.stages` run in the order data flows, each over the same
:class:`~vnextract.stages.base.Analysis`: numerals, exclusions, sentences, units,
measures (indicators), roles, periods, locations, relations, and, when asked for, the learned
indicator decision (:mod:`vnextract.stats.measure_model`).  This module only orders them.
"""

from __future__ import annotations

import time
import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any, Iterable, Iterator, Mapping, Optional, Union

import regex

from vnextract.batch.limits import DEFAULT_MAX_FIGURES, NUMERAL_RUNS_PER_FIGURE, DocumentTooDense, time_limit
from vnextract.dates import read_date
from vnextract.schema import Document, Record
from vnextract.stages.base import Analysis, Stage
from vnextract.stages.exclusions import ExclusionStage
from vnextract.stages.indicators import IndicatorLinker
from vnextract.stages.locations import LocationStage
from vnextract.stages.measures import MeasureStage
from vnextract.stages.numerals import NumeralStage
from vnextract.stages.periods import PeriodStage, PlanPeriodStage
from vnextract.stages.relations import RelationStage
from vnextract.stages.roles import RoleStage
from vnextract.stages.sentences import SentenceStage
from vnextract.stages.units import UnitResolver, UnitStage
from vnextract.stats.measure_model import indicator_stage
from vnextract.structure.document import StructureBuilder

DocInput = Union[str, Mapping[str, Any], Document]
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _check_unicode(name: str, value: object) -> None:
    """A ValueError for a string with a lone surrogate (bytes decoded with ``surrogateescape``, a
    JSON ``\\ud800``): no Unicode text, it would fail deep inside segmentation or output."""
    bad = _SURROGATE.search(value) if isinstance(value, str) else None
    if bad:
        raise ValueError(f"{name} holds a lone surrogate {bad.group()!r} at offset {bad.start()}: "
                         "not Unicode text (decode the bytes with errors='replace')")


# the schema's default, given explicitly so that every record is given the same fields
_DECIDED_BY: str = Record.model_fields["decided_by"].default


class Extractor:
    """Loads the rules and models once; ``__call__`` one document, ``pipe`` many."""

    def __init__(self, model: Optional[Any] = None, time_limit: Optional[float] = None,
                 indicator_model: Union[bool, str, Stage, None] = True,
                 max_figures: Optional[int] = DEFAULT_MAX_FIGURES) -> None:
        """``model``: an optional statistical component with ``apply(doc) -> Document``
        (see :mod:`vnextract.stats.classifier`), run after the rules; records it changes say so
        in ``decided_by``.  ``time_limit``: seconds per document, after which the call raises
        :class:`~vnextract.batch.limits.DocumentTimeout` (a ``TimeoutError``): checked between
        stages, and enforced by a timer (SIGALRM in the main thread) inside them.
        ``indicator_model``: the learned indicator decision run after the rules' stages, on the
        figures whose measure the rules inherited or did not find (``True``, the default: the
        shipped weights; a path: weights saved by ``tools/train_indicator.py``; a stage;
        ``False``: the rules alone).  ``max_figures``: a document with more figures (numerals
        left after dates, codes and the like are set aside) raises
        :class:`~vnextract.batch.limits.DocumentTooDense` (a ``ValueError``) before they are
        decided, which bounds a document's memory (``None``: no limit)."""
        self.model = model
        self.time_limit = time_limit
        self.max_figures = max_figures
        self.structure = StructureBuilder()
        self.units = UnitResolver()
        self.locations = LocationStage(self.structure.gazetteer)
        self.numerals = NumeralStage()
        self.finding: list[Stage] = [self.numerals, ExclusionStage()]
        self.measures = MeasureStage(IndicatorLinker(), self.units)
        self.deciding: list[Stage] = [
            SentenceStage(), UnitStage(self.units), self.measures, RoleStage(), PeriodStage(),
            self.locations, RelationStage(self.units), PlanPeriodStage(),
        ]
        self.indicator_model = indicator_stage(indicator_model, self.measures.linker, self.units)
        if self.indicator_model is not None:
            self.deciding.append(self.indicator_model)

    # ------------------------------------------------------------------ API
    def __call__(
        self,
        text: str,
        *,
        published: Union[str, date, None] = None,
        title: Optional[str] = None,
        doc_id: Optional[str] = None,
        url: Optional[str] = None,
    ) -> Document:
        """Extract one document. ``published`` in any common form (``2024-07-19``,
        ``19/07/2024``, ``Fri, 19 Jul 2024 …``, a ``date``), see :mod:`vnextract.dates`."""
        for name, value in (("doc_id", doc_id), ("url", url)):
            _check_unicode(name, value)
        analysis = self.analyse(text, published=published, title=title)
        doc = Document(
            doc_id=doc_id, title=title, published=analysis.structure.published, location=analysis.location,
            url=url, text=analysis.text, records=self.records(analysis),
        )
        return self.model.apply(doc) if self.model is not None and doc.records else doc

    def analyse(self, text: str, *, published: Union[str, date, None] = None, title: Optional[str] = None) -> Analysis:
        """The document structure and the stages' decisions, before they become records."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        for name, value in (("text", text), ("title", title), ("published", published)):
            _check_unicode(name, value)
        iso, warning = read_date(published)
        if warning:
            raise ValueError(f"published={published!r} is not a date: give an ISO date, dd/mm/yyyy, "
                             "a datetime.date or None")
        text = unicodedata.normalize("NFC", text)
        with time_limit(self.time_limit, "time_limit"):
            deadline = time.monotonic() + self.time_limit if self.time_limit else None
            doc = Analysis(self.structure(text, title, iso), deadline=deadline)
            doc.location = self.locations.document(doc.structure)
            self._check_runs(doc)
            for stage in self.finding if text.strip() else ():
                doc.check_time()
                stage(doc)
            self._check_figures(doc)
            for stage in self.deciding if doc.quantities else ():
                doc.check_time()
                stage(doc)
        return doc

    def _check_runs(self, doc: Analysis) -> None:
        """``DocumentTooDense`` before the numerals are read, past ``NUMERAL_RUNS_PER_FIGURE``
        runs of digits and number words per figure allowed (their working copies would outgrow
        memory first)."""
        if self.max_figures is None:
            return
        limit = self.max_figures * NUMERAL_RUNS_PER_FIGURE
        if len(doc.text) >= 2 * limit:  # two runs are a character apart: a shorter text holds fewer
            self._refuse(doc, self.numerals.finder.runs(doc.text), limit, "runs of digits and number words")

    def _check_figures(self, doc: Analysis) -> None:
        """``DocumentTooDense`` past ``max_figures`` figures, before they are decided."""
        if self.max_figures is not None:
            self._refuse(doc, len(doc.quantities), self.max_figures, "figures")

    def _refuse(self, doc: Analysis, n: int, limit: int, what: str) -> None:
        if n > limit:
            raise DocumentTooDense(
                f"document holds {n:,} {what} in {len(doc.text):,} characters, more than the limit of "
                f"{limit:,} (Extractor(max_figures={self.max_figures}), --max-figures): not a report but a "
                "table of numerals; split it, or raise the limit if memory allows (about 3 KB per figure)")

    def pipe(self, items: Iterable[DocInput]) -> Iterator[Document]:
        """Documents for texts, mappings ``{text, published?, title?, doc_id?, url?}`` or Documents."""
        for item in items:
            if isinstance(item, str):
                yield self(item)
            elif isinstance(item, Document):
                yield self(item.text, published=item.published, title=item.title,
                           doc_id=item.doc_id, url=item.url)
            else:
                yield self(str(item["text"]), published=item.get("published"),
                           title=item.get("title"), doc_id=item.get("doc_id"), url=item.get("url"))

    def records(self, doc: Analysis) -> list[Record]:
        """The quantities as records, numbered ``q1``, ``q2``, ... in text order."""
        qs = doc.quantities
        order = sorted(range(len(qs)), key=lambda i: qs[i].num.start)
        ids = {i: f"q{k + 1}" for k, i in enumerate(order)}
        out: list[Record] = []
        # pydantic keeps, per instance, the set of the field names it was given (2 KB for 21
        # names): the document's records, all given every field, share one (issue 12: memory)
        given: Optional[set[str]] = None
        for i in order:
            q, n = qs[i], qs[i].num
            extras = {"decided_by": _DECIDED_BY, **q.extras}  # every field given: one shared set
            rec = Record(
                id=ids[i], start=n.start, end=n.end, text=doc.text[n.start : n.end], value=n.value,
                value_max=n.value_max, unit=q.unit, indicator=q.indicator,
                indicator_text=q.indicator_text, role=q.role, qualifier=n.qualifier,
                period=q.period, cumulative=q.cumulative, location=q.location,
                parent=ids.get(q.parent) if q.parent is not None else None,
                kind=self.units.kind(n, q.unit),
                rule=",".join([*q.rules, f"period:{q.period_source}"]), sentence_start=q.sent[0],
                sentence_end=q.sent[1], **extras,
            )
            if given is not None and rec.__pydantic_fields_set__ == given:
                object.__setattr__(rec, "__pydantic_fields_set__", given)
            else:
                given = rec.__pydantic_fields_set__
            out.append(rec)
        return out


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """A shared Extractor for :func:`vnextract.extract` (built on first use)."""
    return Extractor()

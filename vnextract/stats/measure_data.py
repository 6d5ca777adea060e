"""The learned indicator decision's data: each gold document analysed by the rules, its
figures' candidate rows (:mod:`vnextract.stats.measure_features`) and, for every figure the
scorer matches to a gold record, the gold indicator (read through the catalogue; ``None``
for a gold record without one).  Figures the gold does not have get no label and no weight
in training.

The same items serve training (:func:`training_examples`) and evaluation
(:func:`documents_with`), so that cross-validation (``tools/cv_indicator.py``) scores the
very records the extractor would write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Sequence

from vnextract.evaluation.alignment import align
from vnextract.evaluation.scoring import resolve_catalogue
from vnextract.schema import Document
from vnextract.stats.measure_features import Features, MeasureFeatures

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.pipeline import Extractor
    from vnextract.stages.base import Analysis

Row = dict[str, Features]
Chooser = Callable[[int, "Item"], list[Optional[str]]]  # (item's index, item) -> indicators


@dataclass
class Item:
    """One gold document under the rules: its analysis and labels by quantity index."""

    doc_id: str
    gold: Mapping[str, Any]
    analysis: "Analysis"
    labels: list[Optional[str]]  # the gold indicator of a matched figure (None: no indicator)
    matched: list[bool]
    record_ok: list[bool]  # matched, and unit and role agree: the indicator decides the record
    group: str = ""  # the corpus the document comes from (folds are dealt per group)

    @property
    def rules(self) -> list[Optional[str]]:
        return [q.indicator for q in self.analysis.quantities]


def record_order(doc: "Analysis") -> list[int]:
    """Quantity indexes in the order :meth:`Extractor.records` writes them (text order)."""
    qs = doc.quantities
    return sorted(range(len(qs)), key=lambda i: qs[i].num.start)


def collect(extractor: "Extractor", gold_docs: Iterable[Mapping[str, Any]],
            group: str = "", catalogue: Optional[Iterable[str]] = None) -> list[Item]:
    """Analyse every gold document with the rules and label its figures from the gold."""
    cat = resolve_catalogue(catalogue)
    out = []
    for g in gold_docs:
        a = extractor.analyse(g["text"], published=g.get("published"), title=g.get("title"))
        n = len(a.quantities)
        labels: list[Optional[str]] = [None] * n
        matched, ok = [False] * n, [False] * n
        order = record_order(a)
        doc = Document(doc_id=g["doc_id"], text=a.text, records=extractor.records(a))
        al = align(g, doc, cat)
        for (gr, pr), agree in zip(al.pairs, al.agreements):
            i = order[pr.index]
            labels[i], matched[i] = gr.indicator, True
            ok[i] = agree["unit_lenient"] and agree["role"]
        out.append(Item(str(g["doc_id"]), g, a, labels, matched, ok, group))
    return out


def featurize(items: Sequence[Item], features: MeasureFeatures) -> list[list[Row]]:
    """The candidate rows of every figure of every item (by item, then quantity index)."""
    return [list(features.rows(it.analysis)) for it in items]


def training_examples(items: Sequence[Item], rows: Sequence[Sequence[Row]]
                      ) -> tuple[list[Row], list[Optional[str]]]:
    """The rows and gold labels of every matched figure of ``items``."""
    out_rows: list[Row] = []
    labels: list[Optional[str]] = []
    for it, its_rows in zip(items, rows):
        for row, lab, m in zip(its_rows, it.labels, it.matched):
            if m:
                out_rows.append(row)
                labels.append(lab)
    return out_rows, labels


def documents_with(extractor: "Extractor", items: Sequence[Item], choose: Optional[Chooser] = None
                   ) -> list[Document]:
    """The documents the extractor writes for ``items``, each figure's indicator replaced by
    ``choose(i, item)`` (the rules' own when ``choose`` is None); the analyses are restored."""
    docs = []
    for i, it in enumerate(items):
        qs = it.analysis.quantities
        saved = [q.indicator for q in qs]
        if choose is not None:
            for q, c in zip(qs, choose(i, it)):
                q.indicator = c
        try:
            docs.append(Document(doc_id=it.doc_id, text=it.analysis.text, records=extractor.records(it.analysis)))
        finally:
            for q, v in zip(qs, saved):
                q.indicator = v
    return docs

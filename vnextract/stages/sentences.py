"""Sentences: each quantity's sentence and clause, from the document structure (the one
definition of a clause is ``clause_break`` in ``patterns/structure.yml``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis


class SentenceStage:
    """Places every quantity in its sentence and clause."""

    def __call__(self, doc: "Analysis") -> None:
        st = doc.structure
        for q in doc.quantities:
            q.sent = st.sentence_of(q.num.start, q.num.end)
            q.clause = st.clause_of(q.sent, q.num.start, q.num.end)

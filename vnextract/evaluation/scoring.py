"""The scorer of ``spec/FORMAT.md`` section 4.

Definitions (the contract the tests check against an independent implementation):

* Documents pair by ``doc_id`` (a document without one pairs by its position).
  A gold document without prediction counts as predicted empty; predicted
  documents absent from gold are ignored and reported in ``warnings``.
* A predicted and a gold record *match* when their ``[start, end)`` spans
  overlap by at least one code point and their values are equal within a
  relative tolerance of 1e-6.  Matching is one-to-one and greedy: candidate
  pairs are taken by largest overlap, then smaller ``|start difference|``,
  then gold list order, then predicted list order.
* Indicator ids outside the catalogue are read as null (on both sides).
* **mention** P/R/F1: matched pairs over predicted / gold records.
  **record** P/R/F1: matched pairs whose unit (lenient), indicator and role agree.
  With a zero denominator: precision is 1 when gold is also empty, else 0;
  recall is 1 when the prediction is also empty, else 0.
* **attributes**: accuracy over matched pairs (``None`` when there is none).
* **per_indicator** rows are keyed by indicator id (``(none)`` for null):
  ``gold`` counts gold records with that id, ``pred`` predicted records with it,
  ``tp`` record-correct pairs with it (both sides agree on the id by definition);
  record precision = tp / pred, recall = tp / gold.  ``mention_recall`` is the
  share of that id's gold records matched (keyed by the GOLD id) and
  ``mention_precision`` the share of that id's predicted records matched
  (keyed by the PREDICTED id).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, Optional

from vnextract.evaluation.agreement import PRF, load_catalogue, resolve_catalogue, token_f1, values_equal
from vnextract.evaluation.alignment import (
    ATTRIBUTES,
    Alignment,
    DocLike,
    Rec,
    _to_dict,
    align,
    match,
    record_correct,
)

__all__ = ["ATTRIBUTES", "Alignment", "EvalResult", "PRF", "Rec", "align", "evaluate", "load_catalogue",
           "match", "record_correct", "resolve_catalogue", "token_f1", "values_equal"]

NONE_KEY = "(none)"


# ----------------------------------------------------------------------------- result

@dataclass
class EvalResult:
    """Scores and errors; ``to_dict()`` gives the JSON shape of ``vnextract eval --json``."""

    mention: PRF
    record: PRF
    attributes: dict[str, dict[str, Any]]
    per_indicator: dict[str, dict[str, Any]]
    per_document: dict[str, dict[str, Any]]
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    false_negatives: list[dict[str, Any]] = field(default_factory=list)
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    n_documents: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _doc_key(doc: Mapping[str, Any], i: int) -> str:
    d = doc.get("doc_id")
    return str(d) if d is not None else f"#{i}"


def _index(docs: Iterable[DocLike], side: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i, doc in enumerate(docs):
        d = _to_dict(doc)
        key = _doc_key(d, i)
        if key in out:
            raise ValueError(f"{side} documents: doc_id {key!r} occurs twice")
        out[key] = d
    return out


@dataclass
class _Tally:
    """Counts over all documents while they are scored."""

    m_tp: int = 0
    r_tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    n_pairs: int = 0
    attr_ok: Counter[str] = field(default_factory=Counter)
    rows: dict[str, Counter[str]] = field(default_factory=dict)
    per_doc: dict[str, dict[str, Any]] = field(default_factory=dict)
    fps: list[dict[str, Any]] = field(default_factory=list)
    fns: list[dict[str, Any]] = field(default_factory=list)
    mism: list[dict[str, Any]] = field(default_factory=list)

    def row(self, ind: Optional[str]) -> Counter[str]:
        return self.rows.setdefault(ind if ind is not None else NONE_KEY, Counter())

    def add(self, key: str, al: Alignment) -> None:
        for g in al.gold:
            self.row(g.indicator)["gold"] += 1
        for p in al.pred:
            self.row(p.indicator)["pred"] += 1
        d_rtp = 0
        for (g, p), agree in zip(al.pairs, al.agreements):
            self.attr_ok.update(k for k, v in agree.items() if v)
            self.row(g.indicator)["matched_gold"] += 1
            self.row(p.indicator)["matched_pred"] += 1
            if record_correct(agree):
                d_rtp += 1
                self.row(g.indicator)["tp"] += 1
            bad = [k for k in ATTRIBUTES if not agree[k]]
            if bad:
                self.mism.append({"doc_id": key, "start": g.start, "end": g.end, "fields": bad,
                                  "record_correct": record_correct(agree),
                                  "pred_parent_as_gold": al.parent_map.get(p.parent) if p.parent else None,
                                  "gold": g.brief(), "pred": p.brief()})
        self.fns.extend({"doc_id": key, "start": g.start, "end": g.end, "gold": g.brief()} for g in al.false_negatives)
        self.fps.extend({"doc_id": key, "start": p.start, "end": p.end, "pred": p.brief()} for p in al.false_positives)
        self.n_pairs += len(al.pairs)
        self.m_tp += len(al.pairs)
        self.r_tp += d_rtp
        self.n_pred += len(al.pred)
        self.n_gold += len(al.gold)
        self.per_doc[key] = {"mention": PRF.of(len(al.pairs), len(al.pred), len(al.gold)),
                             "record": PRF.of(d_rtp, len(al.pred), len(al.gold))}

    def per_indicator(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for k in sorted(self.rows, key=lambda s: (s == NONE_KEY, s)):
            c = self.rows[k]
            sc: dict[str, Any] = asdict(PRF.of(c["tp"], c["pred"], c["gold"]))
            sc["mention_recall"] = c["matched_gold"] / c["gold"] if c["gold"] else None
            sc["mention_precision"] = c["matched_pred"] / c["pred"] if c["pred"] else None
            out[k] = sc
        return out


def evaluate(
    gold_docs: Iterable[DocLike],
    pred_docs: Iterable[DocLike],
    catalogue: Optional[Iterable[str]] = None,
) -> EvalResult:
    """Score predicted documents against gold ones (FORMAT.md section 4).

    ``catalogue``: the indicator ids that count; default the specification's catalogue
    (:func:`~vnextract.evaluation.agreement.default_catalogue`).
    """
    cat = resolve_catalogue(catalogue)
    gold_ix = _index(gold_docs, "gold")
    pred_ix = _index(pred_docs, "predicted")
    warnings: list[str] = []
    extra = sorted(set(pred_ix) - set(gold_ix))
    if extra:
        shown = ", ".join(extra[:5]) + (", …" if len(extra) > 5 else "")
        warnings.append(f"{len(extra)} predicted document(s) not in gold, ignored: {shown}")
    missing = sorted(set(gold_ix) - set(pred_ix))
    if missing:
        shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
        warnings.append(f"{len(missing)} gold document(s) have no prediction, scored as empty: {shown}")
    t = _Tally()
    for key, gdoc in gold_ix.items():
        t.add(key, align(gdoc, pred_ix.get(key, {}), cat))
    attrs = {a: {"accuracy": t.attr_ok[a] / t.n_pairs if t.n_pairs else None, "n": t.n_pairs} for a in ATTRIBUTES}
    return EvalResult(
        mention=PRF.of(t.m_tp, t.n_pred, t.n_gold), record=PRF.of(t.r_tp, t.n_pred, t.n_gold), attributes=attrs,
        per_indicator=t.per_indicator(), per_document=t.per_doc, false_positives=t.fps,
        false_negatives=t.fns, mismatches=t.mism, warnings=warnings, n_documents=len(gold_ix),
    )

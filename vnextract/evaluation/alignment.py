"""One document's gold and predicted records matched to each other (FORMAT.md section 4):
the scored fields of a record (:class:`Rec`), the one-to-one greedy matching, and each
matched pair's agreement on every attribute."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Mapping, Optional, Union

from vnextract.evaluation.agreement import token_f1, unit_exact, unit_lenient, values_equal
from vnextract.schema import Document

DocLike = Union[Mapping[str, Any], Document]
ATTRIBUTES = (
    "unit_exact", "unit_lenient", "indicator", "role", "qualifier", "value_max",
    "period", "cumulative", "location", "parent", "indicator_text",
)


@dataclass(frozen=True)
class Rec:
    """The scored fields of one record (indicator already read through the catalogue)."""

    index: int
    id: Optional[str]
    start: int
    end: int
    text: Optional[str]
    value: float
    value_max: Optional[float]
    unit: Optional[str]
    indicator: Optional[str]
    indicator_text: Optional[str]
    role: Optional[str]
    qualifier: Optional[str]
    period: Optional[str]
    cumulative: bool
    location: Optional[str]
    parent: Optional[str]

    def brief(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("index")
        return d


def _to_dict(doc: DocLike) -> dict[str, Any]:
    if isinstance(doc, Document):
        return doc.model_dump()
    if hasattr(doc, "model_dump"):
        return doc.model_dump()  # type: ignore[union-attr]
    return dict(doc)


def records_of(doc: Mapping[str, Any], catalogue: Optional[frozenset[str]]) -> list[Rec]:
    """The scored fields of a document's records, indicator ids read through ``catalogue``."""
    out: list[Rec] = []
    for i, r in enumerate(doc.get("records") or []):
        r = r.model_dump() if hasattr(r, "model_dump") else r
        ind = r.get("indicator")
        if ind is not None and catalogue is not None and ind not in catalogue:
            ind = None
        vmax = r.get("value_max")
        out.append(Rec(
            index=i, id=r.get("id"), start=int(r["start"]), end=int(r["end"]), text=r.get("text"),
            value=float(r["value"]), value_max=None if vmax is None else float(vmax),
            unit=r.get("unit"), indicator=ind, indicator_text=r.get("indicator_text"),
            role=r.get("role", "actual"), qualifier=r.get("qualifier"), period=r.get("period"),
            cumulative=bool(r.get("cumulative", False)), location=r.get("location"),
            parent=r.get("parent"),
        ))
    return out


def match(gold: list[Rec], pred: list[Rec]) -> list[tuple[Rec, Rec]]:
    """One-to-one greedy matching (see the module docstring for the order)."""
    cands: list[tuple[int, int, int, int]] = []
    for g in gold:
        for p in pred:
            ov = min(g.end, p.end) - max(g.start, p.start)
            if ov > 0 and values_equal(g.value, p.value):
                cands.append((-ov, abs(g.start - p.start), g.index, p.index))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[Rec, Rec]] = []
    for _, _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    pairs.sort(key=lambda gp: gp[0].index)
    return pairs


def attribute_agreement(g: Rec, p: Rec, parent_map: Mapping[Optional[str], Optional[str]]) -> dict[str, bool]:
    """Agreement on each attribute of a matched pair; ``parent_map`` maps pred ids to gold ids."""
    if p.parent is None:
        parent_ok = g.parent is None
    else:
        parent_ok = g.parent is not None and parent_map.get(p.parent) == g.parent
    return {
        "unit_exact": unit_exact(g.unit, p.unit),
        "unit_lenient": unit_lenient(g.unit, p.unit),
        "indicator": g.indicator == p.indicator,
        "role": g.role == p.role,
        "qualifier": g.qualifier == p.qualifier,
        "value_max": values_equal(g.value_max, p.value_max),
        "period": g.period == p.period,
        "cumulative": g.cumulative == p.cumulative,
        "location": g.location == p.location,
        "parent": parent_ok,
        "indicator_text": token_f1(g.indicator_text, p.indicator_text) >= 0.5,
    }


def record_correct(agree: Mapping[str, bool]) -> bool:
    return agree["unit_lenient"] and agree["indicator"] and agree["role"]


@dataclass
class Alignment:
    """One document's records, their matching and each pair's attribute agreement."""

    gold: list[Rec]
    pred: list[Rec]
    pairs: list[tuple[Rec, Rec]]
    agreements: list[dict[str, bool]]
    parent_map: dict[Optional[str], Optional[str]]

    @property
    def false_negatives(self) -> list[Rec]:
        got = {g.index for g, _ in self.pairs}
        return [g for g in self.gold if g.index not in got]

    @property
    def false_positives(self) -> list[Rec]:
        got = {p.index for _, p in self.pairs}
        return [p for p in self.pred if p.index not in got]


def align(gold_doc: DocLike, pred_doc: DocLike, catalogue: Optional[frozenset[str]]) -> Alignment:
    """Match one document's predicted records to its gold ones."""
    gold = records_of(_to_dict(gold_doc), catalogue)
    pred = records_of(_to_dict(pred_doc), catalogue)
    pairs = match(gold, pred)
    parent_map = {p.id: g.id for g, p in pairs if p.id is not None}
    agreements = [attribute_agreement(g, p, parent_map) for g, p in pairs]
    return Alignment(gold, pred, pairs, agreements, parent_map)

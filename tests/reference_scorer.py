"""A deliberately simple second implementation of FORMAT.md section 4 (tests only).

Written from the spec, not from vnextract/scoring.py: quadratic loops,
plain dicts, no shared helpers.  Conventions fixed by the scorer's contract:
greedy matching picks, among the remaining overlapping equal-valued pairs, the
largest overlap, then the smallest |start difference|, then the earliest gold
record, then the earliest predicted record; ids outside the catalogue are null;
an empty denominator gives 1 when the other side is empty too, else 0.
"""

from __future__ import annotations

from typing import Any, Optional


def _same_value(a: Any, b: Any) -> bool:
    if a is None and b is None:
        return True
    if a is None or b is None:
        return False
    a, b = float(a), float(b)
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b))


def _unit_key(u: Any) -> Optional[str]:
    if u is None:
        return None
    return " ".join(str(u).lower().split())


def _units_lenient(a: Any, b: Any) -> bool:
    a, b = _unit_key(a), _unit_key(b)
    if a is None or b is None:
        return a is None and b is None
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if short == long:
        return True
    return long[: len(short)] == short and long[len(short)] == " "


def _text_agrees(a: Any, b: Any) -> bool:
    wa = (a or "").lower().split()
    wb = (b or "").lower().split()
    if not wa and not wb:
        return True
    remaining = list(wb)
    common = 0
    for w in wa:
        if w in remaining:
            remaining.remove(w)
            common += 1
    if common == 0:
        return False
    p = common / len(wb)
    r = common / len(wa)
    return 2 * p * r / (p + r) >= 0.5


def _ratio(num: int, den: int, other: int) -> float:
    if den == 0:
        return 1.0 if other == 0 else 0.0
    return num / den


def _scores(tp: int, pred: int, gold: int) -> dict[str, float]:
    p = _ratio(tp, pred, gold)
    r = _ratio(tp, gold, pred)
    f = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return {"precision": p, "recall": r, "f1": f}


def _pairs(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    free_g = set(range(len(gold)))
    free_p = set(range(len(pred)))
    chosen = []
    while True:
        best = None
        for i in sorted(free_g):
            for j in sorted(free_p):
                g, p = gold[i], pred[j]
                overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
                if overlap <= 0 or not _same_value(g["value"], p["value"]):
                    continue
                key = (overlap, -abs(g["start"] - p["start"]), -i, -j)
                if best is None or key > best[0]:
                    best = (key, i, j)
        if best is None:
            return chosen
        chosen.append((best[1], best[2]))
        free_g.discard(best[1])
        free_p.discard(best[2])


def reference_evaluate(gold_docs: list[dict], pred_docs: list[dict], catalogue: set[str]) -> dict:
    def ind(r: dict) -> Optional[str]:
        v = r.get("indicator")
        return v if v in catalogue else None

    preds = {d["doc_id"]: d for d in pred_docs}
    names = ["unit_exact", "unit_lenient", "indicator", "role", "qualifier", "value_max",
             "period", "cumulative", "location", "parent", "indicator_text"]
    agree = {n: 0 for n in names}
    n_pairs = tp_record = n_gold = n_pred = 0
    for gdoc in gold_docs:
        gold = gdoc["records"]
        pred = preds.get(gdoc["doc_id"], {"records": []})["records"]
        n_gold += len(gold)
        n_pred += len(pred)
        pairs = _pairs(gold, pred)
        n_pairs += len(pairs)
        pred_to_gold_id = {pred[j]["id"]: gold[i]["id"] for i, j in pairs}
        for i, j in pairs:
            g, p = gold[i], pred[j]
            checks = {
                "unit_exact": _unit_key(g.get("unit")) == _unit_key(p.get("unit")),
                "unit_lenient": _units_lenient(g.get("unit"), p.get("unit")),
                "indicator": ind(g) == ind(p),
                "role": g.get("role", "actual") == p.get("role", "actual"),
                "qualifier": g.get("qualifier") == p.get("qualifier"),
                "value_max": _same_value(g.get("value_max"), p.get("value_max")),
                "period": g.get("period") == p.get("period"),
                "cumulative": bool(g.get("cumulative")) == bool(p.get("cumulative")),
                "location": g.get("location") == p.get("location"),
                "parent": (g.get("parent") is None and p.get("parent") is None)
                or (p.get("parent") is not None and g.get("parent") is not None
                    and pred_to_gold_id.get(p["parent"]) == g["parent"]),
                "indicator_text": _text_agrees(g.get("indicator_text"), p.get("indicator_text")),
            }
            for n in names:
                agree[n] += checks[n]
            if checks["unit_lenient"] and checks["indicator"] and checks["role"]:
                tp_record += 1
    return {
        "mention": _scores(n_pairs, n_pred, n_gold),
        "record": _scores(tp_record, n_pred, n_gold),
        "attributes": {n: (agree[n] / n_pairs if n_pairs else None) for n in names},
    }

"""Plain-text report of an :class:`~vnextract.evaluation.scoring.EvalResult`.

The last lines of :func:`render_text` are always the headline numbers, so
``vnextract eval ... | tail -n 6`` shows them.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

import regex

from vnextract.evaluation.scoring import ATTRIBUTES, EvalResult

_BOUNDARY = regex.compile(r"[.!?…;:]\s|\n")
_HEADLINE_ATTRS = ("unit_lenient", "indicator", "role", "period", "location")


def fmt(x: Any, digits: int = 3) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], indent: str = "  ") -> list[str]:
    """Aligned columns: the first left-aligned, the others right-aligned."""
    cells = [[fmt(c) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(cols: Sequence[str]) -> str:
        parts = [cols[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(cols[1:], widths[1:])]
        return (indent + "  ".join(parts)).rstrip()

    return [line(list(headers))] + [line(r) for r in cells]


def _prf_row(name: str, s: Mapping[str, Any]) -> list[Any]:
    return [name, s["precision"], s["recall"], s["f1"], s["tp"], s["pred"], s["gold"]]


PRF_HEADERS = ("", "precision", "recall", "f1", "tp", "pred", "gold")


def headline_lines(res: EvalResult) -> list[str]:
    """Exactly six lines: title, P/R/F1 table (3 lines), attribute summary, rule."""
    out = [f"Headline: {res.n_documents} documents, micro-averaged"]
    out += table(PRF_HEADERS, [_prf_row("mention", res.mention), _prf_row("record", res.record)])
    out.append("  " + " · ".join(f"{a} {fmt(res.attributes[a]['accuracy'])}" for a in _HEADLINE_ATTRS))
    out.append(f"  RECORD F1 {fmt(res.record.f1)}   MENTION F1 {fmt(res.mention.f1)}")
    return out


def attribute_lines(res: EvalResult) -> list[str]:
    rows = [[a, res.attributes[a]["accuracy"], res.attributes[a]["n"]] for a in ATTRIBUTES]
    return ["Attribute accuracy over matched pairs"] + table(("attribute", "accuracy", "n"), rows)


def per_document_lines(res: EvalResult) -> list[str]:
    rows = []
    for doc_id, s in res.per_document.items():
        m, r = s["mention"], s["record"]
        rows.append([doc_id, m["f1"], r["precision"], r["recall"], r["f1"], r["tp"], r["pred"], r["gold"]])
    heads = ("document", "mention_f1", "rec_p", "rec_r", "rec_f1", "tp", "pred", "gold")
    return ["Per document (record scores)"] + table(heads, rows)


def per_indicator_lines(res: EvalResult) -> list[str]:
    rows = [[k, s["precision"], s["recall"], s["f1"], s["tp"], s["pred"], s["gold"],
             s["mention_precision"], s["mention_recall"]] for k, s in res.per_indicator.items()]
    heads = ("indicator", "rec_p", "rec_r", "rec_f1", "tp", "pred", "gold", "men_p", "men_r")
    return ["Per indicator (recall keyed by the gold id, precision by the predicted id)"] + table(heads, rows)


def marked_context(text: Optional[str], start: int, end: int, width: int = 90) -> str:
    """The sentence around ``text[start:end]`` with the span marked ``⟦…⟧`` (one line)."""
    if not text or not (0 <= start <= end <= len(text)):
        return "(text not available)"
    left = 0
    for m in _BOUNDARY.finditer(text, 0, start):
        left = m.end()
    m2 = _BOUNDARY.search(text, end)
    right = m2.start() + 1 if m2 else len(text)
    pre, post = text[left:start], text[end:right]
    pre = ("…" + pre[-width:].lstrip()) if len(pre) > width else pre
    post = (post[:width].rstrip() + "…") if len(post) > width else post
    s = f"{pre}⟦{text[start:end]}⟧{post}"
    return " ".join(s.split())


def _show(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else format(v, ".10g")
    return str(v)


def _field_value(rec: Mapping[str, Any], name: str) -> Any:
    return rec["unit"] if name in ("unit_exact", "unit_lenient") else rec[name]


def describe_record(r: Mapping[str, Any]) -> str:
    keys = ("value", "unit", "indicator", "role", "period", "location")
    return ", ".join(f"{k}={_show(r[k])}" for k in keys if r.get(k) is not None)


def error_lines(res: EvalResult, texts: Mapping[str, str], n: int) -> list[str]:
    """Up to ``n`` false positives, ``n`` false negatives and ``n`` attribute mismatches."""
    out: list[str] = []
    groups = (("False positives (predicted, not in gold)", res.false_positives, "pred"),
              ("False negatives (gold, not predicted)", res.false_negatives, "gold"))
    for title, items, side in groups:
        out.append(f"{title}: {len(items)}" + (f", first {n}" if len(items) > n else ""))
        for e in items[:n]:
            out.append(f"  [{e['doc_id']} {e['start']}-{e['end']}] "
                       f"{marked_context(texts.get(e['doc_id']), e['start'], e['end'])}")
            out.append(f"      {side}: {describe_record(e[side])}")
    out.append(f"Attribute mismatches on matched pairs: {len(res.mismatches)}"
               + (f", first {n}" if len(res.mismatches) > n else ""))
    for e in res.mismatches[:n]:
        flag = "" if e["record_correct"] else "  (record wrong)"
        out.append(f"  [{e['doc_id']} {e['start']}-{e['end']}] "
                   f"{marked_context(texts.get(e['doc_id']), e['start'], e['end'])}{flag}")
        fields = [f for f in e["fields"] if not (f == "unit_exact" and "unit_lenient" in e["fields"])]
        for f in fields:
            label = "unit" if f == "unit_lenient" else f
            note = ""
            if f == "parent" and e["pred"]["parent"] is not None:
                note = f" (= gold {_show(e['pred_parent_as_gold'])} through the matching)"
            out.append(f"      {label}: gold {_show(_field_value(e['gold'], f))} "
                       f"≠ pred {_show(_field_value(e['pred'], f))}{note}")
    return out


def render_text(
    res: EvalResult,
    *,
    by_indicator: bool = False,
    errors: int = 0,
    texts: Optional[Mapping[str, str]] = None,
) -> str:
    """The whole plain-text report; the headline comes last."""
    blocks: list[list[str]] = []
    if res.warnings:
        blocks.append([f"warning: {w}" for w in res.warnings])
    if errors > 0:
        blocks.append(error_lines(res, texts or {}, errors))
    blocks.append(per_document_lines(res))
    if by_indicator:
        blocks.append(per_indicator_lines(res))
    blocks.append(attribute_lines(res))
    blocks.append(headline_lines(res))
    return "\n\n".join("\n".join(b) for b in blocks)

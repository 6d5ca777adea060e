"""Self-contained HTML report of an evaluation (no scripts, no downloads).

Each document's text is shown twice side by side, gold quantities on the left
and predicted ones on the right.  Colours: green = matched and record-correct,
amber = matched but unit/indicator/role differ, blue = matched, record-correct,
another attribute differs, red = false negative (gold) / false positive (pred).
Hovering a mark shows its attributes and what differs.  Per-indicator scores
are drawn as inline SVG bars.
"""

from __future__ import annotations

import html
from typing import Any, Mapping, Optional, Sequence

from vnextract.evaluation.text_report import fmt
from vnextract.evaluation.scoring import ATTRIBUTES, Alignment, EvalResult, Rec, align, record_correct

COLOURS = {"ok": "#b7e4c7", "minor": "#bde0fe", "wrong": "#ffd166", "missed": "#ff8fa3"}
LEGEND = (("ok", "matched, correct"), ("minor", "matched, correct; another attribute differs"),
          ("wrong", "matched; unit, indicator or role differ"), ("missed", "false negative / false positive"))
CSS = """
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child{text-align:left}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.txt{white-space:pre-wrap;line-height:1.7;font-size:14px;border:1px solid #ccc;padding:.6em;
max-height:36em;overflow:auto}
mark{padding:0 2px;border-radius:3px}mark sub{font-size:70%;color:#444}
details{margin:1em 0}summary{cursor:pointer;font-weight:600}
.legend span{padding:0 6px;margin-right:8px;border-radius:3px}
"""


def _status(agree: Optional[Mapping[str, bool]]) -> str:
    if agree is None:
        return "missed"
    if not record_correct(agree):
        return "wrong"
    return "ok" if all(agree.values()) else "minor"


def _tip(rec: Rec, agree: Optional[Mapping[str, bool]], other: Optional[Rec]) -> str:
    keys = ("value", "value_max", "unit", "indicator", "role", "qualifier", "period",
            "cumulative", "location", "parent", "indicator_text")
    d = rec.brief()
    lines = [f"{rec.id}: " + ", ".join(f"{k}={d[k]}" for k in keys if d[k] not in (None, False))]
    if agree is None:
        lines.append("unmatched")
    elif other is not None:
        other_d = other.brief()
        for a in ATTRIBUTES:
            if not agree[a] and a != "unit_exact":
                k = "unit" if a == "unit_lenient" else a
                lines.append(f"differs: {k} (other side: {other_d[k]})")
    return "\n".join(lines)


def _marked_text(text: str, marks: Sequence[tuple[Rec, str, str, str]]) -> str:
    parts: list[str] = []
    pos = 0
    for rec, status, tip, label in sorted(marks, key=lambda m: (m[0].start, m[0].end)):
        if rec.start < pos or rec.end > len(text) or rec.end <= rec.start:
            continue  # overlapping or invalid span: not drawn
        parts.append(html.escape(text[pos:rec.start]))
        parts.append(f'<mark style="background:{COLOURS[status]}" title="{html.escape(tip)}">'
                     f"{html.escape(text[rec.start:rec.end])}<sub>{html.escape(label)}</sub></mark>")
        pos = rec.end
    parts.append(html.escape(text[pos:]))
    return "".join(parts)


def _side_marks(al: Alignment) -> tuple[list[tuple[Rec, str, str, str]], list[tuple[Rec, str, str, str]]]:
    gm: list[tuple[Rec, str, str, str]] = []
    pm: list[tuple[Rec, str, str, str]] = []
    for (g, p), agree in zip(al.pairs, al.agreements):
        st = _status(agree)
        bad = [("unit" if a == "unit_lenient" else a) for a in ATTRIBUTES
               if not agree[a] and a != "unit_exact"]
        flag = (" ≠" + ",".join(bad)) if bad else ""
        gm.append((g, st, _tip(g, agree, p), (g.indicator or g.unit or "") + flag))
        pm.append((p, st, _tip(p, agree, g), (p.indicator or p.unit or "") + flag))
    gm += [(g, "missed", _tip(g, None, None), g.indicator or g.unit or "") for g in al.false_negatives]
    pm += [(p, "missed", _tip(p, None, None), p.indicator or p.unit or "") for p in al.false_positives]
    return gm, pm


def _prf_table(res: EvalResult) -> str:
    rows = "".join(
        f"<tr><td>{n}</td>" + "".join(f"<td>{fmt(s[k])}</td>" for k in ("precision", "recall", "f1", "tp", "pred", "gold"))
        + "</tr>" for n, s in (("mention", res.mention), ("record", res.record)))
    return ("<table><tr><th></th><th>precision</th><th>recall</th><th>F1</th><th>tp</th><th>pred</th>"
            f"<th>gold</th></tr>{rows}</table>")


def _attr_table(res: EvalResult) -> str:
    rows = "".join(f"<tr><td>{a}</td><td>{fmt(v['accuracy'])}</td><td>{v['n']}</td></tr>"
                   for a, v in res.attributes.items())
    return f"<table><tr><th>attribute</th><th>accuracy</th><th>n</th></tr>{rows}</table>"


def indicator_chart(per_indicator: Mapping[str, Mapping[str, Any]]) -> str:
    """Horizontal SVG bars: record precision, recall and F1 per indicator."""
    bar_w, label_w, row_h = 300, 300, 30
    colours = (("precision", "#8ecae6"), ("recall", "#219ebc"), ("f1", "#023047"))
    items = list(per_indicator.items())
    h = row_h * len(items) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 160}" height="{h}" '
           'font-family="sans-serif" font-size="12">']
    for j, (name, colour) in enumerate(colours):
        out.append(f'<rect x="{label_w + j * 90}" y="4" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{label_w + j * 90 + 14}" y="13">{name}</text>')
    for i, (ind, s) in enumerate(items):
        y = 24 + i * row_h
        out.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{html.escape(ind)} '
                   f'({s["gold"]}/{s["pred"]})</text>')
        for j, (key, colour) in enumerate(colours):
            w = round(bar_w * float(s[key]), 1)
            out.append(f'<rect x="{label_w}" y="{y + j * 8}" width="{w}" height="7" fill="{colour}">'
                       f'<title>{html.escape(ind)} {key} {fmt(s[key])}</title></rect>')
        out.append(f'<text x="{label_w + bar_w + 6}" y="{y + 15}">F1 {fmt(s["f1"])}</text>')
    out.append("</svg>")
    return "".join(out)


def render_html(
    res: EvalResult,
    gold_docs: Sequence[Mapping[str, Any]],
    pred_docs: Sequence[Mapping[str, Any]],
    catalogue: Optional[frozenset[str]],
    title: str = "vnextract evaluation",
) -> str:
    """The report page; ``gold_docs`` must carry ``text`` to show documents."""
    pred_by_id = {d.get("doc_id"): d for d in pred_docs}
    legend = "".join(f'<span style="background:{COLOURS[k]}">{html.escape(v)}</span>' for k, v in LEGEND)
    body = [f"<h1>{html.escape(title)}</h1>", f"<p>{res.n_documents} documents, micro-averaged.</p>"]
    body += [f"<p><b>warning:</b> {html.escape(w)}</p>" for w in res.warnings]
    body += ["<h2>Scores</h2>", _prf_table(res), "<h2>Attribute accuracy (matched pairs)</h2>",
             _attr_table(res), "<h2>Per indicator (record scores; recall by gold id, precision by predicted id)</h2>",
             indicator_chart(res.per_indicator), "<h2>Documents</h2>", f'<p class="legend">{legend}</p>']
    for gdoc in gold_docs:
        doc_id = gdoc.get("doc_id")
        text = gdoc.get("text")
        scores = res.per_document.get(str(doc_id), {}).get("record")
        head = html.escape(str(doc_id)) + (
            f" — record P {fmt(scores['precision'])} R {fmt(scores['recall'])} F1 {fmt(scores['f1'])}"
            if scores else "")
        if not isinstance(text, str):
            body.append(f"<details><summary>{head}</summary><p>(text not available)</p></details>")
            continue
        al = align(gdoc, pred_by_id.get(doc_id, {}), catalogue)
        gm, pm = _side_marks(al)
        perfect = scores is not None and scores["f1"] == 1.0 and all(all(a.values()) for a in al.agreements)
        body.append(f"<details{'' if perfect else ' open'}><summary>{head}</summary><div class=cols>"
                    f"<div><b>gold</b> ({len(al.gold)})<div class=txt>{_marked_text(text, gm)}</div></div>"
                    f"<div><b>predicted</b> ({len(al.pred)})<div class=txt>{_marked_text(text, pm)}</div></div>"
                    "</div></details>")
    return (f"<!DOCTYPE html><html lang=vi><head><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>")

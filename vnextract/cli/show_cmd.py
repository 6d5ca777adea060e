"""``vnextract show FILE``: records as an aligned table, for checking by eye."""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional

COLUMNS = ("value", "unit", "indicator", "role", "period", "location")
MAX_COL = {"value": 22, "unit": 14, "indicator": 30, "role": 12, "period": 17, "location": 16}
_SENT_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "show", help="print the records of a .txt or a JSONL of documents as a readable table",
        description="Print every record as a row: value, unit, indicator, role, period, location and "
                    "the sentence with the number marked like ⟦3.721⟧.  FILE is a JSONL of documents "
                    "(as written by `vnextract extract`), a document .json, or a text/HTML file, "
                    "which is extracted first.")
    p.add_argument("file", metavar="FILE", help="a file, or - for standard input (extract output or a text)")
    p.add_argument("--width", type=int, default=None, help="line width (default: the terminal's)")
    p.set_defaults(func=run)


def _num(v: Any) -> str:
    """12 500 000, 920.4, 0.25: digits grouped by spaces, never in exponent form."""
    if not isinstance(v, (int, float)):
        return str(v)
    if float(v).is_integer() and abs(v) < 1e18:
        return f"{int(v):,}".replace(",", " ")
    return f"{v:,.6f}".rstrip("0").rstrip(".").replace(",", " ")


def _value(rec: Mapping[str, Any]) -> str:
    s = _num(rec.get("value"))
    if rec.get("value_max") is not None:
        s += "–" + _num(rec["value_max"])
    q = {"about": "~", "over": ">", "under": "<", "at_least": "≥", "at_most": "≤"}.get(rec.get("qualifier") or "")
    return (q or "") + s


def sentence_of(text: str, rec: Mapping[str, Any]) -> str:
    """The record's sentence with its numeral marked ⟦…⟧, on one line."""
    start, end = int(rec["start"]), int(rec["end"])
    s0, s1 = rec.get("sentence_start"), rec.get("sentence_end")
    if s0 is None or s1 is None:
        s0 = 0
        for m in _SENT_END.finditer(text, 0, start):
            s0 = m.end()
        m2 = _SENT_END.search(text, end)
        s1 = m2.start() if m2 else len(text)
    sent = text[s0:start] + "⟦" + text[start:end] + "⟧" + text[end:s1]
    return " ".join(sent.split())


def _fit(s: str, width: int) -> str:
    return s if len(s) <= width else s[: max(1, width - 1)] + "…"


def _around_mark(s: str, width: int) -> str:
    """Cut a long sentence to ``width`` keeping the marked number in view."""
    if len(s) <= width:
        return s
    i = s.find("⟦")
    lo = max(0, min(i - width // 3, len(s) - width))
    out = s[lo : lo + width]
    if lo > 0:
        out = "…" + out[1:]
    if lo + width < len(s):
        out = out[:-1] + "…"
    return out


def table(doc: Mapping[str, Any], width: int) -> list[str]:
    """Lines of the table for one document."""
    head = f"== {doc.get('doc_id') or doc.get('source') or '(document)'}"
    extras = [f"{k}: {doc[k]}" for k in ("published", "location", "encoding") if doc.get(k)]
    if extras:
        head += "  (" + ", ".join(extras) + ")"
    if doc.get("error"):
        err = doc["error"]
        return [head, f"   ERROR {err.get('type')}: {err.get('message')}", ""]
    recs = doc.get("records") or []
    if not recs:
        return [head, "   (no records)", ""]
    text = doc.get("text") or ""
    rows = []
    for r in recs:
        cells = [_value(r)] + [str(r.get(c) or "") for c in COLUMNS[1:]]
        if r.get("cumulative"):
            cells[4] += " Σ"
        sent = sentence_of(text, r) if text else str(r.get("text", ""))
        rows.append(([_fit(c, MAX_COL[k]) for c, k in zip(cells, COLUMNS)], sent))
    widths = [max(len(k), *(len(cells[i]) for cells, _ in rows)) for i, k in enumerate(COLUMNS)]
    room = width - 3 - 2 * len(widths) - 30  # at least 30 characters of sentence
    if sum(widths) > room:  # a narrow terminal: the columns give way, proportionally
        widths = [max(3, w * max(room, 0) // sum(widths)) for w in widths]
        rows = [([_fit(c, w) for c, w in zip(cells, widths)], sent) for cells, sent in rows]
    fixed = sum(widths) + 2 * len(widths) + 3
    sent_w = max(20, width - fixed)
    fmt = "   " + "  ".join("{:<%d}" % w for w in widths) + "  {}"
    out = [head, fmt.format(*COLUMNS, "sentence"), fmt.format(*("-" * w for w in widths), "-" * 8)]
    out += [fmt.format(*cells, _around_mark(sent, sent_w)) for cells, sent in rows]
    return [_fit(line, width) for line in out] + [f"   {len(recs)} records", ""]


def _docs(path: Path) -> Iterator[Mapping[str, Any]]:
    """The documents of ``path``: output of ``vnextract extract`` (documents with records or
    error lines) as they are, anything else extracted first."""
    from vnextract.batch.formats import format_of

    fmt = format_of(path)
    if fmt is not None and fmt.name in ("json", "jsonl"):
        from vnextract.corpus import CorpusError, raw_documents

        try:
            docs = raw_documents(path)
        except CorpusError:  # a line that is no JSON: read as input, where it becomes an error line
            docs = []
        if docs and all("records" in d or "error" in d for d in docs):
            yield from docs
            return
    yield from _extract(path)


def _extract(path: Path, stdin: Optional[bytes] = None) -> Iterator[Mapping[str, Any]]:
    import io

    from vnextract.batch.inputs import expand_inputs, read_documents
    from vnextract.batch.limits import Limits
    from vnextract.batch.runner import default_factory, process_item
    import orjson

    extractor = default_factory()
    paths, _ = expand_inputs([str(path)])
    items = read_documents(paths, stdin=io.BytesIO(stdin) if stdin is not None else None)
    for item in items:
        yield orjson.loads(process_item(item, extractor, Limits(timeout=None)).line)


def _stdin_docs(data: bytes) -> Iterator[Mapping[str, Any]]:
    """Standard input: the output of ``vnextract extract`` as it is, anything else extracted."""
    import orjson

    try:
        docs = [orjson.loads(line) for line in data.splitlines() if line.strip()]
    except orjson.JSONDecodeError:
        docs = []
    if docs and all(isinstance(d, dict) and ("records" in d or "error" in d) for d in docs):
        yield from docs
    else:
        yield from _extract(Path("-"), data)


def run(args: argparse.Namespace, out: Optional[Any] = None) -> int:
    stream = out or sys.stdout
    path = Path(args.file)
    if args.file != "-" and not path.exists():
        print(f"vnextract show: no such file: {path}", file=sys.stderr)
        return 2
    width = args.width or shutil.get_terminal_size((160, 24)).columns
    failed = False
    docs = _stdin_docs(sys.stdin.buffer.read()) if args.file == "-" else _docs(path)
    for doc in docs:
        failed |= bool(doc.get("error"))
        for line in table(doc, width):
            print(line, file=stream)
    return 1 if failed else 0

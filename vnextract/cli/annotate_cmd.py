"""``vnextract annotate``: pre-annotate, convert annotations, check coverage.

- ``annotate INPUT... -o DIR [--format ann|labelstudio]``: run the extractor on
  ``.txt`` files (doc_id = file stem) or ``.json``/``.jsonl`` documents and write
  editable ``<doc_id>.ann.yml`` files (default) or ``DIR/tasks.json`` for Label Studio
  (with ``DIR/labelstudio_config.xml``).
- ``annotate --import-labelstudio EXPORT.json -o DIR``: a Label Studio export back to
  stand-off FORMAT.md documents.
- ``annotate --to-gold ANN_DIR -o DIR [--texts DIR]``: ``*.ann.yml`` to stand-off gold JSON.
- ``annotate --coverage PATH``: numerals in each text that are neither records nor
  listed under ``exclusions:`` (exit code 1 when any is found).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from vnextract.corpus.annfile import AnnError, Numeral, find_numerals, find_occurrence
from vnextract.corpus import (
    ANN_SUFFIX,
    CorpusError,
    document_to_ann,
    dump_ann,
    load_ann,
    load_ann_document,
    load_documents,
    nfc,
    save_standoff,
)
from vnextract.corpus.labelstudio import documents_to_tasks, export_to_documents, labeling_config
from vnextract.schema import FORMAT_FIELDS



# --- coverage: numerals that are neither records nor deliberate exclusions ---

AMBIGUOUS_WORDS = ("năm", "một")  # mostly "year" and the article; listed only on request
# Calendar expressions hidden from the coverage list unless asked (``strict``): dates,
# a number after năm/tháng/ngày/quý/giai đoạn, and bare years 1900-2099.
CALENDAR = re.compile(
    r"(?<![\w.,])\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?(?![\w/])"
    r"|(?<!\w)(?:[Nn]ăm|[Tt]háng|[Nn]gày|[Qq]uý|[Gg]iai đoạn)\s+\d+(?:\s*[/–-]\s*\d+)*(?![\w.,]\d)"
    r"|(?<![\w.,])(?:19|20)\d\d(?![\w.,]?\d)"
    r"|(?<![\w.,])\d+\s+(?:tháng|năm)\s+(?:đầu|cuối|qua)"
)


def exclusion_spans(ann: Mapping[str, Any], text: str) -> list[tuple[int, int]]:
    """Spans of an ann file's ``exclusions`` (the whole ``at``, or ``num`` inside it)."""
    spans: list[tuple[int, int]] = []
    for i, ex in enumerate(ann.get("exclusions") or [], 1):
        unknown = set(ex) - {"at", "occ", "num", "why"}
        if unknown:
            raise AnnError(f"{ann.get('doc_id')} exclusion {i}: unknown keys {sorted(unknown)}")
        at = str(ex.get("at") or "")
        base = find_occurrence(text, at, int(ex.get("occ", 1))) if at else -1
        if base < 0:
            raise AnnError(f"{ann.get('doc_id')} exclusion {i}: {at!r} not found in the text")
        start, end = base, base + len(at)
        if ex.get("num") is not None:
            inner = at.find(str(ex["num"]))
            if inner < 0:
                raise AnnError(f"{ann.get('doc_id')} exclusion {i}: num not inside at {at!r}")
            start, end = base + inner, base + inner + len(str(ex["num"]))
        spans.append((start, end))
    return spans


def uncovered_numerals(text: str, covered: Iterable[tuple[int, int]],
                       all_words: bool = False, strict: bool = False) -> list[Numeral]:
    """Digit sequences and number words of ``text`` overlapping no covered span.

    Unless ``strict``, calendar expressions (:data:`CALENDAR`) count as covered."""
    spans = sorted(covered)
    if not strict:
        spans += [(m.start(), m.end()) for m in CALENDAR.finditer(text)]
    def hit(n: Numeral) -> bool:
        return any(s < n.end and n.start < e for s, e in spans)
    cands = [n for n in find_numerals(text, ranges=False) if not hit(n)]
    if not all_words:
        cands = [n for n in cands if n.surface.lower() not in AMBIGUOUS_WORDS]
    out: list[Numeral] = []
    for n in cands:  # sorted by start, longest first: drop the parts of a reported one
        if out and n.start < out[-1].end:
            continue
        out.append(n)
    return out


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "annotate",
        help="pre-annotate texts, convert ann.yml / Label Studio files, check coverage",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help=".txt, .json or .jsonl files/folders")
    p.add_argument("-o", "--output", metavar="DIR", help="output folder")
    p.add_argument("--format", choices=("ann", "labelstudio"), default="ann")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--import-labelstudio", metavar="EXPORT.json")
    mode.add_argument("--to-gold", metavar="ANN_DIR")
    mode.add_argument("--coverage", metavar="ANN_OR_GOLD")
    p.add_argument("--texts", metavar="DIR", help="folder of <doc_id>.txt for stand-off files")
    p.add_argument("--sources", metavar="SOURCES.md",
                   help="table giving each text's date and URL (default: SOURCES.md beside "
                        "the texts folder, when there is one)")
    p.add_argument("--no-extract", action="store_true",
                   help="keep the records of .json/.jsonl inputs instead of running the extractor")
    p.add_argument("--embed-text", action="store_true",
                   help="put the text into the ann files (constructed documents only)")
    p.add_argument("--constructed", action="store_true",
                   help="--import-labelstudio: mark the documents constructed (text kept)")
    p.add_argument("--all-words", action="store_true",
                   help="--coverage: also list the ambiguous words 'năm' and 'một'")
    p.add_argument("--strict", action="store_true",
                   help="--coverage: also list dates and years")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.coverage:
            return coverage(Path(args.coverage), args.texts, args.all_words, args.strict)
        if not args.output:
            print("annotate: -o DIR is required", file=sys.stderr)
            return 2
        out = Path(args.output)
        if args.import_labelstudio:
            return import_labelstudio(Path(args.import_labelstudio), out, args.constructed)
        if args.to_gold:
            return to_gold(Path(args.to_gold), out, args.texts)
        if not args.inputs:
            print("annotate: give INPUT files, --import-labelstudio, --to-gold or --coverage",
                  file=sys.stderr)
            return 2
        return preannotate(args, out)
    except (CorpusError, AnnError, OSError, json.JSONDecodeError) as exc:
        print(f"annotate: {exc}", file=sys.stderr)
        return 1


def parse_date(raw: str) -> Optional[str]:
    """An ISO date (or year) from a SOURCES.md date cell; None when it is not one date."""
    raw = raw.strip()
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw)
    if m:
        return "-".join(m.groups())
    m = re.match(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?![\d-])", raw)
    if m:
        return m.group(1)
    try:
        return parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def read_sources(path: Path) -> dict[str, dict[str, Optional[str]]]:
    """``{doc_id: {"published", "url"}}`` from a markdown table with file/date/URL columns."""
    out: dict[str, dict[str, Optional[str]]] = {}
    header: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header:
            header = [c.lower() for c in cells]
            continue
        if "file" not in header or "date" not in header or set(line) <= set("|-: "):
            continue
        row = dict(zip(header, cells))
        doc_id = Path(row.get("file", "")).stem
        url = row.get("original url") or None
        out[doc_id] = {"published": parse_date(row.get("date", "")),
                       "url": url if url and url.startswith("http") else None}
    return out


def _txt_document(f: Path, sources: Mapping[str, Mapping[str, Optional[str]]]) -> dict[str, Any]:
    """A .txt file as a document: title = line 1 when a blank line follows it."""
    text = nfc(f.read_text(encoding="utf-8"))
    lines = text.split("\n", 2)
    title = lines[0].strip() if len(lines) > 2 and not lines[1].strip() and lines[0].strip() else None
    meta = sources.get(f.stem, {})
    doc: dict[str, Any] = {"doc_id": f.stem, "title": title, "published": meta.get("published"),
                           "location": None, "text": text}
    if meta.get("url"):
        doc["url"] = meta["url"]
    return doc


def _input_docs(args: argparse.Namespace) -> list[tuple[dict[str, Any], Optional[Path]]]:
    docs: list[tuple[dict[str, Any], Optional[Path]]] = []
    for name in args.inputs:
        path = Path(name)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.suffix == ".txt":
                src = Path(args.sources) if args.sources else f.parent.parent / "SOURCES.md"
                sources = read_sources(src) if src.is_file() else {}
                docs.append((_txt_document(f, sources), f))
            elif f.suffix in (".json", ".jsonl") or f.name.endswith(ANN_SUFFIX):
                docs.extend((d, None) for d in load_documents(f, args.texts))
            elif not path.is_dir():
                raise CorpusError(f"{f}: expected a .txt, .json or .jsonl file")
    return docs


def _extract(doc: dict[str, Any]) -> dict[str, Any]:
    from vnextract.pipeline import default_extractor

    pred = default_extractor()(doc["text"], published=doc.get("published"),
                               title=doc.get("title"), doc_id=doc.get("doc_id"))
    records = []
    for rec in pred.records:
        r = {k: v for k, v in rec.model_dump().items() if k in FORMAT_FIELDS}
        for k in ("value", "value_max"):
            if isinstance(r[k], float) and r[k].is_integer():
                r[k] = int(r[k])
        records.append(r)
    out = dict(doc)
    out["location"] = doc.get("location") or pred.location
    out["records"] = records
    return out


def preannotate(args: argparse.Namespace, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    docs = []
    for doc, src in _input_docs(args):
        docs.append((doc if args.no_extract else _extract(doc), src))
    if args.format == "labelstudio":
        tasks = documents_to_tasks([d for d, _ in docs])
        (out / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False, indent=1),
                                        encoding="utf-8")
        (out / "labelstudio_config.xml").write_text(labeling_config(), encoding="utf-8")
        print(f"wrote {len(tasks)} tasks to {out / 'tasks.json'} "
              f"(labeling config: {out / 'labelstudio_config.xml'})")
        return 0
    for doc, src in docs:
        skipped: list[dict[str, Any]] = []
        ann = document_to_ann(doc, with_text=args.embed_text or bool(doc.get("constructed")),
                              skipped=skipped)
        if src is not None and not args.embed_text:
            ann = {"doc_id": ann["doc_id"], "file": os.path.relpath(src, out),
                   **{k: v for k, v in ann.items() if k != "doc_id"}}
        if doc.get("url"):
            ann = {**{k: v for k, v in ann.items() if k != "records"}, "url": doc["url"],
                   "records": ann["records"]}
        for rec in skipped:
            print(f"{doc['doc_id']}: skipped {rec.get('text')!r} at {rec.get('start')} "
                  "(cannot be placed or repeats a span)", file=sys.stderr)
        ann.setdefault("exclusions", [])
        path = out / f"{doc['doc_id']}{ANN_SUFFIX}"
        path.write_text(dump_ann(ann), encoding="utf-8")
        print(f"{path}: {len(ann['records'])} records")
    return 0


def import_labelstudio(export: Path, out: Path, constructed: bool) -> int:
    data = json.loads(export.read_text(encoding="utf-8"))
    tasks = data if isinstance(data, list) else [data]
    for n, doc in enumerate(export_to_documents(tasks), 1):
        doc_id = doc.get("doc_id") or f"task_{tasks[n - 1].get('id', n)}"
        doc["doc_id"] = doc_id
        path = save_standoff(doc, out / f"{doc_id}.json", constructed=constructed)
        print(f"{path}: {len(doc['records'])} records")
    return 0


def to_gold(ann_dir: Path, out: Path, texts: Optional[str]) -> int:
    files = sorted(ann_dir.rglob(f"*{ANN_SUFFIX}")) if ann_dir.is_dir() else [ann_dir]
    if not files:
        raise CorpusError(f"{ann_dir}: no *{ANN_SUFFIX} files")
    for f in files:
        doc = load_ann_document(f, texts)
        path = save_standoff(doc, out / f"{doc['doc_id']}.json")
        print(f"{path}: {len(doc['records'])} records"
              + (" (constructed, text kept)" if doc.get("constructed") else ""))
    return 0


def coverage(path: Path, texts: Optional[str], all_words: bool, strict: bool = False) -> int:
    """Print the uncovered numerals of every document; 1 when there are any.

    In a folder, an ann file (which carries ``exclusions``) is preferred over a JSON
    document with the same doc_id."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    items: list[tuple[dict[str, Any], list[tuple[int, int]]]] = []
    seen: set[str] = set()
    for f in (p for p in files if p.name.endswith(ANN_SUFFIX)):
        doc = load_ann_document(f, texts)
        items.append((doc, exclusion_spans(load_ann(f), doc["text"])))
        seen.add(str(doc["doc_id"]))
    for f in (p for p in files if p.suffix in (".json", ".jsonl")):
        items.extend((d, []) for d in load_documents(f, texts) if str(d.get("doc_id")) not in seen)
    total = 0
    for doc, excluded in items:
        text = doc["text"]
        spans = [(int(r["start"]), int(r["end"])) for r in doc["records"]] + excluded
        missing = uncovered_numerals(text, spans, all_words, strict)
        total += len(missing)
        print(f"{doc['doc_id']}: {len(doc['records'])} records, {len(missing)} uncovered")
        for n in missing:
            ctx = text[max(0, n.start - 30):n.end + 30].replace("\n", " ")
            print(f"  {n.start:>6}  {n.surface!r:<14} …{ctx}…")
    return 1 if total else 0


def main(argv: Optional[list[str]] = None) -> int:
    """Run ``annotate`` alone (``python -m vnextract.cli.annotate_cmd ...``)."""
    parser = argparse.ArgumentParser(prog="vnextract")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["annotate", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

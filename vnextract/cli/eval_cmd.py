"""``vnextract eval GOLD PRED`` and ``vnextract eval --extract GOLD``: score against gold.

GOLD and PRED are a ``.json`` file, a ``.jsonl`` file or a folder of them.
Gold files may be stand-off (``sha256`` instead of ``text``; texts from
``--texts DIR``).  The plain-text report ends with the headline numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Optional

from vnextract.evaluation.scoring import evaluate, load_catalogue


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "eval",
        help="score predictions (or the extractor itself) against gold",
        description="Score predicted records against gold records (spec/FORMAT.md section 4).",
    )
    p.add_argument("gold", help="gold .json / .jsonl file or folder")
    p.add_argument("pred", nargs="?", help="predicted .json / .jsonl file or folder")
    p.add_argument("--extract", action="store_true",
                   help="run the default extractor on the gold texts instead of reading PRED")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--by-indicator", action="store_true", help="add the per-indicator table")
    p.add_argument("--errors", type=int, default=0, metavar="N",
                   help="list up to N false positives, false negatives and attribute mismatches")
    p.add_argument("--html", metavar="REPORT.html", help="write a self-contained HTML report")
    p.add_argument("--texts", metavar="DIR", help="folder of <doc_id>.txt, or a JSONL(.gz) file of documents, for stand-off gold")
    p.add_argument("--catalogue", metavar="INDICATORS.yml",
                   help="indicator catalogue (default: the specification's, shipped as vnextract/spec/indicators.yml)")
    p.set_defaults(func=run)


def resolve_cli_catalogue(path: Optional[str]) -> Optional[frozenset[str]]:
    """``--catalogue FILE``, else None (the specification's catalogue, which ships with vnextract)."""
    return load_catalogue(path) if path else None


def read_predictions(path: str) -> list[dict[str, Any]]:
    """Predicted documents as stored (text optional, offsets not checked)."""
    from vnextract.corpus import raw_documents  # the one reader of document files

    return raw_documents(path)


def extract_documents(gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the default extractor on each gold document's text."""
    from vnextract.pipeline import default_extractor

    items = [{"text": d["text"], "published": d.get("published"), "title": d.get("title"),
              "doc_id": d.get("doc_id")} for d in gold]
    return [doc.model_dump() for doc in default_extractor().pipe(items)]


def run(args: argparse.Namespace) -> int:
    from vnextract.corpus import load_documents

    if args.extract == (args.pred is not None):
        print("vnextract eval: give either PRED or --extract (not both)", file=sys.stderr)
        return 2
    try:
        gold = load_documents(args.gold, texts_dir=args.texts)
        pred = extract_documents(gold) if args.extract else read_predictions(args.pred)
        catalogue = resolve_cli_catalogue(args.catalogue)
        res = evaluate(gold, pred, catalogue=catalogue)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"vnextract eval: {exc}", file=sys.stderr)
        return 2
    missing = sorted({str(d.get("doc_id")) for d in gold} - {str(d.get("doc_id")) for d in pred})
    if missing:
        shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
        print(f"vnextract eval: warning: {len(missing)} of {len(gold)} gold documents have no prediction "
              f"(scored as all missed): {shown}", file=sys.stderr)
    if args.html:
        from vnextract.evaluation.html_report import render_html

        Path(args.html).write_text(render_html(res, gold, pred, catalogue), encoding="utf-8")
        print(f"wrote {args.html}", file=sys.stderr)
    if args.json:
        print(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
        return 0
    from vnextract.evaluation.text_report import render_text

    texts = {str(d.get("doc_id")): d["text"] for d in gold if isinstance(d.get("text"), str)}
    print(render_text(res, by_indicator=args.by_indicator, errors=max(args.errors, 0), texts=texts))
    return 0

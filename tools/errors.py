"""The errors of one attribute on the tuning corpora, with their context and the rule that
decided them, and a tally by rule: what a rule change would be written from.

    python tools/errors.py period own fg hij [--n 40] [--rule period:paragraph] [--seed 1]

Only tuning corpora (``dev own fg hij constructed`` or folders): the held-out set and a
blind batch not yet measured are refused, since their errors must not be read before
rules change (corpus/README.md).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from typing import Any

from scores import CORPORA, TEXTS, TEXTS_OF  # type: ignore[import-not-found]

SEALED = ("heldout", "k")


def _rule_of(pred: Any, attr: str) -> str:
    """The part of the record's ``rule`` that names ``attr`` (``period:paragraph``), else all."""
    rule = pred.get("rule") or ""
    parts = [p for p in rule.split(",") if p.startswith(attr + ":")]
    return parts[0] if parts else rule


def collect(names: list[str], attr: str) -> list[dict[str, Any]]:
    from vnextract import Extractor
    from vnextract.corpus import load_documents
    from vnextract.evaluation.alignment import align

    ex = Extractor()
    out: list[dict[str, Any]] = []
    for name in names:
        paths = CORPORA.get(name, name)
        for path in paths if isinstance(paths, list) else [paths]:
            for g in load_documents(path, texts_dir=TEXTS_OF.get(name, TEXTS)):
                doc = ex(g["text"], published=g.get("published"), title=g.get("title"), doc_id=g["doc_id"])
                preds = {r.id: r.model_dump() for r in doc.records}
                al = align(g, doc, None)
                for (gr, pr), agree in zip(al.pairs, al.agreements):
                    if not agree.get(attr, True):
                        out.append({"set": name, "doc": g["doc_id"], "text": g["text"], "gold": gr, "pred": pr,
                                    "rule": _rule_of(preds[pr.id], attr)})
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("attr")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--n", type=int, default=30, help="errors to print (a random sample)")
    ap.add_argument("--rule", help="only errors whose rule starts so")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--width", type=int, default=160)
    args = ap.parse_args()
    if sealed := [s for s in args.sets if s in SEALED]:
        sys.exit(f"errors: {sealed} are measured, not studied (corpus/README.md)")
    errs = collect(args.sets, args.attr)
    for rule, n in Counter(e["rule"] for e in errs).most_common(25):
        print(f"{n:6}  {rule}")
    if args.rule:
        errs = [e for e in errs if e["rule"].startswith(args.rule)]
    random.Random(args.seed).shuffle(errs)
    for e in errs[: args.n]:
        g, p, t = e["gold"], e["pred"], e["text"]
        ctx = t[max(0, g.start - args.width): g.start] + "[[" + t[g.start:g.end] + "]]" + t[g.end: g.end + 60]
        print(f"\n{e['set']}/{e['doc']} {g.text!r} gold={getattr(g, args.attr)!r} pred={getattr(p, args.attr)!r} {e['rule']}")
        print("   " + ctx.replace("\n", " ⏎ "))
    print(f"\n{len(errs)} errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())

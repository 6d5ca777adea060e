"""The errors of one attribute on the tuning corpora, with their context and the rule that
decided them, and a tally by rule: what a rule change would be written from.

    python tools/errors.py period own fg hij [--n 40] [--rule period:paragraph] [--seed 1]
    python tools/errors.py spurious k        # predictions that are not records (or `missed`)

Only tuning corpora (``dev own fg hij k constructed`` or folders): the held-out set and a
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

UNMATCHED = ("spurious", "missed")  # pseudo-attributes: unmatched predictions, unmatched gold
SEALED = ("heldout",)  # batches K-S were measured at 5f593e6, 876acc0, 06c250f, ce9c5bd, 9afde2a, e6fcbba, 2b974a1, 45560e8, 3679b49: tuning data since


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
                base = {"set": name, "doc": g["doc_id"], "text": g["text"]}
                if attr in UNMATCHED:
                    out += _unmatched(al, attr, preds, base)
                    continue
                for (gr, pr), agree in zip(al.pairs, al.agreements):
                    if not agree.get(attr, True):
                        out.append({**base, "gold": gr, "pred": pr, "rule": _rule_of(preds[pr.id], attr)})
    return out


def _unmatched(al: Any, attr: str, preds: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    """Predictions no gold record matches (``spurious``), or gold records nothing predicted
    matches (``missed``), as errors whose other side is ``None``."""
    if attr == "spurious":
        taken = {p.index for _, p in al.pairs}
        return [{**base, "gold": p, "pred": None, "rule": (preds[p.id].get("rule") or "").split(",")[0]}
                for p in al.pred if p.index not in taken]
    taken = {g.index for g, _ in al.pairs}
    return [{**base, "gold": g, "pred": None, "rule": "missed"} for g in al.gold if g.index not in taken]


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
        said = f"value={g.value!r} unit={g.unit!r}" if p is None else f"gold={getattr(g, args.attr)!r} pred={getattr(p, args.attr)!r}"
        print(f"\n{e['set']}/{e['doc']} {g.text!r} {said} {e['rule']}")
        print("   " + ctx.replace("\n", " ⏎ "))
    print(f"\n{len(errs)} errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One line of scores per corpus (FORMAT.md section 4), for checking a change everywhere at once.

    python tools/scores.py [dev own heldout constructed k FOLDER ...] [--no-published] [--texts DIR|FILE.jsonl.gz]
                            [--indicator-model PATH | --rules-only]

``--no-published`` removes ``published`` from every document before extracting (issue:
period accuracy may fall by at most 0.05 without it).  The learned indicator decision runs after
the rules as it does by default (``--indicator-model PATH``: other weights; ``--rules-only``:
without it).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VNEXTRACT_SHARED", REPO.parent / "shared"))
# the blind batches of pool documents and of bench articles (corpus/README.md): the one list a
# new batch is added to (tools/cv_indicator.py reads it too)
POOL_BATCHES = ("F", "G", "H", "I", "J")
BENCH_BATCHES = ("K", "L", "M", "N", "O", "P", "Q", "R", "S")
CORPORA = {
    "dev": SHARED / "corpus" / "gold",
    "own": REPO / "corpus" / "gold",
    "heldout": REPO / "corpus" / "heldout",
    "constructed": REPO / "corpus" / "constructed",
    # blind batches measured once and tuned on since (corpus/README.md)
    "fg": [REPO / "corpus" / "blind" / "F", REPO / "corpus" / "blind" / "G"],
    # measured once at 8a40d5c (2026-12-02), tuning data since
    "hij": [REPO / "corpus" / "blind" / b for b in ("H", "I", "J")],
    # bench articles (their texts are read from the bench file), one corpus per batch
    **{b.lower(): REPO / "corpus" / "blind" / b for b in BENCH_BATCHES},
}
TEXTS = SHARED / "corpus" / "texts"
BENCH_TEXTS = SHARED / "bench" / "news-20k.jsonl.gz"
TEXTS_OF = {b.lower(): BENCH_TEXTS for b in BENCH_BATCHES}
ATTRS = ("unit_lenient", "indicator", "role", "period", "location", "parent", "cumulative", "indicator_text")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="*", help="corpus names or folders (default: the four corpora)")
    ap.add_argument("--no-published", action="store_true")
    ap.add_argument("--texts", type=Path, default=TEXTS, help="texts folder or JSONL(.gz) for folders given by path")
    ap.add_argument("--indicator-model", nargs="?", const=True, default=True, metavar="PATH",
                    help="weights of the learned indicator decision (default: the shipped ones)")
    ap.add_argument("--rules-only", action="store_true", help="the rules without the learned indicator decision")
    args = ap.parse_args()
    from vnextract import Extractor, evaluate
    from vnextract.corpus import load_documents

    ex = Extractor(indicator_model=False if args.rules_only else args.indicator_model)
    names = args.sets or ["dev", "own", "fg", "constructed"]  # the held-out set only when asked
    print(f"{'set':12} {'docs':>4} {'gold':>5} {'mentF1':>6} {'recP':>6} {'recR':>6} {'recF1':>6} "
          + " ".join(f"{a[:7]:>7}" for a in ATTRS))
    for name in names:
        paths = CORPORA.get(name, Path(name))
        gold = [d for path in (paths if isinstance(paths, list) else [paths])
                for d in load_documents(path, texts_dir=TEXTS_OF.get(name, args.texts))]
        pred = [ex(g["text"], published=None if args.no_published else g.get("published"),
                   title=g.get("title"), doc_id=g["doc_id"]) for g in gold]
        r = evaluate(gold, pred).to_dict()
        n = sum(len(g["records"]) for g in gold)
        print(f"{name[-12:]:12} {len(gold):4} {n:5} {r['mention']['f1']:6.3f} {r['record']['precision']:6.3f} "
              f"{r['record']['recall']:6.3f} {r['record']['f1']:6.3f} "
              + " ".join(f"{r['attributes'][a]['accuracy']:7.3f}" for a in ATTRS))
    return 0


if __name__ == "__main__":
    sys.exit(main())

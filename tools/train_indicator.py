"""Train the learned indicator decision on all training gold and save its weights (the file
``Extractor(indicator_model=True)`` loads, by default).

    python tools/train_indicator.py [dev own F G ...] [--variant combined+all+own] [-o PATH]

``C`` and, for a combined variant, the confidence threshold are chosen by cross-validation
over the same documents (``--folds``), as ``tools/cv_indicator.py`` chooses them inside its
training folds; the model is then trained on every document.  The held-out corpus is refused
(blind batches are trained on only after their first measurement).
"""

from __future__ import annotations

import argparse
import sys

from cv_indicator import SETS, VARIANTS, load_items


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="*", default=list(SETS), help="corpus names (dev own F G) or gold folders")
    ap.add_argument("--variant", choices=sorted(VARIANTS), default="combined+all+own")
    ap.add_argument("--folds", type=int, default=5, help="folds choosing C and the threshold")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--c", type=float, nargs="+", default=[0.1, 0.3, 1.0])
    ap.add_argument("-o", "--output", help="weights file (default: the shipped one)")
    ap.add_argument("--min-weight", type=float, default=0.05,
                    help="leave out weights smaller than this (0.05 keeps the file near 230 KB; "
                         "tools/cv_indicator.py --min-weight measures what it costs)")
    args = ap.parse_args()
    from vnextract import Extractor
    from vnextract.stats.measure_data import featurize
    from vnextract.stats.measure_features import MeasureFeatures
    from vnextract.stats.measure_model import SHIPPED
    from vnextract.stats.measure_selection import THRESHOLDS, select, train
    from vnextract.stats.training import gold_version

    v = VARIANTS[args.variant]
    ex = Extractor(indicator_model=False)  # the model learns from the rules' own output
    items = load_items(args.sets, ex)
    features = MeasureFeatures(ex.measures.linker, ex.units, v.groups)
    rows = featurize(items, features)
    ch = select(items, rows, features, args.c, THRESHOLDS if v.combined else [0.0], args.folds, args.seed)
    meta = {"variant": v.name, "keep_own": v.keep_own, "sets": args.sets, "documents": len(items),
            "figures": sum(sum(it.matched) for it in items), "gold_version": gold_version([it.gold for it in items]),
            "chosen_by": f"{args.folds}-fold CV, seed {args.seed}, C in {args.c}"}
    model = train(items, rows, features, ch.c, ch.threshold, meta)
    path = model.save(args.output or SHIPPED, args.min_weight)
    print(f"{v.name}: C={ch.c:g} threshold={ch.threshold:g} ({ch.correct} records right out of fold), "
          f"{sum(abs(w) >= args.min_weight for w in model.weights.values())} weights -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

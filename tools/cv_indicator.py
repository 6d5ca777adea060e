"""Document-level cross-validation of the learned indicator decision against the rules alone
(issue 10: "the cross-validation table of the combined indicator decision, mean and spread
over folds").

    python tools/cv_indicator.py [dev own F G ...] [--folds 5] [--seed 0] [--variants ...]

Every variant is scored on the same folds.  For each fold, a variant's ``C`` (and, for a
``combined`` variant, its confidence threshold) is chosen by an inner cross-validation on the
training folds only; the model is then trained on all training folds and decides every figure
of the test fold, and the records the extractor writes are scored against the gold
(``vnextract.evaluate``: record F1, indicator accuracy over matched figures).  The table
gives mean and sample standard deviation over folds, and the paired gain over the rules.
``--min-weight W`` scores each fold's model as it would be shipped (weights rounded, those
under ``W`` left out, as ``tools/train_indicator.py --min-weight`` saves them).

Training data may only be the development gold, the own gold and the blind batches F-Q, each
measured once before it was studied; the held-out corpus is refused.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence

from scores import BENCH_BATCHES, BENCH_TEXTS, POOL_BATCHES, REPO, SHARED  # type: ignore[import-not-found]

SETS = {
    "dev": SHARED / "corpus" / "gold",
    "own": REPO / "corpus" / "gold",
    # measured once before they were studied (corpus/README.md), tuning data since
    **{b: REPO / "corpus" / "blind" / b for b in POOL_BATCHES + BENCH_BATCHES},
}
TEXTS_OF = {b: BENCH_TEXTS for b in BENCH_BATCHES}
SEALED = ("heldout",)


@dataclass(frozen=True)
class Variant:
    name: str
    groups: frozenset[str]  # the feature groups (vnextract.stats.measure_features.GROUPS)
    combined: bool  # model where confident, else rules (threshold chosen inside the training folds)
    keep_own: bool = False  # the rules' indicator stays where the figure's own trigger gave it


WORDS = frozenset({"near", "phrase", "clause", "unit"})
CLAUSE = frozenset({"near", "position", "trigger", "lexicon"})
FRAMES = frozenset({"near", "frame", "document", "conj"})
ALL = WORDS | CLAUSE | FRAMES
VARIANTS = {v.name: v for v in (
    Variant("model", frozenset({"near"}), False),  # the draft's evidence
    Variant("combined", frozenset({"near"}), True),
    Variant("model+words", WORDS, False),
    Variant("model+clause", CLAUSE, False),
    Variant("model+frames", FRAMES, False),
    Variant("model+all", ALL, False),
    Variant("combined+all", ALL, True),
    Variant("combined+all+own", ALL, True, keep_own=True),
)}


def refuse_sealed(path: Path) -> None:
    p = path.resolve().as_posix()
    if any(p.rstrip("/").endswith(s) or f"/{s}/" in p for s in SEALED):
        sys.exit(f"cv_indicator: {path} is sealed (the held-out set): never train or study on it")


def load_items(names: Sequence[str], extractor: Any) -> list[Any]:
    from vnextract.corpus import load_documents
    from vnextract.stats.measure_data import collect

    items = []
    for name in names:
        path = SETS.get(name, Path(name))
        refuse_sealed(path)
        gold = load_documents(path, texts_dir=TEXTS_OF.get(name, SHARED / "corpus" / "texts"))
        items += collect(extractor, gold, group=name)
    return items


@dataclass
class Run:
    """A variant's scores per fold and the indicators it decided out of fold (by item)."""

    folds: list[tuple[float, float, str]]  # record F1, indicator accuracy, chosen C / threshold
    decided: dict[int, list[Optional[str]]]


def scores(extractor: Any, items: Sequence[Any], decided: Optional[Sequence[list[Optional[str]]]]
           ) -> tuple[float, float]:
    """Record F1 and indicator accuracy of ``items`` with the ``decided`` indicators (None: the rules')."""
    from vnextract import evaluate
    from vnextract.stats.measure_data import documents_with

    choose = None if decided is None else (lambda k, it: decided[k])
    r = evaluate([it.gold for it in items], documents_with(extractor, items, choose)).to_dict()
    return r["record"]["f1"], r["attributes"]["indicator"]["accuracy"]


def run_variant(v: Variant, extractor: Any, items: Sequence[Any], folds: list[set[str]],
                args: argparse.Namespace) -> Run:
    """Train inside the training folds, decide the test fold, score it; for every fold."""
    from vnextract.stats.measure_data import featurize
    from vnextract.stats.measure_features import MeasureFeatures
    from vnextract.stats.measure_selection import select, train

    features = MeasureFeatures(extractor.measures.linker, extractor.units, v.groups)
    rows = featurize(items, features)
    run = Run([], {})
    for fold in folds:
        tr = [i for i, it in enumerate(items) if it.doc_id not in fold]
        te = [i for i, it in enumerate(items) if it.doc_id in fold]
        tr_items, tr_rows = [items[i] for i in tr], [rows[i] for i in tr]
        thresholds = args.thresholds if v.combined else [0.0]
        ch = select(tr_items, tr_rows, features, args.c, thresholds, args.inner, args.seed + 1)
        model = train(tr_items, tr_rows, features, ch.c, ch.threshold, {"keep_own": v.keep_own}).pruned(args.min_weight)
        for i in te:
            run.decided[i] = [model.choose(row, q) for row, q in zip(rows[i], items[i].analysis.quantities)]
        f1, acc = scores(extractor, [items[i] for i in te], [run.decided[i] for i in te])
        run.folds.append((f1, acc, f"C={ch.c:g}" + (f" t={ch.threshold:g}" if v.combined else "")))
        print(f"  {v.name} fold {len(run.folds)}: recF1 {f1:.3f} ind {acc:.3f} {run.folds[-1][2]}", file=sys.stderr)
    return run


def ms(xs: Sequence[float]) -> str:
    return f"{statistics.fmean(xs):.3f} ± {statistics.stdev(xs):.3f}"


def table(results: dict[str, Run]) -> str:
    """Mean ± standard deviation over folds, and the gain over the rules fold by fold."""
    base = results["rules"].folds
    lines = ["| variant | record F1 | indicator acc. | gain in record F1 (paired) | folds better | chosen per fold |",
             "|---|---|---|---|---|---|"]
    for name, run in results.items():
        gain = [r[0] - b[0] for r, b in zip(run.folds, base)]
        better = "—" if name == "rules" else f"{sum(g > 0 for g in gain)}/{len(gain)}"
        lines.append(f"| {name} | {ms([r[0] for r in run.folds])} | {ms([r[1] for r in run.folds])} | "
                     f"{ms(gain) if name != 'rules' else '—'} | {better} | {', '.join(r[2] for r in run.folds if r[2])} |")
    return "\n".join(lines)


def by_corpus(extractor: Any, items: Sequence[Any], results: dict[str, Run]) -> str:
    """Record F1 of each corpus, its documents decided out of fold (pooled over folds)."""
    groups = sorted({it.group for it in items}, key=[it.group for it in items].index)
    lines = ["| variant | " + " | ".join(groups) + " |", "|---" * (len(groups) + 1) + "|"]
    for name, run in results.items():
        cells = []
        for g in groups:
            idx = [i for i, it in enumerate(items) if it.group == g]
            decided = None if not run.decided else [run.decided[i] for i in idx]
            cells.append(f"{scores(extractor, [items[i] for i in idx], decided)[0]:.3f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="*", default=list(SETS), help="corpus names (dev own F G) or gold folders")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--inner", type=int, default=4, help="inner folds choosing C and the threshold")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--c", type=float, nargs="+", default=[0.1, 0.3, 1.0], help="C values to choose from")
    ap.add_argument("--thresholds", type=float, nargs="+", default=None)
    ap.add_argument("--min-weight", type=float, default=0.0,
                    help="score each fold's model as shipped: weights rounded, those under this left out")
    ap.add_argument("--variants", nargs="+", choices=sorted(VARIANTS), default=list(VARIANTS))
    args = ap.parse_args()
    from vnextract import Extractor
    from vnextract.stats.measure_selection import THRESHOLDS, folds

    args.thresholds = args.thresholds or list(THRESHOLDS)
    ex = Extractor(indicator_model=False)  # the rules alone: what the model is trained and scored against
    items = load_items(args.sets, ex)
    fl = folds(items, args.folds, args.seed)
    n = sum(sum(it.matched) for it in items)
    print(f"{len(items)} documents ({', '.join(args.sets)}), {n} matched figures, {args.folds} folds, seed {args.seed}\n")
    results = {"rules": Run([(*scores(ex, [it for it in items if it.doc_id in f], None), "") for f in fl], {})}
    for name in args.variants:
        results[name] = run_variant(VARIANTS[name], ex, items, fl, args)
    print(table(results))
    print("\nRecord F1 by corpus, every document decided by a model trained without its fold:\n")
    print(by_corpus(ex, items, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``vnextract train``: cross-validate and train the statistical component on gold."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from vnextract.stats.classifier import MODEL_DIR

DESCRIPTION = """\
Train the indicator and role classifiers (vnextract.stats.classifier) on gold documents: the rule
extractor runs on every gold text, its records matched to gold give the examples.  With
--folds K > 1 a document-level K-fold cross-validation first compares rules only, model
only and rules + model (record F1, mention F1, attribute accuracies: mean ± std) and tunes
the override thresholds; the final model is trained on all gold and saved with a meta.json
holding the training-data version, the thresholds and the cross-validation scores.
"""


def _commit() -> str | None:
    """The repository commit the rules came from (examples depend on the rules' output)."""
    import subprocess

    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parent, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def register(sub: Any) -> None:
    p = sub.add_parser("train", help="train the statistical component on gold (with k-fold CV)",
                       description=DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gold", action="append", metavar="DIR", required=True,
                   help="gold folder or file (repeatable), e.g. --gold ../shared/corpus/gold --gold corpus/gold")
    p.add_argument("--out", required=True, metavar="DIR",
                   help=f"where to save the model (the one shipped with vnextract is {MODEL_DIR})")
    p.add_argument("--folds", type=int, default=5, help="cross-validation folds (0 or 1: none)")
    p.add_argument("--seed", type=int, default=0, help="random seed (folds, shuffling, weights)")
    p.add_argument("--epochs", type=int, default=None, help="override the config's max_epochs")
    p.add_argument("--config", default=None, metavar="CFG", help="spaCy config (default: vnextract/stats/textcat_bow.cfg)")
    p.add_argument("--texts", metavar="DIR", help="folder of <doc_id>.txt, or a JSONL(.gz) file of documents, for stand-off gold")
    p.add_argument("--table", metavar="FILE.md", help="also write the cross-validation table here")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vnextract.stats.training import (DEFAULT_CONFIG, build_examples, cross_validate, cv_table,
                                    gold_version, load_gold, rule_documents, train_model)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    dirs = args.gold
    gold = load_gold(dirs, args.texts)
    log(f"{len(gold)} gold documents, {sum(len(d.get('records') or []) for d in gold)} records")
    rules = rule_documents(gold)
    config = args.config or DEFAULT_CONFIG
    meta: dict[str, Any] = {"gold_version": gold_version(gold), "gold": [str(d) for d in dirs],
                            "documents": len(gold), "config": Path(config).name,
                            "rules_commit": _commit()}
    thresholds: tuple[Any, float] = (0.5, 0.5)
    if args.folds and args.folds > 1:
        cv = cross_validate(gold, rules, args.folds, args.seed, config, args.epochs, log=log)
        table = cv_table(cv)
        print(table)
        print(f"combination gain in record F1: {cv['gain']['mean']:+.3f} ± {cv['gain']['std']:.3f}; "
              f"fold spread {cv['spread']:.3f}; default: {'yes' if cv['combination_default'] else 'no'}")
        if args.table:
            Path(args.table).write_text(table + "\n", encoding="utf-8")
        thresholds = (cv["thresholds"]["indicator"], cv["thresholds"]["role"])
        meta["cv"] = {k: cv[k] for k in ("folds", "seed", "summary", "fold_thresholds", "thresholds",
                                         "gain", "spread", "combination_default")}
    t1 = time.perf_counter()
    model = train_model(build_examples(gold, rules), config, args.seed, args.epochs,
                        thresholds=thresholds)
    model.meta.update(meta)
    model.meta["train_seconds"] = round(time.perf_counter() - t1, 1)
    model.meta["total_seconds"] = round(time.perf_counter() - t0, 1)
    out = model.save(args.out)
    log(f"model saved to {out} ({model.meta['n_examples']} examples, thresholds "
        f"{thresholds[0]} / role {thresholds[1]}, {model.meta['total_seconds']} s)")
    json.dumps(model.meta)  # fail here, not later, if meta is not JSON
    return 0

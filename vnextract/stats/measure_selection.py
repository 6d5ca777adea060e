"""Choosing and training the learned indicator decision without looking at the documents it
is measured on: document-level folds, out-of-fold probabilities, and the regularisation
``C`` and confidence threshold chosen on them (inside the training folds when
``tools/cv_indicator.py`` cross-validates; on all gold when ``tools/train_indicator.py``
trains the shipped weights).

The threshold maximises the number of records the indicator makes right: figures whose unit
and role already agree with the gold (``Item.record_ok``) and whose decided indicator is the
gold one.  A tie goes to the higher threshold, i.e. to the rules.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from vnextract.stats.measure_data import Item, Row, training_examples
from vnextract.stats.measure_features import NONE, MeasureFeatures, best
from vnextract.stats.measure_model import MeasureModel, examples, fit

Probs = list[list[Optional[dict[str, float]]]]  # by item, quantity: candidate -> probability
RULES_ONLY = 1.01  # a threshold no probability reaches: the rules decide everywhere
THRESHOLDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, RULES_ONLY)


@dataclass(frozen=True)
class Choice:
    c: float
    threshold: float
    correct: int  # records the indicator makes right on the out-of-fold figures


def folds(items: Sequence[Item], k: int, seed: int) -> list[set[str]]:
    """``k`` folds of document ids, the documents of each group dealt in turn after a seeded
    shuffle (every fold gets its share of every corpus)."""
    if k < 2:
        raise ValueError(f"need at least 2 folds, not {k}")
    rng = random.Random(seed)
    out: list[set[str]] = [set() for _ in range(k)]
    turn = 0
    for group in sorted({it.group for it in items}):
        ids = sorted({it.doc_id for it in items if it.group == group})
        rng.shuffle(ids)
        for doc_id in ids:
            out[turn % k].add(doc_id)
            turn += 1
    return out


def train(items: Sequence[Item], rows: Sequence[Sequence[Row]], features: MeasureFeatures, c: float,
          threshold: float = 0.0, meta: Optional[dict[str, Any]] = None) -> MeasureModel:
    xs, ys = examples(*training_examples(items, rows))
    return MeasureModel(fit(xs, ys, c), features, {"c": c, **(meta or {})}, threshold)


def out_of_fold(items: Sequence[Item], rows: Sequence[Sequence[Row]], features: MeasureFeatures,
                c: float, k: int, seed: int) -> Probs:
    """Each matched figure's candidate probabilities from a model trained without its document."""
    probs: Probs = [[None] * len(r) for r in rows]
    for fold in folds(items, k, seed):
        inside = [i for i, it in enumerate(items) if it.doc_id not in fold]
        model = train([items[i] for i in inside], [rows[i] for i in inside], features, c)
        for i, it in enumerate(items):
            if it.doc_id in fold:
                probs[i] = [model.probabilities(row) if m else None for row, m in zip(rows[i], it.matched)]
    return probs


def decided(probs: dict[str, float], rules: Optional[str], threshold: float) -> Optional[str]:
    choice = best(probs)
    return choice if probs[choice or NONE] >= threshold else rules


def correct(items: Sequence[Item], probs: Probs, threshold: float) -> int:
    n = 0
    for it, its in zip(items, probs):
        for q, p, lab, ok in zip(it.analysis.quantities, its, it.labels, it.record_ok):
            if ok and p is not None:
                n += decided(p, q.indicator, threshold) == lab
    return n


def select(items: Sequence[Item], rows: Sequence[Sequence[Row]], features: MeasureFeatures,
           c_values: Sequence[float], thresholds: Sequence[float], k: int, seed: int) -> Choice:
    """The ``C`` and threshold that make the most records right out of fold."""
    best_choice: Optional[Choice] = None
    for c in c_values:
        probs = out_of_fold(items, rows, features, c, k, seed)
        for t in sorted(thresholds, reverse=True):
            choice = Choice(c, t, correct(items, probs, t))
            if best_choice is None or choice.correct > best_choice.correct:
                best_choice = choice
    if best_choice is None:
        raise ValueError("no C or threshold to choose from")
    return best_choice

"""Training the statistical component (:mod:`vnextract.stats.classifier`) from gold documents.

Examples come from the pipeline's own output: the rule extractor runs on each
gold text, its records are matched to the gold ones by the scorer's matching,
and every matched record gives one example (its :func:`~vnextract.stats.classifier.features`
on the document structure's sentence and clause, labelled with the gold indicator id, read
through the catalogue, or ``none``, and the gold role).  Training is a plain
spaCy update loop over ``textcat_bow.cfg`` with a fixed seed.
"""

from __future__ import annotations

import hashlib
import json
import random
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from vnextract.stats.classifier import KEEP, NONE_LABEL, Prediction, QuantityModel, combine, record_features
from vnextract.schema import Document
from vnextract.evaluation.alignment import match, records_of
from vnextract.evaluation.scoring import evaluate, resolve_catalogue

PathLike = Union[str, Path]
# the spaCy training config of the classifiers (shipped beside this module)
DEFAULT_CONFIG = Path(__file__).resolve().parent / "textcat_bow.cfg"


@dataclass(frozen=True)
class Example:
    """One quantity: its feature tokens and gold labels."""

    doc_id: str
    start: int
    tokens: tuple[str, ...]
    indicator: str
    role: str


def gold_version(gold_docs: Sequence[Mapping[str, Any]]) -> str:
    """A short hash of the gold (ids, offsets, labels): the training-data version."""
    h = hashlib.sha256()
    for d in sorted(gold_docs, key=lambda d: str(d.get("doc_id"))):
        h.update(str(d.get("doc_id")).encode())
        for r in d.get("records") or []:
            h.update(json.dumps([r["start"], r["end"], r.get("indicator"), r.get("role")]).encode())
    return h.hexdigest()[:12]


def rule_documents(gold_docs: Sequence[Mapping[str, Any]], extractor: Any = None) -> list[Document]:
    """The rule extractor's output on each gold text (same doc ids)."""
    if extractor is None:
        from vnextract.pipeline import Extractor

        extractor = Extractor(indicator_model=False)
    return [extractor(d["text"], published=d.get("published"), title=d.get("title"),
                      doc_id=d.get("doc_id")) for d in gold_docs]


def build_examples(gold_docs: Sequence[Mapping[str, Any]], pred_docs: Sequence[Document],
                   catalogue: Optional[Iterable[str]] = None, stacked: bool = True,
                   residual: bool = True) -> list[Example]:
    """Examples for the rule records that match a gold record (see module docstring).

    ``residual``: a label the rules already got right becomes ``keep``, so the
    classifier learns where to correct the rules rather than the whole task;
    ``stacked`` adds the rules' decisions to the features.
    """
    cat = resolve_catalogue(catalogue)
    out: list[Example] = []
    for gold, pred in zip(gold_docs, pred_docs):
        if gold.get("doc_id") != pred.doc_id:
            raise ValueError(f"document order differs: {gold.get('doc_id')} vs {pred.doc_id}")
        g_recs = records_of(dict(gold), cat)
        p_recs = records_of(pred.model_dump(), cat)
        for g, p in match(g_recs, p_recs):
            rec = pred.records[p.index]
            ind, role = g.indicator or NONE_LABEL, g.role or "actual"
            if residual:
                ind = KEEP if ind == (p.indicator or NONE_LABEL) else ind
                role = KEEP if role == rec.role else role
            out.append(Example(doc_id=str(pred.doc_id), start=rec.start,
                               tokens=tuple(record_features(pred.text, rec, stacked)),
                               indicator=ind, role=role))
    return out


def _new_nlp(config_path: PathLike, labels: Sequence[str],
             overrides: Optional[Mapping[str, Any]] = None) -> tuple[Any, dict[str, Any]]:
    from spacy.util import load_config, load_model_from_config

    cfg = load_config(Path(config_path), overrides=dict(overrides or {})).interpolate()
    nlp = load_model_from_config(cfg, auto_fill=True, validate=True)
    textcat = nlp.get_pipe("textcat")
    for label in labels:
        textcat.add_label(label)
    return nlp, dict(cfg["training"])


def train_classifier(rows: Sequence[tuple[Sequence[str], str]], labels: Sequence[str],
                     config_path: PathLike = DEFAULT_CONFIG, seed: int = 0,
                     epochs: Optional[int] = None,
                     overrides: Optional[Mapping[str, Any]] = None) -> Any:
    """A textcat pipeline trained on ``(tokens, label)`` rows."""
    from spacy.tokens import Doc
    from spacy.training import Example as SpacyExample
    from spacy.util import fix_random_seed, registry

    fix_random_seed(seed)
    nlp, tcfg = _new_nlp(config_path, labels, overrides)
    resolved = registry.resolve({"optimizer": tcfg["optimizer"], "batcher": tcfg["batcher"]})
    examples = []
    for tokens, label in rows:
        doc = Doc(nlp.vocab, words=list(tokens) or ["<num>"])
        examples.append(SpacyExample.from_dict(doc, {"cats": {lb: float(lb == label) for lb in labels}}))
    optimizer = nlp.initialize(lambda: examples, sgd=resolved["optimizer"])
    rng = random.Random(seed)
    dropout = float(tcfg.get("dropout", 0.1))
    for _ in range(int(epochs if epochs is not None else tcfg.get("max_epochs", 10))):
        order = examples[:]
        rng.shuffle(order)
        for batch in resolved["batcher"](order):
            nlp.update(batch, sgd=optimizer, drop=dropout)
    return nlp


def train_model(examples: Sequence[Example], config_path: PathLike = DEFAULT_CONFIG,
                seed: int = 0, epochs: Optional[int] = None,
                thresholds: tuple[Any, float] = (0.5, 0.5), stacked: bool = True,
                overrides: Optional[Mapping[str, Any]] = None) -> QuantityModel:
    """Both classifiers (indicator id with ``none``; role) trained on ``examples``
    (built with the same ``stacked`` setting)."""
    if not examples:
        raise ValueError("no training examples")
    ind_labels = sorted({e.indicator for e in examples} | {NONE_LABEL})
    role_labels = sorted({e.role for e in examples})
    ind = train_classifier([(e.tokens, e.indicator) for e in examples], ind_labels,
                           config_path, seed, epochs, overrides)
    role = train_classifier([(e.tokens, e.role) for e in examples], role_labels,
                            config_path, seed, epochs, overrides)
    return QuantityModel(ind, role, thresholds[0], thresholds[1],
                         meta={"n_examples": len(examples), "seed": seed, "stacked": stacked,
                               "indicator_labels": ind_labels, "role_labels": role_labels})


def load_gold(dirs: Sequence[PathLike], texts_dir: Optional[PathLike] = None) -> list[dict[str, Any]]:
    """Gold documents of every folder (a doc id met twice keeps its first copy)."""
    from vnextract.corpus import load_documents

    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for d in dirs:
        for doc in load_documents(d, texts_dir):
            key = str(doc.get("doc_id"))
            if key not in seen:
                seen.add(key)
                out.append(doc)
    return out


# ------------------------------------------------------------------ cross-validation

CHANGE_TYPES = ("add", "drop", "swap")
GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01)  # 1.01: never override
METRICS = ("record_f1", "mention_f1", "indicator", "role", "unit_lenient")
ROWS = ("rules", "model", "combination")


def split_folds(doc_ids: Iterable[str], k: int, seed: int = 0) -> list[list[str]]:
    """``k`` disjoint groups of document ids (shuffled with ``seed``)."""
    ids = sorted(set(doc_ids))
    random.Random(seed).shuffle(ids)
    return [ids[i::k] for i in range(k)]


def scores(gold: Sequence[Mapping[str, Any]], pred: Sequence[Document]) -> dict[str, float]:
    r = evaluate(gold, pred).to_dict()
    att = r["attributes"]
    return {"record_f1": r["record"]["f1"], "mention_f1": r["mention"]["f1"],
            "indicator": att["indicator"]["accuracy"] or 0.0, "role": att["role"]["accuracy"] or 0.0,
            "unit_lenient": att["unit_lenient"]["accuracy"] or 0.0}


@dataclass
class FoldRun:
    """One fold's test documents: gold, rule output, both models' predictions."""

    gold: list[Mapping[str, Any]]
    rules: list[Document]
    pure: list[list[Prediction]]
    residual: list[list[Prediction]]

    def combined(self, ti: Mapping[str, float], tr: float) -> list[Document]:
        return [combine(d, p, ti, tr) for d, p in zip(self.rules, self.residual)]


def tune_thresholds(runs: Sequence[FoldRun]) -> tuple[dict[str, float], float]:
    """Thresholds maximising record F1 over ``runs``: the role's, then one per
    indicator change type (add, drop, swap: each tuned alone); ties go to the higher."""
    gold = [g for r in runs for g in r.gold]
    never = {k: 1.01 for k in CHANGE_TYPES}

    def f1(ti: Mapping[str, float], tr: float) -> float:
        return scores(gold, [d for r in runs for d in r.combined(ti, tr)])["record_f1"]

    tr = max(reversed(GRID), key=lambda t: f1(never, t))
    ti = {k: max(reversed(GRID), key=lambda t: f1({**never, k: t}, tr)) for k in CHANGE_TYPES}
    return ti, tr


def _summary(values: Sequence[float]) -> dict[str, float]:
    return {"mean": statistics.fmean(values),
            "std": statistics.stdev(values) if len(values) > 1 else 0.0}


def cross_validate(gold_docs: Sequence[Mapping[str, Any]], rule_docs: Sequence[Document],
                   folds: int = 5, seed: int = 0, config_path: PathLike = DEFAULT_CONFIG,
                   epochs: Optional[int] = None, overrides: Optional[Mapping[str, Any]] = None,
                   log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Document-level k-fold CV of rules only, model only (pure classifier on the
    rule mentions) and rules + residual model; thresholds of fold i are tuned on
    the other folds' held-out predictions."""
    by_id = {str(g.get("doc_id")): (g, r) for g, r in zip(gold_docs, rule_docs)}
    groups = split_folds(by_id, folds, seed)
    pure_ex = build_examples(gold_docs, rule_docs, stacked=False, residual=False)
    res_ex = build_examples(gold_docs, rule_docs)
    runs: list[FoldRun] = []
    for i, test_ids in enumerate(groups):
        test = set(test_ids)
        pure = train_model([e for e in pure_ex if e.doc_id not in test], config_path, seed,
                           epochs, stacked=False, overrides=overrides)
        res = train_model([e for e in res_ex if e.doc_id not in test], config_path, seed,
                          epochs, stacked=True, overrides=overrides)
        gold = [by_id[d][0] for d in test_ids]
        rules = [by_id[d][1] for d in test_ids]
        runs.append(FoldRun(gold, rules, [pure.predict(d) for d in rules],
                            [res.predict(d) for d in rules]))
        log(f"fold {i + 1}/{folds}: {len(test_ids)} test documents")
    per_fold: dict[str, dict[str, list[float]]] = {r: {m: [] for m in METRICS} for r in ROWS}
    thresholds = []
    for i, run in enumerate(runs):
        ti, tr = tune_thresholds([r for j, r in enumerate(runs) if j != i])
        thresholds.append({"indicator": ti, "role": tr})
        preds = {"rules": run.rules,
                 "model": [combine(d, p, 0.0, 0.0) for d, p in zip(run.rules, run.pure)],
                 "combination": run.combined(ti, tr)}
        for row, docs in preds.items():
            for m, v in scores(run.gold, docs).items():
                per_fold[row][m].append(v)
        log(f"fold {i + 1}: thresholds {ti} / role {tr}, record F1 rules "
            f"{per_fold['rules']['record_f1'][-1]:.3f} combination {per_fold['combination']['record_f1'][-1]:.3f}")
    summary = {r: {m: _summary(v) for m, v in per_fold[r].items()} for r in ROWS}
    gain = [c - r for c, r in zip(per_fold["combination"]["record_f1"], per_fold["rules"]["record_f1"])]
    spread = max(summary["rules"]["record_f1"]["std"], summary["combination"]["record_f1"]["std"])
    return {
        "folds": folds, "seed": seed, "documents": len(by_id),
        "records": sum(len(g.get("records") or []) for g in gold_docs),
        "per_fold": per_fold, "summary": summary, "fold_thresholds": thresholds,
        "thresholds": dict(zip(("indicator", "role"), tune_thresholds(runs))),
        "gain": _summary(gain), "spread": spread,
        "combination_default": statistics.fmean(gain) > spread,
    }


def cv_table(cv: Mapping[str, Any]) -> str:
    """The cross-validation result as a markdown table (mean ± std over folds)."""
    head = ["setting", "record F1", "mention F1", "indicator acc.", "role acc.", "unit acc. (lenient)"]
    names = {"rules": "rules only", "model": "model only", "combination": "rules + model"}
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in ROWS:
        s = cv["summary"][row]
        cells = [f"{s[m]['mean']:.3f} ± {s[m]['std']:.3f}" for m in METRICS]
        lines.append(f"| {names[row]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)

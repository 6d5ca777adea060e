"""The statistical component: features, training data, combination, shipped model."""

from __future__ import annotations

from typing import Any

import pytest

from vnextract.stats.classifier import KEEP, MARKER, MODEL_DIR, Prediction, QuantityModel, combine, features
from vnextract.schema import Document, Record
from vnextract.stats.training import Example, build_examples, cross_validate, split_folds, train_model

# a sentence written for the test (not from the corpus)
TEXT = ("Năm 2023, tỉnh đã giải quyết việc làm cho 1.200 lao động, đạt 110% kế hoạch năm. "
        "Tổng thu ngân sách đạt 2.500 tỷ đồng.")


def _rec(i: int, snippet: str, value: float, **kw: Any) -> Record:
    start = TEXT.index(snippet)
    sent = (0, 80) if start < 80 else (81, len(TEXT))
    return Record(id=f"q{i}", start=start, end=start + len(snippet), text=snippet, value=value,
                  sentence_start=sent[0], sentence_end=sent[1], **kw)


def _rule_doc() -> Document:
    return Document(doc_id="tiny", text=TEXT, records=[
        _rec(1, "1.200", 1200, unit="lao động", indicator="employment.jobs_created", kind="count"),
        _rec(2, "110%", 110, unit="%", indicator="employment.jobs_created", role="target_ratio",
             kind="percent"),
        _rec(3, "2.500 tỷ", 2.5e12, unit="đồng", indicator="economy.budget_revenue", kind="money"),
        _rec(4, "2023", 2023, kind="number"),  # a false positive of the rules: no example
    ])


def _gold() -> dict[str, Any]:
    def g(snippet: str, value: float, **kw: Any) -> dict[str, Any]:
        s = TEXT.index(snippet)
        return {"start": s, "end": s + len(snippet), "text": snippet, "value": value, **kw}

    return {"doc_id": "tiny", "text": TEXT, "records": [
        g("1.200", 1200, unit="lao động", indicator="employment.jobs_created", role="actual"),
        g("110%", 110, unit="%", indicator=None, role="target_ratio"),
        g("2.500 tỷ", 2.5e12, unit="đồng", indicator="economy.budget_revenue", role="target"),
    ]}


def test_features_mark_the_numeral_and_its_neighbours() -> None:
    s = TEXT.index("1.200")
    toks = features(TEXT, s, s + 5, (0, 80), "lao động", "count")
    assert MARKER in toks and "1.200" not in toks
    # the clause starts after "Năm 2023," (no clause break there) and stops at the sentence end
    assert toks[toks.index(MARKER) + 1] == "lao"
    assert "l1:cho" in toks and "r1:lao" in toks and "r2:động" in toks
    assert "u:lao_động" in toks and "k:count" in toks
    assert "0000" in toks  # digits folded
    assert not any(t.startswith("s:") and "tổng" in t for t in toks)  # next sentence excluded


def test_build_examples_labels_from_gold() -> None:
    gold, pred = [_gold()], [_rule_doc()]
    plain = build_examples(gold, pred, stacked=False, residual=False)
    assert [(e.start, e.indicator, e.role) for e in plain] == [
        (TEXT.index("1.200"), "employment.jobs_created", "actual"),
        (TEXT.index("110%"), "none", "target_ratio"),
        (TEXT.index("2.500 tỷ"), "economy.budget_revenue", "target"),
    ]
    assert not any(t.startswith("ri:") for e in plain for t in e.tokens)
    res = build_examples(gold, pred)
    assert [(e.indicator, e.role) for e in res] == [(KEEP, KEEP), ("none", KEEP), (KEEP, "target")]
    assert "ri:employment.jobs_created" in res[0].tokens and "rr:actual" in res[0].tokens


def test_build_examples_checks_document_order() -> None:
    other = _rule_doc().model_copy(update={"doc_id": "other"})
    with pytest.raises(ValueError):
        build_examples([_gold()], [other])


def test_combine_thresholds_and_source() -> None:
    doc = _rule_doc()
    preds = [
        Prediction(KEEP, 0.99, KEEP, 0.99),            # agrees -> both
        Prediction("none", 0.95, KEEP, 0.9),           # confident change -> model
        Prediction("none", 0.55, "target", 0.55),      # not confident -> rule
        Prediction(KEEP, 0.9, "change", 0.9),          # role change only
    ]
    out = combine(doc, preds, 0.8, 0.8)
    assert [r.decided_by for r in out.records] == ["both", "model", "rule", "model"]
    assert out.records[1].indicator is None and out.records[1].role == "target_ratio"
    assert out.records[2].indicator == "economy.budget_revenue" and out.records[2].role == "actual"
    assert out.records[3].role == "change"
    assert [(r.start, r.end) for r in out.records] == [(r.start, r.end) for r in doc.records]
    model_only = combine(doc, preds, 0.0, 0.0)
    assert model_only.records[2].indicator is None and model_only.records[2].role == "target"


def test_split_folds_disjoint_and_reproducible() -> None:
    ids = [f"d{i}" for i in range(11)]
    folds = split_folds(ids, 3, seed=1)
    assert sorted(sum(folds, [])) == sorted(ids)
    assert folds == split_folds(ids, 3, seed=1)


def _toy_examples() -> list[Example]:
    rows = []
    for i in range(12):
        money = i % 2 == 0
        toks = ("thu", "ngân", "sách", MARKER, "u:đồng") if money else ("học", "sinh", MARKER, "u:em")
        rows.append(Example(f"d{i}", i, toks, "economy.budget_revenue" if money else KEEP,
                            "actual" if money else KEEP))
    return rows


def test_tiny_training_run_end_to_end(tmp_path: Any) -> None:
    model = train_model(_toy_examples(), epochs=2, seed=3,
                        overrides={"components.textcat.model.length": 1024})
    preds = model.predict_rows([["thu", "ngân", "sách", MARKER, "u:đồng"]])
    assert preds[0].indicator in model.meta["indicator_labels"]
    assert 0.0 <= preds[0].indicator_p <= 1.0
    again = QuantityModel.load(model.save(tmp_path / "m"))
    assert again.predict_rows([["học", MARKER]])[0] == model.predict_rows([["học", MARKER]])[0]


def test_tiny_cross_validation() -> None:
    gold = [dict(_gold(), doc_id=f"t{i}") for i in range(3)]
    pred = [_rule_doc().model_copy(update={"doc_id": f"t{i}"}) for i in range(3)]
    cv = cross_validate(gold, pred, folds=3, epochs=1,
                        overrides={"components.textcat.model.length": 1024})
    assert cv["documents"] == 3 and len(cv["per_fold"]["rules"]["record_f1"]) == 3
    # rules: 3 of 4 records matched, 1 of them fully right (the first)
    assert cv["summary"]["rules"]["mention_f1"]["mean"] == pytest.approx(6 / 7)
    assert cv["summary"]["rules"]["record_f1"]["mean"] == pytest.approx(2 / 7)


@pytest.mark.skipif(not (MODEL_DIR / "meta.json").is_file(), reason="no shipped model")
def test_shipped_model_loads_offline_and_keeps_spans(extractor: Any) -> None:
    model = QuantityModel.load()
    assert model.meta["gold_version"] and "thresholds" in model.meta
    doc = extractor(TEXT, published="2023-12-20", doc_id="tiny")
    out = model.apply(doc)
    assert isinstance(out, Document)
    assert [(r.start, r.end, r.value) for r in out.records] == [(r.start, r.end, r.value) for r in doc.records]
    assert {r.decided_by for r in out.records} <= {"rule", "model", "both"}


def test_shipped_model_size_limit() -> None:
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 30 * 1024 * 1024


def test_train_command_registered() -> None:
    from vnextract.cli import build_parser

    args = build_parser().parse_args(["train", "--gold", "g", "--folds", "3", "--seed", "7", "--out", "x"])
    assert (args.gold, args.folds, args.seed, args.out) == (["g"], 3, 7, "x")
    with pytest.raises(SystemExit):  # gold and output folders are never guessed
        build_parser().parse_args(["train", "--out", "x"])
    with pytest.raises(SystemExit):
        build_parser().parse_args(["train", "--gold", "g"])


def test_shipped_model_holds_no_word_list() -> None:
    # hashed n-gram weights only: no vocabulary of the (copyrighted) training texts
    assert not list(MODEL_DIR.rglob("strings.json"))

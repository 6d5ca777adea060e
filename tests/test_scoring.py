"""The scorer of FORMAT.md section 4: hand-computed cases and agreement with tests/reference_scorer.py."""

from __future__ import annotations

import copy
import json
import os
import random
import sys
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml

from vnextract.schema import Document, Record
from vnextract.evaluation.agreement import token_f1, unit_exact, unit_lenient
from vnextract.evaluation.scoring import evaluate

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_scorer import reference_evaluate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    env = os.environ.get("VNEXTRACT_SHARED")
    path = Path(env) if env else REPO.parent / "shared"
    if not (path / "corpus" / "gold").is_dir():
        pytest.skip(f"shared data not found at {path} (set VNEXTRACT_SHARED)")
    return path


def rec(rid: str, start: int, end: int, value: float, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": rid, "start": start, "end": end, "text": "x" * (end - start), "value": value,
        "value_max": None, "unit": "người", "indicator": None, "indicator_text": None,
        "role": "actual", "qualifier": None, "period": None, "cumulative": False,
        "location": None, "parent": None,
    }
    base.update(kw)
    return base


def doc(doc_id: str, *records: dict[str, Any], text: Optional[str] = None) -> dict[str, Any]:
    return {"doc_id": doc_id, "text": text if text is not None else " " * 200, "records": list(records)}


CAT = {"employment.jobs_created", "poverty.poor_households"}


def score(gold: list[dict], pred: list[dict], catalogue: Any = CAT) -> dict[str, Any]:
    return evaluate(gold, pred, catalogue=catalogue).to_dict()


# ----------------------------------------------------------------------------- matching

def test_partial_overlap_matches_but_touching_spans_do_not() -> None:
    gold = [doc("d", rec("q1", 10, 18, 14e6, unit="đồng"), rec("q2", 30, 33, 5))]
    pred = [doc("d", rec("p1", 10, 12, 14e6, unit="đồng"), rec("p2", 33, 35, 5))]
    r = score(gold, pred)
    assert r["mention"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "tp": 1, "pred": 2, "gold": 2}
    assert [(e["start"], e["end"]) for e in r["false_negatives"]] == [(30, 33)]
    assert [(e["start"], e["end"]) for e in r["false_positives"]] == [(33, 35)]


def test_one_to_one_two_preds_on_one_gold_largest_overlap_wins() -> None:
    gold = [doc("d", rec("q1", 0, 10, 5))]
    pred = [doc("d", rec("p1", 0, 4, 5, unit="hộ"), rec("p2", 2, 10, 5))]
    r = score(gold, pred)
    assert r["mention"]["tp"] == 1
    assert r["mention"]["precision"] == 0.5 and r["mention"]["recall"] == 1.0
    # p2 (overlap 8) is the match, so the unit agrees and the record counts
    assert r["record"]["tp"] == 1
    assert r["false_positives"][0]["pred"]["id"] == "p1"


def test_ties_broken_by_start_difference() -> None:
    # equal overlap 2: the prediction starting where the gold starts wins
    r = score([doc("d", rec("q1", 0, 4, 7))], [doc("d", rec("p1", 2, 6, 7, unit="hộ"), rec("p2", 0, 2, 7))])
    assert r["record"]["tp"] == 1
    # two golds, one pred, overlap 1 each: |start diff| 2 vs 1, so q2 is matched
    r = score([doc("d", rec("q1", 0, 3, 1), rec("q2", 3, 6, 1))], [doc("d", rec("p1", 2, 5, 1))])
    assert [e["gold"]["id"] for e in r["false_negatives"]] == ["q1"]


def test_value_must_agree_within_relative_tolerance() -> None:
    gold = [doc("d", rec("q1", 0, 5, 1_000_000), rec("q2", 10, 15, 1_000_000), rec("q3", 20, 22, 0))]
    pred = [doc("d", rec("p1", 0, 5, 1_000_000.5), rec("p2", 10, 15, 1_000_002), rec("p3", 20, 22, 0))]
    r = score(gold, pred)
    assert r["mention"]["tp"] == 2  # 5e-7 relative: equal; 2e-6: not; 0 == 0
    assert [e["gold"]["id"] for e in r["false_negatives"]] == ["q2"]


def test_value_mismatch_prevents_a_match_even_with_same_span() -> None:
    r = score([doc("d", rec("q1", 0, 3, 939))], [doc("d", rec("p1", 0, 3, 93.9))])
    assert r["mention"]["tp"] == 0 and r["mention"]["f1"] == 0.0


# ----------------------------------------------------------------------------- attributes

def test_unit_agreement_rules() -> None:
    assert unit_lenient("trẻ", "trẻ em") and unit_lenient("trẻ em", "trẻ")
    assert not unit_exact("trẻ", "trẻ em")
    assert unit_exact("Lao Động", "lao động")
    assert not unit_lenient("người", "lượt người")  # leading words do not count
    assert not unit_lenient("trẻ", "trẻem")
    assert unit_lenient(None, None) and not unit_lenient(None, "hộ")


def test_lenient_unit_counts_for_record_but_not_unit_exact() -> None:
    gold = [doc("d", rec("q1", 0, 2, 62, unit="trẻ"), rec("q2", 5, 7, 3, unit="người"))]
    pred = [doc("d", rec("p1", 0, 2, 62, unit="trẻ em"), rec("p2", 5, 7, 3, unit="lượt người"))]
    r = score(gold, pred)
    assert r["record"]["tp"] == 1
    assert r["attributes"]["unit_exact"] == {"accuracy": 0.0, "n": 2}
    assert r["attributes"]["unit_lenient"] == {"accuracy": 0.5, "n": 2}


def test_record_needs_indicator_and_role() -> None:
    g = rec("q1", 0, 3, 939, unit="lao động", indicator="employment.jobs_created")
    gold = [doc("d", g, rec("q2", 10, 12, 5), rec("q3", 20, 22, 6))]
    pred = [doc("d", dict(g, id="p1"), rec("p2", 10, 12, 5, role="target"),
                rec("p3", 20, 22, 6, indicator="poverty.poor_households"))]
    r = score(gold, pred)
    assert r["mention"]["tp"] == 3 and r["record"]["tp"] == 1
    assert r["record"]["precision"] == pytest.approx(1 / 3)
    assert r["attributes"]["role"]["accuracy"] == pytest.approx(2 / 3)
    assert r["attributes"]["indicator"]["accuracy"] == pytest.approx(2 / 3)


def test_ids_outside_the_catalogue_read_as_null() -> None:
    gold = [doc("d", rec("q1", 0, 2, 1, indicator=None), rec("q2", 5, 7, 2, indicator="not.in.catalogue"))]
    pred = [doc("d", rec("p1", 0, 2, 1, indicator="my.own.id"), rec("p2", 5, 7, 2, indicator=None))]
    r = score(gold, pred)
    assert r["record"]["tp"] == 2 and r["attributes"]["indicator"]["accuracy"] == 1.0
    assert set(r["per_indicator"]) == {"(none)"}
    # with a catalogue that knows the ids, they are compared
    r = score(gold, pred, catalogue={"my.own.id", "not.in.catalogue"})
    assert r["record"]["tp"] == 0


def test_parent_agreement_goes_through_the_matching() -> None:
    gold = [doc("d", rec("q1", 0, 2, 66), rec("q2", 10, 12, 62, parent="q1"),
                rec("q3", 20, 22, 3, parent="q1"), rec("q4", 30, 32, 9), rec("q5", 40, 42, 4, parent="q4"))]
    pred = [doc("d", rec("a", 0, 2, 66), rec("b", 10, 12, 62, parent="a"),  # agrees via a -> q1
                rec("c", 20, 22, 3, parent=None),                            # gold has a parent
                rec("z", 50, 52, 4),                                         # false positive
                rec("e", 40, 42, 4, parent="z"),                             # parent unmatched
                rec("f", 30, 32, 9, parent="b"))]                            # gold has none
    r = score(gold, pred)
    assert r["mention"]["tp"] == 5
    # agree: q1/a (both null), q2/b; disagree: q3/c, q5/e, q4/f
    assert r["attributes"]["parent"]["accuracy"] == pytest.approx(2 / 5)


def test_indicator_text_token_f1_threshold() -> None:
    assert token_f1("giải quyết việc làm", "việc làm") == pytest.approx(2 / 3)
    assert token_f1("việc làm cho", "cho vay") == pytest.approx(0.4)
    assert token_f1(None, None) == 1.0 and token_f1("x", None) == 0.0
    gold = [doc("d", rec("q1", 0, 2, 1, indicator_text="giải quyết việc làm"),
                rec("q2", 5, 7, 2, indicator_text="việc làm cho"), rec("q3", 10, 12, 3))]
    pred = [doc("d", rec("p1", 0, 2, 1, indicator_text="Việc Làm"),
                rec("p2", 5, 7, 2, indicator_text="cho vay"), rec("p3", 10, 12, 3))]
    assert score(gold, pred)["attributes"]["indicator_text"]["accuracy"] == pytest.approx(2 / 3)


def test_other_attributes() -> None:
    g = rec("q1", 0, 5, 10, value_max=15, qualifier="about", period="2022-01/2022-05",
            cumulative=True, location="Lai Châu")
    gold = [doc("d", g, dict(g, id="q2", start=10, end=15))]
    p2 = dict(g, id="p2", start=10, end=15, value_max=15.000001, qualifier="over", period="2022",
              cumulative=False, location="Tam Đường")
    r = score(gold, [doc("d", dict(g, id="p1"), p2)])
    for name in ("qualifier", "period", "cumulative", "location"):
        assert r["attributes"][name]["accuracy"] == 0.5, name
    assert r["attributes"]["value_max"]["accuracy"] == 1.0
    assert r["record"]["tp"] == 2  # these attributes do not affect the record score
    assert r["mismatches"][0]["fields"] == ["qualifier", "period", "cumulative", "location"]


# ----------------------------------------------------------------------------- documents

def test_missing_prediction_counts_as_empty_and_extra_docs_warn() -> None:
    gold = [doc("a", rec("q1", 0, 2, 1), rec("q2", 5, 7, 2)), doc("b", rec("q1", 0, 2, 3))]
    pred = [doc("b", rec("p1", 0, 2, 3)), doc("zzz", rec("p1", 0, 2, 3))]
    r = score(gold, pred)
    assert r["mention"] == {"precision": 1.0, "recall": pytest.approx(1 / 3), "f1": 0.5,
                            "tp": 1, "pred": 1, "gold": 3}
    assert r["per_document"]["a"]["mention"]["recall"] == 0.0
    assert r["per_document"]["b"]["record"]["f1"] == 1.0
    assert "zzz" not in r["per_document"]
    assert len(r["warnings"]) == 2 and "1 predicted" in r["warnings"][0] and "zzz" in r["warnings"][0]
    assert "1 gold document(s) have no prediction" in r["warnings"][1] and r["warnings"][1].endswith(": a")


def test_empty_gold_with_predictions() -> None:
    r = score([doc("d")], [doc("d", rec("p1", 0, 2, 1), rec("p2", 5, 7, 2))])
    assert r["mention"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "pred": 2, "gold": 0}
    assert r["attributes"]["role"] == {"accuracy": None, "n": 0}
    assert r["per_indicator"]["(none)"]["pred"] == 2


def test_empty_both_is_perfect() -> None:
    r = score([doc("d")], [doc("d")])
    for level in ("mention", "record"):
        assert (r[level]["precision"], r[level]["recall"], r[level]["f1"]) == (1.0, 1.0, 1.0)
    assert r["false_positives"] == r["false_negatives"] == r["mismatches"] == []
    assert score([], [])["record"]["f1"] == 1.0


def test_accepts_document_models() -> None:
    text = "giải quyết việc làm cho 939 lao động"
    r1 = Record(id="q1", start=24, end=27, text="939", value=939, unit="lao động")
    gd = Document(doc_id="d", text=text, records=[r1])
    pd = {"doc_id": "d", "records": [r1.model_dump()]}  # a prediction without text
    assert evaluate([gd], [pd], catalogue=CAT).record["f1"] == 1.0
    assert evaluate([gd.model_dump()], [gd], catalogue=CAT).mention["tp"] == 1


def test_duplicate_doc_ids_are_an_error() -> None:
    with pytest.raises(ValueError):
        evaluate([doc("d"), doc("d")], [], catalogue=CAT)


def test_per_indicator_keys_gold_for_recall_and_pred_for_precision() -> None:
    J, P = "employment.jobs_created", "poverty.poor_households"
    gold = [doc("d", rec("q1", 0, 2, 1, indicator=J), rec("q2", 5, 7, 2, indicator=J),
                rec("q3", 10, 12, 3, indicator=P), rec("q4", 15, 17, 4))]
    pred = [doc("d", rec("p1", 0, 2, 1, indicator=J),     # correct J
                rec("p2", 5, 7, 2, indicator=P),          # matched, gold J, pred P
                rec("p3", 10, 12, 3, indicator=P),        # correct P
                rec("p4", 20, 22, 9, indicator=J))]       # false positive J
    pi = score(gold, pred)["per_indicator"]
    assert list(pi) == [J, P, "(none)"]
    assert (pi[J]["tp"], pi[J]["pred"], pi[J]["gold"]) == (1, 2, 2)
    assert (pi[J]["precision"], pi[J]["recall"]) == (0.5, 0.5)
    assert pi[J]["mention_recall"] == 1.0 and pi[J]["mention_precision"] == 0.5
    assert (pi[P]["tp"], pi[P]["pred"], pi[P]["gold"]) == (1, 2, 1)
    assert (pi[P]["precision"], pi[P]["recall"]) == (0.5, 1.0)
    assert (pi["(none)"]["tp"], pi["(none)"]["pred"], pi["(none)"]["gold"]) == (0, 0, 1)
    assert pi["(none)"]["precision"] == 0.0 and pi["(none)"]["mention_precision"] is None


# ----------------------------------------------------------------------------- real gold vs reference

def _gold_and_catalogue() -> tuple[list[dict], set[str]]:
    shared = shared_dir()
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((shared / "corpus/gold").glob("*.json"))]
    with open(shared / "spec/indicators.yml", encoding="utf-8") as fh:
        catalogue = set(yaml.safe_load(fh))
    return docs, catalogue


def perturb(docs: list[dict], seed: int, catalogue: set[str], strength: float) -> list[dict]:
    rnd = random.Random(seed)
    ids = sorted(catalogue) + ["not.in.catalogue"]
    out = []
    for d in copy.deepcopy(docs):
        recs = []
        for r in d["records"]:
            if rnd.random() < strength:
                continue  # dropped
            gs, ge = r["start"], r["end"]
            if rnd.random() < strength:
                shift = rnd.choice([-3, -1, 1, 3])
                r["start"], r["end"] = max(0, r["start"] + shift), max(1, r["end"] + shift)
            if rnd.random() < strength:
                r["unit"] = rnd.choice([None, "người", (r["unit"] or "x") + " em", (r["unit"] or "x").upper()])
            if rnd.random() < strength:
                r["role"] = rnd.choice(["actual", "target", "change", "share"])
            if rnd.random() < strength:
                r["indicator"] = rnd.choice(ids + [None])
            if rnd.random() < strength:
                r["value"] = r["value"] * rnd.choice([1 + 1e-8, 1.001, 10])
            if rnd.random() < strength:
                r["parent"] = rnd.choice([None, "q1", "q2", "q99"])
            if rnd.random() < strength:
                r["indicator_text"] = rnd.choice([None, "việc làm", (r["indicator_text"] or "") + " mới"])
            for key, alt in (("period", "2022"), ("location", "Hà Nội"), ("qualifier", "about"),
                             ("cumulative", True), ("value_max", 15.0)):
                if rnd.random() < strength / 2:
                    r[key] = alt
            r["id"] = "p" + r["id"]
            if r["parent"] is not None:
                r["parent"] = "p" + r["parent"]
            recs.append(r)
            if rnd.random() < strength:  # a competing prediction of the same number, other attributes
                ds, de = rnd.choice([(1, 2), (-1, -1), (1, 1), (0, 2), (-2, 0), (0, 0), (0, None)])
                end = gs + 1 if de is None else ge + de  # None: the gold's first character only
                recs.append(dict(r, id=f"fp{len(recs)}", start=max(0, gs + ds), end=end,
                                 role=rnd.choice(["actual", "target"]), unit=rnd.choice([r["unit"], "hộ"]),
                                 period=rnd.choice([r["period"], "2021"])))
        for k in range(rnd.randint(0, 3)):  # random false positives
            s = rnd.randrange(0, max(1, len(d["text"]) - 5))
            recs.append({"id": f"x{k}", "start": s, "end": s + rnd.randint(1, 4), "value": float(rnd.randint(0, 99))})
        rnd.shuffle(recs)
        d["records"] = recs
        out.append(d)
    if out and rnd.random() < 0.5:
        out.pop(rnd.randrange(len(out)))  # a document without prediction
    return out


@pytest.mark.parametrize("seed,strength", [(1, 0.05), (2, 0.15), (3, 0.3), (4, 0.5), (5, 0.8), (6, 0.3)])
def test_agrees_with_reference_scorer_on_perturbed_gold(seed: int, strength: float) -> None:
    gold, catalogue = _gold_and_catalogue()
    pred = perturb(gold, seed, catalogue, strength)
    mine = evaluate(gold, pred, catalogue=catalogue).to_dict()
    ref = reference_evaluate(gold, pred, catalogue)
    for level in ("mention", "record"):
        for k in ("precision", "recall", "f1"):
            assert mine[level][k] == pytest.approx(ref[level][k], abs=5e-4), (level, k)
    for name, acc in ref["attributes"].items():
        assert mine["attributes"][name]["accuracy"] == pytest.approx(acc, abs=5e-4), name
    assert mine["record"]["f1"] < 1.0


def test_gold_against_itself_is_perfect() -> None:
    gold, catalogue = _gold_and_catalogue()
    r = evaluate(gold, gold, catalogue=catalogue).to_dict()
    assert r["mention"]["f1"] == r["record"]["f1"] == 1.0
    assert all(a["accuracy"] == 1.0 for a in r["attributes"].values())
    assert all(s["f1"] == 1.0 for s in r["per_indicator"].values())
    assert r["mention"]["gold"] == sum(len(d["records"]) for d in gold) > 0

"""The learned indicator decision (vnextract.stats.measure_model): JSON weights that round-trip,
the shipped file (small, loaded offline), and ``Extractor(indicator_model=...)``."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any, Optional

import pytest

from vnextract import Extractor
from vnextract.stages.indicators import IndicatorLinker
from vnextract.stages.units import UnitResolver
from vnextract.stats.measure_features import MeasureFeatures
from vnextract.stats.measure_model import SHIPPED, MeasureModel, examples, indicator_stage

REPO = Path(__file__).resolve().parents[1]
TEXT = ("Kim ngạch xuất khẩu của tỉnh đạt 10 tỷ USD, tăng 12% so với cùng kỳ. "
        "Tỉnh có 250 doanh nghiệp mới thành lập.")
SEALED = {"heldout"}  # blind batches F-K were each measured once before they were trained on


@pytest.fixture(scope="module")
def parts() -> tuple[IndicatorLinker, UnitResolver]:
    return IndicatorLinker(), UnitResolver()


def _indicators(ex: Extractor) -> list[Optional[str]]:
    return [r.indicator for r in ex(TEXT, published="2024-07-01").records]


def _rows(ex: Extractor, features: MeasureFeatures) -> list[Any]:
    return list(features.rows(ex.analyse(TEXT, published="2024-07-01")))


def test_trained_model_round_trips_through_json(tmp_path: Path, extractor: Extractor,
                                                parts: tuple[IndicatorLinker, UnitResolver]) -> None:
    pytest.importorskip("sklearn")
    from vnextract.stats.measure_model import fit

    features = MeasureFeatures(*parts, {"near", "phrase", "position", "conj"})
    rows = _rows(extractor, features)
    labels = ["economy.exports", "economy.exports", "business.new_enterprises"]
    model = MeasureModel(fit(*examples(rows, labels), c=1.0), features, {"c": 1.0}, 0.6)
    path = model.save(tmp_path / "m.json", min_weight=0.001)
    back = MeasureModel.load(path, *parts)
    assert back.weights == model.pruned(0.001).weights and back.weights
    assert back.threshold == 0.6 and back.features.groups == features.groups
    assert any("|id=" in k for k in back.weights)  # paired features come back whole
    for row, q in zip(rows, extractor.analyse(TEXT, published="2024-07-01").quantities):
        assert back.decide(row, q.indicator) == model.pruned(0.001).decide(row, q.indicator)


@pytest.mark.parametrize("weights, threshold, expect", [
    ({"none": 100.0}, 0.0, [None, None, None]),          # the model says none everywhere
    ({"none": 100.0}, 1.01, ["rules"] * 3),               # never confident enough: the rules stay
])
def test_option_changes_decisions(weights: dict[str, float], threshold: float, expect: list[Any],
                                  extractor: Extractor, parts: tuple[IndicatorLinker, UnitResolver]) -> None:
    rules = _indicators(extractor)
    assert rules[0] == "economy.exports"
    features = MeasureFeatures(*parts, {"near"})
    ex = Extractor(indicator_model=MeasureModel(weights, features, {}, threshold))
    got = ex(TEXT, published="2024-07-01").records
    want = [r if e == "rules" else e for e, r in zip(expect, rules)]
    assert [r.indicator for r in got] == want
    changed = [r.decided_by for r, a in zip(got, rules) if r.indicator != a]
    assert all(d == "model" for d in changed) and ("model:none" in got[0].rule) == (want[0] != rules[0])


@pytest.mark.parametrize("spec, kind", [
    (False, type(None)), (None, type(None)), (True, MeasureModel), (str(SHIPPED), MeasureModel),
])
def test_indicator_stage_specs(spec: Any, kind: type, parts: tuple[IndicatorLinker, UnitResolver]) -> None:
    assert isinstance(indicator_stage(spec, *parts), kind)


@pytest.mark.parametrize("spec, error", [(3, TypeError), ("/nonexistent/model.json", ValueError)])
def test_indicator_stage_bad_specs(spec: Any, error: type, parts: tuple[IndicatorLinker, UnitResolver]) -> None:
    with pytest.raises(error):
        indicator_stage(spec, *parts)


def test_broken_weights_file_is_a_clear_error(tmp_path: Path, parts: tuple[IndicatorLinker, UnitResolver]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"meta": {}, "weights": [1, 2]}', encoding="utf-8")
    with pytest.raises(ValueError, match="not an indicator model"):
        MeasureModel.load(bad, *parts)


def test_shipped_weights_are_small_and_trained_on_open_gold_only() -> None:
    assert SHIPPED.stat().st_size < 300_000
    meta = json.loads(SHIPPED.read_text(encoding="utf-8"))["meta"]
    assert meta["sets"] and not SEALED & set(meta["sets"])


def test_shipped_model_loads_and_runs_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the indicator model tried to reach the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    doc = Extractor(indicator_model=True)(TEXT, published="2024-07-01")
    assert len(doc.records) == 3 and {r.decided_by for r in doc.records} & {"model", "both"}  # it decided one


def test_default_extractor_runs_the_shipped_indicator_model(extractor: Extractor) -> None:
    """The learned decision is on by default (it beat the rules in cross-validation on every
    corpus); it keeps the indicator a figure's own trigger gave, and ``False`` turns it off."""
    assert isinstance(extractor.indicator_model, MeasureModel) and extractor.indicator_model.keep_own
    quantities = sorted(extractor.analyse(TEXT, published="2024-07-01").quantities, key=lambda q: q.num.start)
    own = [q.trigger_start is not None for q in quantities]
    decided = [r.decided_by for r in extractor(TEXT, published="2024-07-01").records]
    assert [d == "rule" for d in decided] == own and not all(own)  # the model decides the others
    rules = Extractor(indicator_model=False)
    assert rules.indicator_model is None
    assert {r.decided_by for r in rules(TEXT, published="2024-07-01").records} == {"rule"}


def test_keep_own_leaves_a_figures_own_trigger(extractor: Extractor) -> None:
    """A figure whose own trigger named its measure is the rules' (``decided_by: rule``)."""
    doc = extractor("Toàn tỉnh giải quyết việc làm cho 3.721 lao động.", published="2022-05-11")
    (r,) = doc.records
    assert r.indicator == "employment.jobs_created" and r.decided_by == "rule"


@pytest.mark.parametrize("flag, with_model", [([], True), (["--rules-only"], False)])
def test_scores_tool_flag(flag: list[str], with_model: bool, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    """``tools/scores.py`` builds its extractor with the shipped model, ``--rules-only`` without."""
    import vnextract

    seen: list[Extractor] = []
    real = vnextract.Extractor

    def spy(*args: Any, **kwargs: Any) -> Extractor:
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(vnextract, "Extractor", spy)
    monkeypatch.syspath_prepend(str(REPO / "tools"))
    monkeypatch.setattr(sys, "argv", ["scores.py", str(REPO / "corpus" / "constructed"), *flag])
    import scores

    assert scores.main() == 0 and "recF1" in capsys.readouterr().out
    assert (seen[0].indicator_model is not None) == with_model

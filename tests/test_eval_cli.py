"""``vnextract eval`` through ``vnextract.cli.main`` on small constructed documents."""

from __future__ import annotations

import argparse
import copy
import json
import os
from pathlib import Path
from typing import Any, Sequence

import pytest

from vnextract.corpus import text_sha256
from vnextract.evaluation.scoring import evaluate

REPO = Path(__file__).resolve().parents[1]
TEXT = "Năm nay tỉnh đã giải quyết việc làm cho 939 lao động và hỗ trợ 62 trẻ em. Có 12 hộ thoát nghèo."
CAT = ["employment.jobs_created", "poverty.poor_households"]


def run_cli(argv: Sequence[str]) -> int:
    """``vnextract.cli.main``; while sibling subcommands are still missing, a parser with ``eval`` only."""
    from vnextract import cli

    try:
        return cli.main(list(argv))
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("vnextract.cli."):
            raise
    from vnextract.cli import eval_cmd

    parser = argparse.ArgumentParser(prog="vnextract")
    eval_cmd.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    return int(args.func(args) or 0)


def _rec(rid: str, surface: str, value: float, unit: str, **kw: Any) -> dict[str, Any]:
    start = TEXT.index(surface)
    r = {"id": rid, "start": start, "end": start + len(surface), "text": surface, "value": value,
         "value_max": None, "unit": unit, "indicator": None, "indicator_text": None, "role": "actual",
         "qualifier": None, "period": "2022", "cumulative": False, "location": None, "parent": None}
    r.update(kw)
    return r


def gold_doc() -> dict[str, Any]:
    return {"doc_id": "t1", "title": None, "published": "2022-05-11", "location": None, "text": TEXT,
            "records": [_rec("q1", "939", 939, "lao động", indicator="employment.jobs_created",
                             indicator_text="giải quyết việc làm"),
                        _rec("q2", "62", 62, "trẻ"),
                        _rec("q3", "12", 12, "hộ", indicator="poverty.poor_households")]}


def pred_doc() -> dict[str, Any]:
    d = copy.deepcopy(gold_doc())
    del d["text"]
    d["records"][0]["unit"] = "người"      # record wrong (unit)
    d["records"][1]["unit"] = "trẻ em"     # lenient agreement
    d["records"][2]["period"] = "2021"     # attribute mismatch only
    return d


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    cat = tmp_path / "indicators.yml"
    cat.write_text("".join(f"{c}:\n  vi: x\n" for c in CAT), encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "t1.json").write_text(json.dumps(gold_doc(), ensure_ascii=False), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    extra = {"doc_id": "other", "records": []}
    pred.write_text(json.dumps(pred_doc(), ensure_ascii=False) + "\n" + json.dumps(extra) + "\n",
                    encoding="utf-8")
    return {"gold": gold, "pred": pred, "cat": cat, "tmp": tmp_path}


def test_text_report_ends_with_headline(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = run_cli(["eval", str(files["gold"]), str(files["pred"]), "--catalogue", str(files["cat"]),
                    "--by-indicator"])
    out = capsys.readouterr().out
    assert code == 0
    tail = out.splitlines()[-6:]
    assert tail[0].startswith("Headline: 1 documents")
    mention = tail[2].split()
    record = tail[3].split()
    assert mention[0] == "mention" and mention[1:4] == ["1.000", "1.000", "1.000"] and mention[4:] == ["3", "3", "3"]
    assert record[0] == "record" and record[1:4] == ["0.667", "0.667", "0.667"] and record[4] == "2"
    assert "RECORD F1 0.667" in tail[5]
    assert "1 predicted document(s) not in gold" in out and "other" in out
    assert "employment.jobs_created" in out and "(none)" in out  # per-indicator table
    assert "period" in out and "0.667" in out


def test_json_output_equals_library_result(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["eval", str(files["gold"]), str(files["pred"]), "--json", "--catalogue", str(files["cat"])]) == 0
    got = json.loads(capsys.readouterr().out)
    want = evaluate([gold_doc()], [pred_doc()], catalogue=CAT).to_dict()
    assert got["record"] == want["record"] and got["attributes"] == want["attributes"]
    assert set(got) >= {"mention", "record", "attributes", "per_indicator", "per_document",
                        "false_positives", "false_negatives", "mismatches"}


def test_errors_show_sentence_with_marked_number(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["eval", str(files["gold"]), str(files["pred"]), "--errors", "5",
                    "--catalogue", str(files["cat"])]) == 0
    out = capsys.readouterr().out
    assert "giải quyết việc làm cho ⟦939⟧ lao động" in out
    assert "unit: gold 'lao động' ≠ pred 'người'" in out
    assert "period: gold '2022' ≠ pred '2021'" in out
    assert "Có ⟦12⟧ hộ thoát nghèo." in out
    assert "False positives (predicted, not in gold): 0" in out


def test_html_report_is_self_contained(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    report = files["tmp"] / "r.html"
    assert run_cli(["eval", str(files["gold"]), str(files["pred"]), "--html", str(report),
                    "--catalogue", str(files["cat"])]) == 0
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page
    assert page.count("<mark") == 6  # three gold and three predicted quantities
    assert "differs: unit" in page and "differs: period" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_standoff_gold_with_texts_folder(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    texts = files["tmp"] / "texts"
    texts.mkdir()
    (texts / "t1.txt").write_text(TEXT, encoding="utf-8")
    standoff = gold_doc()
    standoff["sha256"] = text_sha256(standoff.pop("text"))
    gold = files["tmp"] / "standoff.json"
    gold.write_text(json.dumps(standoff, ensure_ascii=False), encoding="utf-8")
    assert run_cli(["eval", str(gold), str(files["gold"]), "--texts", str(texts),
                    "--catalogue", str(files["cat"]), "--errors", "1"]) == 0
    assert "RECORD F1 1.000" in capsys.readouterr().out


def test_extract_scores_the_default_extractor(files: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from vnextract import pipeline
    from vnextract.schema import Document

    class Perfect:
        def pipe(self, items: Any) -> Any:
            for it in items:
                assert it["published"] == "2022-05-11" and it["doc_id"] == "t1"
                yield Document.model_validate(gold_doc())

    monkeypatch.setattr(pipeline, "default_extractor", lambda: Perfect())
    assert run_cli(["eval", "--extract", str(files["gold"]), "--catalogue", str(files["cat"])]) == 0
    assert "RECORD F1 1.000" in capsys.readouterr().out


def test_extract_runs_with_the_real_extractor(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    # only that it runs and reports; its quality is not this test's business
    assert run_cli(["eval", "--extract", str(files["gold"]), "--json", "--catalogue", str(files["cat"])]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["mention"]["gold"] == 3 and 0.0 <= res["record"]["f1"] <= 1.0


def test_usage_errors(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["eval", str(files["gold"])]) == 2
    assert run_cli(["eval", "--extract", str(files["gold"]), str(files["pred"])]) == 2
    assert run_cli(["eval", str(files["tmp"] / "missing"), str(files["pred"])]) == 2
    assert "no such file" in capsys.readouterr().err


def test_gold_against_itself_on_shared_gold(capsys: pytest.CaptureFixture[str]) -> None:
    env = os.environ.get("VNEXTRACT_SHARED")
    shared = Path(env) if env else REPO.parent / "shared"
    if not (shared / "corpus" / "gold").is_dir():
        pytest.skip(f"shared data not found at {shared} (set VNEXTRACT_SHARED)")
    gold = str(shared / "corpus" / "gold")
    assert run_cli(["eval", gold, gold, "--catalogue", str(shared / "spec" / "indicators.yml")]) == 0
    tail = capsys.readouterr().out.splitlines()[-6:]
    assert tail[2].split()[1:4] == ["1.000"] * 3 and tail[3].split()[1:4] == ["1.000"] * 3

"""`vnextract extract --model` runs the statistical component in the workers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vnextract.cli import main


def test_extract_with_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("spacy")
    from vnextract.stats.classifier import MODEL_DIR

    if not (MODEL_DIR / "meta.json").is_file():
        pytest.skip("no shipped model")
    src = tmp_path / "a.txt"
    src.write_text("Toàn tỉnh giải quyết việc làm cho 3.721 lao động, tăng 5% so với cùng kỳ.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--model", "--jobs", "1", "-q"]) == 0
    (doc,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in doc["records"]] == ["3.721", "5%"]
    assert {r["decided_by"] for r in doc["records"]} <= {"both", "model"}

"""The Dask path on a local cluster of worker processes gives what the local path gives."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import orjson
import pytest

pytest.importorskip("distributed")

from test_encodings import TCVN3_0, TEXTS, VNI_0  # noqa: E402

from vnextract.batch.dask_runner import plan, read_parts, run_dask  # noqa: E402
from vnextract.batch.inputs import Fields, expand_inputs, read_documents  # noqa: E402
from vnextract.batch.limits import Limits  # noqa: E402
from vnextract.batch.runner import run  # noqa: E402
from _sinks import ListSink

ROOT = Path(__file__).resolve().parents[1]




@pytest.fixture()
def inputs(tmp_path: Path) -> list[str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, t in enumerate(TEXTS):
        (folder / f"t{i}.txt").write_text(t, encoding="utf-8")
    (folder / "legacy-tcvn3.txt").write_bytes(TCVN3_0.encode("cp1252"))
    (folder / "legacy-vni.txt").write_bytes(VNI_0.encode("cp1252"))
    lines = [orjson.dumps({"doc_id": f"j{i}", "text": TEXTS[i % 4].replace("2023", str(2000 + i))})
             for i in range(23)]
    lines.insert(5, b"{broken")
    (tmp_path / "dump.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return [str(folder), str(tmp_path / "dump.jsonl")]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), old) if p)
    try:
        with LocalCluster(processes=True, n_workers=2, threads_per_worker=1,
                          dashboard_address=None) as cluster, Client(cluster) as c:
            yield c
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def test_plan_cuts_jsonl_by_lines(inputs: list[str]) -> None:
    paths, _ = expand_inputs(inputs)
    parts = plan(paths, partition_size=7)
    assert sum(1 for p in parts for u in p if u.lo is None) == 6
    spans = [(u.lo, u.hi) for p in parts for u in p if u.lo is not None]
    assert spans[0][0] == 1 and spans[-1][1] == 25
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))


def test_dask_equals_local(inputs: list[str], tmp_path: Path, client: Any) -> None:
    paths, _ = expand_inputs(inputs)
    local = ListSink()
    run(read_documents(paths), local, jobs=0, progress=False)
    out = tmp_path / "out"
    summary = run_dask(inputs, out, client, partition_size=7)
    remote = list(read_parts(out))
    assert len(list(out.glob("part-*.jsonl"))) == 5
    assert remote == local.lines
    assert summary.documents == 30 and summary.errors == 1
    assert summary.records == sum(len(d.get("records", [])) for d in local.lines) > 0
    assert {d.get("encoding") for d in remote} >= {"tcvn3", "vni"}

    # resume: a lost part and a stale temporary file from a killed worker
    (out / "part-00002.jsonl").unlink()
    (out / ".part-00002.jsonl.dead.tmp").write_bytes(b'{"doc_id": "x"')
    again = run_dask(inputs, out, client, partition_size=7, resume=True)
    assert list(read_parts(out)) == local.lines
    assert again.documents == 7 and again.skipped == 23


def test_cli_scheduler(inputs: list[str], tmp_path: Path, client: Any) -> None:
    from vnextract.cli import main

    out = tmp_path / "parts"
    addr = client.scheduler.address
    assert main(["extract", *inputs, "-o", str(out), "--scheduler", addr, "--partition-size", "10", "-q"]) == 1
    docs = list(read_parts(out))
    assert len(docs) == 30 and sum("error" in d for d in docs) == 1
    assert len(list(out.glob("part-*.jsonl"))) == 3


def test_dask_with_the_statistical_component(inputs: list[str], tmp_path: Path, client: Any) -> None:
    from vnextract.batch.runner import model_factory

    paths, _ = expand_inputs(inputs)
    local = ListSink()
    run(read_documents(paths), local, jobs=0, progress=False, factory=model_factory)
    out = tmp_path / "out"
    run_dask(inputs, out, client, partition_size=10, model="")
    remote = list(read_parts(out))
    assert remote == local.lines
    assert any(r.get("decided_by") in ("model", "both") for d in remote for r in d.get("records", []))


def test_cli_scheduler_with_model(inputs: list[str], tmp_path: Path, client: Any) -> None:
    from vnextract.cli import main

    out = tmp_path / "parts"
    args = ["extract", *inputs, "-o", str(out), "--scheduler", client.scheduler.address, "--model",
            "--partition-size", "10", "-q"]
    assert main(args) == 1  # the one broken JSONL line
    docs = list(read_parts(out))
    assert len(docs) == 30 and any(r.get("decided_by") in ("model", "both") for d in docs for r in d.get("records", []))


def test_missing_and_truncated_inputs_are_error_lines_as_locally(client: Any, tmp_path: Path) -> None:
    """Issue 12.7: a missing .jsonl and a truncated .jsonl.gz give the local runner's lines;
    no temporary part is left behind."""
    import gzip

    good = b"".join(orjson.dumps({"doc_id": f"g{i}", "text": TEXTS[i % 4]}) + b"\n" for i in range(6))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(good)[:-30])
    missing = str(tmp_path / "missing.jsonl")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ".part-00009.jsonl.dead.tmp").write_bytes(b"x")
    summary = run_dask([missing, str(cut)], tmp_path / "out", client, partition_size=4)
    got = list(read_parts(tmp_path / "out"))
    sink = ListSink()
    run(read_documents(expand_inputs([missing, str(cut)])[0]), sink, jobs=0, progress=False)
    assert [(d["source"], d.get("error", {}).get("type")) for d in got] == \
        [(d["source"], d.get("error", {}).get("type")) for d in sink.lines]
    assert got[0]["error"]["type"] == "FileNotFoundError" and got[-1]["error"]["type"] == "EOFError"
    assert summary.documents == len(got) and not list((tmp_path / "out").glob(".*.tmp"))


def test_a_failed_task_gives_an_error_line_per_document(tmp_path: Path, inputs: list[str]) -> None:
    from vnextract.batch.dask_runner import failed_partition, plan

    parts = plan(expand_inputs(inputs)[0], partition_size=5)
    counts = failed_partition(0, parts[0], str(tmp_path), Fields(), Limits(), RuntimeError("KilledWorker"))
    lines = [orjson.loads(x) for x in (tmp_path / "part-00000.jsonl").read_bytes().splitlines()]
    assert counts["documents"] == counts["errors"] == len(lines) == 5
    assert all(d["error"]["type"] == "RuntimeError" for d in lines)


def test_a_partition_applies_the_figure_limit_of_its_limits(tmp_path: Path) -> None:
    """``Limits.max_figures`` (``--max-figures``) reaches the workers' extractors."""
    from vnextract.batch.dask_runner import run_partition

    src = tmp_path / "in.jsonl"
    src.write_bytes(orjson.dumps({"doc_id": "dense", "text": "Có " + ", ".join(f"{i} hộ" for i in range(1, 9))})
                    + b"\n" + orjson.dumps({"doc_id": "sparse", "text": "Có 5 hộ."}) + b"\n")
    parts = plan([str(src)], partition_size=10)
    counts = run_partition(0, parts[0], str(tmp_path), Fields(), Limits(max_figures=3))
    lines = [orjson.loads(x) for x in (tmp_path / "part-00000.jsonl").read_bytes().splitlines()]
    assert counts["errors"] == 1 and lines[0]["error"]["type"] == "DocumentTooDense"
    assert len(lines[1]["records"]) == 1

"""Runner: order, per-document errors, time limits, crashed workers (fake extractors)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Optional

import orjson
import pytest

from vnextract.batch.inputs import Item
from vnextract.batch.items import canonical_source
from vnextract.batch.limits import Limits
from vnextract.batch.runner import process_item, run
from vnextract.batch.sinks import JsonlSink, scan_output
from vnextract.schema import Document, Record
from _sinks import ListSink


class FakeExtractor:
    """Counts digits as records; misbehaves on marker words."""

    def __init__(self) -> None:
        self.pid = os.getpid()

    def __call__(self, text: str, *, published: Optional[str] = None, title: Optional[str] = None,
                 doc_id: Optional[str] = None) -> Document:
        if "SLEEP" in text:
            time.sleep(30)
        if "HANG" in text:  # swallows the soft time limit, like a stuck C call would ignore it
            end = time.monotonic() + 30
            while time.monotonic() < end:
                try:
                    time.sleep(0.05)
                except BaseException:  # noqa: BLE001
                    pass
        if "CRASH" in text:
            os._exit(3)
        if "RAISE" in text:
            raise ValueError("bad document")
        recs = [Record(id=f"q{i + 1}", start=i, end=i + 1, text=c, value=float(c))
                for i, c in enumerate(text) if c.isdigit()]
        return Document(doc_id=doc_id, title=title, published=published, text=text, records=recs)


def fake_factory() -> Any:
    return FakeExtractor()


def _items(texts: list[str]) -> list[Item]:
    return [Item(i, f"d{i}", f"src{i}", "record", text=t) for i, t in enumerate(texts)]




def test_process_item_document_line() -> None:
    res = process_item(_items(["có 12 hộ"])[0], FakeExtractor(), Limits())
    out = orjson.loads(res.line)
    assert out["doc_id"] == "d0" and out["source"] == "src0" and out["encoding"] == "utf-8"
    assert res.records == 2 and not res.error and out["text"] == "có 12 hộ"


def test_process_item_error_and_input_error() -> None:
    res = process_item(_items(["RAISE"])[0], FakeExtractor(), Limits())
    assert res.error and orjson.loads(res.line)["error"] == {"type": "ValueError", "message": "bad document"}
    it = Item(0, "x", "f.jsonl:3", "record", error=("JSONDecodeError", "not JSON"))
    assert orjson.loads(process_item(it, None, Limits()).line) == {
        "doc_id": "x", "source": "f.jsonl:3", "error": {"type": "JSONDecodeError", "message": "not JSON"}}


@pytest.mark.parametrize("jobs", [0, 2])
def test_order_kept_with_errors(jobs: int) -> None:
    texts = [f"văn bản {i} có {i * 7} người" if i % 5 else "RAISE" for i in range(60)]
    sink = ListSink()
    summary = run(_items(texts), sink, jobs=jobs, factory=fake_factory, chunk_size=3, progress=False)
    assert [d["doc_id"] for d in sink.lines] == [f"d{i}" for i in range(60)]
    assert summary.documents == 60 and summary.errors == 12 and summary.failed
    assert all(("error" in d) == (i % 5 == 0) for i, d in enumerate(sink.lines))


def test_skip_keys() -> None:
    sink = ListSink()
    summary = run(_items(["1", "2", "3"]), sink, jobs=0, factory=fake_factory,
                  skip={("d1", "src1")}, progress=False)
    assert [d["doc_id"] for d in sink.lines] == ["d0", "d2"] and summary.skipped == 1


def test_soft_time_limit_gives_error_and_batch_goes_on() -> None:
    sink = ListSink()
    t0 = time.monotonic()
    run(_items(["1", "SLEEP", "3"]), sink, jobs=1, factory=fake_factory,
        limits=Limits(timeout=0.5, grace=20), progress=False)
    assert time.monotonic() - t0 < 25
    assert sink.lines[1]["error"]["type"] == "DocumentTimeout"
    assert [len(d.get("records", [])) for d in sink.lines] == [1, 0, 1]


def test_hard_time_limit_kills_worker_and_requeues_rest() -> None:
    sink = ListSink()
    summary = run(_items(["1", "HANG", "3", "4", "5"]), sink, jobs=1, factory=fake_factory, chunk_size=5,
                  limits=Limits(timeout=0.3, grace=1.0), progress=False)
    assert [d["doc_id"] for d in sink.lines] == ["d0", "d1", "d2", "d3", "d4"]
    assert sink.lines[1]["error"]["type"] == "DocumentTimeout"
    assert [d["records"][0]["text"] for d in sink.lines if "error" not in d] == ["1", "3", "4", "5"]
    assert summary.restarts == 1


def test_crashed_worker_is_replaced() -> None:
    sink = ListSink()
    summary = run(_items(["1", "2", "CRASH", "4"]), sink, jobs=2, factory=fake_factory, chunk_size=4,
                  progress=False)
    assert [d["doc_id"] for d in sink.lines] == ["d0", "d1", "d2", "d3"]
    assert sink.lines[2]["error"]["type"] == "WorkerCrashed"
    assert "error" not in sink.lines[3] and summary.errors == 1


def test_jsonl_sink_truncates_partial_tail(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"doc_id":"a","source":"s1","records":[]}\n{"doc_id":"b","source":"s2","records":[]}\n'
                    b'{"doc_id":"c","sou')
    sink = JsonlSink(out, resume=True)
    assert sink.existing.keys == {("a", canonical_source("s1")), ("b", canonical_source("s2"))}
    sink.write(b'{"doc_id":"c","source":"s3"}')
    sink.close()
    assert out.read_bytes().endswith(b'"s2","records":[]}\n{"doc_id":"c","source":"s3"}\n')
    assert len(scan_output(out).keys) == 3


def test_jsonl_sink_without_resume_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    JsonlSink(out).close()
    assert out.read_bytes() == b""


def test_big_documents_do_not_deadlock_the_pipes() -> None:
    """Chunks and results far larger than a pipe buffer, with chunks prefetched."""
    big = "có 1 hộ. " * 60_000  # ~600 kB a document, each way
    sink = ListSink()
    summary = run(_items([big] * 12), sink, jobs=2, factory=fake_factory, chunk_size=3,
                  limits=Limits(max_bytes=10_000_000, timeout=60), progress=False)
    assert summary.documents == 12 and summary.errors == 0
    assert [d["doc_id"] for d in sink.lines] == [f"d{i}" for i in range(12)]


def test_crash_message_has_exit_code() -> None:
    sink = ListSink()
    run(_items(["CRASH"]), sink, jobs=1, factory=fake_factory, progress=False)
    assert sink.lines[0]["error"] == {"type": "WorkerCrashed", "message": "worker process died (exit code 3)"}


def test_resume_keys_do_not_depend_on_how_the_path_is_spelt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12.6: a run given a relative path, resumed with the absolute one, skips all."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"doc_id":"a","source":"d/../d/x.jsonl:1","records":[]}\n')
    sink = JsonlSink(out, resume=True)
    sink.close()
    assert Item(0, "a", f"{tmp_path}/d/x.jsonl:1").key in sink.existing.keys
    assert Item(0, "a", "./d/x.jsonl:1").key in sink.existing.keys
    assert Item(0, "a", "./d/x.jsonl:2").key not in sink.existing.keys
    assert canonical_source("-") == "-" and canonical_source("-:3") == "-:3"

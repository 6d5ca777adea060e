"""The batch job on a Dask cluster (the ``dask`` extra: ``pip install '.[dask]'`` in the source tree).

>>> from distributed import Client                              # doctest: +SKIP
>>> from vnextract.batch.dask_runner import run_dask            # doctest: +SKIP
>>> with Client("tcp://scheduler:8786") as client:              # doctest: +SKIP
...     summary = run_dask(["crawl/", "dump.jsonl.gz"], "out/", client)
...     print(summary.line())

The inputs are cut into partitions of about ``partition_size`` documents: JSONL files by
ranges of lines (the client counts the lines; the workers read their ranges themselves),
other files by groups of files.  Each partition becomes one task that extracts its
documents in input order and writes ``out/part-NNNNN.jsonl``, one line per input document
exactly as the local ``vnextract extract`` writes them.  A part is written to a temporary
name and renamed when complete, so a part file is never partial; ``resume=True`` keeps the
parts that exist (the plan is the same for the same inputs and partition size) and runs the
rest.  Paths must be readable by the workers (a shared file system).  The per-document
size and time limits apply as locally (the time limit acts between Python bytecodes; a
document stuck inside a single C call holds its task, since a Dask worker thread cannot be
killed: the local runner's hard limit has no equivalent here).

Throughput: start the workers with ``--nthreads 1`` (the extractor is CPU-bound Python; one
worker process per core) and with Dask's statistical profiler off
(``DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False``): sampling the deep call stacks of
the extractor every 10 ms cost 3% of the throughput on a quiet 2-core machine, up to 35% on a busy one
(``benchmarks/bench_batch.py`` runs both settings).
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Union

import orjson

from vnextract.batch.formats import format_of
from vnextract.batch.inputs import (Fields, Item, expand_inputs, iter_jsonl_lines, jsonl_line_count,
                                    read_documents)
from vnextract.batch.limits import DEFAULT_MAX_FIGURES, Limits
from vnextract.batch.work import Summary, error_line, process_item
from vnextract.batch.sinks import scan_output

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

PART_NAME = "part-{:05d}.jsonl"


@dataclass(frozen=True)
class Unit:
    """A whole file, or lines ``lo <= n < hi`` of a JSONL file."""

    path: str
    lo: Optional[int] = None
    hi: Optional[int] = None


def plan(paths: Iterable[str], partition_size: int = 500) -> list[list[Unit]]:
    """Partitions of about ``partition_size`` documents, in input order."""
    parts: list[list[Unit]] = []
    current: list[Unit] = []
    size = 0

    def close() -> None:
        nonlocal current, size
        if current:
            parts.append(current)
        current, size = [], 0

    for path in paths:
        fmt = format_of(Path(path))
        if fmt is not None and fmt.name == "jsonl" and Path(path).is_file():
            n = jsonl_line_count(path)
            lo = 1
            while lo <= n:
                take = min(partition_size - size, n - lo + 1)
                current.append(Unit(path, lo, lo + take))
                size += take
                lo += take
                if size >= partition_size:
                    close()
        else:
            current.append(Unit(path))
            size += 1
            if size >= partition_size:
                close()
    close()
    return parts


def iter_units(units: Iterable[Unit], fields: Fields, limits: Limits) -> Iterator[Item]:
    for u in units:
        if u.lo is not None and u.hi is not None:
            yield from iter_jsonl_lines(u.path, u.lo, u.hi, fields, limits)
        else:
            yield from read_documents([u.path], fields, limits)


@lru_cache(maxsize=2)
def _worker_extractor(model: Optional[str] = None, max_figures: Optional[int] = DEFAULT_MAX_FIGURES) -> Any:
    """One extractor per worker process and setting, loaded by the first task that needs it:
    rules only (``model=None``), or with the statistical component (``""`` for the shipped
    model, else a model folder the worker can read); ``max_figures`` as ``Limits``'."""
    from vnextract.batch.runner import default_factory, model_factory

    return default_factory(max_figures) if model is None else model_factory(model or None, max_figures)


def run_partition(number: int, units: list[Unit], output_dir: str, fields: Fields = Fields(),
                  limits: Limits = Limits(), resume: bool = False,
                  model: Optional[str] = None) -> dict[str, int]:
    """Extract one partition into ``output_dir/part-NNNNN.jsonl`` (atomically); its counts."""
    target = Path(output_dir) / PART_NAME.format(number)
    if resume and target.exists():
        done = scan_output(target)
        return {"documents": 0, "records": 0, "errors": 0, "skipped": len(done.keys),
                "skipped_errors": done.errors}
    extractor = _worker_extractor(model, limits.max_figures)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    counts = {"documents": 0, "records": 0, "errors": 0, "skipped": 0, "skipped_errors": 0}
    try:
        with open(tmp, "wb") as fh:
            for item in iter_units(units, fields, limits):
                res = process_item(item, extractor, limits)
                fh.write(res.line + b"\n")
                counts["documents"] += 1
                counts["records"] += res.records
                counts["errors"] += res.error
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return counts


def run_dask(
    inputs: Iterable[str],
    output_dir: Union[str, Path],
    client: "Client",
    *,
    fields: Fields = Fields(),
    limits: Limits = Limits(),
    partition_size: int = 500,
    glob: Optional[str] = None,
    resume: bool = False,
    model: Optional[str] = None,
) -> Summary:
    """Run the batch job on ``client``'s cluster; one ``part-NNNNN.jsonl`` per partition.

    ``inputs`` are files and folders as for ``vnextract extract`` (no stdin).  Without
    ``resume`` existing part files in ``output_dir`` are replaced.  ``model`` turns the
    statistical component on as ``vnextract extract --model [DIR]`` does (``""``: the
    shipped model; a folder must be readable by the workers).  Returns the counts.
    """
    t0 = time.monotonic()
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths, ignored = expand_inputs([str(p) for p in inputs], glob)
    parts = plan(paths, partition_size)
    _remove_orphans(out)
    if not resume:
        for old in out.glob("part-*.jsonl"):
            old.unlink()
    futures = client.map(run_partition, range(len(parts)), parts, output_dir=str(out.resolve()),
                         fields=fields, limits=limits, resume=resume, model=model, pure=False)
    summary = Summary(ignored_files=ignored)
    try:
        for number, future in enumerate(futures):
            try:
                counts = future.result()
            except Exception as exc:  # noqa: BLE001 - a task lost (KilledWorker...): its documents get error lines
                counts = failed_partition(number, parts[number], str(out), fields, limits, exc)
            for key in ("documents", "records", "errors", "skipped", "skipped_errors"):
                setattr(summary, key, getattr(summary, key) + counts[key])
    finally:
        _remove_orphans(out)  # a worker killed while writing leaves its temporary part behind
    summary.elapsed = time.monotonic() - t0
    return summary


def _remove_orphans(out: Path) -> None:
    for tmp in out.glob(".part-*.jsonl.*.tmp"):
        tmp.unlink(missing_ok=True)


def failed_partition(number: int, units: list[Unit], output_dir: str, fields: Fields, limits: Limits,
                     exc: BaseException) -> dict[str, int]:
    """The part of a partition whose task failed on the cluster: one error line per document
    (as the local runner writes for a crashed worker), written here, on the client."""
    target = Path(output_dir) / PART_NAME.format(number)
    message = f"the Dask task of partition {number} failed: {exc}"
    n = 0
    with open(target, "wb") as fh:
        for item in iter_units(units, fields, limits):
            fh.write(error_line(item, type(exc).__name__, str(item.error[1]) if item.error else message) + b"\n")
            n += 1
    return {"documents": n, "records": 0, "errors": n, "skipped": 0, "skipped_errors": 0}


def read_parts(output_dir: Union[str, Path]) -> Iterator[dict[str, Any]]:
    """The documents of a Dask output folder, in input order."""
    for part in sorted(Path(output_dir).glob("part-*.jsonl")):
        with open(part, "rb") as fh:
            for line in fh:
                if line.strip():
                    yield orjson.loads(line)

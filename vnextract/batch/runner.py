"""Parallel, ordered, resumable extraction over many documents.

:func:`run` sends chunks of :class:`~vnextract.batch.inputs.Item` to ``jobs`` worker
processes (:mod:`vnextract.batch.pool`; each loads the extractor once), gets one result line
per document back, and hands the lines to a sink strictly in input order.  A document that
takes longer than the time limit gets a ``DocumentTimeout`` error; a worker that does not
answer at all (stuck in C code) or dies is killed and replaced, its current document gets an
error, and the rest of its chunk goes to other workers.  ``jobs=0`` runs everything in this
process.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from collections import deque
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator, Optional

from vnextract.batch.inputs import Item
from vnextract.batch.items import Key, canonical_source
from vnextract.batch.limits import Limits
from vnextract.batch.pool import PREFETCH, Pool, Worker
from vnextract.batch.sinks import Sink
from vnextract.batch.work import (ExtractorFactory, Result, Summary, default_factory, error_line, model_factory,
                                  process_item)

__all__ = ["ExtractorFactory", "Result", "Summary", "default_factory", "error_line", "model_factory",
           "process_item", "run"]


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for it in items:
        chunk.append(it)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _progress(total: Optional[int], enabled: Optional[bool]) -> Any:
    from tqdm import tqdm

    show = sys.stderr.isatty() if enabled is None else enabled
    return tqdm(total=total, unit="doc", disable=not show, file=sys.stderr, dynamic_ncols=True,
                smoothing=0.1)


def run(
    items: Iterable[Item],
    sink: Sink,
    *,
    jobs: Optional[int] = None,
    limits: Limits = Limits(),
    skip: Optional[set[Key]] = None,
    chunk_size: int = 8,
    factory: ExtractorFactory = default_factory,
    total: Optional[int] = None,
    progress: Optional[bool] = None,
    start_method: Optional[str] = None,
) -> Summary:
    """Extract every item and write one line per document to ``sink``, in input order.

    ``jobs``: worker processes (default: all cores; 0 = in this process).  ``skip``: keys
    ``(doc_id, source)`` already done (``--resume``; sources are compared resolved); they are
    neither extracted nor written.  ``factory`` builds the extractor in each worker; it must
    be importable (a module-level function).  As with any multiprocessing, call this from
    under ``if __name__ == "__main__":`` in a script.
    """
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    done = {(doc_id, canonical_source(source)) for doc_id, source in skip or ()}
    summary = Summary()
    t0 = time.monotonic()
    bar = _progress(total, progress)

    def emit(res: Result) -> None:
        sink.write(res.line)
        summary.add(res)
        bar.update(1)

    try:
        todo = _not_done(items, done, summary, bar)
        if jobs <= 0:
            extractor = factory()
            for it in todo:
                emit(process_item(it, extractor, limits))
        else:
            summary.restarts = _Scheduler(todo, emit, jobs, limits, chunk_size, factory,
                                          start_method or _default_start_method()).run()
    finally:
        bar.close()
        summary.elapsed = time.monotonic() - t0
    return summary


def _not_done(items: Iterable[Item], done: set[Key], summary: Summary, bar: Any) -> Iterator[Item]:
    """The items whose key is not in ``done`` (the others are counted as skipped)."""
    for it in items:
        if it.key in done:
            summary.skipped += 1
            bar.update(1)
            continue
        yield it


def _default_start_method() -> str:
    """forkserver where available: workers start from a clean process, not from the caller."""
    return "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


class _Scheduler:
    """Feeds the pool chunk by chunk, keeps results until they can be emitted in order, and
    replaces workers that die or stop answering."""

    def __init__(self, items: Iterator[Item], emit: Callable[[Result], None], jobs: int, limits: Limits,
                 chunk_size: int, factory: ExtractorFactory, start_method: str) -> None:
        self.emit, self.limits = emit, limits
        self.chunks = _chunks(items, chunk_size)
        self.pool = Pool(jobs, factory, limits, start_method)
        self.pending: deque[list[Item]] = deque()  # chunks not yet sent to a worker
        self.results: dict[int, Result] = {}
        self.order: deque[int] = deque()  # indices in input order, not yet emitted
        self.exhausted = False
        self.window = max(4 * jobs * chunk_size, 64)

    def run(self) -> int:
        """Until every item is emitted; the number of workers replaced."""
        try:
            while True:
                self.refill()
                self.dispatch()
                while self.order and self.order[0] in self.results:
                    self.emit(self.results.pop(self.order.popleft()))
                if self.exhausted and not self.order:
                    return self.pool.restarts
                self.collect()
                self.check_hard_limit()
        finally:
            self.pool.close()

    def refill(self) -> None:
        while not self.exhausted and len(self.order) < self.window:
            chunk = next(self.chunks, None)
            if chunk is None:
                self.exhausted = True
                return
            self.order.extend(it.index for it in chunk)
            for it in chunk:
                if it.error is not None:  # input errors need no worker
                    self.results[it.index] = process_item(it, None, self.limits)
            rest = [it for it in chunk if it.error is None]
            if rest:
                self.pending.append(rest)

    def dispatch(self) -> None:
        for w in self.pool.workers:
            while w.ready and self.pending and len(w.chunks) < PREFETCH:
                if not w.chunks:
                    w.last = time.monotonic()
                w.chunks.append(self.pending.popleft())
                w.conn.send(w.chunks[-1])

    def lost(self, w: Worker, etype: str, message: str) -> None:
        remaining = [it for chunk in w.chunks for it in chunk if it.index not in w.done]
        if remaining:
            current = remaining[0]
            self.results[current.index] = Result(current.index, error_line(current, etype, message), error=True)
            if len(remaining) > 1:
                self.pending.appendleft(remaining[1:])
        self.pool.replace(w)

    def collect(self) -> None:
        conns = {w.conn: w for w in self.pool.workers}
        for conn in wait(list(conns), timeout=0.5):
            w = conns[conn]
            try:
                msg = conn.recv()
            except Exception:  # noqa: BLE001 - EOF, or a message torn by a dying worker
                if not w.ready:
                    raise RuntimeError("a worker process died while loading the extractor") from None
                w.proc.join(2)
                self.lost(w, "WorkerCrashed", f"worker process died (exit code {w.proc.exitcode})")
                continue
            w.last = time.monotonic()
            if msg[0] == "result":
                _, index, line, nrec, err = msg
                w.done.add(index)
                self.results[index] = Result(index, line, nrec, err)
            elif msg[0] == "ready":
                w.ready = True
            elif msg[0] == "idle":
                w.chunks.popleft()
                w.done = set()
            elif msg[0] == "fatal":
                raise RuntimeError(f"worker could not load the extractor:\n{msg[1]}")

    def check_hard_limit(self) -> None:
        hard = self.limits.hard_timeout
        if not hard:
            return
        now = time.monotonic()
        for w in list(self.pool.workers):
            if w.busy and now - w.last > hard:
                self.lost(w, "DocumentTimeout", f"no answer within {hard:.0f} s; worker process killed and replaced")

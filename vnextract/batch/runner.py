"""Parallel, ordered, resumable extraction over many documents.

:func:`run` sends chunks of :class:`~vnextract.batch.inputs.Item` to ``jobs`` worker
processes (each loads the extractor once), gets one result line per document back, and
hands the lines to a sink strictly in input order.  A document that takes longer than the
time limit gets a ``DocumentTimeout`` error; a worker that does not answer at all (stuck in
C code) or dies is killed and replaced, its current document gets an error, and the rest
of its chunk goes to other workers.  ``jobs=0`` runs everything in this process.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import sys
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator, Optional

import orjson

from vnextract.batch.inputs import Item, load_text
from vnextract.batch.items import canonical_source
from vnextract.batch.limits import Limits, check_size, time_limit
from vnextract.batch.sinks import Key, Sink

ExtractorFactory = Callable[[], Any]
PREFETCH = 2  # chunks queued at a worker, so that it never waits for the next one


def default_factory() -> Any:
    """The project's extractor (picklable by reference, so usable with any start method)."""
    from vnextract.pipeline import Extractor

    return Extractor()


def model_factory(model_dir: Optional[str] = None) -> Any:
    """The extractor with the statistical component on (``vnextract extract --model [DIR]``);
    use as ``functools.partial(model_factory, DIR)``, which pickles by reference."""
    from vnextract.stats.classifier import QuantityModel
    from vnextract.pipeline import Extractor

    return Extractor(model=QuantityModel.load(model_dir))


@dataclass
class Result:
    index: int
    line: bytes
    records: int = 0
    error: bool = False


@dataclass
class Summary:
    documents: int = 0
    records: int = 0
    errors: int = 0
    skipped: int = 0
    skipped_errors: int = 0
    elapsed: float = 0.0
    ignored_files: int = 0
    restarts: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.skipped_errors)

    def line(self) -> str:
        rate = self.documents / self.elapsed if self.elapsed > 0 else 0.0
        s = (f"vnextract: {self.documents} documents, {self.records} records, {self.errors} errors, "
             f"{self.elapsed:.1f} s ({rate:.1f} docs/s)")
        if self.skipped:
            s += f"; {self.skipped} already done (resume), {self.skipped_errors} of them errors"
        if self.ignored_files:
            s += f"; {self.ignored_files} files with other suffixes ignored (see --glob)"
        if self.restarts:
            s += f"; {self.restarts} worker(s) restarted"
        return s


def error_line(item: Item, etype: str, message: str) -> bytes:
    return orjson.dumps({"doc_id": item.doc_id, "source": item.source,
                         "error": {"type": etype, "message": message}})


def process_item(item: Item, extractor: Any, limits: Limits) -> Result:
    """Decode and extract one item; every failure becomes an error line."""
    if item.error is not None:
        return Result(item.index, error_line(item, *item.error), error=True)
    try:
        with time_limit(limits.timeout):
            text, dec = load_text(item)
            check_size(len(text.encode("utf-8")), limits)
            doc = extractor(text, published=item.published, title=item.title, doc_id=item.doc_id)
            out = doc.model_dump(mode="json")
    except Exception as exc:  # noqa: BLE001 - one document's failure never stops the batch
        return Result(item.index, error_line(item, type(exc).__name__, str(exc) or repr(exc)), error=True)
    if out.get("url") is None and item.url is not None:
        out["url"] = item.url
    out["source"] = item.source
    out["encoding"] = dec.encoding
    if dec.assumed:
        out["encoding_assumed"] = True
    warnings = item.warnings + ([dec.warning] if dec.warning else [])
    if warnings:
        out["warnings"] = warnings
    return Result(item.index, orjson.dumps(out), records=len(out.get("records") or ()))


def _reader(conn: Connection, inbox: "queue.Queue[Optional[list[Item]]]") -> None:
    """Worker thread: always drain the input pipe, so the parent never blocks sending a chunk
    while this worker blocks sending results (two full pipe buffers would deadlock)."""
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            chunk = None
        inbox.put(chunk)
        if chunk is None:
            return


def _worker(conn: Connection, factory: ExtractorFactory, limits: Limits) -> None:
    """Worker process: load the extractor once, then extract chunk after chunk."""
    try:
        extractor = factory()
    except BaseException:  # noqa: BLE001
        conn.send(("fatal", traceback.format_exc()))
        return
    inbox: queue.Queue[Optional[list[Item]]] = queue.Queue()
    threading.Thread(target=_reader, args=(conn, inbox), daemon=True).start()
    conn.send(("ready",))
    while True:
        try:
            chunk = inbox.get()
        except KeyboardInterrupt:
            return
        if chunk is None:
            return
        for item in chunk:
            res = process_item(item, extractor, limits)
            conn.send(("result", res.index, res.line, res.records, res.error))
        conn.send(("idle",))


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    ready: bool = False
    chunks: deque[list[Item]] = field(default_factory=deque)  # sent, not finished (<= PREFETCH)
    done: set[int] = field(default_factory=set)  # finished indices of chunks[0]
    last: float = 0.0

    @property
    def busy(self) -> bool:
        return bool(self.chunks)


class _Pool:
    """Worker processes, each with its own pipe (a killed worker cannot corrupt a shared queue)."""

    def __init__(self, jobs: int, factory: ExtractorFactory, limits: Limits, start_method: str) -> None:
        self.ctx = mp.get_context(start_method)
        self.factory, self.limits = factory, limits
        self.workers = [self._spawn() for _ in range(jobs)]
        self.restarts = 0

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(child, self.factory, self.limits), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc, parent, last=time.monotonic())

    def replace(self, w: _Worker) -> _Worker:
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(5)
        w.conn.close()
        self.restarts += 1
        nw = self._spawn()
        self.workers[self.workers.index(w)] = nw
        return nw

    def close(self) -> None:
        for w in self.workers:
            try:
                w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        deadline = time.monotonic() + 5
        for w in self.workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join(1)
            w.conn.close()


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
    ``(doc_id, source)`` already done (``--resume``); they are neither extracted nor written.
    ``factory`` builds the extractor in each worker; it must be importable (a module-level
    function).  As with any multiprocessing, call this from under ``if __name__ == "__main__":``
    in a script.
    """
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    skip = {(doc_id, canonical_source(source)) for doc_id, source in skip or ()}
    summary = Summary()
    t0 = time.monotonic()
    bar = _progress(total, progress)

    def emit(res: Result) -> None:
        sink.write(res.line)
        summary.documents += 1
        summary.records += res.records
        summary.errors += res.error
        bar.update(1)

    def todo() -> Iterator[Item]:
        for it in items:
            if it.key in skip:
                summary.skipped += 1
                bar.update(1)
                continue
            yield it

    try:
        if jobs <= 0:
            extractor = factory()
            for it in todo():
                emit(process_item(it, extractor, limits))
        else:
            summary.restarts = _run_pool(todo(), emit, jobs, limits, chunk_size, factory,
                                         start_method or _default_start_method())
    finally:
        bar.close()
        summary.elapsed = time.monotonic() - t0
    return summary


def _default_start_method() -> str:
    """forkserver where available: workers start from a clean process, not from the caller."""
    return "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"


def _run_pool(items: Iterator[Item], emit: Callable[[Result], None], jobs: int, limits: Limits,
              chunk_size: int, factory: ExtractorFactory, start_method: str) -> int:
    pool = _Pool(jobs, factory, limits, start_method)
    chunks = _chunks(items, chunk_size)
    pending: deque[list[Item]] = deque()  # chunks not yet sent to a worker
    results: dict[int, Result] = {}
    order: deque[int] = deque()  # indices in input order, not yet emitted
    exhausted = False
    window = max(4 * jobs * chunk_size, 64)

    def refill() -> None:
        nonlocal exhausted
        while not exhausted and len(order) < window:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
                return
            order.extend(it.index for it in chunk)
            ready = [it for it in chunk if it.error is not None]
            for it in ready:  # input errors need no worker
                results[it.index] = process_item(it, None, limits)
            rest = [it for it in chunk if it.error is None]
            if rest:
                pending.append(rest)

    def lost(w: _Worker, etype: str, message: str) -> _Worker:
        remaining = [it for chunk in w.chunks for it in chunk if it.index not in w.done]
        if remaining:
            current = remaining[0]
            results[current.index] = Result(current.index, error_line(current, etype, message), error=True)
            if len(remaining) > 1:
                pending.appendleft(remaining[1:])
        return pool.replace(w)

    try:
        while True:
            refill()
            for w in pool.workers:
                while w.ready and pending and len(w.chunks) < PREFETCH:
                    if not w.chunks:
                        w.last = time.monotonic()
                    w.chunks.append(pending.popleft())
                    w.conn.send(w.chunks[-1])
            while order and order[0] in results:
                emit(results.pop(order.popleft()))
            if exhausted and not order:
                return pool.restarts
            conns = {w.conn: w for w in pool.workers}
            for conn in wait(list(conns), timeout=0.5):
                w = conns[conn]
                try:
                    msg = conn.recv()
                except Exception:  # noqa: BLE001 - EOF, or a message torn by a dying worker
                    if not w.ready:
                        raise RuntimeError("a worker process died while loading the extractor") from None
                    w.proc.join(2)
                    lost(w, "WorkerCrashed", f"worker process died (exit code {w.proc.exitcode})")
                    continue
                w.last = time.monotonic()
                if msg[0] == "result":
                    _, index, line, nrec, err = msg
                    w.done.add(index)
                    results[index] = Result(index, line, nrec, err)
                elif msg[0] == "ready":
                    w.ready = True
                elif msg[0] == "idle":
                    w.chunks.popleft()
                    w.done = set()
                elif msg[0] == "fatal":
                    raise RuntimeError(f"worker could not load the extractor:\n{msg[1]}")
            hard = limits.hard_timeout
            if hard:
                now = time.monotonic()
                for w in list(pool.workers):
                    if w.busy and now - w.last > hard:
                        lost(w, "DocumentTimeout",
                             f"no answer within {hard:.0f} s; worker process killed and replaced")
    finally:
        pool.close()

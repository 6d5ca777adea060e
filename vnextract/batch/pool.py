"""Worker processes for :func:`vnextract.batch.runner.run`: each loads the extractor once and
has its own pipe, so that a killed worker cannot corrupt a shared queue."""

from __future__ import annotations

import multiprocessing as mp
import queue
import signal
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Optional

from vnextract.batch.inputs import Item
from vnextract.batch.limits import Limits
from vnextract.batch.work import ExtractorFactory, process_item

PREFETCH = 2  # chunks queued at a worker, so that it never waits for the next one


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


def worker_main(conn: Connection, factory: ExtractorFactory, limits: Limits) -> None:
    """Worker process: load the extractor once, then extract chunk after chunk.  Ctrl-C is the
    parent's to handle (it stops the workers): a worker ignores it, so that the terminal gets
    one message instead of a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        extractor = factory()
    except BaseException:  # noqa: BLE001
        conn.send(("fatal", traceback.format_exc()))
        return
    inbox: queue.Queue[Optional[list[Item]]] = queue.Queue()
    threading.Thread(target=_reader, args=(conn, inbox), daemon=True).start()
    conn.send(("ready",))
    while True:
        chunk = inbox.get()
        if chunk is None:
            return
        try:
            for item in chunk:
                res = process_item(item, extractor, limits)
                conn.send(("result", res.index, res.line, res.records, res.error))
            conn.send(("idle",))
        except OSError:  # the parent is gone (killed): leave quietly, no traceback on its terminal
            return


@dataclass
class Worker:
    proc: Any
    conn: Connection
    ready: bool = False
    chunks: deque[list[Item]] = field(default_factory=deque)  # sent, not finished (<= PREFETCH)
    done: set[int] = field(default_factory=set)  # finished indices of chunks[0]
    last: float = 0.0

    @property
    def busy(self) -> bool:
        return bool(self.chunks)


class Pool:
    """Worker processes, each with its own pipe (a killed worker cannot corrupt a shared queue)."""

    def __init__(self, jobs: int, factory: ExtractorFactory, limits: Limits, start_method: str) -> None:
        self.ctx = mp.get_context(start_method)
        self.factory, self.limits = factory, limits
        self.workers = [self._spawn() for _ in range(jobs)]
        self.restarts = 0

    def _spawn(self) -> Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker_main, args=(child, self.factory, self.limits), daemon=True)
        proc.start()
        child.close()
        return Worker(proc, parent, last=time.monotonic())

    def replace(self, w: Worker) -> Worker:
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



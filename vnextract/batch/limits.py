"""Per-document limits: size and time, turned into per-document errors.

The time limit is also the library's: ``Extractor(time_limit=...)`` runs each document
under :func:`time_limit` and checks its deadline between stages
(:meth:`vnextract.stages.base.Analysis.check_time`), so that a caller of the library gets a
:class:`DocumentTimeout` (a ``TimeoutError``) instead of a hang.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Iterator, Optional

DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_TIMEOUT = 60.0
# figures one document may hold (after dates, codes and the like are set aside): a 6.5M-character
# book holds about 20,000; past this the working copies and records of a document outgrow 500 MB
DEFAULT_MAX_FIGURES = 100_000
# runs of digits and number words a document may hold per figure allowed (dates, codes, years and
# figures alike), counted before the numerals are read, whose working copies would outgrow memory first
NUMERAL_RUNS_PER_FIGURE = 4


class DocumentTooLarge(ValueError):
    """The input is larger than ``Limits.max_bytes``."""


class DocumentTooDense(ValueError):
    """The document holds more figures than ``Extractor(max_figures=...)`` allows: a text that
    is mostly numerals (``1/1/1…``, ``5% 5% …``), refused before its figures are decided so
    that its memory stays bounded (issue 12)."""


class DocumentTimeout(TimeoutError):
    """Extraction of one document took longer than its time limit (``--timeout``,
    ``Extractor(time_limit=...)``)."""


@dataclass(frozen=True)
class Limits:
    """``max_bytes``: largest input document (bytes); ``timeout``: seconds per document
    (``None`` or 0 disables it); ``max_figures``: the extractors' ``Extractor(max_figures=...)``
    (``None``: no limit).  The hard limit, after which a worker process that does not answer
    is killed and replaced, is ``timeout + grace``."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: Optional[float] = DEFAULT_TIMEOUT
    grace: float = 10.0
    max_figures: Optional[int] = DEFAULT_MAX_FIGURES

    @property
    def hard_timeout(self) -> Optional[float]:
        return self.timeout + self.grace if self.timeout else None


def check_size(n_bytes: int, limits: Limits) -> None:
    if limits.max_bytes and n_bytes > limits.max_bytes:
        raise DocumentTooLarge(
            f"document of {n_bytes:,} bytes exceeds the limit of {limits.max_bytes:,} bytes (--max-bytes)"
        )


@contextmanager
def time_limit(seconds: Optional[float], name: str = "--timeout") -> Iterator[None]:
    """Raise :class:`DocumentTimeout` inside the block after ``seconds`` (``name``: the
    setting its message names).

    In the main thread (worker processes, ``--jobs 0``) a SIGALRM timer does it; in other
    threads (Dask workers run tasks in threads) a watchdog timer raises the exception in
    the thread asynchronously.  Both act between Python bytecodes: code stuck inside one C
    call is not interrupted, which is what the parent's hard limit (a killed worker) is for.
    """
    if not seconds:
        yield
        return
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _alarm(float(seconds), _message(seconds, name)):
            yield
        return
    with _thread_watchdog(float(seconds), _message(seconds, name)):
        yield


def _message(seconds: float, name: str) -> str:
    return f"document took longer than the per-document time limit of {seconds:g} s ({name})"


@contextmanager
def _alarm(seconds: float, message: str) -> Iterator[None]:
    """SIGALRM after ``seconds``; inside an outer limit that ends sooner, that one stands, and
    the outer timer runs on after the block (limits nest: the batch's and the library's)."""
    outer = signal.getitimer(signal.ITIMER_REAL)[0]
    if 0 < outer <= seconds:
        yield
        return

    def expired(signum: int, frame: Optional[FrameType]) -> None:
        raise DocumentTimeout(message)

    t0 = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:
            signal.setitimer(signal.ITIMER_REAL, max(1e-3, outer - (time.monotonic() - t0)))


@contextmanager
def _thread_watchdog(seconds: float, message: str) -> Iterator[None]:
    set_async = getattr(ctypes.pythonapi, "PyThreadState_SetAsyncExc", None)
    if set_async is None:  # not CPython: no limit in threads
        yield
        return
    tid = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                set_async(tid, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except DocumentTimeout:
        raise DocumentTimeout(message) from None
    finally:
        timer.cancel()
        with lock:
            state["active"] = False
            if state["fired"]:  # fired but maybe not raised yet: withdraw it
                set_async(tid, None)

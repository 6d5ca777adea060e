"""Per-document limits: size and time, turned into per-document errors."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Iterator, Optional

DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_TIMEOUT = 60.0


class DocumentTooLarge(ValueError):
    """The input is larger than ``Limits.max_bytes``."""


class DocumentTimeout(TimeoutError):
    """Extraction of one document took longer than ``Limits.timeout`` seconds."""


@dataclass(frozen=True)
class Limits:
    """``max_bytes``: largest input document (bytes); ``timeout``: seconds per document
    (``None`` or 0 disables it).  The hard limit, after which a worker process that does
    not answer is killed and replaced, is ``timeout + grace``."""

    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: Optional[float] = DEFAULT_TIMEOUT
    grace: float = 10.0

    @property
    def hard_timeout(self) -> Optional[float]:
        return self.timeout + self.grace if self.timeout else None


def check_size(n_bytes: int, limits: Limits) -> None:
    if limits.max_bytes and n_bytes > limits.max_bytes:
        raise DocumentTooLarge(
            f"document of {n_bytes:,} bytes exceeds the limit of {limits.max_bytes:,} bytes (--max-bytes)"
        )


def _raise_timeout(signum: int, frame: Optional[FrameType]) -> None:
    raise DocumentTimeout("document took longer than the per-document time limit (--timeout)")


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` inside the block after ``seconds`` (SIGALRM).

    Only works in the main thread of a process on POSIX; elsewhere it is a no-op and the
    parent's hard limit (a killed worker) is the only guard.
    """
    usable = (
        bool(seconds)
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

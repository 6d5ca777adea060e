"""Per-document time limit in the main thread (SIGALRM) and in other threads (Dask)."""

from __future__ import annotations

import threading
import time
from typing import Optional

import pytest

from vnextract.batch.limits import DocumentTimeout, time_limit


def _busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sum(range(100))


def test_main_thread() -> None:
    t0 = time.monotonic()
    with pytest.raises(DocumentTimeout):
        with time_limit(0.2):
            _busy(5)
    assert time.monotonic() - t0 < 2
    with time_limit(0.2):
        _busy(0.05)
    _busy(0.4)  # no late alarm after the block


def _in_thread(limit: float, work: float) -> Optional[BaseException]:
    out: list[Optional[BaseException]] = [None]

    def target() -> None:
        try:
            with time_limit(limit):
                _busy(work)
            _busy(limit * 2)  # nothing may fire after the block
        except BaseException as exc:  # noqa: BLE001
            out[0] = exc

    th = threading.Thread(target=target)
    th.start()
    th.join(10)
    assert not th.is_alive()
    return out[0]


def test_other_thread() -> None:
    assert isinstance(_in_thread(0.2, 5), DocumentTimeout)
    assert _in_thread(0.3, 0.05) is None


def test_disabled() -> None:
    with time_limit(None):
        _busy(0.05)


def test_limits_nest_and_the_outer_one_runs_on() -> None:
    """The library's limit inside the batch runner's: the sooner one fires, the outer timer
    is re-armed after the inner block."""
    with pytest.raises(DocumentTimeout, match="outer"):
        with time_limit(0.4, "outer"):
            with time_limit(5, "inner"):  # outer ends sooner: it stands
                _busy(0.1)
            with time_limit(0.1, "inner"):
                _busy(0.05)
            _busy(5)  # the outer timer, re-armed, fires here
    with pytest.raises(DocumentTimeout, match="inner"):
        with time_limit(5, "outer"):
            with time_limit(0.1, "inner"):
                _busy(5)

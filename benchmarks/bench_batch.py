"""Batch throughput: local worker processes (--jobs 1, 2) and the Dask path, same documents.

    python benchmarks/bench_batch.py --n 2000

Reads the first N documents of ../shared/bench/news-20k.jsonl.gz, runs the batch job the
way ``vnextract extract`` does (extractor loaded once per worker, ordered JSONL output),
and prints documents per second, parallel efficiency (docs/s at 2 jobs / (2 x docs/s at 1
job)), peak resident memory per worker process (sampled with psutil), and the Dask
``LocalCluster(processes=True)`` path against local processes with the same worker count.
Dask runs twice: with the workers' statistical profiler off (the recommended setting for
this job: ``distributed.worker.profile.enabled: false``) and with Dask's defaults.
Wall times include starting the workers and loading the extractor in each (``startup``
column: time to the first output line).  ``worker CPU ms/doc`` is the CPU time of all
worker processes per document (parallel overhead shows there even on a busy machine).
Not a test: numbers depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT.parent / "shared" / "bench" / "news-20k.jsonl.gz"


class RssMonitor:
    """Peak RSS of every descendant process, sampled every ``interval`` seconds."""

    def __init__(self, interval: float = 0.1) -> None:
        import psutil

        self._me = psutil.Process()
        self.peaks: dict[int, tuple[str, int]] = {}
        self.cpu: dict[int, float] = {}  # user+system seconds, last sample
        self._stop = threading.Event()
        self._interval = interval
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        import psutil

        while not self._stop.is_set():
            for p in self._me.children(recursive=True):
                try:
                    rss = p.memory_info().rss
                    name = " ".join(p.cmdline()[-2:])
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                if rss > self.peaks.get(p.pid, ("", 0))[1]:
                    self.peaks[p.pid] = (name, rss)
            self._stop.wait(self._interval)

    def __enter__(self) -> "RssMonitor":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    def worker_peak_mb(self, top: int) -> float:
        """Mean of the ``top`` largest peaks (the workers; helpers such as forkserver are small)."""
        peaks = sorted((rss for _, rss in self.peaks.values()), reverse=True)[:top]
        return sum(peaks) / len(peaks) / 2**20 if peaks else float("nan")


class TimedSink:
    def __init__(self, path: Path) -> None:
        self._fh = open(path, "wb")
        self.first: Optional[float] = None

    def write(self, line: bytes) -> None:
        if self.first is None:
            self.first = time.monotonic()
        self._fh.write(line + b"\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


def take(src: Path, n: int, dst: Path) -> int:
    k = 0
    with gzip.open(src, "rb") as fh, open(dst, "wb") as out:
        for line in fh:
            if k >= n:
                break
            if line.strip():
                out.write(line)
                k += 1
    return k


def bench_local(inp: Path, out: Path, jobs: int) -> dict[str, Any]:
    from vnextract.batch.inputs import read_documents
    from vnextract.batch.runner import run

    sink = TimedSink(out)
    with RssMonitor() as mon:
        t0 = time.monotonic()
        s = run(read_documents([str(inp)]), sink, jobs=jobs, progress=False)
        wall = time.monotonic() - t0
    sink.close()
    return {"path": f"local --jobs {jobs}", "docs": s.documents, "records": s.records, "errors": s.errors,
            "wall": wall, "startup": (sink.first or t0) - t0, "rss": mon.worker_peak_mb(jobs),
            "cpu": sum(mon.cpu.values())}


def bench_dask(inp: Path, out: Path, workers: int, partition_size: int, profiler: bool) -> dict[str, Any]:
    import dask
    from distributed import Client, LocalCluster

    from vnextract.batch.dask_runner import run_dask

    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    with RssMonitor() as mon, dask.config.set({"distributed.worker.profile.enabled": profiler}):
        with LocalCluster(processes=True, n_workers=workers, threads_per_worker=1,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            t0 = time.monotonic()
            s = run_dask([str(inp)], out, client, partition_size=partition_size)
            wall = time.monotonic() - t0
    label = "dask, profiler off" if not profiler else "dask, dask defaults"
    return {"path": f"{label} ({workers} proc)", "docs": s.documents, "records": s.records,
            "errors": s.errors, "wall": wall, "startup": float("nan"), "rss": mon.worker_peak_mb(workers),
            "cpu": sum(mon.cpu.values())}


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="documents (default 2000)")
    ap.add_argument("--path", type=Path, default=DEFAULT)
    ap.add_argument("--jobs", default="1,2", help="comma-separated job counts (default 1,2)")
    ap.add_argument("--partition-size", type=int, default=100, help="Dask partition size (default 100)")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each path, interleaved; the fastest is reported (default 1)")
    args = ap.parse_args(argv)
    if not args.path.exists():
        print(f"bench file not found: {args.path}", file=sys.stderr)
        return 2
    jobs_list = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "docs.jsonl"
        n = take(args.path, args.n, inp)
        print(f"{n} documents from {args.path.name}, {os.cpu_count()} CPUs, python {sys.version.split()[0]}, "
              f"load average {os.getloadavg()[0]:.1f} at start")
        rows = []
        runs: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            (f"jobs{j}", lambda j=j: bench_local(inp, Path(tmp) / f"out{j}.jsonl", j)) for j in jobs_list]
        if not args.no_dask:
            try:
                import distributed  # noqa: F401

                w = max(jobs_list)
                runs.append(("dask", lambda: bench_dask(inp, Path(tmp) / "dask", w, args.partition_size, False)))
                runs.append(("dask-prof", lambda: bench_dask(inp, Path(tmp) / "dask2", w, args.partition_size,
                                                             True)))
            except ImportError:
                print("(dask not installed: pip install 'vnextract[dask]')")
        best: dict[str, dict[str, Any]] = {}
        for _ in range(args.repeat):
            for name, fn in runs:
                r = fn()
                r["rate"] = r["docs"] / r["wall"]
                print(f"  done: {r['path']}: {r['wall']:.1f} s (load average {os.getloadavg()[0]:.1f})",
                      file=sys.stderr)
                if name not in best or r["wall"] < best[name]["wall"]:
                    best[name] = r
        rows = [best[name] for name, _ in runs]
    print(f"\n{'path':<30}{'docs':>6}{'records':>9}{'errors':>7}{'wall s':>8}{'startup s':>10}"
          f"{'docs/s':>8}{'worker CPU ms/doc':>19}{'peak RSS/worker MB':>20}")
    for r in rows:
        print(f"{r['path']:<30}{r['docs']:>6}{r['records']:>9}{r['errors']:>7}{r['wall']:>8.1f}"
              f"{r['startup']:>10.1f}{r['rate']:>8.1f}{1000 * r['cpu'] / r['docs']:>19.1f}{r['rss']:>20.0f}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end (other processes on the machine skew wall times)")
    by = {r["path"]: r for r in rows}
    one, two = by.get("local --jobs 1"), by.get("local --jobs 2")
    if one and two:
        eff = two["rate"] / (2 * one["rate"])
        steady = (two["docs"] / (two["wall"] - two["startup"])) / (2 * one["docs"] / (one["wall"] - one["startup"]))
        print(f"\nparallel efficiency at 2 jobs: {eff:.0%} wall-clock, {steady:.0%} after startup (goal >= 85%)")
    dask = next((r for r in rows if r["path"].startswith("dask, profiler off")), None)
    local = by.get(f"local --jobs {max(jobs_list)}")
    if dask and local:
        print(f"dask (profiler off) / local processes ({max(jobs_list)} workers): "
              f"{dask['rate'] / local['rate']:.0%} of the local docs/s (goal: within 15%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

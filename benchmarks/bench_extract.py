"""Speed and memory of the extractor against underthesea's word segmentation alone.

Runs each measurement in a fresh process (so peak memory is its own) over the first N
documents of the bench pool, and prints a table (``rules``: without the learned indicator
decision; ``extract``: the default extractor):

    python benchmarks/bench_extract.py [--n 2000] [--bench ../shared/bench/news-20k.jsonl.gz]

The goal of issue 2: ``Extractor.pipe`` costs at most 1.5x ``underthesea.word_tokenize`` on
the same documents, with peak memory under 500 MB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import resource
import time
import unicodedata
from pathlib import Path
from typing import Any

DEFAULT_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench" / "news-20k.jsonl.gz"


def load(path: Path, n: int) -> list[dict[str, Any]]:
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            docs.append(json.loads(line))
            if len(docs) == n:
                break
    return docs


def _run(kind: str, path: str, n: int, out: "mp.Queue[dict[str, float]]") -> None:
    docs = load(Path(path), n)
    t0 = time.perf_counter()
    if kind == "word_tokenize":
        from underthesea import word_tokenize

        word_tokenize("khởi động")  # model load, outside the timing as for the extractor
        t1 = time.perf_counter()
        for d in docs:
            word_tokenize(unicodedata.normalize("NFC", d["text"]))
        records = 0
    else:
        from vnextract import Extractor

        model = None
        if kind == "extract+model":
            from vnextract.stats.classifier import QuantityModel

            model = QuantityModel.load()
        ex = Extractor(model=model, indicator_model=kind != "rules")
        t1 = time.perf_counter()
        records = sum(len(doc.records) for doc in ex.pipe(docs))
    t2 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put({"load_s": t1 - t0, "run_s": t2 - t1, "peak_mb": peak_mb, "records": records,
             "chars": sum(len(d["text"]) for d in docs)})


def measure(kind: str, path: Path, n: int) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    q: "mp.Queue[dict[str, float]]" = ctx.Queue()
    p = ctx.Process(target=_run, args=(kind, str(path), n, q))
    p.start()
    res = q.get()
    p.join()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--model", action="store_true", help="also measure with the statistical model on")
    args = ap.parse_args()
    kinds = ["word_tokenize", "rules", "extract"] + (["extract+model"] if args.model else [])
    rows = {k: measure(k, args.bench, args.n) for k in kinds}
    base = rows["word_tokenize"]["run_s"]
    print(f"{args.n} documents, {rows['extract']['chars'] / 1e6:.1f} M characters, one process, one core")
    print(f"{'run':<16}{'docs/s':>9}{'chars/s':>11}{'run s':>8}{'load s':>8}{'peak MB':>9}{'x wt':>7}{'records':>9}")
    for k, r in rows.items():
        print(f"{k:<16}{args.n / r['run_s']:>9.1f}{r['chars'] / r['run_s'] / 1e3:>10.0f}k"
              f"{r['run_s']:>8.2f}{r['load_s']:>8.2f}{r['peak_mb']:>9.0f}{r['run_s'] / base:>7.2f}"
              f"{int(r['records']):>9}")


if __name__ == "__main__":
    main()

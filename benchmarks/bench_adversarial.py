"""Hostile input: time per character and peak memory of ``Extractor`` on adversarial texts.

Each generator builds a text of about N characters (10k, 100k and 1M by default) that once
made the extractor quadratic or its memory explode (issue 12: blanks, newlines, ``1/1/1…``,
``"07 " * k``, ``"%" * n``, ``tỷ tỷ …``, real text without punctuation, ...).  The extractor
is loaded once; every case runs in a forked child, so that its peak memory (``ru_maxrss``,
the loaded extractor included) is its own, under ``Extractor(time_limit=...)``, so that a
case that is still slow ends with a ``DocumentTimeout`` instead of a hang::

    python benchmarks/bench_adversarial.py [--sizes 10000 100000 1000000] [--only percent ...]
                                           [--time-limit 300] [--check-windows N]

Goals (issue 12): time per character at 1M within 3x of that at 10k, peak memory under
500 MB at every size.  A size whose text holds more figures than ``Extractor(max_figures=...)``
allows (100,000 by default) is refused with ``DocumentTooDense``, shown as ``refused``; the ratio
is then over the largest size extracted.  ``--check-windows N`` also checks that cutting long sentences into
windows leaves the tokens of the first N bench documents as they were without windows.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import os
import random
import resource
import string
import time
import unicodedata
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = Path(os.environ.get("VNEXTRACT_SHARED", ROOT.parent / "shared")) / "bench" / "news-20k.jsonl.gz"
REAL = (ROOT / "examples" / "press_release.txt").read_text(encoding="utf-8")
NO_PUNCT = "".join(" " if c in string.punctuation else c for c in REAL)


def _fill(unit: str, n: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, (n - len(head) - len(tail)) // len(unit)) + tail


def _random_text(n: int) -> str:
    rng = random.Random(12)
    alphabet = "0123456789 .,/-%\n" + "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệ" + "tỷ triệu nghìn năm "
    return "".join(rng.choice(alphabet) for _ in range(n))


GENERATORS: dict[str, Callable[[int], str]] = {
    "blanks": lambda n: _fill(" ", n, "Năm 2022 có 5 người", " và 7 hộ."),
    "newlines": lambda n: _fill("\n", n, "có 5 người", "7 hộ"),
    "blank_lines_numerals": lambda n: _fill("5 \n\n", n),
    "slashes": lambda n: _fill("1/", n),
    "dashes": lambda n: _fill("1-", n),
    "dots": lambda n: _fill("1.", n),
    "commas": lambda n: _fill("1,", n),
    "zero_seven": lambda n: _fill("07 ", n, "Kết quả là "),
    "percent": lambda n: _fill("%", n, "tăng 5"),
    "ty": lambda n: _fill("tỷ ", n, "tăng 5 "),
    "digits": lambda n: _fill("9", n, "có ", " người"),
    "spaced_digits": lambda n: _fill("1 ", n),
    "real_no_punct": lambda n: _fill(NO_PUNCT, n),
    "real_repeated": lambda n: _fill(REAL, n),
    "real_one_line": lambda n: _fill(REAL.replace("\n", " "), n),
    "years": lambda n: _fill("năm 2020 ", n),
    "dates": lambda n: _fill("ngày 1/1/2020 ", n),
    "ranges": lambda n: _fill("từ 1 đến 2 ", n),
    "breakdowns": lambda n: _fill("trong đó ", n, "", "5 người"),
    "parentheses": lambda n: "(" * (n // 2) + "5" + ")" * (n // 2),
    "punctuation": lambda n: _fill(".,;:!?", n, "5 người "),
    "random": _random_text,
    "scale_words": lambda n: _fill("triệu tỷ nghìn ", n, "5 "),
    "months": lambda n: _fill("tháng ", n, "", "5"),
    "long_word": lambda n: _fill("a", n, "", " 5 người"),
    "percents": lambda n: _fill("5% ", n),
    "qualifiers": lambda n: _fill("hơn ", n, "", "5 người"),
    "clauses": lambda n: _fill("5 người, ", n, "Tỉnh giải quyết việc làm cho "),
    "dotted_number": lambda n: _fill(".000", n, "1", " đồng"),
    "syllables_no_space": lambda n: _fill("ười", n),
    "astral": lambda n: _fill("😀5 ", n),
    "tabs_and_nbsp": lambda n: _fill("\t\u00a0", n, "5", " người"),
    # a figure with a qualifier on every line (its repeats elsewhere were looked for by a scan)
    "qualified_repeats": lambda n: _fill("gần 5 tỷ đồng\n", n),
    # one long sentence of trigger words and figures (every trigger of the clause was read per figure)
    "trigger_lists": lambda n: _fill("giải quyết việc làm cho 5 lao động, xuất khẩu 3 tỷ USD và ", n),
}


def _child(extractor: Any, text: str, out: "mp.Queue[dict[str, Any]]") -> None:
    from vnextract.batch.limits import DocumentTooDense

    t0 = time.perf_counter()
    try:
        records = len(extractor(text).records)
        status = "ok"
    except TimeoutError:
        records, status = 0, "timeout"
    except DocumentTooDense:  # more figures than Extractor(max_figures): refused, a clear error
        records, status = 0, "refused"
    seconds = time.perf_counter() - t0
    out.put({"seconds": seconds, "records": records, "status": status,
             "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def measure(extractor: Any, text: str) -> dict[str, Any]:
    """Time and peak memory of one extraction, in a forked child."""
    ctx = mp.get_context("fork")
    q: "mp.Queue[dict[str, Any]]" = ctx.Queue()
    p = ctx.Process(target=_child, args=(extractor, text, q))
    p.start()
    res = q.get()
    p.join()
    return res


def run(names: list[str], sizes: list[int], time_limit: float) -> bool:
    from vnextract import Extractor

    extractor = Extractor(time_limit=time_limit)
    extractor("Năm 2022 có 5 người.")  # lazy parts loaded before the fork
    print(f"{'generator':<22}" + "".join(f"{f'{s:,} ch':>26}" for s in sizes) + f"{'ratio':>8}  ok")
    print(f"{'':<22}" + "".join(f"{'s':>8}{'µs/ch':>9}{'MB':>9}" for _ in sizes))
    all_ok = True
    for name in names:
        rows = [measure(extractor, unicodedata.normalize("NFC", GENERATORS[name](n))) for n in sizes]
        per = [r["seconds"] / n * 1e6 for r, n in zip(rows, sizes)]
        timed_out = any(r["status"] == "timeout" for r in rows)
        done = [(r, p) for r, p in zip(rows, per) if r["status"] == "ok"]
        ratio = float("nan") if timed_out or len(done) < 2 or done[0][1] <= 0 else done[-1][1] / done[0][1]
        # a refused size (DocumentTooDense) is a clear error, not an extraction: the ratio is over
        # the sizes extracted, and the row says which were refused
        ok = not timed_out and not ratio > 3 and all(r["peak_mb"] < 500 for r in rows)
        all_ok &= ok
        cells = "".join(_cell(r, p, time_limit) for r, p in zip(rows, per))
        print(f"{name:<22}{cells}{ratio:>8.2f}  {'yes' if ok else 'NO'}", flush=True)
    return all_ok


def _cell(row: dict[str, Any], per_char: float, time_limit: float) -> str:
    if row["status"] == "ok":
        return f"{row['seconds']:>8.2f}{per_char:>9.2f}{row['peak_mb']:>9.0f}"
    if row["status"] == "refused":
        return f"{row['seconds']:>8.2f}{'refused':>9}{row['peak_mb']:>9.0f}"
    return f"{'>' + format(time_limit, 'g'):>8}{'timeout':>9}{row['peak_mb']:>9.0f}"


def check_windows(path: Path, n: int) -> None:
    """Tokens of every sentence longer than a window, with and without windows."""
    from vnextract.structure import segmentation as seg

    windowed, whole = seg.Segmenter(), seg.Segmenter(window=10**9, chunk_chars=10**9)
    sentences = long = same = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i == n:
                break
            text = unicodedata.normalize("NFC", json.loads(line)["text"])
            for s, e in windowed.sentences(text):
                sentences += 1
                if e - s <= seg.CHUNK_CHARS and len(windowed.syllables(text, s, e)) <= seg.WINDOW:
                    continue
                long += 1
                same += _spans(windowed.words(text, s, e)) == _spans(whole.words(text, s, e))
    print(f"{n} bench documents: {sentences} sentences, {long} longer than a window, "
          f"{same} of them tokenised exactly as without windows")


def _spans(tokens: list[Any]) -> list[tuple[int, int, bool]]:
    return [(t.start, t.end, t.space_after) for t in tokens]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--only", nargs="+", choices=sorted(GENERATORS), default=list(GENERATORS))
    ap.add_argument("--time-limit", type=float, default=300.0, help="seconds per document (default 300)")
    ap.add_argument("--check-windows", type=int, default=0, metavar="N")
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    args = ap.parse_args()
    if args.check_windows:
        check_windows(args.bench, args.check_windows)
    ok = run(args.only, args.sizes, args.time_limit)
    print("all within the goals" if ok else "some generators miss the goals (ratio <= 3, < 500 MB)")


if __name__ == "__main__":
    main()

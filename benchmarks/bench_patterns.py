"""Time of every exclusion rule (``patterns/exclusions.yml``) and of the ``range_years`` period
expression on adversarial inputs of two sizes, to show that each grows linearly:

    python benchmarks/bench_patterns.py [--exclusions FILE] [--periods FILE] [--all]

A rule whose time grows with the square of its input (a variable-length lookbehind over a run of
blanks, a repetition inside a repetition scanned again from every start) shows a ratio near the
square of the size ratio; a linear one a ratio near the size ratio.  Without ``--all`` only the
inputs of issue 12 are timed (5k/40k blanks, 1k/8k chars of ``1/1/1…``, 5k/20k newlines), each
against every rule; ``--all`` adds runs of digits, dotted digits, words and capitalised words.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import regex
import yaml

REPO = Path(__file__).resolve().parents[1]
FLAGS = regex.IGNORECASE | regex.VERSION1

# (name, unit, small n, large n): the text is ``unit * n`` truncated to n characters
INPUTS = [("blanks", " ", 5_000, 40_000), ("slashes", "1/", 1_000, 8_000), ("newlines", "\n", 5_000, 20_000)]
MORE = [("digits", "1", 5_000, 40_000), ("dotted", "1.", 5_000, 40_000), ("words", "a ", 5_000, 40_000),
        ("names", "Ab ", 5_000, 40_000), ("tabs", "\t", 5_000, 40_000)]


def rules(exclusions: Path, periods: Path) -> list[tuple[str, regex.Pattern[str]]]:
    data = yaml.safe_load(exclusions.read_text(encoding="utf-8"))
    out = [(f"exclusions.{k}", regex.compile(v["pattern"], FLAGS)) for k, v in data.items()]
    years = yaml.safe_load(periods.read_text(encoding="utf-8"))["expressions"]["range_years"]["pattern"]
    out.append(("periods.range_years", regex.compile(years.replace("{Y}", r"(?:19|20)\d{2}"), FLAGS)))
    return out


def seconds(pat: regex.Pattern[str], text: str) -> float:
    t0 = time.perf_counter()
    for _ in pat.finditer(text):
        pass
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--exclusions", type=Path, default=REPO / "patterns" / "exclusions.yml")
    ap.add_argument("--periods", type=Path, default=REPO / "patterns" / "periods.yml")
    ap.add_argument("--all", action="store_true", help="also the other adversarial inputs")
    ap.add_argument("--slow", type=float, default=0.05, help="print only rules slower than this (s) on a large input")
    args = ap.parse_args()
    inputs = INPUTS + (MORE if args.all else [])
    print(f"{'rule':34} {'input':9} {'small':>7} {'s':>9} {'large':>7} {'s':>9} {'ratio':>6}")
    worst: dict[str, float] = {}
    for name, pat in rules(args.exclusions, args.periods):
        for kind, unit, small, large in inputs:
            a = seconds(pat, (unit * small)[:small])
            b = seconds(pat, (unit * large)[:large])
            worst[kind] = max(worst.get(kind, 0.0), b)
            if b >= args.slow:
                print(f"{name:34} {kind:9} {small:7} {a:9.4f} {large:7} {b:9.4f} {b / max(a, 1e-9):6.1f}")
    print("slowest rule on each large input: " + ", ".join(f"{k} {v:.4f} s" for k, v in worst.items()))


if __name__ == "__main__":
    main()

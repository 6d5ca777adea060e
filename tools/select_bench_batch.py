"""Choose a blind annotation batch among the bench articles that report official figures.

    python tools/select_bench_batch.py --seed 20261202 --n 30 -o ../bench_batch_K

Only the first 10,000 lines of ``../shared/bench/news-20k.jsonl.gz`` may be annotated (the rest
are reserved for evaluation).  An article is a candidate when a plain filter, not the
extractor, says it reports official figures: 1,500-6,000 characters, at least two official
bodies (UBND, Sở, Bộ, Tổng cục, Chính phủ, …), at least four figure words (tăng, giảm, đạt, kế
hoạch, …) and 10-60 numerals other than years.  The candidates' line numbers are shuffled
with the seed and the first ``n`` are written, in that order, as ``ids.txt`` (doc_id and line
number) and ``<doc_id>.txt`` (NFC text) to the output folder, which must be outside the
repository: the texts are the publishers'.  Annotators take them in order and may skip an
article that reports no official figure (saying so in the batch's notes).

The bench reposts articles: an article that repeats another is not blind to whoever tuned on
the other.  A candidate is left out when a quarter or more of its six-word shingles (of the
shorter text) are in a text of the corpus (``../shared/corpus/texts``: development, pool and
reserved documents alike) or in an article of an earlier batch (``--exclude``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import unicodedata
from pathlib import Path

import regex

from vnextract.corpus.texts import ANNOTATABLE_BENCH_LINES

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "bench" / "news-20k.jsonl.gz"
CORPUS_TEXTS = REPO.parent / "shared" / "corpus" / "texts"
OFFICIAL = regex.compile(r"\b(?:UBND|Ủy ban nhân dân|Sở [A-ZĐ]|Bộ [A-ZĐ]|Tổng cục|Cục [A-ZĐ]|HĐND|"
                         r"Hội đồng nhân dân|Chính phủ|Thủ tướng|BHXH)")
FIGURE_WORDS = regex.compile(r"\b(?:tăng|giảm|đạt|kế hoạch|chỉ tiêu|lũy kế|ước|tổng số|toàn tỉnh|"
                             r"toàn huyện|cả nước)\b")
NUMERAL = regex.compile(r"\d[\d.,]*")
YEAR = regex.compile(r"(?:19|20)\d\d")
WORD = regex.compile(r"\w+")
SHINGLE = 6
TWIN_SHARE = 0.25


def reports_official_figures(text: str) -> bool:
    if not 1500 <= len(text) <= 6000:
        return False
    if len(OFFICIAL.findall(text)) < 2 or len(FIGURE_WORDS.findall(text)) < 4:
        return False
    numerals = [m for m in NUMERAL.findall(text) if not YEAR.fullmatch(m)]
    return 10 <= len(numerals) <= 60


def shingles(text: str) -> set[int]:
    words = WORD.findall(text.lower())
    return {hash(" ".join(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def twin(text: set[int], others: list[set[int]]) -> bool:
    """Does a quarter or more of the shorter text's shingles recur in one of ``others``?"""
    return any(len(text & o) >= TWIN_SHARE * max(1, min(len(text), len(o))) for o in others)


def candidates(bench: Path) -> list[tuple[int, str, str]]:
    out = []
    with gzip.open(bench, "rt", encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if line_no > ANNOTATABLE_BENCH_LINES:
                break
            doc = json.loads(line)
            text = unicodedata.normalize("NFC", doc["text"])
            if reports_official_figures(text):
                out.append((line_no, doc["doc_id"], text))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--bench", type=Path, default=BENCH)
    ap.add_argument("--exclude", type=Path, nargs="*", default=[],
                    help="ids.txt files of earlier batches, whose articles are not chosen again")
    ap.add_argument("--corpus", type=Path, default=CORPUS_TEXTS,
                    help="the corpus texts, whose reposts are not chosen")
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()
    out = args.out.resolve()
    if out == REPO or REPO in out.parents:
        print("the output folder must be outside the repository (the texts are the publishers')",
              file=sys.stderr)
        return 2
    taken = {ln.split()[0] for p in args.exclude for ln in p.read_text().splitlines() if ln.strip()}
    found = candidates(args.bench)
    seen = [shingles(p.read_text(encoding="utf-8")) for p in sorted(args.corpus.glob("*.txt"))]
    seen += [shingles(text) for _, doc_id, text in found if doc_id in taken]
    pool = [c for c in found if c[1] not in taken and not twin(shingles(c[2]), seen)]
    random.Random(args.seed).shuffle(pool)
    out.mkdir(parents=True, exist_ok=True)
    chosen = pool[: args.n]
    for _, doc_id, text in chosen:
        (out / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (out / "ids.txt").write_text("".join(f"{d} {ln}\n" for ln, d, _ in chosen), encoding="utf-8")
    print(f"{len(found) - len(pool)} taken or reposts left out; {len(pool)} candidates; wrote {len(chosen)} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

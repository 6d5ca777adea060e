"""Write the extractor's predictions on every corpus to a folder, or compare two such folders.

A refactoring keeps behaviour when the predictions are identical before and after::

    python tools/snapshot_predictions.py /tmp/before        # at the old commit
    python tools/snapshot_predictions.py /tmp/after         # at the new one
    python tools/snapshot_predictions.py --compare /tmp/before /tmp/after

The sets: the development gold (``$VNEXTRACT_SHARED/corpus/gold``), the project's own,
held-out and constructed corpora, and the first 300 bench documents.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VNEXTRACT_SHARED", REPO.parent / "shared"))


def _gold(path: Path) -> list[dict[str, Any]]:
    from vnextract.corpus import load_documents

    return load_documents(path, texts_dir=SHARED / "corpus" / "texts")


def _bench(n: int) -> Iterator[dict[str, Any]]:
    with gzip.open(SHARED / "bench" / "news-20k.jsonl.gz", "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                return
            obj = json.loads(line)
            yield {"text": obj["text"], "doc_id": obj.get("doc_id"), "title": None, "published": None}


def sets(bench: int) -> dict[str, Iterable[dict[str, Any]]]:
    return {
        "dev": _gold(SHARED / "corpus" / "gold"),
        "own": _gold(REPO / "corpus" / "gold"),
        "heldout": _gold(REPO / "corpus" / "heldout"),
        "constructed": _gold(REPO / "corpus" / "constructed"),
        "bench": _bench(bench),
    }


def write(out: Path, bench: int, only: list[str] | None = None) -> None:
    from vnextract import Extractor

    ex = Extractor()
    out.mkdir(parents=True, exist_ok=True)
    for name, docs in sets(bench).items():
        if only and name not in only:
            continue
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            for d in docs:
                doc = ex(d["text"], published=d.get("published"), title=d.get("title"), doc_id=d.get("doc_id"))
                fh.write(doc.model_dump_json(exclude={"text"}) + "\n")
        print(f"wrote {out / (name + '.jsonl')}", file=sys.stderr)


def compare(a: Path, b: Path) -> int:
    differ = 0
    for fa in sorted(a.glob("*.jsonl")):
        la = fa.read_text(encoding="utf-8").splitlines()
        lb = (b / fa.name).read_text(encoding="utf-8").splitlines()
        n = sum(x != y for x, y in zip(la, lb)) + abs(len(la) - len(lb))
        recs = sum(len(json.loads(x)["records"]) for x in la)
        print(f"{fa.stem:12} {len(la):4} documents {recs:6} records: {n} documents differ")
        differ += n
        for x, y in zip(la, lb):
            if x != y:
                dx, dy = json.loads(x), json.loads(y)
                for rx, ry in zip(dx["records"], dy["records"]):
                    if rx != ry:
                        keys = [k for k in rx if rx.get(k) != ry.get(k)]
                        print(f"  {dx['doc_id']} {rx['id']} {rx['text']!r}: "
                              + ", ".join(f"{k} {rx.get(k)!r} -> {ry.get(k)!r}" for k in keys))
                if len(dx["records"]) != len(dy["records"]):
                    print(f"  {dx['doc_id']}: {len(dx['records'])} -> {len(dy['records'])} records")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--compare", action="store_true", help="compare two snapshot folders")
    ap.add_argument("--bench", type=int, default=300, help="bench documents (default 300)")
    ap.add_argument("--only", nargs="*", help="sets to write (default: all of them)")
    args = ap.parse_args()
    if args.compare:
        return compare(*args.folders[:2])
    write(args.folders[0], args.bench, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())

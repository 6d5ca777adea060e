"""Coverage of an annotation: the numerals of a text that are neither records nor listed as
deliberate exclusions (``vnextract annotate --coverage``).  Numerals are found by the plain
regex of :mod:`vnextract.corpus.annfile`, never by the extractor, so that coverage can be
checked on blind annotations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from vnextract.corpus.annfile import ANN_SUFFIX, AnnError, find_occurrence, load_ann, load_ann_document
from vnextract.corpus.mentions import Mention, find_numerals
from vnextract.corpus.documents import load_documents


AMBIGUOUS_WORDS = ("năm", "một")  # mostly "year" and the article; listed only on request
# Calendar expressions hidden from the coverage list unless asked (``strict``): dates,
# a number after năm/tháng/ngày/quý/giai đoạn, and bare years 1900-2099.
CALENDAR = re.compile(
    r"(?<![\w.,])\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?(?![\w/])"
    r"|(?<!\w)(?:[Nn]ăm|[Tt]háng|[Nn]gày|[Qq]uý|[Gg]iai đoạn)\s+\d+(?:\s*[/–-]\s*\d+)*(?![\w.,]\d)"
    r"|(?<![\w.,])(?:19|20)\d\d(?![\w.,]?\d)"
    r"|(?<![\w.,])\d+\s+(?:tháng|năm)\s+(?:đầu|cuối|qua)"
)


# multiples spelled as words (decision 16 of corpus/README.md), listed as numerals
MULTIPLE_WORDS = {"đôi": 2.0, "rưỡi": 1.5}
MULTIPLES = re.compile(r"(?<!\w)gấp\s+(?:gần\s+|hơn\s+)?(đôi|rưỡi)(?!\w)", re.IGNORECASE)


def exclusion_spans(ann: Mapping[str, Any], text: str) -> list[tuple[int, int]]:
    """Spans of an ann file's ``exclusions`` (the whole ``at``, or ``num`` inside it)."""
    spans: list[tuple[int, int]] = []
    for i, ex in enumerate(ann.get("exclusions") or [], 1):
        unknown = set(ex) - {"at", "occ", "num", "why"}
        if unknown:
            raise AnnError(f"{ann.get('doc_id')} exclusion {i}: unknown keys {sorted(unknown)}")
        at = str(ex.get("at") or "")
        base = find_occurrence(text, at, int(ex.get("occ", 1))) if at else -1
        if base < 0:
            raise AnnError(f"{ann.get('doc_id')} exclusion {i}: {at!r} not found in the text")
        start, end = base, base + len(at)
        if ex.get("num") is not None:
            inner = at.find(str(ex["num"]))
            if inner < 0:
                raise AnnError(f"{ann.get('doc_id')} exclusion {i}: num not inside at {at!r}")
            start, end = base + inner, base + inner + len(str(ex["num"]))
        spans.append((start, end))
    return spans


def uncovered_numerals(text: str, covered: Iterable[tuple[int, int]],
                       all_words: bool = False, strict: bool = False) -> list[Mention]:
    """Digit sequences and number words of ``text`` overlapping no covered span.

    Unless ``strict``, calendar expressions (:data:`CALENDAR`) count as covered."""
    spans = sorted(covered)
    if not strict:
        spans += [(m.start(), m.end()) for m in CALENDAR.finditer(text)]
    def hit(n: Mention) -> bool:
        return any(s < n.end and n.start < e for s, e in spans)
    found = find_numerals(text, ranges=False)
    found += [Mention(m.start(1), m.end(1), m.group(1), MULTIPLE_WORDS[m.group(1).lower()]) for m in MULTIPLES.finditer(text)]
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    cands = [n for n in found if not hit(n)]
    if not all_words:
        cands = [n for n in cands if n.surface.lower() not in AMBIGUOUS_WORDS]
    out: list[Mention] = []
    for n in cands:  # sorted by start, longest first: drop the parts of a reported one
        if out and n.start < out[-1].end:
            continue
        out.append(n)
    return out



def coverage(path: Path, texts: Optional[str], all_words: bool, strict: bool = False) -> int:
    """Print the uncovered numerals of every document; 1 when there are any.

    In a folder, an ann file (which carries ``exclusions``) is preferred over a JSON
    document with the same doc_id; a ``gold/`` folder of converted files inside an
    annotation folder is the same documents again and is skipped."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    if path.is_dir() and any(f.name.endswith(ANN_SUFFIX) for f in files):
        files = [f for f in files if f.name.endswith(ANN_SUFFIX)]
    items: list[tuple[dict[str, Any], list[tuple[int, int]]]] = []
    seen: set[str] = set()
    for f in (p for p in files if p.name.endswith(ANN_SUFFIX)):
        doc = load_ann_document(f, texts)
        items.append((doc, exclusion_spans(load_ann(f), doc["text"])))
        seen.add(str(doc["doc_id"]))
    for f in (p for p in files if p.suffix in (".json", ".jsonl")):
        items.extend((d, []) for d in load_documents(f, texts) if str(d.get("doc_id")) not in seen)
    total = 0
    for doc, excluded in items:
        text = doc["text"]
        spans = [(int(r["start"]), int(r["end"])) for r in doc["records"]] + excluded
        missing = uncovered_numerals(text, spans, all_words, strict)
        total += len(missing)
        print(f"{doc['doc_id']}: {len(doc['records'])} records, {len(missing)} uncovered")
        for n in missing:
            ctx = text[max(0, n.start - 30):n.end + 30].replace("\n", " ")
            print(f"  {n.start:>6}  {n.surface!r:<14} …{ctx}…")
    return 1 if total else 0

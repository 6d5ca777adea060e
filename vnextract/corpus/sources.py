"""A SOURCES.md table (file, date, URL columns): each text's publication date and URL, for
pre-annotation."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from vnextract.dates import normalize_date


def parse_date(raw: str) -> Optional[str]:
    """An ISO date (or year) from a SOURCES.md date cell, its note in parentheses left out;
    None when the cell is not one date (``2018-2021 (repost date not stored)``)."""
    return normalize_date(raw.split("(")[0].strip())


def read_sources(path: Path) -> dict[str, dict[str, Optional[str]]]:
    """``{doc_id: {"published", "url"}}`` from a markdown table with file/date/URL columns."""
    out: dict[str, dict[str, Optional[str]]] = {}
    header: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header:
            header = [c.lower() for c in cells]
            continue
        if "file" not in header or "date" not in header or set(line) <= set("|-: "):
            continue
        row = dict(zip(header, cells))
        doc_id = Path(row.get("file", "")).stem
        url = row.get("original url") or None
        out[doc_id] = {"published": parse_date(row.get("date", "")),
                       "url": url if url and url.startswith("http") else None}
    return out

"""Where results go: a resumable JSONL file (or stdout), or a flat parquet/csv table.

A JSONL output is written one complete line at a time and flushed, so a process killed at
any moment leaves whole lines plus at most one partial last line.  :func:`scan_output`
reads such a file back: the keys ``(doc_id, source)`` of the complete lines, and the offset
where the partial tail starts, which :class:`JsonlSink` truncates before appending.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Optional, Protocol

import orjson

from vnextract.batch.items import Key, canonical_source


class Sink(Protocol):
    def write(self, line: bytes) -> None: ...

    def close(self) -> None: ...


@dataclass
class Existing:
    """What a previous run left in an output file."""

    keys: set[Key] = field(default_factory=set)
    errors: int = 0
    records: int = 0
    good_end: int = 0  # byte offset after the last complete, valid line
    size: int = 0


def scan_output(path: Path) -> Existing:
    """Keys (id and resolved source, see :attr:`~vnextract.batch.items.Item.key`) and error
    count of the complete lines of a JSONL output; where the good part ends."""
    out = Existing()
    if not path.exists():
        return out
    out.size = path.stat().st_size
    with open(path, "rb") as fh:
        pos = 0
        for line in fh:
            end = pos + len(line)
            if not line.endswith(b"\n"):
                break  # partial last line from a killed run
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                break  # a torn line: everything after it is rewritten
            out.keys.add((obj.get("doc_id"), canonical_source(obj.get("source", ""))))
            out.errors += "error" in obj
            out.records += len(obj.get("records") or ())
            out.good_end = pos = end
    return out


class JsonlSink:
    """Append-only JSONL writer with a flush after every line."""

    def __init__(self, path: Optional[Path], *, resume: bool = False) -> None:
        self.path = path
        self.existing = Existing()
        self._fh: IO[bytes]
        if path is None:
            self._fh = sys.stdout.buffer
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume and path.exists():
            self.existing = scan_output(path)
            if self.existing.good_end < self.existing.size:
                with open(path, "r+b") as fh:
                    fh.truncate(self.existing.good_end)
            self._fh = open(path, "ab")
        else:
            self._fh = open(path, "wb")

    def write(self, line: bytes) -> None:
        self._fh.write(line)
        self._fh.write(b"\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.flush()
        if self.path is not None:
            os.fsync(self._fh.fileno())
            self._fh.close()


class TableSink:
    """Flat table (one row per record) written in batches: parquet or csv."""

    def __init__(self, path: Path, fmt: str, batch_rows: int = 2000) -> None:
        from vnextract.batch.tables import TableWriter

        self._writer = TableWriter(path, fmt)
        self._batch: list[dict[str, object]] = []
        self._batch_rows = batch_rows

    def write(self, line: bytes) -> None:
        from vnextract.batch.tables import rows_of

        self._batch.extend(rows_of(orjson.loads(line), include_empty=True))
        if len(self._batch) >= self._batch_rows:
            self._writer.write_rows(self._batch)
            self._batch = []

    def close(self) -> None:
        if self._batch:
            self._writer.write_rows(self._batch)
            self._batch = []
        self._writer.close()

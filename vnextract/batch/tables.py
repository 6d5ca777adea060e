"""Flat tables for analysts: one row per record, with the document's fields.

>>> from vnextract import extract, to_dataframe
>>> df = to_dataframe([extract("Năm 2022, tỉnh giải quyết việc làm cho 3.721 lao động.", doc_id="d1")])
>>> list(df.columns[:4])
['doc_id', 'published', 'title', 'url']

Columns: ``doc_id``, ``published``, ``title``, ``url``, then every :class:`~vnextract.schema.Record`
field under its own name (``id``, ``start``, ``end``, ``text``, ``value``, ... ``location``, ...).
The batch CLI (``vnextract extract --format parquet|csv``) adds ``input`` (where the
document came from), ``error_type`` and ``error_message``, and writes one row with empty
record fields for a document without records or that failed, so every input is visible.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Union

from vnextract.schema import Document, Record

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

DOC_COLUMNS = ("doc_id", "published", "title", "url")
BATCH_COLUMNS = ("input", "error_type", "error_message")
RECORD_COLUMNS = tuple(Record.model_fields)

DocLike = Union[Document, Mapping[str, Any]]


def rows_of(doc: DocLike, *, include_empty: bool = False) -> list[dict[str, Any]]:
    """Rows of one document (a :class:`Document` or its JSON dict, batch fields allowed)."""
    d: Mapping[str, Any] = doc.model_dump(mode="json") if isinstance(doc, Document) else doc
    head = {k: d.get(k) for k in DOC_COLUMNS}
    extra: dict[str, Any] = {}
    if include_empty:
        err = d.get("error") or {}
        extra = {"input": d.get("source"), "error_type": err.get("type"), "error_message": err.get("message")}
    records = d.get("records") or []
    if not records:
        return [{**head, **dict.fromkeys(RECORD_COLUMNS), **extra}] if include_empty else []
    out = []
    for rec in records:
        r = rec.model_dump(mode="json") if isinstance(rec, Record) else rec
        out.append({**head, **{k: r.get(k) for k in RECORD_COLUMNS}, **extra})
    return out


def schema(include_batch: bool = False) -> "pa.Schema":
    """Arrow schema of the table (types follow the Record model)."""
    import pyarrow as pa

    types: dict[str, pa.DataType] = {"start": pa.int64(), "end": pa.int64(), "sentence_start": pa.int64(),
                                     "sentence_end": pa.int64(), "value": pa.float64(),
                                     "value_max": pa.float64(), "cumulative": pa.bool_()}
    cols = DOC_COLUMNS + RECORD_COLUMNS + (BATCH_COLUMNS if include_batch else ())
    return pa.schema([(c, types.get(c, pa.string())) for c in cols])


def to_arrow(docs: Iterable[DocLike], *, include_empty: bool = False) -> "pa.Table":
    import pyarrow as pa

    rows = [row for doc in docs for row in rows_of(doc, include_empty=include_empty)]
    return pa.Table.from_pylist(rows, schema=schema(include_empty))


def to_dataframe(docs: Iterable[DocLike], *, include_empty: bool = False) -> "pd.DataFrame":
    """A pandas DataFrame with one row per record of ``docs`` (Documents or their JSON dicts).

    ``include_empty=True`` keeps a row (record fields empty) for documents without records
    and adds the batch columns ``input``, ``error_type``, ``error_message``.
    """
    return to_arrow(docs, include_empty=include_empty).to_pandas()


class TableWriter:
    """Streams rows into a parquet or csv file with the batch schema."""

    def __init__(self, path: Path, fmt: str) -> None:
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq

        if fmt not in ("parquet", "csv"):
            raise ValueError(f"unknown table format {fmt!r}")
        self.schema = schema(include_batch=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer: Optional[Any]
        if fmt == "parquet":
            self._writer = pq.ParquetWriter(str(path), self.schema)
        else:
            self._writer = pcsv.CSVWriter(str(path), self.schema)

    def write_rows(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa

        assert self._writer is not None
        self._writer.write_table(pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def jsonl_to_table(jsonl: Path, out: Path, fmt: str) -> int:
    """Convert a batch JSONL output into a parquet/csv table; returns the number of rows."""
    import orjson

    writer = TableWriter(out, fmt)
    n = 0
    batch: list[dict[str, Any]] = []
    with open(jsonl, "rb") as fh:
        for line in fh:
            if line.strip():
                batch.extend(rows_of(orjson.loads(line), include_empty=True))
            if len(batch) >= 2000:
                writer.write_rows(batch)
                n, batch = n + len(batch), []
    if batch:
        writer.write_rows(batch)
        n += len(batch)
    writer.close()
    return n

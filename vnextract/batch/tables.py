"""Flat tables for analysts: one row per record, with the document's fields.

>>> from vnextract import extract, to_dataframe
>>> df = to_dataframe([extract("Năm 2022, tỉnh giải quyết việc làm cho 3.721 lao động.", doc_id="d1")])
>>> list(df.columns[:6])
['doc_id', 'published', 'published_date', 'title', 'url', 'id']
>>> df[["value", "period", "period_start", "period_end"]].astype(str).values.tolist()
[['3721.0', '2022', '2022-01-01', '2022-12-31']]

Columns: the document's ``doc_id``, ``published`` (ISO, at its precision), ``published_date``
(a date: its first day), ``title``, ``url``; then every :class:`~vnextract.schema.Record` field
under its own name (``id``, ``start``, ``end``, ``text``, ``value``, ... ``period`` ...), and
``period_start`` / ``period_end``: the first and last day the period covers, as dates (empty
when it is open or its year unknown, ``XXXX``).  The batch CLI (``vnextract extract --format
parquet|csv``) adds ``source`` (where the document came from, as in the JSONL), ``has_records``,
``error_type`` and ``error_message``: a document without records, or that failed, has one row
with ``has_records`` false, so every input is visible.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Optional, Union

from vnextract.schema import Document, Record

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

DOC_COLUMNS = ("doc_id", "published", "published_date", "title", "url")
RECORD_COLUMNS = tuple(Record.model_fields)
PERIOD_COLUMNS = ("period_start", "period_end")
BATCH_COLUMNS = ("source", "has_records", "error_type", "error_message")

DocLike = Union[Document, Mapping[str, Any]]
_POINT = re.compile(r"(\d{4})(?:-(?:Q([1-4])|(\d{2})(?:-(\d{2}))?))?")


def _bounds(point: str) -> Optional[tuple[dt.date, dt.date]]:
    """First and last day of ``2022``, ``2022-05``, ``2022-05-05`` or ``2022-Q1``."""
    m = _POINT.fullmatch(point)
    if not m:
        return None
    year = int(m[1])
    try:
        if m[2]:
            first = 3 * int(m[2]) - 2
            return dt.date(year, first, 1), dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        if m[4]:
            day = dt.date(year, int(m[3]), int(m[4]))
            return day, day
        if m[3]:
            month = int(m[3])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def period_dates(period: Optional[str]) -> tuple[Optional[dt.date], Optional[dt.date]]:
    """``(first day, last day)`` of an ISO period (FORMAT.md 3.6); None for an open or unknown end.

    >>> period_dates("2022-01/2022-05"), period_dates("../2022-05-05"), period_dates("XXXX-01/XXXX-06")
    ((datetime.date(2022, 1, 1), datetime.date(2022, 5, 31)), (None, datetime.date(2022, 5, 5)), (None, None))
    """
    if not period:
        return None, None
    start, _, end = period.partition("/")
    lo = _bounds(start)
    hi = _bounds(end or start)
    return (lo[0] if lo else None), (hi[1] if hi else None)


def rows_of(doc: DocLike, *, include_empty: bool = False) -> list[dict[str, Any]]:
    """Rows of one document (a :class:`Document` or its JSON dict, batch fields allowed)."""
    d: Mapping[str, Any] = doc.model_dump(mode="json") if isinstance(doc, Document) else doc
    head = {k: d.get(k) for k in DOC_COLUMNS}
    head["published_date"] = period_dates(d.get("published"))[0]
    records = d.get("records") or []
    extra: dict[str, Any] = {}
    if include_empty:
        err = d.get("error") or {}
        extra = {"source": d.get("source"), "has_records": bool(records), "error_type": err.get("type"),
                 "error_message": err.get("message")}
    if not records:
        empty = {**dict.fromkeys(RECORD_COLUMNS), **dict.fromkeys(PERIOD_COLUMNS)}
        return [{**head, **empty, **extra}] if include_empty else []
    out = []
    for rec in records:
        r = rec.model_dump(mode="json") if isinstance(rec, Record) else rec
        start, end = period_dates(r.get("period"))
        out.append({**head, **{k: r.get(k) for k in RECORD_COLUMNS}, "period_start": start, "period_end": end,
                    **extra})
    return out


def schema(include_batch: bool = False) -> "pa.Schema":
    """Arrow schema of the table (types follow the Record model)."""
    import pyarrow as pa

    types: dict[str, pa.DataType] = {"start": pa.int64(), "end": pa.int64(), "sentence_start": pa.int64(),
                                     "sentence_end": pa.int64(), "value": pa.float64(),
                                     "value_max": pa.float64(), "cumulative": pa.bool_(), "has_records": pa.bool_(),
                                     "published_date": pa.date32(), "period_start": pa.date32(),
                                     "period_end": pa.date32()}
    cols = DOC_COLUMNS + RECORD_COLUMNS + PERIOD_COLUMNS + (BATCH_COLUMNS if include_batch else ())
    return pa.schema([(c, types.get(c, pa.string())) for c in cols])


def to_arrow(docs: Iterable[DocLike], *, include_empty: bool = False) -> "pa.Table":
    import pyarrow as pa

    rows = [row for doc in docs for row in rows_of(doc, include_empty=include_empty)]
    return pa.Table.from_pylist(rows, schema=schema(include_empty))


def to_dataframe(docs: Iterable[DocLike], *, include_empty: bool = False) -> "pd.DataFrame":
    """A pandas DataFrame with one row per record of ``docs`` (Documents or their JSON dicts).

    ``include_empty=True`` keeps one row (record fields empty, ``has_records`` false) for a
    document without records and adds the batch columns ``source``, ``has_records``,
    ``error_type``, ``error_message``.  Dates are ``datetime.date`` objects.
    """
    return to_arrow(docs, include_empty=include_empty).to_pandas(date_as_object=True)


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

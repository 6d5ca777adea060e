"""to_dataframe and the flat table of records."""

from __future__ import annotations

from pathlib import Path

from vnextract.schema import Document, Record
from vnextract.batch.tables import RECORD_COLUMNS, rows_of, to_dataframe


def _doc(doc_id: str, n: int) -> Document:
    text = "Có " + " và ".join(str(10 + i) for i in range(n)) + " hộ."
    recs = []
    pos = 3
    for i in range(n):
        s = str(10 + i)
        recs.append(Record(id=f"q{i + 1}", start=pos, end=pos + len(s), text=s, value=float(s),
                           unit="hộ", period="2023"))
        pos += len(s) + 4
    return Document(doc_id=doc_id, title="T " + doc_id, published="2023-01-02", url=f"http://x/{doc_id}",
                    text=text, records=recs)


def test_to_dataframe_one_row_per_record() -> None:
    import vnextract

    docs = [_doc("a", 2), _doc("b", 0), _doc("c", 3)]
    df = vnextract.to_dataframe(docs)
    assert list(df.columns) == ["doc_id", "published", "published_date", "title", "url", *RECORD_COLUMNS,
                                "period_start", "period_end"]
    assert list(df["doc_id"]) == ["a", "a", "c", "c", "c"]
    assert list(df["value"]) == [10.0, 11.0, 10.0, 11.0, 12.0]
    assert set(df["url"]) == {"http://x/a", "http://x/c"} and set(df["unit"]) == {"hộ"}
    assert df["start"].dtype.kind == "i" and df["cumulative"].dtype == bool


def test_include_empty_and_json_dicts() -> None:
    err = {"doc_id": "e", "source": "f.jsonl:2", "error": {"type": "MissingText", "message": "m"}}
    docs = [_doc("a", 1).model_dump(mode="json"), _doc("b", 0), err]
    df = to_dataframe(docs, include_empty=True)
    assert list(df["doc_id"]) == ["a", "b", "e"]
    assert df["error_type"].tolist()[2] == "MissingText" and df["source"].tolist()[2] == "f.jsonl:2"
    assert df["has_records"].tolist() == [True, False, False]
    assert rows_of(_doc("b", 0)) == []


def test_jsonl_to_table(tmp_path: Path) -> None:
    import orjson
    import pyarrow.parquet as pq

    from vnextract.batch.tables import jsonl_to_table

    src = tmp_path / "out.jsonl"
    err = {"doc_id": "e", "source": "x.txt", "error": {"type": "BinaryInputError", "message": "m"}}
    src.write_bytes(orjson.dumps(_doc("a", 2).model_dump(mode="json")) + b"\n" + orjson.dumps(err) + b"\n")
    assert jsonl_to_table(src, tmp_path / "t.parquet", "parquet") == 3
    rows = pq.read_table(tmp_path / "t.parquet").to_pylist()
    assert [(r["doc_id"], r["value"], r["error_type"]) for r in rows] == [
        ("a", 10.0, None), ("a", 11.0, None), ("e", None, "BinaryInputError")]


def test_periods_and_dates_are_dates() -> None:
    """Issue 13.7: period_start/period_end and published_date are dates, not strings."""
    import datetime as dt

    from vnextract.batch.tables import period_dates

    assert period_dates("2022-Q1") == (dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert period_dates("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period_dates("2017-07-01/..") == (dt.date(2017, 7, 1), None)
    assert period_dates(None) == period_dates("XXXX") == period_dates("2022-13") == (None, None)
    df = to_dataframe([_doc("a", 1)])
    assert df["period_start"].tolist() == [dt.date(2023, 1, 1)] and df["period_end"].tolist() == [dt.date(2023, 12, 31)]
    assert df["published_date"].tolist() == [dt.date(2023, 1, 2)]

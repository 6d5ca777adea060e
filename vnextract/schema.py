"""The record format of ``spec/FORMAT.md`` sections 1 and 2 as pydantic v2 models: the one
place the fields are defined; every other list of them (the ann.yml keys, the Label Studio
fields, the table columns) is derived from these models.

Every field of FORMAT.md section 2 is always present in the JSON of a :class:`Record` (``None``
included); :data:`EXTRA_FIELDS` are the extractor's own additions, which the scorer ignores.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Optional, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, ValidationError, model_serializer

Role = Literal["actual", "target", "target_ratio", "change", "share"]
Qualifier = Literal["about", "over", "under", "at_least", "at_most"]
Kind = Literal["count", "money", "percent", "measure", "multiple", "points", "number"]
DecidedBy = Literal["rule", "model", "both"]
ROLES: tuple[str, ...] = get_args(Role)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
KINDS: tuple[str, ...] = get_args(Kind)


class Record(BaseModel):
    """One numeric mention that states a measured amount (FORMAT.md section 2)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="unique in the document: q1, q2, ... in text order")
    start: int = Field(ge=0, description="offset of the numeral expression in the NFC text (code points)")
    end: int = Field(ge=0, description="end offset: text[start:end] is the numeral (digits or number words, scale word, %)")
    text: str = Field(description="text[start:end], e.g. '3.721', '14 triệu', '14,8%'")
    value: float = Field(description="the amount with its scale applied: '14 triệu' -> 14000000, '14,8%' -> 14.8")
    value_max: Optional[float] = Field(None, description="upper end of a range ('từ 10 đến 15' -> 15), else null")
    unit: Optional[str] = Field(None, description="what is counted or the unit of measure, lower case (FORMAT.md 3.4)")
    indicator: Optional[str] = Field(None, description="catalogue indicator id (spec/indicators.yml), else null")
    indicator_text: Optional[str] = Field(None, description="the phrase of the sentence that says what is measured")
    role: Role = Field("actual", description="actual, target, target_ratio, change or share (FORMAT.md 3.5)")
    qualifier: Optional[Qualifier] = Field(None, description="about, over, under, at_least or at_most ('hơn', 'gần', ...)")
    period: Optional[str] = Field(None, description="the time the figure covers, ISO 8601 ('2022-01/2022-05'; XXXX: year unknown)")
    cumulative: bool = Field(False, description="a running total ('lũy kế', 'từ đầu năm đến nay')")
    location: Optional[str] = Field(None, description="province or city, district, region, 'Việt Nam' or a country (FORMAT.md 3.8)")
    parent: Optional[str] = Field(None, description="id of the record this one is a part of ('trong đó', 'gồm')")
    # the extractor's own fields (ignored by the scorer)
    kind: Kind = Field("number", description="count, money, percent, measure, multiple, points or number")
    decided_by: DecidedBy = Field("rule", description="what decided the record: the rules, the statistical model, or both agreeing")
    rule: Optional[str] = Field(None, description="the rules that decided it, e.g. 'trigger:employment.jobs_created,period:sentence'")
    sentence_start: Optional[int] = Field(None, description="offset of the sentence the figure stands in")
    sentence_end: Optional[int] = Field(None, description="end offset of that sentence")


FIELDS: tuple[str, ...] = tuple(Record.model_fields)
FORMAT_FIELDS: tuple[str, ...] = FIELDS[: FIELDS.index("parent") + 1]  # FORMAT.md section 2, in order
EXTRA_FIELDS: tuple[str, ...] = FIELDS[len(FORMAT_FIELDS) :]
SPAN_FIELDS: tuple[str, ...] = ("id", "start", "end", "text")  # where a record is, not what it says


class DocumentError(BaseModel):
    """Why an input document has no records: the batch CLI's error line."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(description="the kind of failure, e.g. DocumentTooLarge, JSONDecodeError, BinaryInputError")
    message: str = Field(description="what went wrong, for a person")


class Document(BaseModel):
    """A document with its records; offsets index ``text`` (NFC).  The batch fields (``source``
    to ``error``) are those ``vnextract extract`` adds; :func:`read_jsonl` reads its lines back."""

    model_config = ConfigDict(extra="forbid")

    doc_id: Optional[str] = Field(None, description="the document's id (file stem, or the input's id field)")
    title: Optional[str] = Field(None, description="the title, when known")
    published: Optional[str] = Field(None, description="publication date, ISO 8601 (a day, a month or a year)")
    location: Optional[str] = Field(None, description="the place the document reports on (FORMAT.md 1 and 3.8)")
    url: Optional[str] = Field(None, description="where the document was found, when known")
    text: str = Field("", description="the document text after Unicode NFC normalisation; every offset indexes it")
    records: list[Record] = Field(default_factory=list, description="every figure, in text order")
    source: Optional[str] = Field(None, description="batch: the input it came from, 'path' or 'path:line' ('-' for stdin)")
    encoding: Optional[str] = Field(None, description="batch: how its bytes were decoded (utf-8, cp1258, tcvn3, vni, ...)")
    encoding_assumed: Optional[bool] = Field(None, description="batch: true when the encoding was a guess on thin evidence")
    warnings: Optional[list[str]] = Field(None, description="batch: problems that did not stop extraction (an unreadable date, bad bytes)")
    error: Optional[DocumentError] = Field(None, description="batch: why the input could not be extracted (then no text, no records)")

    @model_serializer(mode="wrap")
    def _without_empty_batch_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """The batch fields appear only when they say something (a library call has none)."""
        data: dict[str, Any] = handler(self)
        for name in BATCH_FIELDS:
            if data.get(name) is None:
                data.pop(name, None)
        return data

    def to_spacy(self, nlp: Any = None) -> Any:
        """A spaCy ``Doc`` of the text with the records as spans in ``doc.spans["quantities"]``
        (label: the indicator) and every record field as a span extension (``span._.value``);
        see :func:`vnextract.display.to_spacy`."""
        from vnextract.display import to_spacy

        return to_spacy(self, nlp)

    def render(self, *, page: bool = False) -> str:
        """displaCy HTML: one colour per indicator, role and period shown beside each figure, a
        legend (:func:`vnextract.display.render`)."""
        from vnextract.display import render

        return render(self, page=page)

    def _repr_html_(self) -> str:
        """Notebook display: :meth:`render`."""
        return self.render()


BATCH_FIELDS: tuple[str, ...] = ("source", "encoding", "encoding_assumed", "warnings", "error")


def read_jsonl(path: Union[str, Path]) -> list[Document]:
    """The documents of a ``vnextract extract`` output (JSONL, ``.gz`` too, or a Dask output
    folder of ``part-NNNNN.jsonl``), error lines included; a line that is not a document is an
    error naming its place.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "out.jsonl")
    >>> with open(path, "w", encoding="utf-8") as fh:
    ...     _ = fh.write('{"doc_id": "a", "source": "a.txt", "error": {"type": "BinaryInputError", "message": "binary"}}\\n')
    >>> [(d.doc_id, d.error.type) for d in read_jsonl(path)]
    [('a', 'BinaryInputError')]
    """
    import gzip

    p = Path(path)
    files = sorted(p.glob("part-*.jsonl")) if p.is_dir() else [p]
    docs: list[Document] = []
    for file in files:
        with (gzip.open(file, "rb") if file.name.endswith(".gz") else open(file, "rb")) as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    docs.append(Document.model_validate_json(line.lstrip(b"\xef\xbb\xbf")))
                except ValidationError as exc:
                    raise ValueError(f"{file}:{n}: not a vnextract document: {exc}") from None
    return docs

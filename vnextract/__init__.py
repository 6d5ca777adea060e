"""vnextract: every figure in a Vietnamese press release as a structured record.

>>> from vnextract import extract
>>> doc = extract("Lũy kế 5 tháng đầu năm, toàn tỉnh Lai Châu giải quyết việc làm cho 3.721 lao động.",
...               published="2022-05-11")
>>> r = doc.records[0]
>>> (r.text, r.value, r.unit, r.indicator, r.period, r.cumulative, r.location)
('3.721', 3721.0, 'lao động', 'employment.jobs_created', '2022-01/2022-05', True, 'Lai Châu')
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from vnextract.batch.limits import DocumentTimeout, DocumentTooDense
from vnextract.schema import Document, Record, read_jsonl

__version__ = "0.1.0"
__all__ = ["extract", "Extractor", "Document", "Record", "DocumentTimeout", "DocumentTooDense", "evaluate",
           "read_jsonl", "to_dataframe", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.pipeline import Extractor
    from vnextract.evaluation.scoring import evaluate


def __getattr__(name: str) -> Any:
    # heavy imports (underthesea, spaCy) only when first used
    if name == "Extractor":
        from vnextract.pipeline import Extractor

        return Extractor
    if name == "evaluate":
        from vnextract.evaluation.scoring import evaluate

        return evaluate
    if name == "to_dataframe":
        from vnextract.batch.tables import to_dataframe

        return to_dataframe
    raise AttributeError(name)


def extract(
    text: str,
    *,
    published: str | date | None = None,
    title: str | None = None,
    doc_id: str | None = None,
) -> Document:
    """Extract every quantity record from one document (uses a shared default Extractor)."""
    from vnextract.pipeline import default_extractor

    return default_extractor()(text, published=published, title=title, doc_id=doc_id)

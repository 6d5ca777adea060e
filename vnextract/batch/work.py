"""What is done with one input document, wherever it runs (a worker process, this process, a
Dask task): decode, extract under the time limit, and make its output line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

import orjson

from vnextract.batch.inputs import Item, load_text
from vnextract.batch.limits import DEFAULT_MAX_FIGURES, Limits, check_size, time_limit

ExtractorFactory = Callable[[], Any]


def default_factory(max_figures: Optional[int] = DEFAULT_MAX_FIGURES) -> Any:
    """The project's extractor (picklable by reference, so usable with any start method; with
    another ``max_figures`` as ``functools.partial(default_factory, max_figures=N)``)."""
    from vnextract.pipeline import Extractor

    return Extractor(max_figures=max_figures)


def model_factory(model_dir: Optional[str] = None, max_figures: Optional[int] = DEFAULT_MAX_FIGURES) -> Any:
    """The extractor with the statistical component on (``vnextract extract --model [DIR]``);
    use as ``functools.partial(model_factory, DIR)``, which pickles by reference."""
    from vnextract.stats.classifier import QuantityModel
    from vnextract.pipeline import Extractor

    return Extractor(model=QuantityModel.load(model_dir), max_figures=max_figures)


@dataclass
class Result:
    index: int
    line: bytes
    records: int = 0
    error: bool = False


@dataclass
class Summary:
    documents: int = 0
    records: int = 0
    errors: int = 0
    skipped: int = 0
    skipped_errors: int = 0
    elapsed: float = 0.0
    ignored_files: int = 0
    restarts: int = 0

    def add(self, res: "Result") -> None:
        """Count one document written."""
        self.documents += 1
        self.records += res.records
        self.errors += res.error

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.skipped_errors)

    def line(self) -> str:
        rate = self.documents / self.elapsed if self.elapsed > 0 else 0.0
        s = (f"vnextract: {self.documents} documents, {self.records} records, {self.errors} errors, "
             f"{self.elapsed:.1f} s ({rate:.1f} docs/s)")
        if self.skipped:
            s += f"; {self.skipped} already done (resume), {self.skipped_errors} of them errors"
        if self.ignored_files:
            s += f"; {self.ignored_files} files with other suffixes ignored (see --glob)"
        if self.restarts:
            s += f"; {self.restarts} worker(s) restarted"
        return s


def error_line(item: Item, etype: str, message: str) -> bytes:
    return orjson.dumps({"doc_id": item.doc_id, "source": item.source,
                         "error": {"type": etype, "message": message}})


def process_item(item: Item, extractor: Any, limits: Limits) -> Result:
    """Decode and extract one item; every failure becomes an error line."""
    if item.error is not None:
        return Result(item.index, error_line(item, *item.error), error=True)
    try:
        with time_limit(limits.timeout):
            text, dec = load_text(item)
            check_size(len(text.encode("utf-8")), limits)
            doc = extractor(text, published=item.published, title=item.title, doc_id=item.doc_id)
            out = doc.model_dump(mode="json")
    except Exception as exc:  # noqa: BLE001 - one document's failure never stops the batch
        return Result(item.index, error_line(item, type(exc).__name__, str(exc) or repr(exc)), error=True)
    if out.get("url") is None and item.url is not None:
        out["url"] = item.url
    out["source"] = item.source
    out["encoding"] = dec.encoding
    if dec.assumed:
        out["encoding_assumed"] = True
    warnings = item.warnings + ([dec.warning] if dec.warning else [])
    if warnings:
        out["warnings"] = warnings
    return Result(item.index, orjson.dumps(out), records=len(out.get("records") or ()))



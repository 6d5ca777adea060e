"""Extractor: the pipeline from text to records (work in progress)."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable, Iterator, Mapping, Union

import regex

from vnextract.models import Document, Record

_NUM = regex.compile(r"\d+(?:[.,]\d+)*")

DocInput = Union[str, Mapping[str, object]]


class Extractor:
    def __call__(self, text: str, *, published: str | None = None, title: str | None = None,
                 doc_id: str | None = None) -> Document:
        text = unicodedata.normalize("NFC", text)
        recs = [Record(id=f"q{i+1}", start=m.start(), end=m.end(), text=m.group(), value=0)
                for i, m in enumerate(_NUM.finditer(text))]
        return Document(doc_id=doc_id, title=title, published=published, text=text, records=recs)

    def pipe(self, items: Iterable[DocInput]) -> Iterator[Document]:
        for it in items:
            if isinstance(it, str):
                yield self(it)
            else:
                yield self(str(it["text"]), published=it.get("published"), title=it.get("title"),
                           doc_id=it.get("doc_id"))


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    return Extractor()

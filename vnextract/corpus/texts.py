"""The texts of stand-off gold: read from a folder by doc_id, NFC, checked by SHA-256.

``texts_dir`` is an argument (``--texts DIR`` on the command line), else ``$VNEXTRACT_TEXTS``:
the library never guesses a folder.  It is a folder of ``<doc_id>.txt`` files, or a JSONL file
(``.jsonl`` or ``.jsonl.gz``) of documents with ``doc_id`` and ``text``, as the bench articles
are stored.  A missing text or a hash mismatch is an error.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import unicodedata
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Union

PathLike = Union[str, Path]
# only the first lines of the bench file (../shared/bench/news-20k.jsonl.gz) may be annotated;
# the rest are reserved for evaluation (tools/select_bench_batch.py, tests/test_quality.py)
ANNOTATABLE_BENCH_LINES = 10_000


class CorpusError(ValueError):
    """A document that cannot be loaded faithfully (missing text, hash or offset mismatch)."""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of the NFC text."""
    return hashlib.sha256(nfc(text).encode("utf-8")).hexdigest()


def default_texts_dir() -> Optional[Path]:
    """``$VNEXTRACT_TEXTS`` when it is set."""
    env = os.environ.get("VNEXTRACT_TEXTS")
    return Path(env) if env else None


def is_jsonl(path: PathLike) -> bool:
    name = str(path)
    return name.endswith(".jsonl") or name.endswith(".jsonl.gz")


class JsonlTexts(Mapping[str, str]):
    """The texts of a JSONL(.gz) file of documents, by ``doc_id``, read once on first use."""

    def __init__(self, path: PathLike) -> None:
        self.path = Path(path)
        self._texts: Optional[dict[str, str]] = None

    def _load(self) -> dict[str, str]:
        if self._texts is None:
            opener: Any = gzip.open if self.path.name.endswith(".gz") else open
            texts: dict[str, str] = {}
            with opener(self.path, "rt", encoding="utf-8-sig") as fh:
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        doc = json.loads(line)
                        if not isinstance(doc, dict) or "doc_id" not in doc or "text" not in doc:
                            raise CorpusError(f"{self.path}:{n}: a texts line needs doc_id and text")
                        texts.setdefault(str(doc["doc_id"]), str(doc["text"]))
            self._texts = texts
        return self._texts

    def __getitem__(self, doc_id: str) -> str:
        return self._load()[doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


TextSource = Union[Path, JsonlTexts]
TextsArg = Union[PathLike, JsonlTexts, None]


def text_source(texts_dir: TextsArg) -> Optional[TextSource]:
    """Where stand-off texts are read: the argument, else ``$VNEXTRACT_TEXTS``; a JSONL file
    becomes a ``JsonlTexts`` (pass it on to read many documents with one read of the file)."""
    if isinstance(texts_dir, JsonlTexts):
        return texts_dir
    where = Path(texts_dir) if texts_dir is not None else default_texts_dir()
    if where is not None and is_jsonl(where):
        return JsonlTexts(where)
    return where


def _where(source: TextSource, doc_id: str) -> str:
    return f"{source.path} (doc_id {doc_id})" if isinstance(source, JsonlTexts) else f"{source}/{doc_id}.txt"


def read_text(doc_id: str, texts_dir: TextsArg = None) -> str:
    """The NFC text of ``doc_id`` from the texts folder or JSONL file (error when missing)."""
    source = text_source(texts_dir)
    if source is None:
        raise CorpusError(
            f"document {doc_id!r} is stand-off and no texts folder is known: "
            "pass texts_dir / --texts or set VNEXTRACT_TEXTS"
        )
    if isinstance(source, JsonlTexts):
        if not source.path.is_file():
            raise CorpusError(f"document {doc_id!r}: texts file {source.path} not found")
        if doc_id not in source:
            raise CorpusError(f"document {doc_id!r}: not in texts file {source.path}")
        return nfc(source[doc_id])
    path = source / f"{doc_id}.txt"
    if not path.is_file():
        raise CorpusError(f"document {doc_id!r}: text file {path} not found")
    return nfc(path.read_text(encoding="utf-8"))


def resolve_text(doc: dict[str, Any], texts_dir: TextsArg = None,
                 source: str = "") -> dict[str, Any]:
    """Fill in the ``text`` of a stand-off document, checking its hash."""
    if doc.get("text") is not None:
        doc["text"] = nfc(str(doc["text"]))
        return doc
    doc_id = doc.get("doc_id")
    digest = doc.get("sha256")
    if not doc_id or not digest:
        raise CorpusError(f"{source}: a document without text needs doc_id and sha256")
    where = text_source(texts_dir)
    text = read_text(str(doc_id), where)
    got = text_sha256(text)
    if got != digest:
        raise CorpusError(
            f"{source}: document {doc_id!r}: text {_where(where, str(doc_id))} has sha256 {got}, "
            f"the annotation expects {digest}"
        )
    doc["text"] = text
    return doc

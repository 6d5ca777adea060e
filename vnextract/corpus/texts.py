"""The texts of stand-off gold: read from a folder by doc_id, NFC, checked by SHA-256.

``texts_dir`` is an argument (``--texts DIR`` on the command line), else ``$VNEXTRACT_TEXTS``:
the library never guesses a folder.  A missing text or a hash mismatch is an error.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path
from typing import Any, Optional, Union

PathLike = Union[str, Path]


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


def read_text(doc_id: str, texts_dir: Optional[PathLike] = None) -> str:
    """The NFC text of ``doc_id`` from the texts folder (error when missing)."""
    folder = Path(texts_dir) if texts_dir is not None else default_texts_dir()
    if folder is None:
        raise CorpusError(
            f"document {doc_id!r} is stand-off and no texts folder is known: "
            "pass texts_dir / --texts or set VNEXTRACT_TEXTS"
        )
    path = folder / f"{doc_id}.txt"
    if not path.is_file():
        raise CorpusError(f"document {doc_id!r}: text file {path} not found")
    return nfc(path.read_text(encoding="utf-8"))


def resolve_text(doc: dict[str, Any], texts_dir: Optional[PathLike] = None,
                 source: str = "") -> dict[str, Any]:
    """Fill in the ``text`` of a stand-off document, checking its hash."""
    if doc.get("text") is not None:
        doc["text"] = nfc(str(doc["text"]))
        return doc
    doc_id = doc.get("doc_id")
    digest = doc.get("sha256")
    if not doc_id or not digest:
        raise CorpusError(f"{source}: a document without text needs doc_id and sha256")
    folder = Path(texts_dir) if texts_dir is not None else default_texts_dir()
    text = read_text(str(doc_id), folder)
    got = text_sha256(text)
    if got != digest:
        raise CorpusError(
            f"{source}: document {doc_id!r}: text file {folder}/{doc_id}.txt has sha256 {got}, "
            f"the annotation expects {digest}"
        )
    doc["text"] = text
    return doc

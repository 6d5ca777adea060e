"""Gold corpus files: loading documents (inline or stand-off), saving stand-off gold.

A document file follows ``spec/FORMAT.md`` section 1.  A *stand-off* document
carries no ``text`` but the ``sha256`` of its NFC text (hex digest of the UTF-8
bytes); the text is read from ``<texts_dir>/<doc_id>.txt`` (or a JSONL file of texts).
``texts_dir`` is an argument (``--texts DIR`` on the command line), else ``$VNEXTRACT_TEXTS``: the library
never guesses a folder.  A missing text or a hash mismatch is an error, never a silent skip.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from vnextract.corpus.annfile import ANN_SUFFIX, load_ann_document
from vnextract.corpus.texts import CorpusError, PathLike, nfc, resolve_text, TextsArg, text_sha256, text_source

DOC_SUFFIXES = (".json", ".jsonl")


def check_offsets(doc: Mapping[str, Any], source: str = "") -> None:
    """Every record's ``text`` must equal ``text[start:end]``."""
    text = doc["text"]
    for rec in doc.get("records") or []:
        start, end = int(rec["start"]), int(rec["end"])
        surface = text[start:end]
        if not 0 <= start <= end <= len(text):
            raise CorpusError(f"{source}: {doc.get('doc_id')} {rec.get('id')}: span {start}-{end} out of range")
        if rec.get("text") is not None and rec["text"] != surface:
            raise CorpusError(
                f"{source}: {doc.get('doc_id')} {rec.get('id')}: record text {rec['text']!r} "
                f"!= text[{start}:{end}] {surface!r}"
            )


def _iter_files(path: Path) -> Iterable[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        docs = [p for p in files if p.suffix in DOC_SUFFIXES or p.name.endswith(".jsonl.gz")]
        # a folder is read for one kind: JSON documents, else (an annotation folder) ann files
        yield from docs or [p for p in files if p.name.endswith(ANN_SUFFIX)]
    elif path.is_file():
        yield path
    else:
        raise CorpusError(f"{path}: no such file or folder")


def _raw_docs(path: Path, texts_dir: TextsArg = None
              ) -> Iterable[tuple[dict[str, Any], str]]:
    if path.name.endswith(ANN_SUFFIX):
        yield load_ann_document(path, texts_dir), str(path)
    elif path.suffix == ".jsonl" or path.name.endswith(".jsonl.gz"):
        import gzip

        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8-sig") as fh:  # a byte-order mark is no JSON
            for n, line in enumerate(fh, 1):
                if line.strip():
                    yield _json(line, f"{path}:{n}"), f"{path}:{n}"
    else:
        data = _json(path.read_text(encoding="utf-8-sig"), str(path))
        items = data if isinstance(data, list) else [data]
        for n, item in enumerate(items, 1):
            yield item, str(path) if len(items) == 1 else f"{path}[{n}]"


def _json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{source}: not JSON: {exc}") from None


def raw_documents(path: PathLike) -> list[dict[str, Any]]:
    """Documents as stored (no text lookup, offsets unchecked), e.g. predictions."""
    docs: list[dict[str, Any]] = []
    for file in _iter_files(Path(path)):
        for doc, source in _raw_docs(file):
            if not isinstance(doc, dict):
                raise CorpusError(f"{source}: not a JSON object")
            docs.append(doc)
    return docs


def load_documents(path: PathLike, texts_dir: Optional[PathLike] = None) -> list[dict[str, Any]]:
    """Documents (FORMAT.md section 1 dicts, ``text`` filled in) from a file or a folder.

    Reads ``.json`` (one object or a list) and ``.jsonl`` files, recursively; a folder
    without any of them is read as an annotation folder (``*.ann.yml``), and a single
    ``.ann.yml`` file may be given.
    """
    docs: list[dict[str, Any]] = []
    texts = text_source(texts_dir)  # a JSONL file of texts is read once for all documents
    for file in _iter_files(Path(path)):
        for doc, source in _raw_docs(file, texts):
            if not isinstance(doc, dict):
                raise CorpusError(f"{source}: not a JSON object")
            resolve_text(doc, texts, source)
            check_offsets(doc, source)
            docs.append(doc)
    return docs


def to_standoff(doc: Mapping[str, Any], constructed: bool = False) -> dict[str, Any]:
    """The JSON object ``save_standoff`` writes (text kept only for constructed documents)."""
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key in ("text", "sha256", "constructed", "records"):
            continue
        out[key] = value
    text = nfc(str(doc["text"]))
    if constructed:
        out["text"] = text
    out["sha256"] = text_sha256(text)
    out["constructed"] = constructed
    out["records"] = [dict(r) for r in doc.get("records") or []]
    return out


_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|\ud800-\udfff]")  # also lone surrogates: no file name
_NAME_BYTES = 200  # of the id in a file name (most file systems allow 255 bytes)


def file_in(folder: PathLike, doc_id: Any, suffix: str) -> Path:
    """``folder/<doc_id><suffix>`` with a file name made safe from the id: path separators and
    control characters become ``_`` and a leading dot is dropped, so that an id such as
    ``../x`` or ``/etc/passwd`` can never write outside ``folder``.

    >>> file_in("out", "../x", ".json").as_posix(), file_in("out", "/etc/passwd", ".json").as_posix()
    ('out/_x.json', 'out/_etc_passwd.json')
    """
    name = _UNSAFE.sub("_", str(doc_id)).lstrip(".") or "_"
    name = name.encode("utf-8")[:_NAME_BYTES].decode("utf-8", "ignore")  # file names are bytes-limited
    path = Path(folder) / f"{name}{suffix}"
    if path.parent != Path(folder):
        raise CorpusError(f"document id {doc_id!r} cannot be a file name in {folder}")
    return path


def files_in(folder: PathLike, doc_ids: Iterable[Any], suffix: str) -> list[Path]:
    """:func:`file_in` for each id, in order; a :class:`CorpusError` before anything is written
    when two documents would share a file (the same id twice, or ids such as ``../x`` and ``/x``
    whose safe names coincide), since the second would silently replace the first.

    >>> files_in("out", ["../x", "/x"], ".json")
    Traceback (most recent call last):
    ...
    vnextract.corpus.texts.CorpusError: documents '../x' and '/x' would both be written to out/_x.json: give them distinct doc_ids
    """
    seen: dict[Path, Any] = {}
    paths = []
    for doc_id in doc_ids:
        path = file_in(folder, doc_id, suffix)
        if path in seen:
            what = f"two documents have the id {doc_id!r}" if seen[path] == doc_id else \
                f"documents {seen[path]!r} and {doc_id!r}"
            raise CorpusError(f"{what} would both be written to {path.as_posix()}: give them distinct doc_ids")
        seen[path] = doc_id
        paths.append(path)
    return paths


def save_standoff(doc: Mapping[str, Any], path: PathLike, constructed: Optional[bool] = None) -> Path:
    """Write ``doc`` as stand-off JSON (no text, ``sha256``, ``"constructed": false``).

    A document marked ``"constructed": true`` (written by the project) keeps its text.
    """
    check_offsets(doc, str(path))
    flag = bool(doc.get("constructed", False)) if constructed is None else constructed
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(to_standoff(doc, flag), ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    return out

"""Gold corpus files: loading documents (inline or stand-off), saving stand-off gold.

A document file follows ``spec/FORMAT.md`` section 1.  A *stand-off* document
carries no ``text`` but the ``sha256`` of its NFC text (hex digest of the UTF-8
bytes); the text is read from ``<texts_dir>/<doc_id>.txt``.  ``texts_dir`` is an
argument (``--texts DIR`` on the command line), else ``$VNEXTRACT_TEXTS``: the library
never guesses a folder.  A missing text or a hash mismatch is an error, never a silent skip.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Union

import yaml

from vnextract.corpus.annfile import RECORD_KEYS, AnnError, ann_to_document, locate

PathLike = Union[str, "os.PathLike[str]"]
DOC_SUFFIXES = (".json", ".jsonl")
ANN_SUFFIX = ".ann.yml"
ANN_TOP_KEYS = ("doc_id", "file", "title", "published", "location", "url", "defaults",
                "constructed", "text", "records", "exclusions")


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


def _raw_docs(path: Path, texts_dir: Optional[PathLike] = None
              ) -> Iterable[tuple[dict[str, Any], str]]:
    if path.name.endswith(ANN_SUFFIX):
        yield load_ann_document(path, texts_dir), str(path)
    elif path.suffix == ".jsonl" or path.name.endswith(".jsonl.gz"):
        import gzip

        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    yield json.loads(line), f"{path}:{n}"
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else [data]
        for n, item in enumerate(items, 1):
            yield item, str(path) if len(items) == 1 else f"{path}[{n}]"


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
    for file in _iter_files(Path(path)):
        for doc, source in _raw_docs(file, texts_dir):
            if not isinstance(doc, dict):
                raise CorpusError(f"{source}: not a JSON object")
            resolve_text(doc, texts_dir, source)
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


_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


def file_in(folder: PathLike, doc_id: Any, suffix: str) -> Path:
    """``folder/<doc_id><suffix>`` with a file name made safe from the id: path separators and
    control characters become ``_`` and a leading dot is dropped, so that an id such as
    ``../x`` or ``/etc/passwd`` can never write outside ``folder``.

    >>> file_in("out", "../x", ".json").as_posix(), file_in("out", "/etc/passwd", ".json").as_posix()
    ('out/_x.json', 'out/_etc_passwd.json')
    """
    name = _UNSAFE.sub("_", str(doc_id)).lstrip(".") or "_"
    path = Path(folder) / f"{name[:200]}{suffix}"
    if path.parent != Path(folder):
        raise CorpusError(f"document id {doc_id!r} cannot be a file name in {folder}")
    return path


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


# --- ann files ---

def load_ann(path: PathLike) -> dict[str, Any]:
    """A parsed ``.ann.yml`` file (unknown top-level keys are an error)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "records" not in data:
        raise AnnError(f"{path}: not an annotation file (no 'records')")
    unknown = set(data) - set(ANN_TOP_KEYS)
    if unknown:
        raise AnnError(f"{path}: unknown top-level keys {sorted(unknown)}")
    data["records"] = data.get("records") or []
    return data


def ann_text(ann: Mapping[str, Any], ann_path: Optional[PathLike] = None,
             texts_dir: Optional[PathLike] = None) -> str:
    """The text an ann file annotates: inline ``text``, else ``<texts_dir>/<doc_id>.txt``,
    else its ``file`` (relative to the ann file), else the default texts folder."""
    if ann.get("text") is not None:
        return nfc(str(ann["text"]))
    doc_id = str(ann.get("doc_id"))
    if texts_dir is not None or os.environ.get("VNEXTRACT_TEXTS"):
        return read_text(doc_id, texts_dir)
    if ann.get("file") and ann_path is not None:
        cand = Path(ann_path).parent / str(ann["file"])
        if cand.is_file():
            return nfc(cand.read_text(encoding="utf-8"))
    return read_text(doc_id, None)


def load_ann_document(path: PathLike, texts_dir: Optional[PathLike] = None) -> dict[str, Any]:
    """An ann file converted to a FORMAT.md document (``text`` filled in, ``sha256`` added)."""
    ann = load_ann(path)
    text = ann_text(ann, path, texts_dir)
    doc = ann_to_document(ann, text)
    if ann.get("url") is not None:
        doc["url"] = ann["url"]
    doc["sha256"] = text_sha256(text)
    doc["constructed"] = bool(ann.get("constructed", False))
    return doc


class _AnnDumper(yaml.SafeDumper):
    pass


def _str_repr(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_AnnDumper.add_representer(str, _str_repr)


def dump_ann(ann: Mapping[str, Any]) -> str:
    """YAML text of an ann dict, keys in their given order, text as a literal block."""
    return yaml.dump(dict(ann), Dumper=_AnnDumper, allow_unicode=True, sort_keys=False,
                     width=1000, default_flow_style=False)


# --- documents back to ann files (pre-annotation) ---

def _grow(text: str, left: int, right: int, to_left: bool) -> tuple[int, int]:
    """Extend ``[left, right)`` by one word to the left or right, never across a line break."""
    if to_left:
        i = left
        while i > 0 and text[i - 1] == " ":
            i -= 1
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        return i, right
    j = right
    while j < len(text) and text[j] == " ":
        j += 1
    while j < len(text) and not text[j].isspace():
        j += 1
    return left, j


def _count(text: str, snippet: str) -> int:
    n, pos = 0, text.find(snippet)
    while pos >= 0:
        n, pos = n + 1, text.find(snippet, pos + 1)
    return n


def _placement(text: str, rec: Mapping[str, Any]) -> dict[str, Any]:
    """``at`` (and ``num``/``occ``/``novalcheck`` when needed) that locate ``rec``'s span.

    The snippet grows word by word (left first) until it is unique in the text and at
    least 12 characters long; if no snippet in the line is unique, ``occ`` says which.
    """
    start, end = int(rec["start"]), int(rec["end"])
    surface = text[start:end]
    left, right = _grow(text, start, end, True)
    fallback: Optional[dict[str, Any]] = None
    for step in range(12):
        at = text[left:right]
        occ = _occurrence_index(text, at, left)
        for extra in ({}, {"num": surface}, {"num": surface, "novalcheck": True}):
            item: dict[str, Any] = {"at": at, **extra, "value": rec["value"]}
            if occ > 1:
                item["occ"] = occ
            if rec.get("value_max") is not None:
                item["value_max"] = rec["value_max"]
            try:
                placed = locate(text, item)
            except AnnError:
                continue
            if placed == (start, end):
                if _count(text, at) == 1 and len(at) >= 12:
                    return _order(item)
                fallback = fallback or item
                break
        new = _grow(text, left, right, step % 2 == 1)
        if new == (left, right):
            new = _grow(text, left, right, step % 2 == 0)
            if new == (left, right):
                break
        left, right = new
    if fallback is None:
        raise AnnError(f"cannot place record {rec.get('id')} {surface!r} at {start}")
    return _order(fallback)


def _occurrence_index(text: str, snippet: str, at_offset: int) -> int:
    """1-based index of the occurrence of ``snippet`` that starts at ``at_offset``."""
    n, pos = 0, text.find(snippet)
    while 0 <= pos <= at_offset:
        n, pos = n + 1, text.find(snippet, pos + 1)
    return max(n, 1)


def _order(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in RECORD_KEYS if k in item}


def document_to_ann(doc: Mapping[str, Any], with_text: bool = False,
                    skipped: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    """An editable ann dict for ``doc``: unique ``at`` snippets, parents as keys.

    ``with_text`` embeds the text (``text:``), as constructed documents do.  A record
    that cannot be placed (or repeats another's span) raises, unless ``skipped`` is a
    list, which then receives it.
    """
    text = str(doc["text"])
    doc_loc = doc.get("location")
    records = sorted(doc.get("records") or [], key=lambda r: (int(r["start"]), int(r["end"])))
    parents = {r.get("parent") for r in records if r.get("parent")}
    out_records: list[dict[str, Any]] = []
    spans: set[tuple[int, int]] = set()
    for rec in records:
        span = (int(rec["start"]), int(rec["end"]))
        try:
            if span in spans:
                raise AnnError(f"record {rec.get('id')} repeats the span {span}")
            item = _placement(text, rec)
        except AnnError:
            if skipped is None:
                raise
            skipped.append(dict(rec))
            continue
        spans.add(span)
        if rec.get("id") in parents:
            item["key"] = rec["id"]
        if rec.get("parent"):
            item["parent"] = rec["parent"]
        for name in ("unit", "indicator", "indicator_text"):
            item[name] = rec.get(name)
        if rec.get("role", "actual") != "actual":
            item["role"] = rec["role"]
        if rec.get("qualifier") is not None:
            item["qualifier"] = rec["qualifier"]
        item["period"] = rec.get("period")
        if rec.get("cumulative"):
            item["cumulative"] = True
        if rec.get("location", doc_loc) != doc_loc:
            item["location"] = rec.get("location")
        out_records.append(_order(item))
    ann: dict[str, Any] = {"doc_id": doc.get("doc_id"), "title": doc.get("title"),
                           "published": doc.get("published"), "location": doc_loc}
    if doc.get("constructed"):
        ann["constructed"] = True
    if with_text:
        ann["text"] = text
    ann["records"] = out_records
    if doc.get("exclusions"):
        ann["exclusions"] = list(doc["exclusions"])
    return ann

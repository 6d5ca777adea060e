"""Gold corpus files: loading documents (inline or stand-off), saving stand-off gold.

A document file follows ``spec/FORMAT.md`` section 1.  A *stand-off* document
carries no ``text`` but the ``sha256`` of its NFC text (hex digest of the UTF-8
bytes); the text is read from ``<texts_dir>/<doc_id>.txt``.  ``texts_dir``
defaults to ``$VNEXTRACT_TEXTS``, else ``../shared/corpus/texts`` next to the
repository, else ``../shared/corpus/texts`` relative to the current directory.
A missing text or a hash mismatch is an error, never a silent skip.
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

import vnextract
from vnextract.annfile import AnnError, Numeral, ann_to_document, find_numerals, find_occurrence

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
    """``$VNEXTRACT_TEXTS``, else the first existing ``../shared/corpus/texts``."""
    env = os.environ.get("VNEXTRACT_TEXTS")
    if env:
        return Path(env)
    repo_root = Path(vnextract.__file__).resolve().parents[1]
    for cand in (repo_root.parent / "shared/corpus/texts", Path.cwd() / "../shared/corpus/texts"):
        if cand.is_dir():
            return cand.resolve()
    return None


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
        docs = [p for p in files if p.suffix in DOC_SUFFIXES]
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
    elif path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    yield json.loads(line), f"{path}:{n}"
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else [data]
        for n, item in enumerate(items, 1):
            yield item, str(path) if len(items) == 1 else f"{path}[{n}]"


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


# --- coverage: numerals that are neither records nor deliberate exclusions ---

AMBIGUOUS_WORDS = ("năm", "một")  # mostly "year" and the article; listed only on request
# Calendar expressions hidden from the coverage list unless asked (``strict``): dates,
# a number after năm/tháng/ngày/quý/giai đoạn, and bare years 1900-2099.
CALENDAR = re.compile(
    r"(?<![\w.,])\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?(?![\w/])"
    r"|(?<!\w)(?:[Nn]ăm|[Tt]háng|[Nn]gày|[Qq]uý|[Gg]iai đoạn)\s+\d+(?:\s*[/–-]\s*\d+)*(?![\w.,]\d)"
    r"|(?<![\w.,])(?:19|20)\d\d(?![\w.,]?\d)"
    r"|(?<![\w.,])\d+\s+(?:tháng|năm)\s+(?:đầu|cuối|qua)"
)


def exclusion_spans(ann: Mapping[str, Any], text: str) -> list[tuple[int, int]]:
    """Spans of an ann file's ``exclusions`` (the whole ``at``, or ``num`` inside it)."""
    spans: list[tuple[int, int]] = []
    for i, ex in enumerate(ann.get("exclusions") or [], 1):
        at = str(ex.get("at") or "")
        base = find_occurrence(text, at, int(ex.get("occ", 1))) if at else -1
        if base < 0:
            raise AnnError(f"{ann.get('doc_id')} exclusion {i}: {at!r} not found in the text")
        start, end = base, base + len(at)
        if ex.get("num") is not None:
            inner = at.find(str(ex["num"]))
            if inner < 0:
                raise AnnError(f"{ann.get('doc_id')} exclusion {i}: num not inside at {at!r}")
            start, end = base + inner, base + inner + len(str(ex["num"]))
        spans.append((start, end))
    return spans


def uncovered_numerals(text: str, covered: Iterable[tuple[int, int]],
                       all_words: bool = False, strict: bool = False) -> list[Numeral]:
    """Digit sequences and number words of ``text`` overlapping no covered span.

    Unless ``strict``, calendar expressions (:data:`CALENDAR`) count as covered."""
    spans = sorted(covered)
    if not strict:
        spans += [(m.start(), m.end()) for m in CALENDAR.finditer(text)]
    def hit(n: Numeral) -> bool:
        return any(s < n.end and n.start < e for s, e in spans)
    cands = [n for n in find_numerals(text, ranges=False) if not hit(n)]
    if not all_words:
        cands = [n for n in cands if n.surface.lower() not in AMBIGUOUS_WORDS]
    out: list[Numeral] = []
    for n in cands:  # sorted by start, longest first: drop the parts of a reported one
        if out and n.start < out[-1].end:
            continue
        out.append(n)
    return out

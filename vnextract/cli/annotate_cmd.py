"""``vnextract annotate``: pre-annotate, convert annotations, check coverage.

- ``annotate INPUT... -o DIR [--format ann|labelstudio]``: run the extractor on
  ``.txt`` files (doc_id = file stem) or ``.json``/``.jsonl`` documents and write
  editable ``<doc_id>.ann.yml`` files (default) or ``DIR/tasks.json`` for Label Studio
  (with ``DIR/labelstudio_config.xml``).
- ``annotate --import-labelstudio EXPORT.json -o DIR``: a Label Studio export back to
  stand-off FORMAT.md documents.
- ``annotate --to-gold ANN_DIR -o DIR [--texts DIR]``: ``*.ann.yml`` to stand-off gold JSON.
- ``annotate --coverage PATH``: numerals in each text that are neither records nor
  listed under ``exclusions:`` (exit code 1 when any is found).

Exit status 2, with one line saying why, when the output folder (or a file in it, or standard
output) cannot be written, as for ``vnextract extract``; 1 for an input that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional

from vnextract.corpus.annfile import AnnError
from vnextract.corpus.coverage import coverage
from vnextract.corpus.sources import read_sources
from vnextract.corpus import (
    ANN_SUFFIX,
    CorpusError,
    document_to_ann,
    dump_ann,
    files_in,
    load_ann_document,
    load_documents,
    save_standoff,
)
from vnextract.corpus.labelstudio import documents_to_tasks, export_to_documents, labeling_config
from vnextract.schema import FORMAT_FIELDS


class OutputError(Exception):
    """The output folder, or a file in it, cannot be written: one line and exit status 2, as
    ``vnextract extract`` gives for an unwritable output."""


@contextmanager
def _writing(what: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write {what}: {exc.strerror or exc}") from exc


def _output_folder(out: Path) -> None:
    """Make the output folder and check that a file can be written in it, before any work."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write {out}: it exists and is not a folder")
    with _writing(out):
        out.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out).close()

def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "annotate",
        help="pre-annotate texts, convert ann.yml / Label Studio files, check coverage",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help=".txt, .json or .jsonl files/folders")
    p.add_argument("-o", "--output", metavar="DIR", help="output folder")
    p.add_argument("--format", choices=("ann", "labelstudio"), default="ann")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--import-labelstudio", metavar="EXPORT.json")
    mode.add_argument("--to-gold", metavar="ANN_DIR")
    mode.add_argument("--coverage", metavar="ANN_OR_GOLD")
    p.add_argument("--texts", metavar="DIR", help="folder of <doc_id>.txt, or a JSONL(.gz) file of documents, for stand-off files")
    p.add_argument("--sources", metavar="SOURCES.md",
                   help="table giving each text's date and URL (default: SOURCES.md beside "
                        "the texts folder, when there is one)")
    p.add_argument("--no-extract", action="store_true",
                   help="keep the records of .json/.jsonl inputs instead of running the extractor")
    p.add_argument("--embed-text", action="store_true",
                   help="put the text into the ann files (constructed documents only)")
    p.add_argument("--constructed", action="store_true",
                   help="--import-labelstudio: mark the documents constructed (text kept)")
    p.add_argument("--all-words", action="store_true",
                   help="--coverage: also list the ambiguous words 'năm' and 'một'")
    p.add_argument("--strict", action="store_true",
                   help="--coverage: also list dates and years")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.coverage:
            return coverage(Path(args.coverage), args.texts, args.all_words, args.strict)
        if not args.output:
            print("annotate: -o DIR is required", file=sys.stderr)
            return 2
        out = Path(args.output)
        if args.import_labelstudio:
            return import_labelstudio(Path(args.import_labelstudio), out, args.constructed)
        if args.to_gold:
            return to_gold(Path(args.to_gold), out, args.texts)
        if not args.inputs:
            print("annotate: give INPUT files, --import-labelstudio, --to-gold or --coverage",
                  file=sys.stderr)
            return 2
        return preannotate(args, out)
    except OutputError as exc:
        print(f"annotate: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        if exc.filename is None:  # standard output's (full, closed): the CLI says so, exit 2
            raise
        print(f"annotate: {exc}", file=sys.stderr)
        return 1
    except (CorpusError, AnnError, json.JSONDecodeError) as exc:
        print(f"annotate: {exc}", file=sys.stderr)
        return 1


def _text_document(path: Path, sources: Mapping[str, Mapping[str, Optional[str]]]) -> dict[str, Any]:
    """A text or HTML file as a document, read as ``vnextract extract`` reads it (encodings,
    HTML main text); the title is the document structure's headline, the date and URL come
    from the sources table."""
    from vnextract.batch.inputs import load_text, read_documents
    from vnextract.structure.layout import Layout, LayoutRules

    item = next(read_documents([str(path)]))
    if item.error:
        raise CorpusError(f"{path}: {item.error[1]}")
    text, _ = load_text(item)
    meta = sources.get(path.stem, {})
    doc: dict[str, Any] = {"doc_id": item.doc_id, "title": item.title or Layout.of(text, None, LayoutRules.load()).title,
                           "published": meta.get("published") or item.published, "location": None, "text": text}
    if meta.get("url") or item.url:
        doc["url"] = meta.get("url") or item.url
    return doc


def _input_docs(args: argparse.Namespace) -> list[tuple[dict[str, Any], Optional[Path]]]:
    from vnextract.batch.formats import format_of

    docs: list[tuple[dict[str, Any], Optional[Path]]] = []
    for name in args.inputs:
        path = Path(name)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            fmt = format_of(f)
            if fmt is not None and fmt.one_per_file:
                src = Path(args.sources) if args.sources else f.parent.parent / "SOURCES.md"
                docs.append((_text_document(f, read_sources(src) if src.is_file() else {}), f))
            elif f.suffix in (".json", ".jsonl") or f.name.endswith(ANN_SUFFIX):
                docs.extend((d, None) for d in load_documents(f, args.texts))
            elif not path.is_dir():
                raise CorpusError(f"{f}: expected a .txt, .html, .json, .jsonl or .ann.yml file")
    if not docs:
        raise CorpusError(f"no documents in {' '.join(args.inputs)} (.txt, .html, .json, .jsonl, .ann.yml)")
    return docs


def _extract(doc: dict[str, Any]) -> dict[str, Any]:
    from vnextract.pipeline import default_extractor

    pred = default_extractor()(doc["text"], published=doc.get("published"),
                               title=doc.get("title"), doc_id=doc.get("doc_id"))
    records = []
    for rec in pred.records:
        r = {k: v for k, v in rec.model_dump().items() if k in FORMAT_FIELDS}
        for k in ("value", "value_max"):
            if isinstance(r[k], float) and r[k].is_integer():
                r[k] = int(r[k])
        records.append(r)
    out = dict(doc)
    out["location"] = doc.get("location") or pred.location
    out["records"] = records
    return out


def preannotate(args: argparse.Namespace, out: Path) -> int:
    inputs = _input_docs(args)
    ann_files = args.format != "labelstudio"  # a clash of file names is found before any work
    paths = files_in(out, [d.get("doc_id") for d, _ in inputs], ANN_SUFFIX) if ann_files else []
    _output_folder(out)
    docs = [(doc if args.no_extract else _extract(doc), src) for doc, src in inputs]
    if args.format == "labelstudio":
        tasks = documents_to_tasks([d for d, _ in docs])
        with _writing(out / "tasks.json"):
            (out / "tasks.json").write_text(json.dumps(tasks, ensure_ascii=False, indent=1),
                                            encoding="utf-8")
        with _writing(out / "labelstudio_config.xml"):
            (out / "labelstudio_config.xml").write_text(labeling_config(), encoding="utf-8")
        print(f"wrote {len(tasks)} tasks to {out / 'tasks.json'} "
              f"(labeling config: {out / 'labelstudio_config.xml'})")
        return 0
    for (doc, src), path in zip(docs, paths):
        skipped: list[dict[str, Any]] = []
        ann = document_to_ann(doc, with_text=args.embed_text or bool(doc.get("constructed")),
                              skipped=skipped)
        if src is not None and not args.embed_text:
            ann = {"doc_id": ann["doc_id"], "file": os.path.relpath(src, out),
                   **{k: v for k, v in ann.items() if k != "doc_id"}}
        if doc.get("url"):
            ann = {**{k: v for k, v in ann.items() if k != "records"}, "url": doc["url"],
                   "records": ann["records"]}
        for rec in skipped:
            print(f"{doc['doc_id']}: skipped {rec.get('text')!r} at {rec.get('start')} "
                  "(cannot be placed or repeats a span)", file=sys.stderr)
        ann.setdefault("exclusions", [])
        with _writing(path):
            path.write_text(dump_ann(ann), encoding="utf-8")
        print(f"{path}: {len(ann['records'])} records")
    return 0


def import_labelstudio(export: Path, out: Path, constructed: bool) -> int:
    data = json.loads(export.read_text(encoding="utf-8"))
    tasks = data if isinstance(data, list) else [data]
    docs = list(export_to_documents(tasks))
    for n, doc in enumerate(docs, 1):
        doc["doc_id"] = doc.get("doc_id") or f"task_{tasks[n - 1].get('id', n)}"
    paths = files_in(out, [d.get("doc_id") for d in docs], ".json")
    _output_folder(out)
    for doc, path in zip(docs, paths):
        with _writing(path):
            path = save_standoff(doc, path, constructed=constructed)
        print(f"{path}: {len(doc['records'])} records")
    return 0


def to_gold(ann_dir: Path, out: Path, texts: Optional[str]) -> int:
    files = sorted(ann_dir.rglob(f"*{ANN_SUFFIX}")) if ann_dir.is_dir() else [ann_dir]
    if not files:
        raise CorpusError(f"{ann_dir}: no *{ANN_SUFFIX} files")
    docs = [load_ann_document(f, texts) for f in files]
    paths = files_in(out, [d.get("doc_id") for d in docs], ".json")
    _output_folder(out)
    for doc, path in zip(docs, paths):
        with _writing(path):
            path = save_standoff(doc, path)
        print(f"{path}: {len(doc['records'])} records"
              + (" (constructed, text kept)" if doc.get("constructed") else ""))
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    """Run ``annotate`` alone (``python -m vnextract.cli.annotate_cmd ...``)."""
    parser = argparse.ArgumentParser(prog="vnextract")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["annotate", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``vnextract extract``: records of many documents, in parallel, resumable."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Optional

from vnextract.batch.limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_FIGURES, DEFAULT_TIMEOUT

DESCRIPTION = """\
Extract every quantity record from the INPUT documents and write one JSON line per input
document, in input order, to -o OUTPUT or to standard output (no -o, or -o -): the document
(FORMAT.md section 1, with `text`, plus `source`, `encoding` and, when the encoding was a
guess, `encoding_assumed`) or, for an input that failed, {"doc_id", "source", "error":
{"type", "message"}}.  No input is dropped.

INPUT is a .txt file (doc_id = file name without suffix), an .html/.htm page (main text,
title and date taken by trafilatura), a .json file (one object or a list of objects), a
.jsonl/.ndjson file (one object a line; .gz allowed), a folder (searched recursively for
those suffixes, or for --glob), or - for text on standard input.  Encodings: UTF-8 (BOM or
not), UTF-16/32 with BOM, UTF-16 without one, Windows-1258, and the legacy TCVN3 (ABC) and VNI font encodings
are detected and converted to Unicode NFC.
"""

EPILOG = """\
progress: on a terminal, a bar on stderr with documents per second and time left; at the
end a summary line on stderr (documents, records, errors, elapsed time) unless -q.

exit status:
  0  every input document was extracted
  1  at least one input document failed (its line carries an "error" object; all other
     documents are still written), or the extractor could not be loaded
  2  usage error, or the output cannot be written

examples:
  vnextract extract report.txt
  vnextract extract crawl/ -o - | jq .doc_id                  # -o -: JSONL on standard output
  vnextract extract crawl/ --glob '*.html' -o out.jsonl --jobs 8
  vnextract extract dump.jsonl.gz -o out.jsonl --resume        # continue after a crash
  vnextract extract dump.jsonl.gz -o records.parquet            # one row per record
  vnextract extract dump.jsonl.gz -o outdir --scheduler tcp://10.0.0.5:8786
"""


def register(sub: Any) -> None:
    p = sub.add_parser("extract", help="extract records from files, folders, JSONL or stdin",
                       description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, or - for stdin")
    p.add_argument("-o", "--output", metavar="OUTPUT",
                   help="output file (a folder with --scheduler); - or none: standard output (JSONL)")
    p.add_argument("--format", choices=("jsonl", "parquet", "csv"),
                   help="output format (default: from the -o suffix, else jsonl); parquet/csv: "
                        "one row per record with doc_id, published, title, url and every record field")
    p.add_argument("--jobs", "-j", type=int, default=None,
                   help="worker processes (default: all cores; 0 = no worker process)")
    p.add_argument("--resume", action="store_true",
                   help="skip documents already in the output (same doc_id and source); a partial "
                        "last line left by a killed run is discarded")
    p.add_argument("--glob", help="file pattern inside folders, e.g. '*.html' (default: all supported suffixes)")
    p.add_argument("--id-field", help="JSON field of the document id (default: doc_id, id)")
    p.add_argument("--text-field", help="JSON field of the text (default: text, content, body)")
    p.add_argument("--date-field", help="JSON field of the publication date (default: published, date)")
    p.add_argument("--title-field", help="JSON field of the title (default: title)")
    p.add_argument("--url-field", help="JSON field of the URL (default: url, link)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                   help=f"largest document in bytes; larger ones get an error (default {DEFAULT_MAX_BYTES:,})")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help=f"seconds per document before it gets an error; 0 = none (default {DEFAULT_TIMEOUT:g})")
    p.add_argument("--max-figures", type=int, default=DEFAULT_MAX_FIGURES,
                   help="most figures one document may hold; a denser one (a table of numerals) gets a "
                        f"DocumentTooDense error; 0 = none, about 3 KB of memory per figure (default {DEFAULT_MAX_FIGURES:,})")
    p.add_argument("--chunk-size", type=int, default=8, help="documents sent to a worker at a time (default 8)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="run on a Dask cluster (the dask extra: pip install '.[dask]' in the source tree); -o is then a folder of "
                        "part-NNNNN.jsonl files; best with workers started with --nthreads 1 and "
                        "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False")
    p.add_argument("--partition-size", type=int, default=500,
                   help="documents per Dask partition (default 500)")
    p.add_argument("--model", nargs="?", const="", default=None, metavar="DIR",
                   help="also run the statistical component (the shipped model, or the one in DIR); "
                        "off by default, see the README's cross-validation table")
    p.add_argument("--stdin-format", choices=("auto", "text", "jsonl"), default="auto",
                   help="what - holds: one text, JSONL documents, or auto (JSONL when its first line "
                        "is a JSON object; default)")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary line on stderr")
    p.set_defaults(func=run, parser=p)


STDOUT = "-"  # -o -: standard output
OUTPUT_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".csv": "csv"}


def _format(args: argparse.Namespace) -> str:
    """``--format``, else the output's suffix; "?" for a suffix no format writes."""
    if args.format:
        return str(args.format)
    if not args.output or args.output == STDOUT or args.scheduler:
        return "jsonl"
    suffix = Path(args.output).suffix.lower()
    return OUTPUT_SUFFIXES.get(suffix, "jsonl" if not suffix else "?")


def _usage_errors(args: argparse.Namespace, fmt: str) -> Optional[str]:
    if args.output == STDOUT:
        return _stdout_errors(args, fmt)
    if fmt == "?":
        return (f"cannot tell the output format from {args.output!r}: use a .jsonl, .parquet or .csv "
                "name, or --format")
    if args.jobs is not None and args.jobs < 0:
        return "--jobs must be 0 or more"
    if args.max_bytes <= 0 or args.timeout < 0 or args.chunk_size <= 0 or args.max_figures < 0:
        return "--max-bytes and --chunk-size must be positive, --timeout and --max-figures 0 or more"
    if args.inputs.count("-") > 1:
        return "stdin (-) can be given once"
    if args.scheduler:
        if not args.output:
            return "--scheduler needs -o OUTPUT_FOLDER"
        if "-" in args.inputs:
            return "--scheduler cannot read stdin"
        if fmt != "jsonl":
            return "--scheduler writes JSONL parts; convert them with vnextract.batch.tables.jsonl_to_table"
        return None
    if fmt != "jsonl" and not args.output:
        return f"--format {fmt} needs -o OUTPUT"
    if args.resume and not args.output:
        return "--resume needs -o OUTPUT"
    if args.resume and fmt != "jsonl":
        return "--resume works with JSONL output (convert it afterwards with vnextract.batch.tables.jsonl_to_table)"
    return None


def _stdout_errors(args: argparse.Namespace, fmt: str) -> Optional[str]:
    """``-o -``: JSONL on standard output, which is neither a table, a folder nor resumable."""
    if fmt != "jsonl":
        return f"-o - writes JSONL to standard output; --format {fmt} needs -o FILE"
    if args.scheduler or args.resume:
        return f"-o - (standard output) cannot be used with {'--scheduler' if args.scheduler else '--resume'}"
    return _usage_errors(argparse.Namespace(**{**vars(args), "output": None}), fmt)


def run(args: argparse.Namespace) -> int:
    from vnextract.batch.inputs import Fields, expand_inputs
    from vnextract.batch.limits import Limits

    fmt = _format(args)
    problem = _usage_errors(args, fmt)
    if problem:
        args.parser.error(problem)  # exits with status 2
    if args.output == STDOUT:
        args.output = None  # standard output, as without -o
    fields = Fields(args.id_field, args.text_field, args.date_field, args.title_field, args.url_field)
    limits = Limits(max_bytes=args.max_bytes, timeout=args.timeout or None, max_figures=args.max_figures or None)
    paths, ignored = expand_inputs(args.inputs, args.glob)
    if args.output:  # never read our own output back (``extract dir -o dir/out.jsonl``)
        own = os.path.realpath(args.output)
        paths = [p for p in paths if p == "-" or os.path.realpath(p) != own]
    if args.scheduler:
        return _run_dask(args, paths, fields, limits, ignored)
    try:
        summary = _run_local(args, fmt, paths, fields, limits)
    except RuntimeError as exc:
        print(f"vnextract: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the output: unwritable, a folder, a full disk, /dev/full
        print(f"vnextract: cannot write {args.output or 'standard output'}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    summary.ignored_files = ignored
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0


def _jobs(args: argparse.Namespace, paths: list[str]) -> Optional[int]:
    """As many documents as files: no more workers than files (each loads the extractor)."""
    from vnextract.batch.formats import format_of

    if all(p == "-" or getattr(format_of(Path(p)), "one_per_file", True) for p in paths):
        return min(args.jobs if args.jobs is not None else (os.cpu_count() or 1), max(1, len(paths)))
    return args.jobs


def _run_local(args: argparse.Namespace, fmt: str, paths: list[str], fields: Any, limits: Any) -> Any:
    from functools import partial

    from vnextract.batch.inputs import count_documents, read_documents
    from vnextract.batch.runner import default_factory, model_factory
    from vnextract.batch.runner import run as run_batch
    from vnextract.batch.sinks import JsonlSink, Sink, TableSink

    out = Path(args.output) if args.output else None
    sink: Sink
    if fmt == "jsonl":
        sink = JsonlSink(out, resume=args.resume)
        skip = sink.existing.keys
    else:
        assert out is not None
        sink, skip = TableSink(out, fmt), set()
    show = sys.stderr.isatty()
    factory = (partial(default_factory, limits.max_figures) if args.model is None
               else partial(model_factory, args.model or None, limits.max_figures))
    try:
        summary = run_batch(read_documents(paths, fields, limits, stdin_format=args.stdin_format), sink,
                            jobs=_jobs(args, paths), limits=limits, skip=skip, chunk_size=args.chunk_size,
                            total=count_documents(paths) if show else None, progress=show, factory=factory)
    finally:
        sink.close()
    if isinstance(sink, JsonlSink):
        summary.skipped_errors = sink.existing.errors if summary.skipped else 0
    return summary


def _model_setting(model: Optional[str]) -> Optional[str]:
    """``--model`` for the workers: None (off), "" (the shipped model) or an absolute folder."""
    if model is None or model == "":
        return model
    return str(Path(model).resolve())


def _run_dask(args: argparse.Namespace, paths: list[str], fields: Any, limits: Any, ignored: int) -> int:
    try:
        from distributed import Client
    except ImportError:
        print("vnextract: --scheduler needs Dask: install the dask extra (pip install '.[dask]' in vnextract's source tree, or pip install 'dask[distributed]')", file=sys.stderr)
        return 2
    from vnextract.batch.dask_runner import run_dask

    with Client(args.scheduler) as client:
        summary = run_dask(paths, args.output, client, fields=fields, limits=limits,
                           partition_size=args.partition_size, resume=args.resume,
                           model=_model_setting(args.model))
    summary.ignored_files = ignored
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0

"""Command line: ``vnextract extract|show|eval|annotate ...``.

Each subcommand lives in its own module with a ``register(subparsers)``
function that adds its parser and sets ``func`` (returning an exit code).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from typing import Optional, Sequence

SUBCOMMANDS = ("extract", "show", "eval", "annotate", "train")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnextract",
        description="Every figure in Vietnamese press releases as a structured record.",
    )
    from vnextract import __version__

    parser.add_argument("--version", action="version", version=f"vnextract {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"vnextract.cli.{name}_cmd")
        module.register(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # here, where a full disk can still be reported
        return code
    except BrokenPipeError:  # e.g. piped into `head`
        _drop_stdout()
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # output problems (stdout on a full disk or /dev/full, an unwritable report)
        print(f"vnextract {args.command}: {_os_problem(exc)}", file=sys.stderr)
        return 2


_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT})


def _os_problem(exc: OSError) -> str:
    """What went wrong, in one line: the file and the reason, or standard output's."""
    reason = exc.strerror or str(exc)
    if exc.filename:
        return f"{exc.filename}: {reason}"
    if exc.errno in _WRITE_ERRORS:
        _drop_stdout()
        return f"cannot write standard output: {reason}"
    return reason


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush of what it still holds at exit
    does not fail again with a traceback."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (captured in a test)
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

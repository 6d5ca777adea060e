"""Command line: ``vnextract extract|show|eval|annotate ...``.

Each subcommand lives in its own module with a ``register(subparsers)``
function that adds its parser and sets ``func`` (returning an exit code).
"""

from __future__ import annotations

import argparse
import importlib
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
        return int(args.func(args) or 0)
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

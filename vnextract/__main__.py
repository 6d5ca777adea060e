"""``python -m vnextract ...``: the command line."""

import sys

from vnextract.cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

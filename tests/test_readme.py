"""The README's Python examples run as doctests, and its first lines name the two commands."""

from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_run() -> None:
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_readme_starts_with_install_and_test_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1 : lines.index("```bash") + 3]
    assert "pip install" in block[0] and "vnextract" in block[0]
    assert "pytest" in block[1]
    assert (README.parent / block[0].split()[-1]).is_file(), "the bundled example must exist"

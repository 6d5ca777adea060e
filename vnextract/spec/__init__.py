"""The specification vnextract implements, shipped with the package: ``FORMAT.md`` (the record
format, annotation guide and scoring rules) and ``indicators.yml`` (the indicator catalogue the
scorer reads ids through). They are copies of the project's shared specification; the tests
check that they are identical to it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def spec_path(name: str) -> Path:
    """``FORMAT.md`` or ``indicators.yml`` inside the installed package."""
    return Path(str(resources.files("vnextract.spec"))) / name

"""Shared fixtures: the development data in ../shared (optional) and one Extractor per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VNEXTRACT_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared`` (development corpus, spec, seeds); tests that need it skip without it."""
    if not (SHARED / "corpus" / "gold").is_dir():
        pytest.skip(f"development data not found at {SHARED} (set VNEXTRACT_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    from vnextract import Extractor

    return Extractor()

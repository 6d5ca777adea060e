"""Every module's doctests run (the examples in docstrings are kept true)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import vnextract

MODULES = sorted(m.name for m in pkgutil.walk_packages(vnextract.__path__, "vnextract."))


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name: str) -> None:
    if name.endswith("dask_runner"):
        pytest.importorskip("distributed")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) of {name} failed"

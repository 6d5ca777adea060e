"""The data behind place names: administrative units read from ``vietnamadminunits``
(an SQLite file shipped in that package, read offline) and the spelling variants and
compiled alternation that :class:`vnextract.structure.places.Gazetteer` matches them with."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import Iterable

import regex


def admin_db_path() -> Path:
    """The SQLite file of ``vietnamadminunits``, located without importing the package."""
    spec = importlib.util.find_spec("vietnamadminunits")
    locations = list(spec.submodule_search_locations or []) if spec else []
    path = Path(locations[0]) / "data" / "dataset.db" if locations else None
    if path is None or not path.is_file():
        raise ModuleNotFoundError("place names need the vietnamadminunits package and its data/dataset.db")
    return path


_PAREN = regex.compile(r"\s*\([^)]*\)\s*$")


def load_admin_units() -> tuple[dict[str, bool], list[tuple[str, str, str]], set[str]]:
    """(province short name -> is a centrally-run city, [(district, province, type)], post-2025 provinces)."""
    uri = admin_db_path().as_uri() + "?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        legacy = conn.execute(
            "SELECT DISTINCT province, provinceShort, districtShort, districtType FROM admin_units_legacy"
        ).fetchall()
        new = conn.execute("SELECT DISTINCT province, provinceShort FROM admin_units").fetchall()
    provinces: dict[str, bool] = {}
    districts: set[tuple[str, str, str]] = set()
    for full, short, dshort, dtype in legacy:
        provinces[_nfc(short)] = _nfc(full).lower().startswith("thành phố")
        if dshort:
            districts.add((_PAREN.sub("", _nfc(dshort)), _nfc(short), _nfc(dtype or "")))
    post = set()
    for full, short in new:
        provinces.setdefault(_nfc(short), _nfc(full).lower().startswith("thành phố"))
        post.add(_nfc(short))
    return provinces, sorted(districts), post


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_OPEN = {("o", "a"), ("o", "e"), ("u", "y")}


def tone_variants(name: str) -> set[str]:
    """``Thanh Hóa`` -> {``Thanh Hóa``, ``Thanh Hoá``}: both tone placements of open oa/oe/uy syllables."""
    out = {_nfc(name)}
    words = name.split(" ")
    for i, w in enumerate(words):
        d = unicodedata.normalize("NFD", w)
        tones = [c for c in d if c in _TONES]
        if len(tones) != 1:
            continue
        stem = d.replace(tones[0], "")
        idx = [j for j, c in enumerate(stem) if not unicodedata.combining(c)]
        if len(idx) < 2 or (stem[idx[-2]].lower(), stem[idx[-1]].lower()) not in _OPEN:
            continue
        if len(idx) >= 3 and stem[idx[-3]].lower() == "q":
            continue
        for pos in idx[-2:]:
            end = pos + 1
            while end < len(stem) and unicodedata.combining(stem[end]):
                end += 1
            variant = _nfc(stem[:end] + tones[0] + stem[end:])
            out.add(" ".join(words[:i] + [variant] + words[i + 1 :]))
    return out


def trie_pattern(words: Iterable[str]) -> str:
    """One factorised alternation for ``words`` (a space matches any run of whitespace)."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(node[ch]) for ch in sorted(k for k in node if k)
        ]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return emit(root)

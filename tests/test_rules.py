"""The rule files' schemas: unknown keys, missing examples and bad patterns are errors at load
time; the indicator ids of the rules are the specification's catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
import yaml
from pydantic import ValidationError

from vnextract.rules import Indicator, RegexRule, WordList, branches, load_indicators, load_yaml
from vnextract.stages.relations import RelationsFile
from vnextract.stages.roles import RolesFile
from vnextract.stages.units import UnitsFile
from vnextract.structure.layout import StructureFile

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "model,data",
    [
        (RegexRule, {"pattern": "x", "examples": ["[1]"], "negatives": ["[2]"], "typo": 1}),
        (WordList, {"words": ["a"], "examples": ["[1]"], "negatives": ["[2]"], "exampels": []}),
        (Indicator, {"vi": "a", "triggers": ["a"], "units": ["b"], "examples": ["[1]"],
                     "negatives": ["[2]"], "trigger": ["x"]}),
        (WordList, {"words": ["a"], "examples": ["no mark"], "negatives": ["[2]"]}),
        (WordList, {"words": ["a"], "examples": ["[1]"], "negatives": []}),
        (RegexRule, {"pattern": "(unclosed", "examples": ["[1]"], "negatives": ["[2]"]}),
    ],
)
def test_pattern_models_reject_bad_entries(model, data) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        model.model_validate(data)


@pytest.mark.parametrize("model,name", [(RolesFile, "roles"), (UnitsFile, "units"),
                                        (RelationsFile, "relations"), (StructureFile, "structure")])
def test_a_key_no_stage_reads_is_rejected(model, name: str) -> None:  # type: ignore[no-untyped-def]
    data = dict(load_yaml(name))
    model.model_validate(data)
    with pytest.raises(ValidationError):
        model.model_validate({**data, "new_entry": next(iter(data.values()))})
    with pytest.raises(ValidationError):
        model.model_validate({k: v for k, v in data.items() if k != next(iter(data))})


def test_indicator_ids_are_the_catalogue(shared: Path) -> None:
    with open(shared / "spec" / "indicators.yml", encoding="utf-8") as fh:
        catalogue = yaml.safe_load(fh)
    assert set(load_yaml("indicators")) == set(catalogue)


def test_indicator_entries_are_unique_and_complete() -> None:
    text = (REPO / "patterns" / "indicators.yml").read_text("utf-8")
    keys = [m.group(1) for m in regex.finditer(r"(?m)^([a-z_]+\.[a-z_]+):", text)]
    assert len(keys) == len(set(keys)), "duplicate ids"
    entries = load_indicators()
    assert len(entries) == len(keys)
    owner: dict[str, str] = {}
    for ind_id, ent in entries.items():
        assert len(ent.examples) >= 2 and len(ent.negatives) >= 2, ind_id
        for phrase in ent.triggers + ent.weak_triggers:
            assert phrase == phrase.strip() and phrase, (ind_id, phrase)
            assert owner.setdefault(phrase.lower(), ind_id) == ind_id, f"{phrase!r} names two ids"


@pytest.mark.parametrize("name", ["FORMAT.md", "indicators.yml"])
def test_the_shipped_specification_is_the_shared_one(shared: Path, name: str) -> None:
    from vnextract.spec import spec_path

    assert spec_path(name).read_bytes() == (shared / "spec" / name).read_bytes(), (
        f"vnextract/spec/{name} differs from the shared specification: copy it again")


@pytest.mark.parametrize("pattern,expected", [
    (r"a|b", ["a", "b"]),
    (r"(?:a|b)", ["a", "b"]),
    (r"(?:a|b)+", ["(?:a|b)+"]),
    (r"(?:a|b)c|d", ["(?:a|b)c", "d"]),
    (r"(?:a)|(?:b)", ["(?:a)", "(?:b)"]),
    (r"[|(]x|\(|y", ["[|(]x", r"\(", "y"]),
    (r"[]|]z|(?<=a|b)c", ["[]|]z", "(?<=a|b)c"]),
    (r"[^]|)]|q", ["[^]|)]", "q"]),
    (r"[[ab]|]y|z", ["[[ab]|]y", "z"]),  # a nested set (regex version 1)
    (r"[[:alpha:]|]|z", ["[[:alpha:]|]", "z"]),
    (r"(?-i)A|B", ["(?-i)A|B"]),  # a global flag holds for every alternative: not cut
    (r"(a)x|\1", [r"(a)x|\1"]),  # a backreference to another alternative: not cut
    (r"(?P<n>a)|(?P=n)", ["(?P<n>a)|(?P=n)"]),
    (r"(?-i:A)|B", ["(?-i:A)", "B"]),  # a scoped flag stays with its group
])
def test_branches_cut_only_at_top_level_bars(pattern: str, expected: list[str]) -> None:
    assert branches(pattern) == expected


@pytest.mark.parametrize("role", list(RolesFile.model_fields))
def test_branches_of_every_role_cue_search_as_their_union(role: str) -> None:
    """Searching a role cue's branches one by one finds a match exactly where the whole pattern
    does (the role stage searches them so: issue 12), over every example and negative of the
    cue, masked as the role stage masks its figure; every example matches."""
    from vnextract.rules import split_marked
    from vnextract.stages.roles import PERCENT_PLACEHOLDER, PLACEHOLDER, RoleClassifier

    entry = RolesFile.model_validate(load_yaml("roles")).model_dump()[role]
    number = f"[{PLACEHOLDER}{PERCENT_PLACEHOLDER}]"

    def compiled(pattern: str) -> regex.Pattern[str]:
        return regex.compile(pattern.replace("{N}", number).replace("{P}", PERCENT_PLACEHOLDER),
                             regex.IGNORECASE | regex.VERSION1)

    whole, parts = compiled(entry["pattern"]), [compiled(b) for b in branches(entry["pattern"])]
    # the branches are the pattern cut at its top-level bars (unwrapped when wrapped whole)
    assert "|".join(branches(entry["pattern"])) in (entry["pattern"], entry["pattern"][3:-1])
    matched = []
    for example in entry["examples"] + entry["negatives"]:
        text, start, end = split_marked(example)
        masked, _ = RoleClassifier.masked(text, start, end, 0, len(text), "%" in text[start:end])
        assert bool(whole.search(masked)) == any(p.search(masked) for p in parts), (role, example)
        matched.append(bool(whole.search(masked)))
    assert all(matched[: len(entry["examples"])]), (role, entry["examples"])

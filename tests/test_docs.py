"""The user documentation is true: the notebook tour runs end to end (nbclient, offline) and
shows what it says; docs/records.md names every field and its date table parses as it says;
the displaCy rendering has one colour per indicator and a legend."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from vnextract.schema import Document, Record

ROOT = Path(__file__).resolve().parents[1]
RECORDS_MD = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")


def _outputs(cell: Any) -> str:
    return "\n".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("data", {}).get("text/html", ""))
                     + str(o.get("text", "")) for o in cell.outputs)


def test_the_tour_notebook_runs_and_shows_what_it_says() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "docs" / "tour.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    code = [_outputs(c) for c in nb.cells if c.cell_type == "code"]
    assert "vnextract-legend" in code[0] and "employment.jobs_created · actual · 2022-01/2022-05" in code[0]
    assert "'3.721'" in code[1] and "target_ratio" in code[1]
    assert "('3.721', 'employment.jobs_created', 'actual', '2022-01/2022-05')" in code[2]
    assert "3 documents, 4 records, 0 errors" in code[3] and "('yen-bai', 'Yên Bái', 2)" in code[3]
    assert re.search(r"Yên Bái\s+9846\.0", code[4]) and re.search(r"Lai Châu\s+3721\.0", code[4])
    assert "2023-01-01" in code[5] and "2023-12-31" in code[5]
    assert "'precision': 0.667, 'recall': 1.0, 'f1': 0.8" in code[6]


@pytest.mark.parametrize("name", [*Document.model_fields, *Record.model_fields])
def test_records_md_describes_every_field(name: str) -> None:
    assert f"`{name}`" in RECORDS_MD


def _date_rows() -> list[tuple[list[str], list[str]]]:
    section = RECORDS_MD.split("## Dates", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and "`" in cells[1]:
            rows.append((re.findall(r"`([^`]+)`", cells[0]), re.findall(r"`([^`]+)`", cells[1])))
    return rows


@pytest.mark.parametrize("given,expected", _date_rows())
def test_the_accepted_date_formats_are_accepted(given: list[str], expected: list[str]) -> None:
    from vnextract.dates import normalize_date

    values: list[Any] = [eval(g, {"datetime": datetime}) if g.startswith("datetime") else  # noqa: S307
                         int(g) if g.isdigit() and len(g) == 10 else g for g in given]
    outs = expected if len(expected) == len(values) else expected * len(values)
    assert [normalize_date(v) for v in values] == outs


def test_displacy_has_one_colour_per_indicator_and_a_legend() -> None:
    import vnextract

    text = (ROOT / "examples" / "press_release.txt").read_text(encoding="utf-8")
    doc = vnextract.extract(text, published="2023-07-01", doc_id="pr")
    html = doc.render()
    marks = re.findall(r'<mark class="entity" style="background: (#[0-9a-f]{6});[^>]*>\s*(.*?)\s*<span[^>]*>(.*?)</span>',
                       html, flags=re.S)
    assert len(marks) == len(doc.records)
    colour_of: dict[str, set[str]] = {}
    for colour, _, label in marks:
        colour_of.setdefault(label.split(" · ")[0], set()).add(colour)
    indicators = {r.indicator or r.unit or "—" for r in doc.records}
    assert set(colour_of) == indicators and all(len(c) == 1 for c in colour_of.values())
    legend = html.split('class="vnextract-legend"', 1)[1]
    for rec in doc.records:
        assert (rec.indicator or "(no indicator)") in legend
        assert f"{rec.role} · {rec.period or 'no period'}" in html  # shown beside the figure, not on hover
    assert doc._repr_html_() == html


def test_to_spacy_spans_and_extensions() -> None:
    import vnextract

    doc = vnextract.extract("Năm 2022, tỉnh giải quyết việc làm cho 3.721 lao động,  trong đó 1.000 lao động nữ.",
                            doc_id="x")
    sp = doc.to_spacy()
    assert sp.text == doc.text
    spans = sp.spans["quantities"]
    assert [(s.start_char, s.end_char, s._.id, s._.value) for s in spans] == \
        [(r.start, r.end, r.id, r.value) for r in doc.records]
    assert sp.user_data["vnextract"]["doc_id"] == "x"

"""A :class:`~vnextract.schema.Document` for spaCy and displaCy, and in a notebook.

>>> from vnextract.schema import Document, Record
>>> doc = Document(text="Tỉnh có 5 người.", records=[Record(id="q1", start=8, end=9, text="5", value=5,
...                indicator="employment.jobs_created", period="2022")])
>>> sp = to_spacy(doc)
>>> [(s.text, s.label_, s._.value, s._.period) for s in sp.spans["quantities"]]
[('5', 'employment.jobs_created', 5.0, '2022')]
>>> sp.text == doc.text
True
"""

from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any, Optional

import regex

from vnextract.schema import FIELDS

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.schema import Document, Record

SPANS_KEY = "quantities"
NO_INDICATOR = "(no indicator)"
EXTENSIONS = tuple(f for f in FIELDS if f not in ("start", "end", "text"))
# 20 distinct background colours; a document's indicators take them in order of appearance
PALETTE = ("#ffd166", "#06d6a0", "#8ecae6", "#ef476f", "#c77dff", "#f4a261", "#90be6d", "#4cc9f0",
           "#f28482", "#b5e48c", "#ffafcc", "#a3c4f3", "#e9c46a", "#84a59d", "#cdb4db", "#ffc8dd",
           "#bde0fe", "#fcbf49", "#98f5e1", "#d4a373")
_PIECE = regex.compile(r"\s+|\w+|[^\w\s]")


def _tokens(text: str, cuts: set[int]) -> tuple[list[str], list[bool]]:
    """Words and spaces for a spaCy ``Doc`` whose text is ``text`` exactly, with a token
    boundary at every offset of ``cuts``."""
    ordered = sorted(cuts)
    words: list[str] = []
    spaces: list[bool] = []
    for m in _PIECE.finditer(text):
        piece, start = m.group(), m.start()
        if piece == " " and words and not spaces[-1]:
            spaces[-1] = True
            continue
        inner = ordered[bisect_right(ordered, start) : bisect_left(ordered, m.end())]
        for a, b in zip([start, *inner], [*inner, m.end()]):
            words.append(text[a:b])
            spaces.append(False)
    return words, spaces


def _register_extensions() -> None:
    from spacy.tokens import Span

    for name in EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


def to_spacy(document: "Document", nlp: Any = None) -> Any:
    """A spaCy ``Doc`` (vocabulary of ``nlp``, default a blank multi-language one) whose text
    is the document's; ``doc.spans["quantities"]`` holds one span per record, labelled with its
    indicator (or ``(no indicator)``), every record field but its offsets as ``span._.<field>``;
    the document's own fields are in ``doc.user_data["vnextract"]``."""
    import spacy
    from spacy.tokens import Doc

    _register_extensions()
    vocab = (nlp or spacy.blank("xx")).vocab
    cuts = {o for r in document.records for o in (r.start, r.end)}
    words, spaces = _tokens(document.text, cuts)
    doc = Doc(vocab, words=words, spaces=spaces)
    spans = []
    for rec in document.records:
        span = doc.char_span(rec.start, rec.end, label=rec.indicator or NO_INDICATOR)
        if span is None:
            raise ValueError(f"record {rec.id} ({rec.start}-{rec.end}) does not fall on token boundaries")
        for name in EXTENSIONS:
            setattr(span._, name, getattr(rec, name))
        spans.append(span)
    doc.spans[SPANS_KEY] = spans
    doc.user_data["vnextract"] = document.model_dump(include={"doc_id", "title", "published", "location", "url"})
    return doc


def colours(document: "Document") -> dict[str, str]:
    """One colour per indicator of the document (``(no indicator)`` included), in text order."""
    out: dict[str, str] = {}
    for rec in sorted(document.records, key=lambda r: r.start):
        key = rec.indicator or NO_INDICATOR
        if key not in out:
            out[key] = PALETTE[len(out) % len(PALETTE)]
    return out


def _label(rec: "Record") -> str:
    """What is shown beside a figure: indicator (or unit), role, period, qualifier, Σ."""
    parts = [rec.indicator or rec.unit or "—", rec.role, rec.period or "no period"]
    if rec.cumulative:
        parts.append("Σ")
    return " · ".join(parts)


def _legend(palette: dict[str, str]) -> str:
    items = "".join(
        f'<span style="background:{c};padding:0.2em 0.5em;margin:0.15em;border-radius:0.35em;'
        f'display:inline-block">{html.escape(name)}</span>' for name, c in palette.items())
    return (f'<div class="vnextract-legend" style="font-family:sans-serif;font-size:0.85em;margin:0.5em 0">'
            f"<b>indicators</b> {items}<br><small>beside each figure: indicator (or unit) · role · period; "
            "Σ: a running total</small></div>")


def render(document: "Document", *, page: bool = False, title: Optional[str] = None) -> str:
    """displaCy HTML of the document: every figure in the colour of its indicator with its
    indicator, role and period written beside it (no hovering needed), then a legend."""
    from spacy import displacy

    palette = colours(document)
    ents = [{"start": r.start, "end": r.end, "label": _label(r)}
            for r in sorted(document.records, key=lambda r: r.start)]
    label_colours = {_label(r): palette[r.indicator or NO_INDICATOR] for r in document.records}
    head = title or " · ".join(x for x in (document.doc_id, document.published, document.location) if x) or None
    data = {"text": document.text, "ents": _without_overlaps(ents), "title": head}
    body = displacy.render(data, style="ent", manual=True, page=page, jupyter=False,
                           options={"colors": label_colours})
    count = f'<div style="font-family:sans-serif"><small>{len(document.records)} records</small></div>'
    return count + body + _legend(palette)


def _without_overlaps(ents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for e in ents:
        if not out or e["start"] >= out[-1]["end"]:
            out.append(e)
    return out

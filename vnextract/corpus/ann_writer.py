"""Documents back to editable ann files (pre-annotation, regenerating ann files from gold):
unique ``at`` snippets, parents as keys, YAML with the text as a literal block."""

from __future__ import annotations

from typing import Any, Mapping, Optional

import yaml

from vnextract.corpus.annfile import RECORD_KEYS, AnnError, locate


class _AnnDumper(yaml.SafeDumper):
    pass


def _str_repr(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_AnnDumper.add_representer(str, _str_repr)


def dump_ann(ann: Mapping[str, Any]) -> str:
    """YAML text of an ann dict, keys in their given order, text as a literal block."""
    return yaml.dump(dict(ann), Dumper=_AnnDumper, allow_unicode=True, sort_keys=False,
                     width=1000, default_flow_style=False)


def _grow(text: str, left: int, right: int, to_left: bool) -> tuple[int, int]:
    """Extend ``[left, right)`` by one word to the left or right, never across a line break."""
    if to_left:
        i = left
        while i > 0 and text[i - 1] == " ":
            i -= 1
        while i > 0 and not text[i - 1].isspace():
            i -= 1
        return i, right
    j = right
    while j < len(text) and text[j] == " ":
        j += 1
    while j < len(text) and not text[j].isspace():
        j += 1
    return left, j


def _count(text: str, snippet: str) -> int:
    n, pos = 0, text.find(snippet)
    while pos >= 0:
        n, pos = n + 1, text.find(snippet, pos + 1)
    return n


def _placement(text: str, rec: Mapping[str, Any]) -> dict[str, Any]:
    """``at`` (and ``num``/``occ``/``novalcheck`` when needed) that locate ``rec``'s span.

    The snippet grows word by word (left first) until it is unique in the text and at
    least 12 characters long; if no snippet in the line is unique, ``occ`` says which.
    """
    start, end = int(rec["start"]), int(rec["end"])
    surface = text[start:end]
    left, right = _grow(text, start, end, True)
    fallback: Optional[dict[str, Any]] = None
    for step in range(12):
        at = text[left:right]
        occ = _occurrence_index(text, at, left)
        for extra in ({}, {"num": surface}, {"num": surface, "novalcheck": True}):
            item: dict[str, Any] = {"at": at, **extra, "value": rec["value"]}
            if occ > 1:
                item["occ"] = occ
            if rec.get("value_max") is not None:
                item["value_max"] = rec["value_max"]
            try:
                placed = locate(text, item)
            except AnnError:
                continue
            if placed == (start, end):
                if _count(text, at) == 1 and len(at) >= 12:
                    return _order(item)
                fallback = fallback or item
                break
        new = _grow(text, left, right, step % 2 == 1)
        if new == (left, right):
            new = _grow(text, left, right, step % 2 == 0)
            if new == (left, right):
                break
        left, right = new
    if fallback is None:
        raise AnnError(f"cannot place record {rec.get('id')} {surface!r} at {start}")
    return _order(fallback)


def _occurrence_index(text: str, snippet: str, at_offset: int) -> int:
    """1-based index of the occurrence of ``snippet`` that starts at ``at_offset``."""
    n, pos = 0, text.find(snippet)
    while 0 <= pos <= at_offset:
        n, pos = n + 1, text.find(snippet, pos + 1)
    return max(n, 1)


def _order(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in RECORD_KEYS if k in item}


def _attributes(item: dict[str, Any], rec: Mapping[str, Any], is_parent: bool, doc_loc: Any) -> dict[str, Any]:
    """What a record says, added to its placement; defaults (actual, not cumulative, the
    document's location) are left out."""
    if is_parent:
        item["key"] = rec["id"]
    if rec.get("parent"):
        item["parent"] = rec["parent"]
    for name in ("unit", "indicator", "indicator_text"):
        item[name] = rec.get(name)
    if rec.get("role", "actual") != "actual":
        item["role"] = rec["role"]
    if rec.get("qualifier") is not None:
        item["qualifier"] = rec["qualifier"]
    item["period"] = rec.get("period")
    if rec.get("cumulative"):
        item["cumulative"] = True
    if rec.get("location", doc_loc) != doc_loc:
        item["location"] = rec.get("location")
    return item


def document_to_ann(doc: Mapping[str, Any], with_text: bool = False,
                    skipped: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    """An editable ann dict for ``doc``: unique ``at`` snippets, parents as keys.

    ``with_text`` embeds the text (``text:``), as constructed documents do.  A record
    that cannot be placed (or repeats another's span) raises, unless ``skipped`` is a
    list, which then receives it.
    """
    text = str(doc["text"])
    doc_loc = doc.get("location")
    records = sorted(doc.get("records") or [], key=lambda r: (int(r["start"]), int(r["end"])))
    parents = {r.get("parent") for r in records if r.get("parent")}
    out_records: list[dict[str, Any]] = []
    spans: set[tuple[int, int]] = set()
    for rec in records:
        span = (int(rec["start"]), int(rec["end"]))
        try:
            if span in spans:
                raise AnnError(f"record {rec.get('id')} repeats the span {span}")
            item = _placement(text, rec)
        except AnnError:
            if skipped is None:
                raise
            skipped.append(dict(rec))
            continue
        spans.add(span)
        out_records.append(_order(_attributes(item, rec, rec.get("id") in parents, doc_loc)))
    ann: dict[str, Any] = {"doc_id": doc.get("doc_id"), "title": doc.get("title"),
                           "published": doc.get("published"), "location": doc_loc}
    if doc.get("constructed"):
        ann["constructed"] = True
    if with_text:
        ann["text"] = text
    ann["records"] = out_records
    if doc.get("exclusions"):
        ann["exclusions"] = list(doc["exclusions"])
    return ann

"""Label Studio import tasks and export conversion for quantity records.

A document becomes one task: ``data.text`` (plus doc_id, title, published,
location) and one prediction whose results are:

- a ``labels`` region per record (``from_name="quantity"``), labelled with its
  role (``actual``, ``target``, ``target_ratio``, ``change``, ``share``);
- per-region ``textarea`` results (same ``id`` as the region) for ``value``,
  ``value_max``, ``unit``, ``indicator``, ``indicator_text``, ``period`` and
  ``location``, and ``choices`` results for ``qualifier`` and ``cumulative``;
- a ``relation`` (``labels=["part_of"]``) from a part to its whole (``parent``).

An export (a list of tasks with ``annotations``) converts back to FORMAT.md
documents; records are renumbered ``q1``… by start offset.  The labeling
config matching these names is :func:`labeling_config`.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from vnextract.corpus.mentions import find_numerals
from vnextract.schema import FORMAT_FIELDS, QUALIFIERS, ROLES, SPAN_FIELDS

TO_NAME = "text"
SPAN_NAME = "quantity"
# fields typed in as text areas: what a record says, except those chosen from a list or a link
TEXT_FIELDS = tuple(f for f in FORMAT_FIELDS if f not in SPAN_FIELDS + ("role", "qualifier", "cumulative", "parent"))
ROLE_COLOURS = {"actual": "#ffd166", "target": "#06d6a0", "target_ratio": "#118ab2",
                "change": "#ef476f", "share": "#9b5de5"}
DOC_FIELDS = ("doc_id", "title", "published", "location")


class LabelStudioError(ValueError):
    """An export that does not describe quantity records."""


def _utf16(text: str, i: int) -> int:
    """Label Studio (JavaScript) offsets count UTF-16 units: astral characters count twice."""
    return i + sum(1 for ch in text[:i] if ord(ch) > 0xFFFF)


def _codepoint(text: str, j: int) -> int:
    """The inverse of :func:`_utf16`."""
    units = 0
    for i, ch in enumerate(text):
        if units >= j:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def _fmt_number(v: Any) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() and abs(f) < 1e18 else repr(f)


def _number(s: str) -> float | int:
    f = float(s.strip().replace(" ", ""))
    return int(f) if f.is_integer() and "." not in s and "e" not in s.lower() else f


def document_to_task(doc: Mapping[str, Any], model_version: str = "vnextract",
                     as_annotation: bool = False) -> dict[str, Any]:
    """One Label Studio task with the document's records as a prediction (or annotation)."""
    text = str(doc["text"])
    result: list[dict[str, Any]] = []
    doc_loc = doc.get("location")
    for rec in doc.get("records") or []:
        rid = str(rec["id"])
        start, end = int(rec["start"]), int(rec["end"])
        span = {"start": _utf16(text, start), "end": _utf16(text, end)}
        common = {"id": rid, "to_name": TO_NAME, "origin": "prediction"}
        result.append({**common, "from_name": SPAN_NAME, "type": "labels",
                       "value": {**span, "text": text[start:end],
                                 "labels": [rec.get("role") or "actual"]}})
        for name in TEXT_FIELDS:
            val = rec.get(name)
            if name == "location" and val == doc_loc:
                continue
            if val is None:
                continue
            shown = _fmt_number(val) if name in ("value", "value_max") else str(val)
            result.append({**common, "from_name": name, "type": "textarea",
                           "value": {**span, "text": [shown]}})
        if rec.get("qualifier"):
            result.append({**common, "from_name": "qualifier", "type": "choices",
                           "value": {**span, "choices": [rec["qualifier"]]}})
        if rec.get("cumulative"):
            result.append({**common, "from_name": "cumulative", "type": "choices",
                           "value": {**span, "choices": ["cumulative"]}})
        if rec.get("parent"):
            result.append({"type": "relation", "from_id": rid, "to_id": str(rec["parent"]),
                           "direction": "right", "labels": ["part_of"]})
    data = {"text": text, **{k: doc.get(k) for k in DOC_FIELDS}}
    key = "annotations" if as_annotation else "predictions"
    return {"data": data, key: [{"model_version": model_version, "result": result}]}


def documents_to_tasks(docs: Iterable[Mapping[str, Any]], **kw: Any) -> list[dict[str, Any]]:
    return [document_to_task(d, **kw) for d in docs]


def _pick_result(task: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The last non-cancelled annotation's result, else the last prediction's."""
    for key in ("annotations", "completions", "predictions"):
        items = [a for a in task.get(key) or [] if not a.get("was_cancelled")]
        if items:
            return list(items[-1].get("result") or [])
    return []


def _region_value(item: Mapping[str, Any]) -> Optional[str]:
    val = item.get("value") or {}
    if item.get("type") == "textarea":
        texts = [t for t in val.get("text") or [] if str(t).strip()]
        return str(texts[-1]).strip() if texts else None
    if item.get("type") == "choices":
        choices = val.get("choices") or []
        return str(choices[0]) if choices else None
    return None


def _results(task: Mapping[str, Any]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Optional[str]]],
                                              dict[str, str]]:
    """The task's regions, their attributes, and each part's whole (``part_of`` relations)."""
    regions: dict[str, dict[str, Any]] = {}
    attrs: dict[str, dict[str, Optional[str]]] = {}
    parents: dict[str, str] = {}
    for item in _pick_result(task):
        typ = item.get("type")
        if typ == "relation":
            if not item.get("labels") or "part_of" in item.get("labels", []):
                child, whole = str(item["from_id"]), str(item["to_id"])
                if item.get("direction") == "left":
                    child, whole = whole, child
                parents[child] = whole
            continue
        rid = str(item.get("id"))
        if typ == "labels" and item.get("from_name") == SPAN_NAME:
            regions[rid] = item["value"]
        elif typ in ("textarea", "choices"):
            attrs.setdefault(rid, {})[str(item.get("from_name"))] = _region_value(item)
    return regions, attrs, parents


def task_to_document(task: Mapping[str, Any]) -> dict[str, Any]:
    """A FORMAT.md document from one exported (or imported) task."""
    data = task.get("data") or {}
    if "text" not in data:
        raise LabelStudioError(f"task {task.get('id')}: no data.text")
    text = str(data["text"])
    doc_loc = data.get("location")
    regions, attrs, parents = _results(task)
    ordered = sorted(regions.items(), key=lambda kv: (int(kv[1]["start"]), int(kv[1]["end"])))
    astral = any(ord(ch) > 0xFFFF for ch in text)

    def cp(j: int) -> int:
        return _codepoint(text, j) if astral else j

    new_id = {rid: f"q{n}" for n, (rid, _) in enumerate(ordered, 1)}
    records: list[dict[str, Any]] = []
    for rid, val in ordered:
        start, end = cp(int(val["start"])), cp(int(val["end"]))
        a = attrs.get(rid, {})
        surface = text[start:end]
        value, value_max = _values(surface, a, task.get("id"))
        labels = val.get("labels") or ["actual"]
        role = labels[0] if labels[0] in ROLES else "actual"
        parent = parents.get(rid)
        records.append({
            "id": new_id[rid], "start": start, "end": end, "text": surface,
            "value": value, "value_max": value_max,
            "unit": a.get("unit"), "indicator": a.get("indicator"),
            "indicator_text": a.get("indicator_text"), "role": role,
            "qualifier": a.get("qualifier") if a.get("qualifier") in QUALIFIERS else None,
            "period": a.get("period"), "cumulative": a.get("cumulative") == "cumulative",
            "location": a.get("location") or doc_loc,
            "parent": new_id.get(parent) if parent else None,
        })
    doc = {k: data.get(k) for k in DOC_FIELDS}
    doc["text"] = text
    doc["records"] = records
    return doc


def _values(surface: str, a: Mapping[str, Optional[str]], task_id: Any
            ) -> tuple[float | int, Optional[float | int]]:
    """Value and value_max from the region's text areas, else read from the surface."""
    found = [n for n in find_numerals(surface) if n.start == 0 and n.end == len(surface)]
    try:
        value = _number(a["value"]) if a.get("value") else None
        value_max = _number(a["value_max"]) if a.get("value_max") else None
    except ValueError as exc:
        raise LabelStudioError(f"task {task_id}: bad number for {surface!r}: {exc}") from exc
    if value is None:
        if not found:
            raise LabelStudioError(f"task {task_id}: no value given for {surface!r} and none readable")
        value = found[0].value
        if value_max is None:
            value_max = found[0].value_max
        if isinstance(value, float) and value.is_integer():
            value = int(value)
    if isinstance(value_max, float) and value_max.is_integer():
        value_max = int(value_max)
    return value, value_max


def export_to_documents(export: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Documents from a Label Studio JSON export (a list of tasks)."""
    return [task_to_document(t) for t in export]


def labeling_config(indicators: Iterable[str] = ()) -> str:
    """The Label Studio labeling config (XML) matching these tasks."""
    labels = "\n".join(
        f'    <Label value="{r}" background="{ROLE_COLOURS[r]}"/>' for r in ROLES)
    def area(name: str, hint: str) -> str:
        return (f'    <Header value="{name}"/>\n'
                f'    <TextArea name="{name}" toName="{TO_NAME}" perRegion="true" '
                f'editable="true" maxSubmissions="1" rows="1" placeholder="{hint}"/>')
    areas = "\n".join(area(n, h) for n, h in (
        ("value", "the amount, scale applied: 3.721 -> 3721, 14 triệu -> 14000000"),
        ("value_max", "upper end of a range"),
        ("unit", "đồng, %, lao động, hộ, lượt người ..."),
        ("indicator", "id from indicators.yml, empty if none"),
        ("indicator_text", "shortest phrase saying what is measured"),
        ("period", "ISO 8601: 2022, 2022-05, 2022-01/2022-05, ../2022-05-05"),
        ("location", "only when different from the document's"),
    ))
    quals = "\n".join(f'      <Choice value="{q}"/>' for q in QUALIFIERS)
    ind_list = "\n".join(f"  <!-- indicator id: {i} -->" for i in indicators)
    return f"""<View>
  <!-- vnextract quantity records (spec/FORMAT.md): one region per numeral expression,
       labelled with its role; per-region attributes below; parent = relation part_of -->
{ind_list}
  <Relations>
    <Relation value="part_of"/>
  </Relations>
  <Labels name="{SPAN_NAME}" toName="{TO_NAME}">
{labels}
  </Labels>
  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>
  <View visibleWhen="region-selected">
{areas}
    <Header value="qualifier"/>
    <Choices name="qualifier" toName="{TO_NAME}" perRegion="true" choice="single">
{quals}
    </Choices>
    <Choices name="cumulative" toName="{TO_NAME}" perRegion="true" choice="single">
      <Choice value="cumulative"/>
    </Choices>
  </View>
</View>
"""

"""Statistical component: text classifiers for a quantity's indicator id and role.

Two spaCy ``textcat`` pipelines (exclusive classes, bag of n-grams, see
``textcat_bow.cfg`` beside this module) read a quantity's context as a bag of tokens built by
:func:`features`: the syllables of its clause with the numeral replaced by a
marker, the syllables next to it with their position, the rest of its sentence,
its unit and kind.  The rules propose records and fill every attribute;
:meth:`QuantityModel.apply` replaces the indicator or role of a record only where
the classifier's probability reaches the threshold chosen by cross-validation.

The shipped model lives in ``vnextract/stats/weights`` (``indicator/``, ``role/``
and ``meta.json`` with thresholds, training-data version and scores).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence, Union

import regex

from vnextract.stages.indicators import syllable_spans
from vnextract.structure.layout import LayoutRules, clause_around
from vnextract.schema import Document, Record

NONE_LABEL = "none"
KEEP = "keep"  # residual label: the rules' value is right
MARKER = "<num>"
WINDOW = 3
MODEL_DIR = Path(__file__).resolve().parent / "weights"
_DIGITS = regex.compile(r"\d")


def clause_span(text: str, start: int, end: int, sent: tuple[int, int]) -> tuple[int, int]:
    """The clause of ``text[start:end]`` inside sentence ``sent``, as the document structure
    cuts it (``clause_break`` of ``patterns/structure.yml``)."""
    return clause_around(LayoutRules.load().clauses(text, sent), start, end)


def _norm(tok: str) -> str:
    return _DIGITS.sub("0", tok.lower())


def features(text: str, start: int, end: int, sent: tuple[int, int],
             unit: Optional[str], kind: str) -> list[str]:
    """The tokens a classifier reads for the quantity ``text[start:end]``.

    Lower-cased, digits folded to ``0``; sentence tokens outside the clause carry
    ``s:``, the ``WINDOW`` syllables either side ``l1:``.. / ``r1:``.., then ``u:unit``
    and ``k:kind``.
    """
    s0, s1 = sent
    if not (s0 <= start and end <= s1):
        s0, s1 = min(s0, start), max(s1, end)
    c0, c1 = clause_span(text, start, end, (s0, s1))
    left = [_norm(text[a:b]) for a, b in syllable_spans(text, c0, start)]
    right = [_norm(text[a:b]) for a, b in syllable_spans(text, end, c1)]
    out = left + [MARKER] + right
    out += [f"l{i + 1}:{t}" for i, t in enumerate(reversed(left[-WINDOW:]))]
    out += [f"r{i + 1}:{t}" for i, t in enumerate(right[:WINDOW])]
    outside = syllable_spans(text, s0, c0) + syllable_spans(text, c1, s1)
    out += [f"s:{_norm(text[a:b])}" for a, b in outside]
    out.append("u:" + ("_".join((unit or "").lower().split()) or "-"))
    out.append(f"k:{kind}")
    return out


def record_features(text: str, rec: Record, stacked: bool = True) -> list[str]:
    """:func:`features` of a rule record; ``stacked`` adds the rules' own decisions
    (``ri:indicator``, ``rr:role``) so the classifier learns where the rules err."""
    sent = (rec.sentence_start if rec.sentence_start is not None else rec.start,
            rec.sentence_end if rec.sentence_end is not None else rec.end)
    out = features(text, rec.start, rec.end, sent, rec.unit, rec.kind)
    if stacked:
        out += [f"ri:{rec.indicator or NONE_LABEL}", f"rr:{rec.role}"]
    return out


@dataclass(frozen=True)
class Prediction:
    """The classifiers' best labels (``keep``: the rules' value) and probabilities."""

    indicator: str
    indicator_p: float
    role: str
    role_p: float


def _best(cats: dict[str, float]) -> tuple[str, float]:
    label = max(cats, key=lambda k: (cats[k], k))
    return label, float(cats[label])


def _indicator_value(label: str, rec: Record) -> Optional[str]:
    if label == KEEP:
        return rec.indicator
    return None if label == NONE_LABEL else label


def change_type(rule: Optional[str], model: Optional[str]) -> str:
    """``add`` (rules had no indicator), ``drop`` (model says none) or ``swap``."""
    return "add" if rule is None else ("drop" if model is None else "swap")


def combine(doc: Document, preds: Sequence[Prediction],
            ti: Union[float, Mapping[str, float]], tr: float) -> Document:
    """Rules plus model: a record takes the model's indicator (role) where it differs
    and its probability reaches ``ti`` (``tr``); ``ti`` may hold one threshold per
    :func:`change_type`.  Thresholds of 0 give the model-only decision.  ``decided_by``
    says ``model`` where the model changed a record, ``both`` where its best labels
    agree with the rules, else ``rule``."""
    records = []
    for rec, p in zip(doc.records, preds):
        ind = _indicator_value(p.indicator, rec)
        role = rec.role if p.role == KEEP else p.role
        t_ind = ti if isinstance(ti, (int, float)) else ti[change_type(rec.indicator, ind)]
        upd: dict[str, Any] = {}
        if ind != rec.indicator and p.indicator_p >= t_ind:
            upd["indicator"] = ind
        if role != rec.role and p.role_p >= tr:
            upd["role"] = role
        if upd:
            upd["decided_by"] = "model"
            upd["rule"] = ",".join(x for x in (rec.rule, "model") if x)
        elif ind == rec.indicator and role == rec.role:
            upd["decided_by"] = "both"
        records.append(rec.model_copy(update=upd) if upd else rec)
    return doc.model_copy(update={"records": records})


@dataclass
class QuantityModel:
    """Indicator and role classifiers with their override thresholds."""

    indicator_nlp: Any
    role_nlp: Any
    indicator_threshold: Union[float, dict[str, float]] = 0.5
    role_threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    # -------------------------------------------------------------- storage
    @classmethod
    def load(cls, path: Optional[Union[str, Path]] = None) -> "QuantityModel":
        """The model saved in ``path`` (default: the one shipped in the package)."""
        import spacy

        folder = Path(path) if path is not None else MODEL_DIR
        meta_path = folder / "meta.json"
        if not meta_path.is_file():
            raise FileNotFoundError(f"no trained model in {folder} (meta.json missing)")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        th = meta.get("thresholds", {})
        return cls(
            indicator_nlp=spacy.load(folder / "indicator"),
            role_nlp=spacy.load(folder / "role"),
            indicator_threshold=th.get("indicator", 0.5),
            role_threshold=float(th.get("role", 0.5)),
            meta=meta,
        )

    def save(self, path: Union[str, Path]) -> Path:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        # the bag-of-n-grams model reads hashed token ids: the vocabulary (a word list
        # of the training texts) is not needed to predict and is not shipped
        for name, nlp in (("indicator", self.indicator_nlp), ("role", self.role_nlp)):
            if (folder / name / "vocab").is_dir():
                shutil.rmtree(folder / name / "vocab")
            nlp.to_disk(folder / name, exclude=["vocab"])
        meta = dict(self.meta)
        meta["thresholds"] = {"indicator": self.indicator_threshold, "role": self.role_threshold}
        (folder / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
        return folder

    # ------------------------------------------------------------ inference
    def _docs(self, nlp: Any, rows: Sequence[list[str]]) -> list[Any]:
        from spacy.tokens import Doc

        return [Doc(nlp.vocab, words=r or [MARKER]) for r in rows]

    def predict_rows(self, rows: Sequence[list[str]]) -> list[Prediction]:
        """Classify feature rows (see :func:`features`)."""
        if not rows:
            return []
        inds = self.indicator_nlp.pipe(self._docs(self.indicator_nlp, rows))
        roles = self.role_nlp.pipe(self._docs(self.role_nlp, rows))
        return [Prediction(*_best(di.cats), *_best(dr.cats)) for di, dr in zip(inds, roles)]

    @property
    def stacked(self) -> bool:
        return bool(self.meta.get("stacked", True))

    def predict(self, doc: Document) -> list[Prediction]:
        return self.predict_rows([record_features(doc.text, r, self.stacked) for r in doc.records])

    def apply(self, doc: Document, predictions: Optional[Sequence[Prediction]] = None,
              indicator_threshold: Optional[Union[float, Mapping[str, float]]] = None,
              role_threshold: Optional[float] = None) -> Document:
        """The document with indicator/role replaced where the model is confident
        (see :func:`combine`); thresholds default to the trained ones."""
        preds = list(predictions) if predictions is not None else self.predict(doc)
        return combine(doc, preds,
                       self.indicator_threshold if indicator_threshold is None else indicator_threshold,
                       self.role_threshold if role_threshold is None else role_threshold)

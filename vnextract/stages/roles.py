"""Role and cumulative flag of a quantity, from the cues of ``patterns/roles.yml``
and ``patterns/cumulative.yml``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from vnextract.rules import RegexRule, Strict, WordList, alternation, load_wordlists, load_yaml

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis

PLACEHOLDER = "\ue000"  # stands for the numeral being classified inside its clause
PERCENT_PLACEHOLDER = "\ue001"  # the same, when the numeral is a percentage


class RolesFile(Strict):
    """``patterns/roles.yml``: one pattern per role, tried in the order of the fields."""

    target_ratio: RegexRule
    change: RegexRule
    share: RegexRule
    target: RegexRule


ROLE_ORDER = tuple(RolesFile.model_fields)


class RoleClassifier:
    """Rule-based role (FORMAT.md 3.5) and cumulative detection."""

    def __init__(
        self,
        rules: RolesFile | None = None,
        cumulative: dict[str, WordList] | None = None,
    ) -> None:
        rules = rules if rules is not None else RolesFile.model_validate(load_yaml("roles"))
        flags = regex.IGNORECASE | regex.VERSION1
        self.rules = [
            (role, regex.compile(getattr(rules, role).pattern.replace("{N}", f"[{PLACEHOLDER}{PERCENT_PLACEHOLDER}]")
                .replace("{P}", PERCENT_PLACEHOLDER), flags))
            for role in ROLE_ORDER
        ]
        cum = cumulative if cumulative is not None else load_wordlists("cumulative")
        words = [w for e in cum.values() for w in e.words]
        self.cumulative_re = regex.compile(r"(?<!\w)" + alternation(words) + r"(?!\w)", flags)

    @staticmethod
    def masked(
        text: str, start: int, end: int, lo: int, hi: int, percent: bool = False
    ) -> tuple[str, int]:
        """``text[lo:hi]`` with the numeral ``[start, end)`` replaced by the placeholder."""
        s = text[lo:start] + (PERCENT_PLACEHOLDER if percent else PLACEHOLDER) + text[end:hi]
        return s, start - lo

    def role(self, clause: str) -> str:
        """Role of the placeholder numeral in ``clause`` (see :meth:`masked`)."""
        for role, pat in self.rules:
            if pat.search(clause):
                return role
        return "actual"

    def cumulative(self, before: str) -> bool:
        return self.cumulative_re.search(before) is not None


class RoleStage:
    """Sets every quantity's role (from its clause) and cumulative flag (from its sentence
    up to it)."""

    def __init__(self, classifier: RoleClassifier | None = None) -> None:
        self.classifier = classifier or RoleClassifier()

    def __call__(self, doc: "Analysis") -> None:
        text = doc.text
        for q in doc.quantities:
            n = q.num
            masked, _ = self.classifier.masked(text, n.start, n.end, q.clause[0], q.clause[1], n.form == "percent")
            q.role = self.classifier.role(masked)
            q.cumulative = self.classifier.cumulative(text[q.sent[0] : n.start])

"""Role and cumulative flag of a quantity, from the cues of ``patterns/roles.yml``
and ``patterns/cumulative.yml``."""

from __future__ import annotations

import regex

from vnextract.rules import RegexRule, WordList, alternation, load_regex_rules, load_wordlists

PLACEHOLDER = "\ue000"  # stands for the numeral being classified inside its clause
PERCENT_PLACEHOLDER = "\ue001"  # the same, when the numeral is a percentage
ROLE_ORDER = ("target_ratio", "change", "share", "target")


class RoleClassifier:
    """Rule-based role (FORMAT.md 3.5) and cumulative detection."""

    def __init__(
        self,
        rules: dict[str, RegexRule] | None = None,
        cumulative: dict[str, WordList] | None = None,
    ) -> None:
        rules = rules if rules is not None else load_regex_rules("roles")
        flags = regex.IGNORECASE | regex.VERSION1
        self.rules = [
            (role, regex.compile(rules[role].pattern.replace("{N}", f"[{PLACEHOLDER}{PERCENT_PLACEHOLDER}]")
                .replace("{P}", PERCENT_PLACEHOLDER), flags))
            for role in ROLE_ORDER
            if role in rules
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

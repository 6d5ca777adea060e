"""Role and cumulative flag of a quantity, from the cues of ``patterns/roles.yml``
and ``patterns/cumulative.yml``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from vnextract.rules import RegexRule, Strict, WordList, alternation, branches, load_wordlists, load_yaml
from vnextract.stages.frame_rules import Plan, load_frames
from vnextract.stages.span_matches import SpanMatches

if TYPE_CHECKING:  # pragma: no cover
    from vnextract.stages.base import Analysis

PLACEHOLDER = "\ue000"  # stands for the numeral being classified inside its clause
PERCENT_PLACEHOLDER = "\ue001"  # the same, when the numeral is a percentage


class RolesFile(Strict):
    """``patterns/roles.yml``: one pattern per role, tried in the order of the fields."""

    actual: RegexRule  # tried before the other cues (a count of indicators met); a plan's scope still applies
    target_ratio: RegexRule
    change: RegexRule
    share: RegexRule
    target: RegexRule


ROLE_ORDER = tuple(RolesFile.model_fields)
# characters of its clause read either side of a figure for its role cue: a clause of 10,000
# characters with 2,500 numerals is not read 2,500 times whole (issue 12)
ROLE_REACH = 300


class RoleClassifier:
    """Rule-based role (FORMAT.md 3.5) and cumulative detection."""

    def __init__(
        self,
        rules: RolesFile | None = None,
        cumulative: dict[str, WordList] | None = None,
    ) -> None:
        rules = rules if rules is not None else RolesFile.model_validate(load_yaml("roles"))
        flags = regex.IGNORECASE | regex.VERSION1
        number = f"[{PLACEHOLDER}{PERCENT_PLACEHOLDER}]"
        # each cue's alternatives searched one by one (``branches``): the same answer, far faster
        self.rules = [
            (role, [regex.compile(b.replace("{N}", number).replace("{P}", PERCENT_PLACEHOLDER), flags)
                    for b in branches(getattr(rules, role).pattern)])
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
        for role, alternatives in self.rules:
            if any(pat.search(clause) for pat in alternatives):
                return role
        return "actual"


class PlanScope:
    """Is a figure inside the scope of a plan, proposal or forecast cue (``patterns/frames.yml``
    ``plan``, FORMAT.md 3.5)?  The last ``open`` cue before it in its sentence, with no ``close``
    cue after that one, puts it in scope; so does a sentence that opens with ``continue`` after
    a sentence whose last figure was in scope."""

    def __init__(self, spec: Plan) -> None:
        flags = regex.IGNORECASE | regex.VERSION1
        self.open = regex.compile(r"(?<!\w)" + alternation(spec.open, spaces=True) + r"(?!\w)", flags)
        self.close = regex.compile(r"(?<!\w)" + alternation(spec.close, spaces=True) + r"(?!\w)", flags)
        self.done = regex.compile(r"(?<!\w)" + alternation(spec.close + spec.done, spaces=True) + r"(?!\w)", flags)
        self.goes_on = regex.compile(r"\W*" + alternation(spec.continue_, spaces=True) + r"(?!\w)", flags)
        self.made = regex.compile(alternation(spec.made, spaces=True) + r"(?!\w)", flags)
        self.now = regex.compile(r"[^\d,;.]{0,20}?(?<!\w)" + alternation(spec.now, spaces=True) + r"(?!\w)", flags)

    def now_after(self, text: str, end: int) -> bool:
        """Is the figure ending at ``end`` the level now (``10% như hiện nay``)?"""
        return self.now.match(text, end) is not None

    def reader(self, text: str, sent: tuple[int, int]) -> "SentencePlan":
        """The plan cues of one sentence, read once for all its figures."""
        return SentencePlan(self, text, sent)

    def named_as_done(self, text: str, start: int, cue: int) -> bool:
        before = text[max(start, cue - 30) : cue]
        words = before.split()
        tail = " ".join(words[-4:])
        return self.done.search(tail) is not None


class SentencePlan:
    """The open and close cues of one sentence (:class:`PlanScope`), matched once: each figure
    asks about the sentence up to it by bisection, not by searching it again (issue 12)."""

    def __init__(self, scope: PlanScope, text: str, sent: tuple[int, int]) -> None:
        self.opens = SpanMatches(scope.open, text, sent[0], sent[1])
        self.closes = SpanMatches(scope.close, text, sent[0], sent[1])
        # a cue right after a close cue (``đạt mục tiêu``, ``đã công khai phương án``) opens nothing
        self.last_opening: list[int] = []  # index of the last cue that opens, among the first k + 1
        last = -1
        for k, m in enumerate(self.opens.matches):
            if scope.made.match(text, m.start()) or not scope.named_as_done(text, sent[0], m.start()):
                last = k
            self.last_opening.append(last)
        goes_on = scope.goes_on.match(text, sent[0])
        self.goes_on_end = goes_on.end() if goes_on is not None else None

    def opened(self, end: int) -> bool:
        """Does a plan cue open in the sentence before ``end`` and stay open to it?"""
        k = self.opens.count_before(end)
        last = self.last_opening[k - 1] if k else -1
        return last >= 0 and not self.closes.any_between(self.opens.ends[last], end)

    def continues(self, end: int) -> bool:
        """Does the sentence go on with the plan of the one before, up to ``end``?"""
        return self.goes_on_end is not None and not self.closes.any_between(self.goes_on_end, end)


class RoleStage:
    """Sets every quantity's role (from its clause, then the plan scope of its sentence) and
    cumulative flag (from its sentence up to it)."""

    def __init__(self, classifier: RoleClassifier | None = None, plan: Plan | None = None) -> None:
        self.classifier = classifier or RoleClassifier()
        self.plan = PlanScope(plan or load_frames().plan)

    def __call__(self, doc: "Analysis") -> None:
        text = doc.text
        in_plan = False  # did the sentence before end in a plan?
        prev: tuple[int, int] | None = None
        for sent, idx in doc.by_sentence().items():
            carried = in_plan and prev is not None and doc.structure.follows(prev, sent)
            plan = self.plan.reader(text, sent)
            cumulative = SpanMatches(self.classifier.cumulative_re, text, sent[0], sent[1], sliced=True)
            for i in idx:
                q = doc.quantities[i]
                n = q.num
                lo, hi = max(q.clause[0], n.start - ROLE_REACH), min(q.clause[1], n.end + ROLE_REACH)
                masked, _ = self.classifier.masked(text, n.start, n.end, lo, hi, n.form == "percent" or q.unit == "%")
                q.role = self.classifier.role(masked)
                q.cumulative = cumulative.any_between(sent[0], n.start)
                scoped = plan.opened(n.start) or (carried and plan.continues(n.start))
                scoped = scoped and not self.plan.now_after(text, n.end)
                if scoped and q.role != "target":
                    q.role = "target"
                    q.rules.append("plan-scope")
                in_plan = scoped or q.role == "target"
            prev = sent

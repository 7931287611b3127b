"""Verdict rules: the written conditions of `claims.yaml`, applied to the measured figures, never by hand.

A condition is `REF OP VALUE`, where REF names a figure (`diff`, its interval bounds `diff.lo` / `diff.hi`, or the
number of cases behind it `diff.n`),
OP is one of `>= > <= < == !=`, and VALUE is a number or another REF. A rule has three lists of conditions:

- `not_testable_if`: any one true, or any condition of the rule that cannot be evaluated (a figure is missing),
  gives `not_testable`;
- `supported_if`: all true gives `supported`;
- `contradicted_if`: all true gives `contradicted`;
- anything else is `mixed`.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from avsi.exceptions import AvsiError

Verdict = Literal["supported", "mixed", "contradicted", "not_testable"]
VERDICTS: tuple[Verdict, ...] = ("supported", "mixed", "contradicted", "not_testable")

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
}
_CONDITION = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(>=|<=|==|!=|>|<)\s*(\S+)\s*$")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?$")


class RuleError(AvsiError):
    """A verdict rule in claims.yaml cannot be parsed or names a figure the measurement does not produce."""


@dataclass(frozen=True)
class Condition:
    text: str
    left: str
    op: str
    right: str | float

    @classmethod
    def parse(cls, text: str) -> Condition:
        match = _CONDITION.match(text)
        if not match:
            raise RuleError(f"cannot parse condition {text!r} (expected `figure OP number-or-figure`)")
        left, op, right = match.groups()
        if _NUMBER.match(right):
            value = float(right.rstrip("%")) / (100 if right.endswith("%") else 1)
            return cls(text.strip(), left, op, value)
        return cls(text.strip(), left, op, right)

    def refs(self) -> list[str]:
        return [self.left] + ([self.right] if isinstance(self.right, str) else [])

    def evaluate(self, figures: Mapping[str, Any]) -> bool | None:
        """True or False, or None when a figure it needs is missing or not a number."""
        left = resolve(figures, self.left)
        right = self.right if isinstance(self.right, float) else resolve(figures, self.right)
        if left is None or right is None:
            return None
        return _OPS[self.op](left, right)


def resolve(figures: Mapping[str, Any], ref: str) -> float | None:
    """The number a REF names: `name` is the figure's value, `name.lo` / `name.hi` its interval bounds."""
    name, _, part = ref.partition(".")
    if name not in figures:
        raise RuleError(f"the rule names figure {name!r}, which the measurement does not produce")
    figure = figures[name]
    if isinstance(figure, Mapping):
        key = part or "value"
        if key not in ("value", "lo", "hi", "n"):
            raise RuleError(f"{ref!r}: a figure has .value, .lo, .hi and .n only")
        raw = figure.get(key)
    elif part:
        raise RuleError(f"{ref!r}: figure {name!r} is a plain number without an interval")
    else:
        raw = figure
    if raw is None or isinstance(raw, bool) or not isinstance(raw, int | float) or math.isnan(raw):
        return None
    return float(raw)


@dataclass
class Rule:
    text: str
    not_testable_if: list[Condition] = field(default_factory=list)
    supported_if: list[Condition] = field(default_factory=list)
    contradicted_if: list[Condition] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rule:
        def conditions(key: str) -> list[Condition]:
            return [Condition.parse(str(c)) for c in data.get(key) or []]

        return cls(
            str(data["text"]).strip(),
            conditions("not_testable_if"),
            conditions("supported_if"),
            conditions("contradicted_if"),
        )

    def conditions(self) -> list[Condition]:
        return [*self.not_testable_if, *self.supported_if, *self.contradicted_if]


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str
    checks: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "reason": self.reason, "checks": self.checks}


def decide(rule: Rule, figures: Mapping[str, Any]) -> Decision:
    """Apply a rule to the figures; every condition's outcome is kept so a reader can see why."""
    checks: list[dict[str, Any]] = []
    outcome: dict[str, list[bool | None]] = {}
    for group, conds in (
        ("not_testable_if", rule.not_testable_if),
        ("supported_if", rule.supported_if),
        ("contradicted_if", rule.contradicted_if),
    ):
        outcome[group] = []
        for cond in conds:
            held = cond.evaluate(figures)
            outcome[group].append(held)
            checks.append({"group": group, "condition": cond.text, "holds": held})
    missing = [c["condition"] for c in checks if c["holds"] is None]
    triggered = [c["condition"] for c in checks if c["group"] == "not_testable_if" and c["holds"]]
    if triggered:
        return Decision("not_testable", "not testable because " + "; ".join(triggered), checks)
    if missing:
        return Decision("not_testable", "a figure the rule needs is missing: " + "; ".join(missing), checks)
    if rule.supported_if and all(outcome["supported_if"]):
        return Decision("supported", "every supporting condition holds", checks)
    if rule.contradicted_if and all(outcome["contradicted_if"]):
        return Decision("contradicted", "every contradicting condition holds", checks)
    failed = [c.text for c, ok in zip(rule.supported_if, outcome["supported_if"], strict=True) if not ok]
    return Decision(
        "mixed", "neither all supporting nor all contradicting conditions hold; failing: " + "; ".join(failed), checks
    )

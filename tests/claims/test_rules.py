"""The verdict rules: conditions parse and evaluate, and each verdict comes out of the rule, not a hand."""

from __future__ import annotations

import pytest

from avsi.claims import Condition, Rule, RuleError, decide, load_claims
from avsi.claims.measures import MEASURES

FIGURES = {
    "diff": {"value": 0.3, "lo": 0.2, "hi": 0.4, "n": 50},
    "ratio": {"value": 0.8, "lo": 0.5, "hi": 1.3, "n": 40},
    "count": 3.0,
    "missing": {"value": None, "lo": None, "hi": None},
}


def rule(**lists: list[str]) -> Rule:
    return Rule.from_dict({"text": "test rule", **lists})


def test_conditions_read_values_bounds_counts_and_other_figures() -> None:
    assert Condition.parse("diff >= 0.3").evaluate(FIGURES) is True
    assert Condition.parse("diff.lo > 0.25").evaluate(FIGURES) is False
    assert Condition.parse("diff.hi < 41%").evaluate(FIGURES) is True
    assert Condition.parse("diff.n == 50").evaluate(FIGURES) is True
    assert Condition.parse("ratio.hi > diff.hi").evaluate(FIGURES) is True
    assert Condition.parse("count != 3").evaluate(FIGURES) is False
    assert Condition.parse("missing.lo > 0").evaluate(FIGURES) is None


@pytest.mark.parametrize("text", ["diff >", "diff => 1", "0.3 < diff", "diff >= 1 and ratio > 2"])
def test_malformed_conditions_are_refused(text: str) -> None:
    with pytest.raises(RuleError):
        Condition.parse(text)


def test_unknown_figures_and_parts_are_errors_not_silent_falses() -> None:
    with pytest.raises(RuleError, match="nothere"):
        Condition.parse("nothere > 0").evaluate(FIGURES)
    with pytest.raises(RuleError, match="plain number"):
        Condition.parse("count.lo > 0").evaluate(FIGURES)
    with pytest.raises(RuleError, match=r"\.value, \.lo, \.hi and \.n"):
        Condition.parse("diff.mid > 0").evaluate(FIGURES)


def test_each_verdict_follows_from_the_rule() -> None:
    base = {"supported_if": ["diff.lo > 0", "ratio < 1"], "contradicted_if": ["diff.hi < 0"]}
    assert decide(rule(**base), FIGURES).verdict == "supported"
    flipped = {**FIGURES, "diff": {"value": -0.3, "lo": -0.4, "hi": -0.2}}
    assert decide(rule(**base), flipped).verdict == "contradicted"
    straddling = {**FIGURES, "diff": {"value": 0.1, "lo": -0.1, "hi": 0.3}}
    mixed = decide(rule(**base), straddling)
    assert mixed.verdict == "mixed" and "diff.lo > 0" in mixed.reason
    assert decide(rule(not_testable_if=["diff.n < 100"], **base), FIGURES).verdict == "not_testable"
    gap = decide(rule(supported_if=["missing > 0"]), FIGURES)
    assert gap.verdict == "not_testable" and "missing > 0" in gap.reason
    assert [c["holds"] for c in decide(rule(**base), FIGURES).checks] == [True, True, False]


def test_the_claims_file_is_complete() -> None:
    spec = load_claims()
    assert [c.number for c in spec.claims] == list(range(1, 12))
    assert {c.function for c in spec.claims} == set(MEASURES)
    assert set(spec.verdicts) == {"supported", "mixed", "contradicted", "not_testable"}
    for claim in spec.claims:
        parsed = claim.parsed_rule()
        assert parsed.supported_if, f"{claim.id} has no supporting conditions"
        assert claim.rule.text and claim.formulation and claim.metric and claim.data

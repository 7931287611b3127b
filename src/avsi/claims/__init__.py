"""The essay's claims as data tests: each claim's formulation, metric and verdict rule live in `claims.yaml`; one
function per measurement (`avsi.claims.measures`) gives figures with intervals, coverage and chart rows; the
written rule (`avsi.claims.rules`) decides supported / mixed / contradicted / not_testable."""

from avsi.claims.data import Context
from avsi.claims.evaluate import claim_ids, claims_context, evaluate_claims, evaluate_connection, evaluate_context
from avsi.claims.rules import VERDICTS, Condition, Decision, Rule, RuleError, decide
from avsi.claims.spec import ClaimsFileError, ClaimSpec, claims_hash, load_claims
from avsi.claims.stats import Bootstrap, Figure

__all__ = [  # noqa: RUF022 - plain sorted(), like avsi.__all__
    "Bootstrap",
    "ClaimSpec",
    "ClaimsFileError",
    "Condition",
    "Context",
    "Decision",
    "Figure",
    "Rule",
    "RuleError",
    "VERDICTS",
    "claim_ids",
    "claims_context",
    "claims_hash",
    "decide",
    "evaluate_claims",
    "evaluate_connection",
    "evaluate_context",
    "load_claims",
]

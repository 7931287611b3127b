"""The claims file (`claims.yaml`): each claim's statement, formulation, metric, data, verdict rule and chart.

The file is versioned data a reviewer can read and change; `load_claims()` validates it and returns typed specs.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from avsi.claims.rules import Rule, RuleError
from avsi.exceptions import AvsiError

ChartKind = Literal["line", "bar", "stacked_bar", "scatter", "facet_bar"]


class ClaimsFileError(AvsiError):
    """claims.yaml does not validate."""


class Encoding(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str
    type: Literal["quantitative", "nominal", "ordinal", "temporal"] = "nominal"
    title: str | None = None
    scale: Literal["linear", "log"] = "linear"
    format: str | None = None


class ChartSpec(BaseModel):
    """A chart described without a plotting library: the report turns it into Vega-Lite (avsi.report.charts)."""

    model_config = ConfigDict(extra="forbid")
    title: str
    kind: ChartKind
    x: Encoding
    y: Encoding
    color: Encoding | None = None
    facet: Encoding | None = None
    lo: str | None = None
    hi: str | None = None
    tooltip: list[str] = []


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    not_testable_if: list[str] = []
    supported_if: list[str] = []
    contradicted_if: list[str] = []


class ClaimSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    number: int
    title: str
    statement: str
    formulation: str
    metric: str
    data: list[str]
    function: str = Field(pattern=r"^[a-z_]+$")
    params: dict[str, Any] = {}
    rule: RuleSpec
    headline: str
    chart: ChartSpec
    caveats: list[str] = []

    def parsed_rule(self) -> Rule:
        return Rule.from_dict(self.rule.model_dump())


class BootstrapSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    draws: int = Field(ge=100)
    level: float = Field(gt=0.5, lt=1)
    seed: int


class ClaimsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    bootstrap: BootstrapSpec
    verdicts: dict[str, str]
    claims: list[ClaimSpec]


def claims_text() -> str:
    return resources.files("avsi.claims").joinpath("claims.yaml").read_text(encoding="utf-8")


@functools.cache
def load_claims() -> ClaimsFile:
    """claims.yaml, validated: unique ids and numbers, parseable rules."""
    try:
        spec = ClaimsFile.model_validate(yaml.safe_load(claims_text()))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ClaimsFileError(f"avsi/claims/claims.yaml is invalid: {exc}") from exc
    ids = [c.id for c in spec.claims]
    numbers = [c.number for c in spec.claims]
    if len(set(ids)) != len(ids) or len(set(numbers)) != len(numbers):
        raise ClaimsFileError("claims.yaml: claim ids and numbers must be unique")
    for claim in spec.claims:
        try:
            claim.parsed_rule()
        except RuleError as exc:
            raise ClaimsFileError(f"claims.yaml, claim {claim.id}: {exc}") from exc
    return spec


def claims_hash() -> str:
    """SHA-256 of claims.yaml as shipped: results record it with the version."""
    return hashlib.sha256(claims_text().encode("utf-8")).hexdigest()

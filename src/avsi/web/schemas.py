"""Response shapes of the JSON API, for the OpenAPI document (keys may be added, never renamed; see DESIGN.md)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Error(BaseModel):
    detail: str


class ValidationError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(BaseModel):
    detail: list[ValidationError]


class Meta(BaseModel):
    version: str
    build: dict[str, str]
    generation: int
    models: int
    tables: int
    scored: bool
    claims: bool


class ModelRow(_Open):
    id: str
    name: str
    organization: str | None
    country: str | None
    bloc: str | None
    release_date: str | None
    open_weights: bool | None
    parameters: float | None
    licence: str | None
    licence_flags: dict[str, bool | None]
    cheapest_usd_per_mtok: float | None
    cheapest_provider: str | None
    capability: float | None
    sectors: list[str]
    scores: dict[str, float | None] | None
    axes: dict[str, float | None] | None


class ModelPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ModelRow]


class ModelDetail(_Open):
    id: str
    name: str
    organization: str | None
    country: str | None
    bloc: str | None
    open_weights: bool | None
    parameters: float | None
    active_parameters: float | None
    release_date: str | None
    aliases: dict[str, list[str]]
    licence: dict[str, Any] | None
    scores: dict[str, float | None] | None
    axes: dict[str, float | None] | None
    coverage: float | None
    evidence: list[dict[str, Any]]
    prices: list[dict[str, Any]]
    lineage: dict[str, Any]
    memory_gib: dict[str, float | None]


class Lab(_Open):
    id: str
    name: str
    country: str | None
    bloc: str | None
    n_models: int
    share_open_weights: float | None


class LabDetail(_Open):
    id: str
    name: str
    summary: dict[str, Any]
    models: list[dict[str, Any]]
    group_scores: list[dict[str, Any]]


class BlocSummary(_Open):
    bloc: str
    n_models: int
    share_open_weights: float | None
    median_cheapest_usd_per_mtok: float | None
    median_capability: float | None


class GroupScore(_Open):
    group: str
    year: int | None
    n_models: int | None
    scores: dict[str, float | None]
    axes: dict[str, float | None]
    intervals: dict[str, list[float | None]]


class Claim(_Open):
    id: str
    statement: str
    verdict: str
    figures: dict[str, Any]
    coverage: Any
    chart: Any


class Advice(_Open):
    id: str
    name: str
    rank: int | None
    fits_hardware: bool | None
    monthly_cost_self_hosted: float | None
    monthly_cost_api: float | None
    licence_fit: bool | None
    failing_clauses: list[dict[str, Any]]
    reason: str


class Licence(_Open):
    id: str
    name: str | None
    kind: str | None
    url: str | None
    flags: dict[str, dict[str, Any]]


class TableInfo(BaseModel):
    name: str
    rows: int
    columns: int
    csv: str
    parquet: str

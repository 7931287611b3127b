"""The scoring methodology: a versioned YAML file, validated on load, hashed into every result."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from avsi.exceptions import MethodologyError

DEFAULT_PATH = Path(__file__).with_name("methodology.yaml")

DIMENSIONS = (
    "accessible",
    "affordable",
    "applicable",
    "augmenting",
    "ip_guarded",
    "investment_driven",
    "infrastructure_oriented",
    "imposing",
)
AXES = ("open_proprietary", "affordable_commercial", "applied_agi", "collaborative_competitive", "governance_monopoly")
Normalisation = Literal["minmax", "zscore", "rank", "none"]
Imputation = Literal["available", "median", "minimum"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dimension(_Strict):
    label: str
    pole: Literal["A", "I"]
    meaning: str


class Indicator(_Strict):
    id: str
    dimension: str | None
    meaning: str
    extract: str
    sources: list[str]
    fields: list[str]
    levels: dict[str, float] | None = None
    transform: Literal["log10", "log1p"] | None = None
    direction: Literal["more_is_more", "lower_is_more"]
    normalisation: Normalisation
    missing: Literal["skip", "minimum", "median"]
    weight: float = Field(gt=0)

    @field_validator("levels")
    @classmethod
    def _levels_on_scale(cls, levels: dict[str, float] | None) -> dict[str, float] | None:
        for key, value in (levels or {}).items():
            if not 0 <= value <= 100:
                raise ValueError(f"level {key!r} is {value}; levels are on 0..100")
        return levels


class Pole(_Strict):
    dimensions: list[str] = Field(default_factory=list)
    indicators: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> Pole:
        if bool(self.dimensions) == bool(self.indicators):
            raise ValueError("a pole lists either dimensions or indicators (one of them, not both)")
        return self


class Axis(_Strict):
    label: str
    first_pole: Pole
    second_pole: Pole


class Groups(_Strict):
    kinds: list[Literal["bloc", "org"]]
    weighted_by: Literal["downloads"]
    min_models_for_org: int = Field(ge=1)


class Aggregation(_Strict):
    min_coverage: float = Field(ge=0, le=1)
    axes: dict[str, Axis]
    groups: Groups


class Comparison(_Strict):
    id: str
    statement: str
    measure: str
    a: Literal["CN", "US", "EU", "OTHER"]
    b: Literal["CN", "US", "EU", "OTHER"]
    year: int | None


class Uncertainty(_Strict):
    draws: int = Field(ge=10, le=1_000_000)
    seed: int
    dirichlet_concentration: float = Field(gt=0)
    normalisations: list[Literal["minmax", "zscore", "rank"]] = Field(min_length=1)
    imputations: list[Imputation] = Field(min_length=1)
    interval: float = Field(gt=0, lt=1)
    comparisons: list[Comparison]


class Methodology(_Strict):
    version: str
    dimensions: dict[str, Dimension]
    parameters: dict[str, float]
    indicators: list[Indicator]
    aggregation: Aggregation
    uncertainty: Uncertainty
    sha256: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Methodology:
        if tuple(self.dimensions) != DIMENSIONS:
            raise ValueError(f"dimensions must be exactly {', '.join(DIMENSIONS)} in that order")
        if tuple(self.aggregation.axes) != AXES:
            raise ValueError(f"axes must be exactly {', '.join(AXES)} in that order")
        ids = [i.id for i in self.indicators]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"indicator ids must be unique; repeated: {', '.join(duplicates)}")
        for ind in self.indicators:
            if ind.dimension is not None and ind.dimension not in self.dimensions:
                raise ValueError(f"indicator {ind.id!r}: unknown dimension {ind.dimension!r}")
        for dim in self.dimensions:
            if not any(i.dimension == dim for i in self.indicators):
                raise ValueError(f"dimension {dim!r} has no indicator")
        for name, axis in self.aggregation.axes.items():
            for pole in (axis.first_pole, axis.second_pole):
                for d in pole.dimensions:
                    if d not in self.dimensions:
                        raise ValueError(f"axis {name!r}: unknown dimension {d!r}")
                for i in pole.indicators:
                    if i not in ids:
                        raise ValueError(f"axis {name!r}: unknown indicator {i!r}")
        measures = set(self.dimensions) | set(self.aggregation.axes)
        for comparison in self.uncertainty.comparisons:
            if comparison.measure not in measures:
                raise ValueError(f"comparison {comparison.id!r}: unknown measure {comparison.measure!r}")
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def in_dimension(self, dimension: str) -> list[Indicator]:
        return [i for i in self.indicators if i.dimension == dimension]


def load_methodology(path: Path | str | None = None) -> Methodology:
    """Read and validate a methodology file (default: the shipped one); errors name the file and the field."""
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MethodologyError(f"{path}: cannot read the methodology file ({exc.strerror})") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise MethodologyError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise MethodologyError(f"{path}: expected a mapping at the top level")
    try:
        return Methodology(**data, sha256=hashlib.sha256(raw).hexdigest())
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors())
        raise MethodologyError(f"{path}: {problems}") from exc


@cache
def default_methodology() -> Methodology:
    return load_methodology()

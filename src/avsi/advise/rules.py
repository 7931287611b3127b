"""The advisor's data files (`hardware.yaml`, `advice.yaml`) loaded into validated pydantic models.

Also the arithmetic those files describe: memory to run a model at 4, 8 and 16 bit, and what running it yourself
costs a month on a given set of GPUs.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from avsi.exceptions import AvsiError

HARDWARE_PATH = Path(__file__).with_name("hardware.yaml")
ADVICE_PATH = Path(__file__).with_name("advice.yaml")
GIB = 2**30
BITS: tuple[int, ...] = (16, 8, 4)  # from the most to the least precise


class RulesError(AvsiError, ValueError):
    """An advisor data file is missing, not YAML, or breaks its schema."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MemoryRule(_Strict):
    overhead_factor: float = Field(ge=1, le=3)
    bits: tuple[int, ...]


class ThroughputRule(_Strict):
    concurrent_streams: int = Field(ge=1, le=1024)
    efficiency: float = Field(gt=0, le=1)
    hours_per_month: float = Field(gt=0, le=744)


class ApiRule(_Strict):
    input_share: float = Field(ge=0, le=1)
    output_share: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _sums_to_one(self) -> ApiRule:
        if abs(self.input_share + self.output_share - 1) > 1e-9:
            raise ValueError("input_share + output_share must be 1")
        return self


class Gpu(_Strict):
    name: str
    epoch_name: str
    memory_gib: float = Field(gt=0)
    bandwidth_gb_s: float = Field(gt=0)
    usd_per_hour: float = Field(gt=0)
    price_source: str = Field(pattern=r"^https://\S+$")


class HardwareClass(_Strict):
    gpu: str
    count: int = Field(ge=1, le=64)
    label: str


class HardwareRules(_Strict):
    version: str
    memory: MemoryRule
    throughput: ThroughputRule
    api: ApiRule
    gpus: dict[str, Gpu]
    classes: dict[str, HardwareClass]

    @model_validator(mode="after")
    def _classes_name_gpus(self) -> HardwareRules:
        for name, cls in self.classes.items():
            if cls.gpu not in self.gpus:
                raise ValueError(f"class {name}: unknown gpu {cls.gpu!r}")
        return self


class NeedRule(_Strict):
    flag: str
    required: bool


class AdviceRules(_Strict):
    version: str
    licence_needs: dict[str, NeedRule]
    ranking: dict[str, float]

    @model_validator(mode="after")
    def _weights(self) -> AdviceRules:
        parts = {"capability", "cost", "openness", "sector", "languages", "origin"}
        if set(self.ranking) != parts:
            raise ValueError(f"ranking needs exactly the parts {sorted(parts)}")
        if abs(sum(self.ranking.values()) - 1) > 1e-9:
            raise ValueError("ranking weights must add up to 1")
        return self


def _load(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: {exc}") from exc


@functools.cache
def hardware_rules(path: Path = HARDWARE_PATH) -> HardwareRules:
    """The memory, throughput, API-blend and GPU rules of `hardware.yaml`."""
    try:
        return HardwareRules.model_validate(_load(path))
    except ValidationError as exc:
        raise RulesError(f"{path}: {exc}") from exc


@functools.cache
def advice_rules(path: Path = ADVICE_PATH) -> AdviceRules:
    """The licence needs, ranking weights and sector words of `advice.yaml`."""
    try:
        return AdviceRules.model_validate(_load(path))
    except ValidationError as exc:
        raise RulesError(f"{path}: {exc}") from exc


def weights_gib(parameters: float | None, llmfit_min_vram_gb: float | None, bits: int) -> float | None:
    """Memory of the weights alone at `bits` per weight, in GiB: llmfit's 4-bit figure scaled, else the count."""
    if llmfit_min_vram_gb is not None and llmfit_min_vram_gb > 0:
        return llmfit_min_vram_gb * 1e9 / GIB * bits / 4
    if parameters is None or parameters <= 0:
        return None
    return parameters * bits / 8 / GIB


def memory_gib(
    parameters: float | None, llmfit_min_vram_gb: float | None, rules: HardwareRules | None = None
) -> dict[int, float | None]:
    """Memory to run the model at 4, 8 and 16 bit (GiB), weights plus the overhead of `hardware.yaml`."""
    rule = (rules or hardware_rules()).memory
    out: dict[int, float | None] = {}
    for bits in rule.bits:
        w = weights_gib(parameters, llmfit_min_vram_gb, bits)
        out[bits] = None if w is None else round(w * rule.overhead_factor, 2)
    return out


def monthly_self_hosted_cost(
    gpu_key: str,
    gpus_per_replica: int,
    active_parameters: float,
    bits: int,
    monthly_tokens: int,
    rules: HardwareRules | None = None,
) -> tuple[float, int]:
    """(USD a month, replicas) to serve `monthly_tokens` with replicas of `gpus_per_replica` GPUs of a type."""
    r = rules or hardware_rules()
    gpu = r.gpus[gpu_key]
    bytes_per_token = active_parameters * bits / 8
    tokens_per_s = (
        gpus_per_replica * gpu.bandwidth_gb_s * 1e9 / bytes_per_token
        * r.throughput.concurrent_streams * r.throughput.efficiency
    )  # fmt: skip
    capacity = tokens_per_s * 3600 * r.throughput.hours_per_month
    replicas = max(1, math.ceil(monthly_tokens / capacity))
    cost = replicas * gpus_per_replica * gpu.usd_per_hour * r.throughput.hours_per_month
    return round(cost, 2), replicas


def gpus_needed(memory: float, gpu_key: str, rules: HardwareRules | None = None) -> int:
    """How many GPUs of a type hold `memory` GiB (at least one)."""
    gpu = (rules or hardware_rules()).gpus[gpu_key]
    return max(1, math.ceil(memory / gpu.memory_gib))


def blended_price(input_usd: float | None, output_usd: float | None, rules: HardwareRules | None = None) -> float:
    """USD per 1M tokens at the input:output blend of `hardware.yaml` (a missing side counts as the other)."""
    api = (rules or hardware_rules()).api
    i = input_usd if input_usd is not None else output_usd
    o = output_usd if output_usd is not None else input_usd
    return api.input_share * float(i or 0) + api.output_share * float(o or 0)

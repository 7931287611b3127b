"""What a user asks of the advisor: sector, languages, deployment, hardware, volume, licence needs, capability,
origin."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from avsi.advise.rules import hardware_rules
from avsi.exceptions import UsageError
from avsi.hub.sectors import GENERAL, load_rules


class Deployment(StrEnum):
    """Where the model would run."""

    ON_PREMISES = "on_premises"  # your own GPUs: open weights that fit them
    EU_CLOUD = "eu_cloud"  # GPUs rented in an EU cloud: open weights, any size, cost of the GPUs it needs
    ANY_API = "any_api"  # any provider's API, open or closed weights


class LicenceNeed(StrEnum):
    """What the licence must allow (each maps to a licence-KB flag in advice.yaml)."""

    COMMERCIAL_USE = "commercial_use"
    MODIFICATION = "modification"
    NO_USER_CAP = "no_user_cap"
    NO_GEOGRAPHIC_EXCLUSION = "no_geographic_exclusion"
    NO_OUTPUT_RESTRICTIONS = "no_output_restrictions"


class Precision(IntEnum):
    """Bits per weight."""

    BITS_4 = 4
    BITS_8 = 8
    BITS_16 = 16


Bloc = Literal["CN", "US", "EU", "OTHER"]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
SECTORS: tuple[str, ...] = tuple(s for s in load_rules().sectors if s != GENERAL)
HARDWARE_CLASSES: tuple[str, ...] = tuple(hardware_rules().classes)

if TYPE_CHECKING:
    Sector = str
    HardwareClass = str
else:  # names from hub/sectors.yaml and hardware.yaml; as Literals they are enums in the OpenAPI document
    Sector = Literal[SECTORS]
    HardwareClass = Literal[HARDWARE_CLASSES]


class UnknownModelError(UsageError):
    """A model id that is not a canonical model of the database."""


class Constraints(BaseModel):
    """The constraints of one use case. Unknown keys and out-of-range values are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sector: Sector | None = Field(None, description="the sector the model should be tied to (hub/sectors.yaml)")
    languages: tuple[LanguageCode, ...] = Field((), max_length=20, description="ISO 639-1 codes, e.g. nl, fr")
    deployment: Deployment = Deployment.ON_PREMISES
    gpu_memory_gib: float | None = Field(None, gt=0, le=100_000, description="GPU memory you have, in GiB")
    hardware_class: HardwareClass | None = Field(
        None, description="GPUs of hardware.yaml: their memory, unless gpu_memory_gib is given, and their price"
    )
    bits: Precision | None = Field(None, description="run at this precision only (default: best that fits)")
    monthly_tokens: int = Field(100_000_000, ge=0, le=10**15, description="tokens a month (input + output)")
    licence_needs: tuple[LicenceNeed, ...] = Field((), max_length=5)
    min_capability: float | None = Field(None, ge=0, le=100, description="capability percentile, 0..100")
    origins: tuple[Bloc, ...] = Field((), max_length=4, description="only models from these blocs")
    prefer_origins: tuple[Bloc, ...] = Field((), max_length=4, description="rank models from these blocs higher")
    explain: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        (), max_length=20, description="model ids always reported, eligible or not"
    )

    @property
    def self_hosted(self) -> bool:
        return self.deployment in (Deployment.ON_PREMISES, Deployment.EU_CLOUD)

    def available_memory_gib(self) -> float | None:
        """The GPU memory the user has: the memory size if given, else that of the hardware class."""
        if self.gpu_memory_gib is not None:
            return self.gpu_memory_gib
        if self.hardware_class is not None:
            cls = hardware_rules().classes[self.hardware_class]
            return cls.count * hardware_rules().gpus[cls.gpu].memory_gib
        return None


def parse_constraints(values: dict[str, object]) -> Constraints:
    """Constraints from plain values (CLI flags, query parameters, JSON), or a UsageError saying what is wrong."""
    try:
        return Constraints.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'constraints'}: {e['msg']}" for e in exc.errors())
        raise UsageError(f"invalid constraints: {problems}") from exc

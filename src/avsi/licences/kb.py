"""The licence knowledge base: `licences.yaml` loaded into validated pydantic models.

Every licence carries eleven flags (commercial use, derivatives, redistribution, attribution, use restrictions, user
caps, geographic exclusions, restrictions on outputs, copyleft, OSI approval, OSAID compatibility), each with a value
(true / false / null), a short quote or section reference, and the URL it comes from. A broken file fails on load with
an error that names the licence id and the field.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from avsi.exceptions import AvsiError

try:  # libyaml's loader reads the file ~20x faster; same safe subset of YAML
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

KB_PATH = Path(__file__).with_name("licences.yaml")

FLAG_NAMES: tuple[str, ...] = (
    "commercial_use", "derivatives", "redistribution", "attribution", "use_restrictions", "user_cap",
    "geographic_exclusion", "output_restrictions", "copyleft", "osi_approved", "osaid_compatible",
)  # fmt: skip

# Flags where true means more freedom; for the others true means a restriction or obligation.
PERMISSIVE_FLAGS: frozenset[str] = frozenset(
    {"commercial_use", "derivatives", "redistribution", "osi_approved", "osaid_compatible"}
)

_URL = re.compile(r"^https?://\S+$")


class LicenceKBError(AvsiError, ValueError):
    """The knowledge base file is missing, not YAML, or breaks its schema; the message names licence and field."""


class UnknownLicence(AvsiError, KeyError):
    """No licence with that id in the knowledge base."""

    def __str__(self) -> str:  # KeyError quotes its argument; keep the plain message
        return str(self.args[0]) if self.args else ""


class Kind(StrEnum):
    """The families a licence belongs to."""

    SPDX_PERMISSIVE = "spdx-permissive"
    SPDX_COPYLEFT = "spdx-copyleft"
    CREATIVE_COMMONS = "creative-commons"
    OPEN_RAIL = "open-rail"
    CUSTOM_AI = "custom-ai"
    RESEARCH = "research"
    PROPRIETARY = "proprietary"


class Flag(BaseModel):
    """One flag: its value, the evidence (a short quote or section reference) and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: bool | None
    evidence: str = Field(min_length=3, max_length=200)
    source: str

    @field_validator("source")
    @classmethod
    def _is_url(cls, v: str) -> str:
        if not _URL.match(v):
            raise ValueError(f"not a URL: {v!r}")
        return v


class Flags(BaseModel):
    """The eleven flags, all required."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    commercial_use: Flag
    derivatives: Flag
    redistribution: Flag
    attribution: Flag
    use_restrictions: Flag
    user_cap: Flag
    geographic_exclusion: Flag
    output_restrictions: Flag
    copyleft: Flag
    osi_approved: Flag
    osaid_compatible: Flag

    def items(self) -> Iterator[tuple[str, Flag]]:
        """(flag name, flag) in the canonical order."""
        for name in FLAG_NAMES:
            yield name, getattr(self, name)

    def values(self) -> dict[str, bool | None]:
        """Flag name -> value."""
        return {name: flag.value for name, flag in self.items()}


class Licence(BaseModel):
    """One licence of the knowledge base."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")
    name: str = Field(min_length=1)
    url: str
    kind: Kind
    notes: str | None = None
    aliases: tuple[str, ...] = ()
    hub_tags: tuple[str, ...] = ()
    flags: Flags

    @field_validator("url")
    @classmethod
    def _is_url(cls, v: str) -> str:
        if not _URL.match(v):
            raise ValueError(f"not a URL: {v!r}")
        return v

    @field_validator("aliases", "hub_tags")
    @classmethod
    def _no_blank(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if any(not s.strip() for s in v):
            raise ValueError("blank string")
        return v


class Unmapped(BaseModel):
    """A string seen in the data that is deliberately never mapped, with the reason."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    string: str = Field(min_length=1)
    reason: str = Field(min_length=3)


def match_key(text: str) -> str:
    """The form strings are compared in: case-folded, trimmed, inner whitespace collapsed."""
    return " ".join(text.split()).casefold()


class KnowledgeBase(BaseModel):
    """The whole file: a version, the licences and the strings deliberately left unmapped."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1)
    licences: tuple[Licence, ...]
    unmapped: tuple[Unmapped, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> KnowledgeBase:
        seen_ids: set[str] = set()
        owners: dict[str, str] = {}
        for lic in self.licences:
            if lic.id.casefold() in seen_ids:
                raise ValueError(f"licence {lic.id}: duplicate id")
            seen_ids.add(lic.id.casefold())
            for alias in (lic.id, lic.name, *lic.aliases):
                key = match_key(alias)
                if owners.setdefault(key, lic.id) != lic.id:
                    raise ValueError(f"licence {lic.id}: alias {alias!r} already names {owners[key]}")
        for u in self.unmapped:
            if match_key(u.string) in owners:
                raise ValueError(f"unmapped string {u.string!r} is also an alias of {owners[match_key(u.string)]}")
        return self

    def __contains__(self, licence_id: object) -> bool:
        return isinstance(licence_id, str) and licence_id.casefold() in self._by_id

    @functools.cached_property
    def _by_id(self) -> dict[str, Licence]:
        return {lic.id.casefold(): lic for lic in self.licences}

    @functools.cached_property
    def by_alias(self) -> dict[str, Licence]:
        """match_key(alias, name or id) -> licence."""
        return {match_key(a): lic for lic in self.licences for a in (lic.id, lic.name, *lic.aliases)}

    @functools.cached_property
    def by_hub_tag(self) -> dict[str, Licence]:
        """match_key(Hub tag or license_name) -> licence."""
        return {match_key(t): lic for lic in self.licences for t in lic.hub_tags}

    @functools.cached_property
    def unmapped_reasons(self) -> dict[str, str]:
        """match_key(string) -> why it is never mapped."""
        return {match_key(u.string): u.reason for u in self.unmapped}

    def get(self, licence_id: str) -> Licence:
        """The licence with this id (case-insensitive); UnknownLicence when there is none."""
        try:
            return self._by_id[licence_id.casefold()]
        except KeyError:
            raise UnknownLicence(f"no licence {licence_id!r} in the knowledge base (version {self.version})") from None

    def ids(self) -> list[str]:
        """Every licence id, in file order."""
        return [lic.id for lic in self.licences]


def _describe(errors: list[Any], raw: Any) -> str:
    """Turn pydantic's error locations into 'licence <id>, field <path>: message' lines."""
    lines = []
    for err in errors:
        loc = list(err.get("loc", ()))
        where = "file"
        if len(loc) >= 2 and loc[0] == "licences" and isinstance(loc[1], int):
            lic_id = "?"
            if isinstance(raw, dict) and isinstance(raw.get("licences"), list) and loc[1] < len(raw["licences"]):
                entry = raw["licences"][loc[1]]
                lic_id = str(entry.get("id", f"#{loc[1]}")) if isinstance(entry, dict) else f"#{loc[1]}"
            field = ".".join(str(p) for p in loc[2:]) or "(entry)"
            where = f"licence {lic_id}, field {field}"
        elif loc:
            where = "field " + ".".join(str(p) for p in loc)
        lines.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(lines)


def parse_kb(raw: Any, origin: str = "licences.yaml") -> KnowledgeBase:
    """Validate already-parsed YAML; LicenceKBError names the licence id and field of every problem."""
    try:
        return KnowledgeBase.model_validate(raw)
    except ValidationError as exc:
        raise LicenceKBError(f"{origin}: {_describe(exc.errors(), raw)}") from None


def _load(path: Path) -> KnowledgeBase:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LicenceKBError(f"{path}: cannot read the licence knowledge base ({exc.strerror})") from None
    try:
        raw = yaml.load(text, Loader=_Loader)  # a safe loader (C or pure Python)
    except yaml.YAMLError as exc:
        raise LicenceKBError(f"{path}: not valid YAML ({exc})") from None
    return parse_kb(raw, str(path))


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> KnowledgeBase:
    return _load(Path(path))


def load_kb(path: str | Path | None = None) -> KnowledgeBase:
    """Load and validate the knowledge base (the shipped `licences.yaml` unless `path` is given); cached per file."""
    p = Path(path) if path is not None else KB_PATH
    try:
        mtime = p.stat().st_mtime_ns
    except OSError as exc:
        raise LicenceKBError(f"{p}: cannot read the licence knowledge base ({exc.strerror})") from None
    return _load_cached(str(p.resolve()), mtime)

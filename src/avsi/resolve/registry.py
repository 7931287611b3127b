"""The organisation registry and the country -> bloc map, both data files an analyst can read and edit.

Blocs: CN (China, Hong Kong), US, EU (EU-27 + EFTA + UK; `eu27` marks the EU-only view), OTHER. A model made by
several organisations in several blocs gets every bloc in `blocs`; its single `bloc` follows `model_bloc` below.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from avsi.exceptions import AvsiError

Bloc = Literal["CN", "US", "EU", "OTHER"]
OrgType = Literal["industry", "academia", "government", "non-profit"]


class OrgEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str
    country: str = Field(min_length=2, max_length=2)
    type: OrgType
    parent: str | None = None
    aliases: list[str] = []


class OrgFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    orgs: list[OrgEntry]


class CountryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    eu27: list[str]
    efta_uk: list[str]
    china: list[str]
    countries: dict[str, str]
    not_countries: list[str]


def _load_yaml(name: str) -> object:
    text = resources.files("avsi.resolve").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    country: str
    bloc: Bloc
    eu27: bool
    type: str
    parent: str | None


class Registry:
    """Countries, blocs and organisations, loaded from `countries.yaml` and `orgs.yaml`."""

    def __init__(self) -> None:
        try:
            countries = CountryFile.model_validate(_load_yaml("countries.yaml"))
            orgs = OrgFile.model_validate(_load_yaml("orgs.yaml"))
        except ValidationError as exc:
            raise AvsiError(f"avsi/resolve registry files are invalid: {exc}") from exc
        self.version = f"countries {countries.version}, orgs {orgs.version}"
        self._eu27 = set(countries.eu27)
        self._europe = set(countries.eu27) | set(countries.efta_uk)
        self._china = set(countries.china)
        self._country_codes = {k.lower(): v for k, v in countries.countries.items()}
        self._not_countries = {c.lower() for c in countries.not_countries}
        self.orgs: list[Org] = []
        self._by_alias: dict[str, Org] = {}
        for entry in orgs.orgs:
            org = Org(entry.id, entry.name, entry.country, self.bloc(entry.country), entry.country in self._eu27,
                      entry.type, entry.parent)  # fmt: skip
            self.orgs.append(org)
            for alias in {entry.name, entry.id, *entry.aliases}:
                key = alias.strip().lower()
                if key in self._by_alias and self._by_alias[key].id != org.id:
                    raise AvsiError(f"orgs.yaml: alias {alias!r} names both {self._by_alias[key].id} and {org.id}")
                self._by_alias[key] = org

    def country_code(self, name: str | None) -> str | None:
        """ISO code of a country as a source writes it; None for unknown or 'Multinational'."""
        if not name:
            return None
        key = name.strip().lower()
        if key in self._not_countries:
            return None
        if len(key) == 2 and key.upper() in self._europe | self._china | {"US"}:
            return key.upper()
        return self._country_codes.get(key)

    def bloc(self, code: str | None) -> Bloc:
        if code in self._china:
            return "CN"
        if code == "US":
            return "US"
        if code in self._europe:
            return "EU"
        return "OTHER"

    def is_eu27(self, code: str | None) -> bool:
        return code in self._eu27

    def eu27_codes(self) -> list[str]:
        return sorted(self._eu27)

    def all_codes(self) -> list[str]:
        """Every country code the registry knows (from its name table and its bloc lists)."""
        return sorted(set(self._country_codes.values()) | self._europe | self._china | {"US"})

    def org(self, name: str | None) -> Org | None:
        """The registered organisation a source's name (or HF namespace) refers to."""
        return self._by_alias.get(name.strip().lower()) if name else None


@functools.cache
def registry() -> Registry:
    return Registry()


@dataclass(frozen=True)
class OrgRef:
    """One organisation of a model, as given and as registered."""

    name: str
    org_id: str | None
    country: str | None  # ISO code
    bloc: Bloc | None
    category: str | None  # Epoch's Industry / Academia ...


def split_orgs(organizations: str | None, countries: str | None, categories: str | None = None) -> list[OrgRef]:
    """Epoch-style comma lists of organisations and their countries, aligned, resolved through the registry.

    The registry's country wins over the source's for a registered organisation; an unregistered one keeps the
    country the source lists at the same position (or the only one listed).
    """
    reg = registry()
    names = [n.strip() for n in organizations.split(",")] if organizations else []
    given = [c.strip() for c in countries.split(",")] if countries else []
    cats = [c.strip() for c in categories.split(",")] if categories else []
    refs: list[OrgRef] = []
    for i, name in enumerate(n for n in names if n):
        org = reg.org(name)
        source_country = given[i] if i < len(given) else (given[0] if len(set(given)) == 1 else None)
        code = org.country if org else reg.country_code(source_country)
        refs.append(OrgRef(name, org.id if org else None, code, reg.bloc(code) if code else None,
                           cats[i] if i < len(cats) else None))  # fmt: skip
    if not refs and given and len(set(given)) == 1:
        code = reg.country_code(given[0])
        refs.append(OrgRef("", None, code, reg.bloc(code) if code else None, None))
    return refs


def model_bloc(refs: list[OrgRef]) -> Bloc | None:
    """One bloc for a model: unanimous if its organisations agree; else that of its industry organisations if
    they agree; else the most frequent; a tie goes to the first organisation listed (the source's lead)."""
    blocs = [r.bloc for r in refs if r.bloc]
    if not blocs:
        return None
    if len(set(blocs)) == 1:
        return blocs[0]
    industry = {r.bloc for r in refs if r.bloc and (r.category or "").lower() == "industry"}
    if len(industry) == 1:
        return industry.pop()
    counts = {b: blocs.count(b) for b in blocs}
    best = max(counts.values())
    return next(b for b in blocs if counts[b] == best)

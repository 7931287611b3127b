"""Curated family rules (`families.yaml`): a lab's release family that ships under one published licence.

A rule names an organisation (its id in the organisation registry, `src/avsi/resolve/orgs.yaml`), a pattern the
canonical model id must match in full, the licence id, the lab's published licence URL and a one-line reason. Rules
apply only to open-weight models and rank below every licence string found in the data: they fill the gaps, never
override a source. `family_rule_agreement(con)` checks each rule against the models of its family whose licence
came from the data, so a rule that the data contradicts shows up.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from avsi.licences.kb import LicenceKBError, load_kb
from avsi.licences.mentions import same_licence

try:  # libyaml's loader is faster; same safe subset of YAML
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FAMILIES_PATH = Path(__file__).with_name("families.yaml")
FAMILY_SOURCE = "avsi_family_rule"
FAMILY_PRIORITY = 8  # below every licence string of the data (priorities 1-6)


class FamilyRule(BaseModel):
    """One rule: organisation + model-id pattern -> licence id, with the lab's URL and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")
    org: str = Field(min_length=1)
    models: str = Field(min_length=1)
    licence: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://\S+$")
    why: str = Field(min_length=10, max_length=300)

    @field_validator("models")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return v

    def matches(self, model_id: str, orgs: set[str]) -> bool:
        """Whether the rule covers a model of these organisations (registry ids; lower-cased names for a lab the
        registry does not list)."""
        return self.org.casefold() in orgs and self.pattern.fullmatch(model_id) is not None

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The compiled model-id pattern."""
        return re.compile(self.models)


class Families(BaseModel):
    """The whole file: a version and the rules, in the order they are tried."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1)
    rules: tuple[FamilyRule, ...]

    @model_validator(mode="after")
    def _known_licences(self) -> Families:
        kb = load_kb()
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule {rule.id}: duplicate id")
            seen.add(rule.id)
            if rule.licence not in kb:
                raise ValueError(f"rule {rule.id}: licence {rule.licence!r} is not in the knowledge base")
        return self


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> Families:
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise LicenceKBError(f"{path}: cannot read the family rules ({exc})") from None
    try:
        return Families.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise LicenceKBError(f"{path}: {problems}") from None


def load_families(path: str | Path | None = None) -> Families:
    """Load and validate the family rules (the shipped `families.yaml` unless `path` is given); cached per file."""
    p = Path(path) if path is not None else FAMILIES_PATH
    try:
        mtime = p.stat().st_mtime_ns
    except OSError as exc:
        raise LicenceKBError(f"{p}: cannot read the family rules ({exc.strerror})") from None
    return _load_cached(str(p.resolve()), mtime)


def family_candidates(
    con: duckdb.DuckDBPyConnection, families: Families | None = None
) -> list[tuple[str, int, str, str, str, str]]:
    """Evidence rows (model, priority, source, string, licence id, where) for every open-weight model a rule covers."""
    families = families or load_families()
    orgs: dict[str, set[str]] = {}
    for model_id, org_id, name in con.execute(
        """SELECT m.id, o.org_id, o.name FROM models m JOIN model_organisations o ON o.model_id = m.id
           WHERE m.open_weights"""
    ).fetchall():
        orgs.setdefault(model_id, set()).update({org_id} if org_id else {str(name).casefold()})
    out = []
    for model_id, org_ids in sorted(orgs.items()):
        rule = next((r for r in families.rules if r.matches(model_id, org_ids)), None)
        if rule is not None:
            where = f"families.yaml rule {rule.id}: {rule.why} ({rule.url})"
            out.append((model_id, FAMILY_PRIORITY, FAMILY_SOURCE, f"family rule {rule.id}", rule.licence, where))
    return out


def family_rule_agreement(con: duckdb.DuckDBPyConnection, families: Families | None = None) -> list[dict[str, Any]]:
    """Per rule: the models it covers, how many got their licence from the data and whether the data agrees."""
    families = families or load_families()
    covered: dict[str, list[str]] = {}
    for model_id, _, _, string, _, _ in family_candidates(con, families):
        covered.setdefault(string.removeprefix("family rule "), []).append(model_id)
    assigned = dict(
        con.execute("SELECT model_id, licence_id FROM model_licences WHERE source <> ?", [FAMILY_SOURCE]).fetchall()
    )
    out = []
    for rule in families.rules:
        models = covered.get(rule.id, [])
        from_data = {m: assigned[m] for m in models if m in assigned}
        out.append({
            "rule": rule.id, "licence": rule.licence, "models": len(models),
            "assigned_by_rule": sorted(m for m in models if m not in assigned),
            "licence_from_data": len(from_data),
            "agree": sorted(m for m, lic in from_data.items() if same_licence(lic, rule.licence)),
            "disagree": {m: lic for m, lic in sorted(from_data.items()) if not same_licence(lic, rule.licence)},
        })  # fmt: skip
    return out

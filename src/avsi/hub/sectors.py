"""Sector classification of Hub repos from their name, tags and namespace, by the rules in `sectors.yaml`.

The same rules compile to an Ibis expression (so DuckDB and Spark apply them inside the pipeline) and to a plain
Python classifier (for the labelled sample and for checking one against the other). One sector per repo: the first
rule that matches, else `general`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from avsi.exceptions import AvsiError

if TYPE_CHECKING:  # Ibis is imported where the engines need it, not by the Python classifier's users
    import ibis.expr.types as ir  # type: ignore[import-untyped]

GENERAL = "general"
FIELDS = ("name", "tags", "namespace")
_NOT_PORTABLE = re.compile(r"\(\?[=!<]|\\[1-9]|\\[pPQEAZz]|\(\?[a-z]")


def _portable(pattern: str) -> str:
    if _NOT_PORTABLE.search(pattern):
        raise ValueError(f"pattern {pattern!r} uses syntax DuckDB, Spark and Python do not share")
    re.compile(pattern)
    return pattern


class Matcher(BaseModel):
    """Every field given must match (and none of the unless_ fields)."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    tags: str | None = None
    namespace: str | None = None
    unless_name: str | None = None
    unless_tags: str | None = None

    @field_validator("name", "tags", "namespace", "unless_name", "unless_tags")
    @classmethod
    def _check(cls, value: str | None) -> str | None:
        return None if value is None else _portable(value)

    def required(self) -> list[tuple[str, str]]:
        return [(f, p) for f in FIELDS if (p := getattr(self, f)) is not None]

    def excluded(self) -> list[tuple[str, str]]:
        return [(f, p) for f in ("name", "tags") if (p := getattr(self, f"unless_{f}")) is not None]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    label: str
    match: list[Matcher]
    unless: list[Matcher] = []


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    sectors: list[Rule]


@dataclass(frozen=True)
class SectorRules:
    version: int
    rules: tuple[Rule, ...]
    sha256: str

    @property
    def sectors(self) -> list[str]:
        """Every sector id a repo can get, `general` included, in priority order."""
        return list(dict.fromkeys([*(r.id for r in self.rules), GENERAL]))

    def labels(self) -> dict[str, str]:
        return {GENERAL: "General purpose", **{r.id: r.label for r in self.rules if r.id != GENERAL}}


@functools.cache
def load_rules(text: str | None = None) -> SectorRules:
    """The sector rules (the shipped `sectors.yaml`, or the YAML text given)."""
    if text is None:
        text = resources.files("avsi.hub").joinpath("sectors.yaml").read_text(encoding="utf-8")
    try:
        parsed = RuleFile.model_validate(yaml.safe_load(text))
    except (ValidationError, yaml.YAMLError) as exc:
        raise AvsiError(f"avsi/hub/sectors.yaml is invalid: {exc}") from exc
    for rule in parsed.sectors:
        for matcher in [*rule.match, *rule.unless]:
            if not matcher.required():
                raise AvsiError(f"sectors.yaml: rule {rule.id!r} has an entry without name, tags or namespace")
    return SectorRules(parsed.version, tuple(parsed.sectors), hashlib.sha256(text.encode()).hexdigest())


def fields_of(repo: str, tag_text: str | None) -> dict[str, str]:
    """The texts the rules read, for one repo (as `sector_expr` builds them in the engines)."""
    namespace, slash, name = repo.lower().partition("/")
    if not slash:
        namespace, name = "", namespace
    return {"name": name.replace("_", "-"), "tags": (tag_text or "").lower(), "namespace": namespace}


def _matches(matcher: Matcher, fields: dict[str, str]) -> bool:
    return all(re.search(p, fields[f]) for f, p in matcher.required()) and not any(
        re.search(p, fields[f]) for f, p in matcher.excluded()
    )


def classify(repo: str, tag_text: str | None, rules: SectorRules | None = None) -> str:
    """The sector of one repo, in plain Python."""
    rules = rules or load_rules()
    fields = fields_of(repo, tag_text)
    for rule in rules.rules:
        if any(_matches(m, fields) for m in rule.match) and not any(_matches(m, fields) for m in rule.unless):
            return rule.id
    return GENERAL


def _matcher_expr(matcher: Matcher, fields: dict[str, ir.StringValue]) -> ir.BooleanValue:
    import ibis

    conditions = [fields[f].re_search(p) for f, p in matcher.required()]
    conditions += [~fields[f].re_search(p) for f, p in matcher.excluded()]
    return ibis.and_(*conditions)


def any_pattern(rules: SectorRules, field: str) -> str | None:
    """One pattern that matches whenever any rule's pattern on `field` does (a quick first filter)."""
    patterns = list(dict.fromkeys(p for r in rules.rules for m in r.match for f, p in m.required() if f == field))
    return "|".join(f"(?:{p})" for p in patterns) if patterns else None


def sector_fields(repo: ir.StringValue, tag_text: ir.StringValue) -> dict[str, ir.StringValue]:
    """The texts the rules read, as Ibis expressions (see `fields_of`); `tag_text` is lowercase already."""
    import ibis

    lowered = repo.lower()
    slash = lowered.find("/")
    return {
        "name": lowered.substr(slash + 1).replace("_", "-"),
        "tags": tag_text.fill_null(""),
        "namespace": ibis.ifelse(slash >= 0, lowered.substr(0, slash), ibis.literal("")),
    }


def sector_expr(fields: dict[str, ir.StringValue], rules: SectorRules | None = None) -> ir.StringValue:
    """The sector of each repo as an Ibis expression over `sector_fields` (same rules, same order as `classify`).

    Most repos match no rule: one combined pattern per field settles them before the rules are tried in turn."""
    import ibis

    rules = rules or load_rules()
    quick = [fields[f].re_search(p) for f in FIELDS if (p := any_pattern(rules, f)) is not None]
    cases: list[tuple[ir.BooleanValue, ir.StringValue]] = []
    if quick:
        cases.append((~ibis.or_(*quick), ibis.literal(GENERAL)))
    for rule in rules.rules:
        hit = ibis.or_(*(_matcher_expr(m, fields) for m in rule.match))
        if rule.unless:
            hit = hit & ~ibis.or_(*(_matcher_expr(m, fields) for m in rule.unless))
        cases.append((hit, ibis.literal(rule.id)))
    return ibis.cases(*cases, else_=ibis.literal(GENERAL))

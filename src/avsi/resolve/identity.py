"""Building identity in the database: canonical models from the spine sources, then every source name resolved.

Spine, in order: Epoch (one canonical model per Epoch model), the Epoch Capabilities Index's model names,
models.dev's lab cards, the OSAI index, the Model Openness Tool. A spine entry that resolves to an existing
canonical model becomes its alias; one that does not creates a new canonical model. Every other source name is
only resolved (or left unmatched, with its nearest candidates): a price list or leaderboard never creates a model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb

from avsi.resolve.names import parse
from avsi.resolve.registry import OrgRef, model_bloc, registry, split_orgs
from avsi.resolve.resolver import Canonical, Resolver, slug
from avsi.store.rows import insert_rows, table_names


@dataclass
class Facts:
    """What the spine says about one canonical model."""

    name: str
    origin_source: str
    origin_name: str
    orgs: list[OrgRef]
    release_date: dt.date | None = None
    parameters: float | None = None
    active_parameters: float | None = None
    open_weights: bool | None = None
    accessibility: str | None = None
    hf_repo: str | None = None
    aliases: dict[str, set[str]] = field(default_factory=dict)


# (source, SQL giving name, organisations, countries, categories, release_date, parameters, active_parameters,
#  open_weights, accessibility, hf_repo), in spine order.
SPINE: list[tuple[str, str]] = [
    ("epoch", """
        SELECT r.name, r.organization, r.country, e.organization_categorization, r.release_date, r.parameters,
               r.active_parameters, r.open_weights, r.accessibility, r.hf_repo
        FROM model_releases r LEFT JOIN epoch_all_models e ON e.model = r.source_id AND r._file = e._file
        WHERE r.source = 'epoch' ORDER BY r.name"""),
    ("eci", """
        SELECT coalesce(model_name, display_name, model_version), any_value(organization), any_value(country), NULL,
               min(release_date), NULL, NULL, bool_or(open_weights), any_value(accessibility), NULL
        FROM (SELECT e.model_name, e.display_name, e.model_version, r.* FROM model_releases r
              JOIN eci_capabilities_index e ON r.source = 'eci' AND e.model_version = r.source_id)
        GROUP BY 1 ORDER BY 1"""),
    ("models_dev", """
        SELECT name, organization, country, NULL, release_date, parameters, active_parameters, open_weights,
               accessibility, hf_repo
        FROM model_releases WHERE source = 'models_dev' ORDER BY source_id"""),
    ("osai", """
        SELECT name, organization, country, NULL, release_date, NULL, NULL, open_weights, accessibility, hf_repo
        FROM model_releases WHERE source = 'osai' ORDER BY name"""),
    ("mot", """
        SELECT m.name, r.organization, r.country, NULL, r.release_date, NULL, NULL, NULL, NULL, r.hf_repo
        FROM model_releases r JOIN mot_models m ON r.source = 'mot' AND m.file = r.source_id ORDER BY m.file"""),
]  # fmt: skip

# Every source's model names: (source, raw tables needed, SQL giving name and row count).
NAME_FIELDS: list[tuple[str, tuple[str, ...], str]] = [
    ("epoch", ("epoch_all_models",), "SELECT source_id, 1 FROM model_releases WHERE source = 'epoch'"),
    ("eci", ("eci_capabilities_index",), "SELECT model_version, count(*) FROM eci_capabilities_index GROUP BY 1"),
    ("eci", ("eci_external_benchmarks",),
     "SELECT model_version, count(*) FROM eci_external_benchmarks WHERE model_version IS NOT NULL GROUP BY 1"),
    ("models_dev", ("models_dev_models",),
     "SELECT provider_id || '/' || model_id, count(*) FROM models_dev_models GROUP BY 1"),
    ("models_dev", ("models_dev_lab_models",),
     "SELECT lab_id || '/' || model_id, count(*) FROM models_dev_lab_models GROUP BY 1"),
    ("openrouter", ("openrouter_models",), "SELECT id, count(*) FROM openrouter_models GROUP BY 1"),
    ("litellm", ("litellm_prices",), "SELECT model, count(*) FROM litellm_prices GROUP BY 1"),
    ("litellm", ("litellm_price_history",), "SELECT model, count(*) FROM litellm_price_history GROUP BY 1"),
    ("model_prices", ("model_prices_timeline",),
     "SELECT provider || '/' || model, count(*) FROM model_prices_timeline GROUP BY 1"),
    ("genai_prices", ("genai_prices_models",),
     "SELECT provider_id || '/' || model_id, count(*) FROM genai_prices_models GROUP BY 1"),
    ("lmarena", ("lmarena_text",), "SELECT model, count(*) FROM lmarena_text GROUP BY 1"),
    ("lmarena", ("lmarena_vision",), "SELECT model, count(*) FROM lmarena_vision GROUP BY 1"),
    ("lmarena", ("lmarena_image",), "SELECT model, count(*) FROM lmarena_image GROUP BY 1"),
    ("open_llm_leaderboard", ("open_llm_leaderboard_v2",),
     "SELECT model_name, count(*) FROM open_llm_leaderboard_v2 WHERE model_name IS NOT NULL GROUP BY 1"),
    ("open_llm_leaderboard", ("open_llm_leaderboard_v1",),
     "SELECT model, count(*) FROM open_llm_leaderboard_v1 GROUP BY 1"),
    ("osai", ("osai_systems",), "SELECT system_name, count(*) FROM osai_systems GROUP BY 1"),
    ("mot", ("mot_models",),
     "SELECT name, count(*), any_value(regexp_extract(huggingface, 'huggingface\\.co/([^/]+/[^/?#]+)', 1)) "
     "FROM mot_models GROUP BY 1"),
    ("hf", ("hf_models",), "SELECT id, count(*) FROM hf_models GROUP BY 1"),
    ("llmfit", ("llmfit_models",), "SELECT name, count(*) FROM llmfit_models GROUP BY 1"),
]  # fmt: skip

# Explicit links a source gives between its names and Hugging Face repos: (raw tables, SQL name, repo).
HF_LINKS: list[tuple[str, tuple[str, ...], str]] = [
    ("openrouter", ("openrouter_models",),
     "SELECT id, hugging_face_id FROM openrouter_models WHERE hugging_face_id IS NOT NULL"),
]  # fmt: skip


# Sources whose names are Hugging Face repos: a repo without a variant word is the base model, except in the
# namespaces of labs that name their instruct models without a suffix.
REPO_SOURCES = {"hf", "llmfit", "open_llm_leaderboard", "mot"}
INSTRUCT_BY_DEFAULT = {"ibm-granite", "deepseek-ai"}


def implicit_variant(source: str | None, name: str) -> str | None:
    """The variant a Hub repo name implies: a lab's own repo without -Instruct/-Chat/-it is its base model (but
    not for labs that publish instruct models without a suffix); a third party's repo (a quantisation) says
    nothing."""
    if source not in REPO_SOURCES or "/" not in name:
        return None
    namespace = name.split("/", 1)[0]
    if namespace.lower() in INSTRUCT_BY_DEFAULT:
        return "instruct"
    return "base" if registry().org(namespace) else None


def _org_hint(name: str) -> str | None:
    reg = registry()
    for part in name.split("/")[:-1]:
        org = reg.org(part)
        if org:
            return org.id
    return None


def _org_name(ref: OrgRef) -> str:
    """The registered name of an organisation ("mistral" in models.dev is "Mistral AI"), else as written."""
    org = registry().org(ref.org_id) if ref.org_id else None
    return org.name if org else ref.name


def _unique_id(base: str, orgs: list[OrgRef], taken: dict[str, Any]) -> str:
    if base not in taken:
        return base
    for ref in orgs:
        if ref.org_id and f"{base}-{ref.org_id}" not in taken:
            return f"{base}-{ref.org_id}"
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def build_spine(con: duckdb.DuckDBPyConnection) -> tuple[Resolver, dict[str, Facts]]:
    """Canonical models from the spine sources, in order; returns the resolver over them and their facts."""
    resolver = Resolver([])
    facts: dict[str, Facts] = {}
    present = table_names(con)
    for source, sql in SPINE:
        if {"epoch": "epoch_all_models", "eci": "eci_capabilities_index", "models_dev": "models_dev_lab_models",
                "osai": "osai_systems", "mot": "mot_models"}[source] not in present:  # fmt: skip
            continue
        for name, orgs, countries, cats, date, params, active, open_w, access, hf in con.execute(sql).fetchall():
            if not name:
                continue
            refs = split_orgs(orgs, countries, cats)
            hint = next((r.org_id for r in refs if r.org_id), None)
            if hf and "/" not in hf:
                hf = None  # a namespace is not a link to one model
            parsed = parse(name)
            if source == "epoch":
                # Epoch lists dated and variant entries separately: each is its own model unless it repeats one.
                same = resolver.same_entry(parsed)
                match_id = same.id if same else None
            else:
                match_id = resolver.hf_link(hf) if hf else None
                if match_id is None:
                    match_id = resolver.resolve(name, source, hint).id
                if match_id is None and hf:
                    match_id = resolver.resolve(hf, "hf", hint).id  # the repo it links names the model
            if match_id and match_id in facts:
                f = facts[match_id]
                f.aliases.setdefault(source, set()).add(name)
                f.release_date = f.release_date or date
                f.parameters = f.parameters or params
                f.active_parameters = f.active_parameters or active
                f.open_weights = f.open_weights if f.open_weights is not None else open_w
                f.hf_repo = f.hf_repo or hf
                if not f.orgs:
                    f.orgs = refs
                if hf:
                    resolver.link_hf(hf, match_id)
                continue
            new_id = _unique_id(slug(name), refs, facts)
            facts[new_id] = Facts(name, source, name, refs, date, params, active, open_w, access, hf,
                                  {source: {name}})  # fmt: skip
            resolver.add(Canonical(new_id, name, parsed, frozenset(r.org_id for r in refs if r.org_id),
                                   {hf} if hf else set()))  # fmt: skip
    return resolver, facts


def source_names(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str, int, str | None]]:
    """Every distinct (source, name) in the database with its row count and, where the source links one, the
    Hugging Face repo the name stands for (which tells the variant)."""
    present = table_names(con)
    counts: dict[tuple[str, str], int] = {}
    repos: dict[tuple[str, str], str] = {}
    for source, needed, sql in NAME_FIELDS:
        if all(t in present for t in needed):
            for name, n, *repo in con.execute(sql).fetchall():
                if name:
                    counts[(source, name)] = counts.get((source, name), 0) + int(n)
                    if repo and repo[0]:
                        repos[(source, name)] = repo[0]
    for (source, name), n in sorted(counts.items()):
        yield source, name, n, repos.get((source, name))


def build_identity(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Fill organisation_registry, models, model_organisations and model_aliases; returns a few counts."""
    reg = registry()
    insert_rows(con, "organisation_registry", [[o.id, o.name, o.country, o.bloc, o.eu27, o.type, o.parent]
                                               for o in reg.orgs])  # fmt: skip
    resolver, facts = build_spine(con)
    present = table_names(con)
    for _source, needed, sql in HF_LINKS:
        if all(t in present for t in needed):
            for name, repo in con.execute(sql).fetchall():
                linked = resolver.resolve(repo, "hf")
                if linked.id is None:
                    own = resolver.resolve(name, _source, _org_hint(name))
                    if own.id and own.method in ("exact-key", "override"):
                        resolver.link_hf(repo, own.id)
    model_rows = []
    org_rows = []
    for model_id, f in facts.items():
        blocs = sorted({r.bloc for r in f.orgs if r.bloc})
        model_rows.append([
            model_id, f.name, " / ".join(_org_name(r) for r in f.orgs if r.name) or None,
            " / ".join(dict.fromkeys(r.country for r in f.orgs if r.country)) or None,
            model_bloc(f.orgs), blocs, any(reg.is_eu27(r.country) for r in f.orgs), f.release_date,
            f.parameters, f.active_parameters, f.open_weights, f.accessibility, f.hf_repo, f.origin_source,
            f.origin_name,
        ])  # fmt: skip
        for i, r in enumerate(f.orgs):
            org_rows.append([model_id, i, r.name, r.org_id, r.country, r.bloc, r.category])
    insert_rows(con, "models", model_rows)
    insert_rows(con, "model_organisations", org_rows)
    alias_rows = []
    origin = {(f.origin_source, f.origin_name): mid for mid, f in facts.items()}
    spine_alias = {(s, n): mid for mid, f in facts.items() for s, names in f.aliases.items() for n in names}
    for source, name, n, repo in source_names(con):
        if (source, name) in origin:
            own_name = parse(name)
            alias_rows.append(
                [source, name, origin[(source, name)], "origin", 1.0, own_name.variant, own_name.snapshot, n]
            )
            continue
        if repo:
            implied = implicit_variant("hf", repo)
        elif source == "mot":
            implied = "base"  # MOT names without a repo link follow the Hub's convention: no suffix, base model
        else:
            implied = implicit_variant(source, name)
        m = resolver.resolve(name, source, _org_hint(name), implied)
        m_id: str | None
        if m.id is None and (source, name) in spine_alias:
            m_id, method, conf = spine_alias[(source, name)], "spine", 0.9
        else:
            m_id, method, conf = m.id, m.method, m.confidence
        alias_rows.append([source, name, m_id, method, conf, m.variant, m.snapshot, n])
    insert_rows(con, "model_aliases", alias_rows)
    resolved = sum(1 for r in alias_rows if r[2] is not None)
    return {"models": len(model_rows), "names": len(alias_rows), "resolved": resolved}

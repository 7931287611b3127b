"""The small reference tables the hub pipeline joins: Hub namespace -> organisation, country and bloc; Hub repo ->
canonical model.

Namespaces come from the organisation registry (`orgs.yaml`: its aliases include the labs' Hub namespaces), then from
Epoch's "Hugging Face developer id" column with the organisation and country Epoch gives (registry first). A repo is
a canonical model's when the identity stage links it (`models.hf_repo`, or a source's name that is a Hub repo id and
resolves to the model) AND it sits in one of the model's own namespaces (its `hf_repo`'s namespace, or a namespace of
one of its registered organisations): re-uploads and fine-tunes by others are derivatives, not the model.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from importlib import resources

import duckdb
import pyarrow as pa
import yaml

from avsi.resolve.registry import OrgFile, registry, split_orgs
from avsi.store.rows import table_names

NAMESPACES = pa.schema([
    pa.field("ns_key", pa.string(), nullable=False),  # lowercase namespace
    pa.field("org_key", pa.string(), nullable=False),  # registry id, else the organisation's name, lowercase
    pa.field("org_id", pa.string()),  # registry id, when registered
    pa.field("organisation", pa.string()),
    pa.field("country", pa.string()),  # ISO 3166-1 alpha-2
    pa.field("bloc", pa.string()),  # CN | US | EU | OTHER
    pa.field("origin", pa.string()),  # registry | epoch
])  # fmt: skip

REPO_MODELS = pa.schema([
    pa.field("repo_key", pa.string(), nullable=False),  # lowercase repo id
    pa.field("model_id", pa.string(), nullable=False),
    pa.field("preferred", pa.bool_(), nullable=False),  # the model's own hf_repo
])  # fmt: skip

_NAMESPACE = re.compile(r"^[A-Za-z0-9][\w.-]*$")

EPOCH_NAMESPACES = """
SELECT hugging_face_developer_id, organization, country_of_organization, count(*) AS n
FROM epoch_all_models
WHERE hugging_face_developer_id IS NOT NULL AND organization IS NOT NULL
GROUP BY ALL
"""

REPO_MODELS_SQL = r"""
WITH cand AS (
    SELECT lower(hf_repo) AS repo_key, id AS model_id, true AS preferred FROM models WHERE hf_repo IS NOT NULL
    UNION ALL
    SELECT lower(name), model_id, false FROM model_aliases
    WHERE model_id IS NOT NULL AND regexp_full_match(name, '[A-Za-z0-9][\w.-]*/[\w.-]+')
), model_ns AS (
    SELECT id AS model_id, lower(split_part(hf_repo, '/', 1)) AS ns_key FROM models WHERE hf_repo IS NOT NULL
    UNION
    SELECT mo.model_id, ns.ns_key FROM model_organisations mo JOIN _avsi_hub_ns ns ON ns.org_id = mo.org_id
), official AS (
    SELECT c.repo_key, c.model_id, bool_or(c.preferred) AS preferred
    FROM cand c JOIN model_ns m ON m.model_id = c.model_id AND m.ns_key = split_part(c.repo_key, '/', 1)
    GROUP BY ALL
)
SELECT repo_key, model_id, preferred FROM official
QUALIFY row_number() OVER (PARTITION BY repo_key ORDER BY preferred DESC, model_id) = 1
ORDER BY repo_key
"""


def namespace_table(con: duckdb.DuckDBPyConnection | None = None) -> pa.Table:
    """Hub namespaces with their organisation, country and bloc (registry; Epoch's developer ids when `con` has
    them)."""
    reg = registry()
    rows: dict[str, dict[str, str | None]] = {}
    for org in reg.orgs:
        for alias in sorted(set(_aliases().get(org.id, [org.id, org.name]))):
            if _NAMESPACE.match(alias):
                entry: dict[str, str | None] = {
                    "org_key": org.id, "org_id": org.id, "organisation": org.name, "country": org.country,
                    "bloc": org.bloc, "origin": "registry",
                }  # fmt: skip
                rows.setdefault(alias.lower(), entry)
    if con is not None and "epoch_all_models" in table_names(con):
        votes: dict[str, Counter[tuple[str, str | None]]] = {}
        for ns, organisation, country, n in con.execute(EPOCH_NAMESPACES).fetchall():
            votes.setdefault(ns.strip().lower(), Counter())[(organisation, country)] += int(n)
        for ns, counter in sorted(votes.items()):
            if ns in rows or not _NAMESPACE.match(ns):
                continue
            (organisation, country), _ = max(counter.items(), key=lambda kv: (kv[1], kv[0][0], kv[0][1] or ""))
            refs = split_orgs(organisation, country)
            ref = next((r for r in refs if r.org_id), refs[0] if refs else None)
            if ref is None:
                continue
            registered = reg.org(ref.name) if ref.org_id else None
            rows[ns] = {"org_key": ref.org_id or ref.name.lower(), "org_id": ref.org_id,
                        "organisation": registered.name if registered else ref.name, "country": ref.country,
                        "bloc": ref.bloc, "origin": "epoch"}  # fmt: skip
    keys = sorted(rows)
    columns = {"ns_key": keys, **{f: [rows[k][f] for k in keys] for f in NAMESPACES.names[1:]}}
    return pa.table(columns, schema=NAMESPACES)


@functools.cache
def _aliases() -> dict[str, list[str]]:
    """Every name the registry (orgs.yaml) knows each organisation by, its Hub namespaces among them."""
    text = resources.files("avsi.resolve").joinpath("orgs.yaml").read_text(encoding="utf-8")
    return {e.id: [e.id, e.name, *e.aliases] for e in OrgFile.model_validate(yaml.safe_load(text)).orgs}


def repo_model_table(con: duckdb.DuckDBPyConnection | None, namespaces: pa.Table | None = None) -> pa.Table:
    """Hub repos (lowercase) -> canonical model ids, official repos only; empty without a built identity."""
    if con is None or not {"models", "model_aliases", "model_organisations"} <= table_names(con):
        return REPO_MODELS.empty_table()
    con.register("_avsi_hub_ns", namespaces if namespaces is not None else namespace_table(con))
    try:
        result: pa.Table = con.execute(REPO_MODELS_SQL).to_arrow_table()
    finally:
        con.unregister("_avsi_hub_ns")
    return result.cast(REPO_MODELS)

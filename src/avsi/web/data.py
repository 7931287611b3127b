"""What the dashboard and the JSON API show about models, read from one build (library functions, no web code).

`model_rows` is the searchable table of every canonical model; `filter_models` applies the table's filters;
`model_detail` gathers one model's identity, facts, licence flags with their clauses, scores with evidence, lineage
and prices by provider. All SQL takes its values as parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb

from avsi.advise.facts import NAMES_SQL, Facts, ModelFacts, finite
from avsi.advise.rules import advice_rules

DIMENSIONS = ("accessible", "affordable", "applicable", "augmenting",
              "ip_guarded", "investment_driven", "infrastructure_oriented", "imposing")  # fmt: skip
AXES = ("open_proprietary", "affordable_commercial", "applied_agi", "collaborative_competitive",
        "governance_monopoly")  # fmt: skip
TABLE_FLAGS = ("commercial_use", "derivatives", "user_cap", "geographic_exclusion", "output_restrictions")
SORT_KEYS = ("release_date", "name", "parameters", "price", "capability", *DIMENSIONS)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else finite(value)


def model_scores(con: duckdb.DuckDBPyConnection, tables: frozenset[str]) -> dict[str, dict[str, Any]]:
    """model id -> {"scores": {dimension: score}, "axes": {axis: value}, "coverage": mean coverage} (score stage)."""
    out: dict[str, dict[str, Any]] = {}
    if "model_scores" in tables:
        for model_id, dim, score, coverage in con.execute(
            "SELECT model_id, dimension, score, coverage FROM model_scores"
        ).fetchall():
            entry = out.setdefault(model_id, {"scores": {}, "axes": {}, "coverages": []})
            entry["scores"][dim] = finite(score)
            if finite(coverage) is not None:
                entry["coverages"].append(float(coverage))
    if "model_axes" in tables:
        for model_id, axis, value in con.execute("SELECT model_id, axis, value FROM model_axes").fetchall():
            out.setdefault(model_id, {"scores": {}, "axes": {}, "coverages": []})["axes"][axis] = finite(value)
    for entry in out.values():
        cov = entry.pop("coverages")
        entry["coverage"] = round(sum(cov) / len(cov), 3) if cov else None
    return out


def model_rows(facts: Facts, scores: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per canonical model, newest first: what the model table shows and filters on."""
    rows = []
    for m in facts.models.values():
        flags = facts.flags(m.licence_id)
        cheapest = m.cheapest
        sectors = sorted(m.sectors | {s for s, n in m.sector_derivatives.items() if n})
        s = scores.get(m.id, {})
        rows.append({
            "id": m.id, "name": m.name, "organization": m.organization, "country": m.country, "bloc": m.bloc,
            "release_date": m.release_date, "open_weights": m.open_weights, "accessibility": m.accessibility,
            "parameters": m.parameters, "licence": m.licence_id,
            "licence_flags": {f: flags[f][0] if f in flags else None for f in TABLE_FLAGS},
            "cheapest_usd_per_mtok": None if cheapest is None else round(cheapest.blended, 4),
            "cheapest_provider": None if cheapest is None else cheapest.provider,
            "providers": len({p.provider for p in m.prices}),
            "capability": m.capability, "eci": m.eci, "arena": m.arena,
            "memory_gib_4bit": m.memory_gib.get(4), "sectors": sectors, "derivatives": m.derivatives,
            "scores": s.get("scores") or None, "axes": s.get("axes") or None,
        })  # fmt: skip
    rows.sort(key=lambda r: (r["release_date"] or "", r["id"]), reverse=True)
    return rows


@dataclass(frozen=True)
class ModelFilter:
    """The model table's filters; every field is optional."""

    q: str | None = None
    bloc: str | None = None
    open_weights: bool | None = None
    needs: tuple[str, ...] = ()
    sector: str | None = None
    min_params_b: float | None = None
    max_params_b: float | None = None
    max_price: float | None = None
    min_capability: float | None = None
    sort: str = "release_date"
    order: Literal["asc", "desc"] = "desc"
    limit: int = 50
    offset: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _meets(row: dict[str, Any], needs: tuple[str, ...]) -> bool:
    rules = advice_rules().licence_needs
    flags = row["licence_flags"]
    return all(flags.get(rules[n].flag) is rules[n].required for n in needs)


def _sort_value(row: dict[str, Any], key: str) -> Any:
    if key == "price":
        return row["cheapest_usd_per_mtok"]
    if key in DIMENSIONS:
        return (row["scores"] or {}).get(key)
    return row[key]


def filter_models(rows: list[dict[str, Any]], f: ModelFilter) -> dict[str, Any]:
    """{"total": matching rows, "offset", "limit", "items": one page of them} for the filters of `f`."""
    q = f.q.casefold().strip() if f.q else None
    out = []
    for r in rows:
        if q and not any(q in (r[k] or "").casefold() for k in ("id", "name", "organization")):
            continue
        if f.bloc and r["bloc"] != f.bloc:
            continue
        if f.open_weights is not None and r["open_weights"] is not f.open_weights:
            continue
        if f.needs and not _meets(r, f.needs):
            continue
        if f.sector and f.sector not in r["sectors"]:
            continue
        params_b = None if r["parameters"] is None else r["parameters"] / 1e9
        if f.min_params_b is not None and (params_b is None or params_b < f.min_params_b):
            continue
        if f.max_params_b is not None and (params_b is None or params_b > f.max_params_b):
            continue
        price = r["cheapest_usd_per_mtok"]
        if f.max_price is not None and (price is None or price > f.max_price):
            continue
        if f.min_capability is not None and (r["capability"] is None or r["capability"] < f.min_capability):
            continue
        out.append(r)
    present = [r for r in out if _sort_value(r, f.sort) is not None]
    missing = [r for r in out if _sort_value(r, f.sort) is None]
    present.sort(key=lambda r: (_sort_value(r, f.sort), r["id"]), reverse=f.order == "desc")
    ordered = present + missing
    return {"total": len(ordered), "offset": f.offset, "limit": f.limit,
            "items": ordered[f.offset : f.offset + f.limit]}  # fmt: skip


def lineage_index(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """model id -> {"parents": [...], "children": [...]}, each edge with the source, names and resolved ids."""
    names = dict(con.execute(NAMES_SQL).fetchall())
    index: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for source, child, parent, relation in con.execute(
        "SELECT DISTINCT source, child, parent, relation FROM lineage_edges "
        "WHERE child IS NOT NULL AND parent IS NOT NULL ORDER BY source, child, parent"
    ).fetchall():
        child_id, parent_id = names.get(child), names.get(parent)
        if child_id is not None and child_id == parent_id:
            continue
        edge = {"source": source, "child": child, "child_id": child_id, "parent": parent, "parent_id": parent_id,
                "relation": relation}  # fmt: skip
        if child_id is not None:
            index.setdefault(child_id, {"parents": [], "children": []})["parents"].append(edge)
        if parent_id is not None:
            index.setdefault(parent_id, {"parents": [], "children": []})["children"].append(edge)
    return index


def _identity(con: duckdb.DuckDBPyConnection, m: ModelFacts) -> dict[str, Any]:
    cur = con.execute(
        "SELECT id, name, organization, country, bloc, blocs, eu27, open_weights, parameters, active_parameters, "
        "release_date, accessibility, hf_repo, origin_source, origin_name FROM models WHERE id = ?",
        [m.id],
    )
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    model = {k: _plain(v) for k, v in zip(names, row or (), strict=True)}
    aliases: dict[str, list[str]] = {}
    for source, name in con.execute(
        "SELECT source, name FROM model_aliases WHERE model_id = ? ORDER BY source, name", [m.id]
    ).fetchall():
        aliases.setdefault(source, []).append(name)
    model["organization"] = m.organization
    model["aliases"] = aliases
    model["organizations"] = [
        {"name": n, "org_id": o, "country": c, "bloc": b, "category": cat}
        for n, o, c, b, cat in con.execute(
            "SELECT name, org_id, country, bloc, category FROM model_organisations WHERE model_id = ? "
            "ORDER BY position",
            [m.id],
        ).fetchall()
    ]
    return model


def _licence(con: duckdb.DuckDBPyConnection, facts: Facts, m: ModelFacts) -> dict[str, Any] | None:
    if m.licence_id is None:
        return None
    row = con.execute(
        "SELECT l.source, l.string, l.where_found, l.conflicting, k.name, k.url, k.kind FROM model_licences l "
        "LEFT JOIN licences k ON k.id = l.licence_id WHERE l.model_id = ?",
        [m.id],
    ).fetchone()
    source, string, where, conflicting, name, url, kind = row or (None,) * 7
    flags = facts.flags(m.licence_id)
    return {
        "id": m.licence_id, "name": name, "url": url, "kind": kind,
        "flags": {f: v[0] for f, v in flags.items()},
        "evidence": {f: {"clause": v[1], "url": v[2]} for f, v in flags.items()},
        "found_in": {"source": source, "string": string, "where": where},
        "conflicting": list(conflicting or []),
    }  # fmt: skip


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [{k: _plain(v) for k, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def _scores(con: duckdb.DuckDBPyConnection, tables: frozenset[str], model_id: str) -> dict[str, Any]:
    """The score stage's rows for one model (every column it writes), NaN read as missing."""
    out: dict[str, Any] = {"scores": None, "axes": None, "coverage": None, "score_details": [], "axis_details": [],
                           "evidence": []}  # fmt: skip
    if "model_scores" in tables:
        rows = _dicts(con, "SELECT * EXCLUDE (model_id) FROM model_scores WHERE model_id = ? ORDER BY dimension",
                      [model_id])  # fmt: skip
        out["score_details"] = rows
        out["scores"] = {r["dimension"]: r.get("score") for r in rows} or None
        cov = [float(r["coverage"]) for r in rows if r.get("coverage") is not None]
        out["coverage"] = round(sum(cov) / len(cov), 3) if cov else None
    if "model_axes" in tables:
        rows = _dicts(con, "SELECT * EXCLUDE (model_id) FROM model_axes WHERE model_id = ? ORDER BY axis", [model_id])
        out["axis_details"] = rows
        out["axes"] = {r["axis"]: r.get("value") for r in rows} or None
    if "indicator_values" in tables:
        rows = _dicts(con, "SELECT * EXCLUDE (model_id) FROM indicator_values WHERE model_id = ? "
                      "ORDER BY dimension, indicator", [model_id])  # fmt: skip
        for r in rows:  # the DESIGN.md evidence shape: indicator, source, field, value
            r.setdefault("value", r.get("raw_value"))
        out["evidence"] = rows
    return out


def model_detail(
    con: duckdb.DuckDBPyConnection, facts: Facts, lineage: dict[str, dict[str, list[dict[str, Any]]]], model_id: str
) -> dict[str, Any] | None:
    """One model in the `avsi model --json` shape plus prices, capability, memory, openness and lineage; None if
    there is no canonical model with that id."""
    m = facts.models.get(model_id)
    if m is None:
        return None
    model = _identity(con, m)
    model["licence"] = _licence(con, facts, m)
    model.update(_scores(con, facts.tables, m.id))
    by_provider: dict[str, dict[str, Any]] = {}
    for p in sorted(m.prices, key=lambda p: (p.blended, p.provider, p.source)):
        if p.blended > 0:
            by_provider.setdefault(p.provider, p.to_dict())
    model["prices"] = list(by_provider.values())
    model["capability"] = {"percentile": m.capability, "eci": m.eci, "arena": m.arena, "arena_date": m.arena_date}
    model["benchmarks"] = [
        {"source": s, "benchmark": b, "score": v, "measured_on": _plain(d)}
        for s, b, v, d in con.execute(
            "SELECT c.source, c.benchmark, max(c.score), max(c.measured_on) FROM capability_scores c "
            "JOIN model_aliases a ON a.source = c.source AND a.name = c.model WHERE a.model_id = ? "
            "GROUP BY 1, 2 ORDER BY 1, 2",
            [m.id],
        ).fetchall()
    ]
    model["memory_gib"] = {str(b): v for b, v in sorted(m.memory_gib.items())}
    model["memory_source"] = "llmfit" if m.llmfit_min_vram_gb else ("parameters" if m.parameters else None)
    model["llmfit_repo"] = m.llmfit_repo
    model["openness"] = [
        {"source": s, "dimension": d, "judgement": j, "evidence": e}
        for s, d, j, e in con.execute(
            "SELECT o.source, o.dimension, o.judgement, o.evidence FROM openness_judgements o "
            "JOIN model_aliases a ON a.source = o.source AND a.name = o.system WHERE a.model_id = ? "
            "ORDER BY o.source, o.dimension",
            [m.id],
        ).fetchall()
    ]
    edges = lineage.get(m.id, {"parents": [], "children": []})
    model["lineage"] = {"parents": edges["parents"], "children": edges["children"][:200],
                        "n_children": len(edges["children"])}  # fmt: skip
    model["sectors"] = sorted(m.sectors | {s for s, n in m.sector_derivatives.items() if n})
    model["sector_derivatives"] = m.sector_derivatives
    model["languages"] = sorted(m.languages)
    return model

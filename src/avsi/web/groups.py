"""Labs and blocs for the dashboard and the JSON API: the registry's labs, per-bloc figures and the score stage's
aggregates (`group_scores`) with their 90% intervals. Library functions over one build; SQL takes parameters."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

import duckdb

from avsi.advise.facts import Facts, ModelFacts
from avsi.web.data import AXES, DIMENSIONS

BLOCS = ("EU", "US", "CN", "OTHER")


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 4) if values else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def summarise(models: list[ModelFacts], facts: Facts) -> dict[str, Any]:
    """Counts, open-weights share, licence terms, median cheapest price and capability of a set of models."""
    n = len(models)
    open_n = sum(m.open_weights is True for m in models)
    licensed = [facts.flags(m.licence_id) for m in models if m.licence_id]
    prices = [c.blended for m in models if (c := m.cheapest) is not None]
    caps = [m.capability for m in models if m.capability is not None]
    licences = Counter(m.licence_id for m in models if m.licence_id)
    return {
        "n_models": n,
        "open_weights": open_n,
        "share_open_weights": _share(open_n, n),
        "with_licence": len(licensed),
        "share_licence_commercial_use": _share(sum(f.get("commercial_use", (None,))[0] is True for f in licensed),
                                               len(licensed)),
        "share_licence_geographic_exclusion": _share(
            sum(f.get("geographic_exclusion", (None,))[0] is True for f in licensed), len(licensed)),
        "share_licence_osi_approved": _share(sum(f.get("osi_approved", (None,))[0] is True for f in licensed),
                                             len(licensed)),
        "priced": len(prices),
        "median_cheapest_usd_per_mtok": _median(prices),
        "with_capability": len(caps),
        "median_capability": _median(caps),
        "top_licences": [{"licence": k, "n_models": v} for k, v in licences.most_common(5)],
    }  # fmt: skip


def releases_by_year(models: list[ModelFacts], key: str = "bloc") -> list[dict[str, Any]]:
    """[{year, group, n_models, n_open_weights}] from the models' release dates."""
    counts: Counter[tuple[int, str]] = Counter()
    opened: Counter[tuple[int, str]] = Counter()
    for m in models:
        if m.release_date:
            k = (int(m.release_date[:4]), str(getattr(m, key) or "unknown"))
            counts[k] += 1
            opened[k] += m.open_weights is True
    return [{"year": y, "group": g, "n_models": n, "n_open_weights": opened[(y, g)]}
            for (y, g), n in sorted(counts.items())]  # fmt: skip


def bloc_comparison(facts: Facts) -> list[dict[str, Any]]:
    """Per bloc (EU, US, CN, OTHER): the summary figures of its models."""
    out = []
    for bloc in BLOCS:
        models = [m for m in facts.models.values() if m.bloc == bloc]
        out.append({"bloc": bloc, **summarise(models, facts)})
    return out


def group_scores(
    con: duckdb.DuckDBPyConnection, tables: frozenset[str], kind: str, group: str | None = None,
    year: int | None = None, weighting: str = "unweighted",
) -> list[dict[str, Any]]:  # fmt: skip
    """The score stage's aggregates in the `avsi compare --json` shape; [] when the build has no scores yet."""
    if "group_scores" not in tables:
        return []
    rows = con.execute(
        "SELECT group_id, year, measure, score, lo, hi, n_models FROM group_scores "
        "WHERE group_kind = ? AND weighting = ? AND (? IS NULL OR group_id = ?) "
        "AND ((? IS NULL AND year IS NULL) OR year = ?) ORDER BY group_id, measure",
        [kind, weighting, group, group, year, year],
    ).fetchall()
    out: dict[tuple[str, int | None], dict[str, Any]] = {}
    for gid, yr, measure, score, lo, hi, n in rows:
        entry = out.setdefault((gid, yr), {"group": gid, "year": yr, "n_models": n, "scores": {}, "axes": {},
                                           "intervals": {}})  # fmt: skip
        entry["axes" if measure in AXES else "scores"][measure] = score
        entry["intervals"][measure] = [lo, hi]
        entry["n_models"] = max(entry["n_models"] or 0, n or 0)
    return list(out.values())


def group_score_points(entries: list[dict[str, Any]], measures: tuple[str, ...]) -> list[dict[str, Any]]:
    """Flat [{group, measure, score, lo, hi}] for charts."""
    points = []
    for e in entries:
        for measure in measures:
            value = e["scores"].get(measure, e["axes"].get(measure))
            if value is not None:
                lo, hi = e["intervals"].get(measure, [None, None])
                points.append({"group": e["group"], "measure": measure, "score": value, "lo": lo, "hi": hi})
    return points


def labs(con: duckdb.DuckDBPyConnection, facts: Facts) -> list[dict[str, Any]]:
    """Every lab of the organisation registry with its number of models and open-weights share."""
    members = _members(con)
    out = []
    for lab_id, name, country, bloc, eu27, kind, parent in con.execute(
        "SELECT id, name, country, bloc, eu27, type, parent FROM organisation_registry ORDER BY name"
    ).fetchall():
        models = [facts.models[i] for i in members.get(lab_id, []) if i in facts.models]
        open_n = sum(m.open_weights is True for m in models)
        latest = max((m.release_date for m in models if m.release_date), default=None)
        out.append({"id": lab_id, "name": name, "country": country, "bloc": bloc, "eu27": eu27, "type": kind,
                    "parent": parent, "n_models": len(models), "open_weights": open_n,
                    "share_open_weights": _share(open_n, len(models)), "latest_release": latest})  # fmt: skip
    out.sort(key=lambda r: (-r["n_models"], r["name"]))
    return out


def _members(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {}
    for org_id, model_id in con.execute(
        "SELECT DISTINCT org_id, model_id FROM model_organisations WHERE org_id IS NOT NULL ORDER BY 1, 2"
    ).fetchall():
        members.setdefault(org_id, []).append(model_id)
    return members


def lab_detail(con: duckdb.DuckDBPyConnection, facts: Facts, lab_id: str) -> dict[str, Any] | None:
    """One lab: registry entry, summary figures, releases by year, its models (newest first), its GPU clusters
    and the score stage's aggregates for it; None if the registry has no such lab."""
    row = con.execute(
        "SELECT id, name, country, bloc, eu27, type, parent FROM organisation_registry WHERE id = ?", [lab_id]
    ).fetchone()
    if row is None:
        return None
    keys = ("id", "name", "country", "bloc", "eu27", "type", "parent")
    lab: dict[str, Any] = dict(zip(keys, row, strict=True))
    ids = [r[0] for r in con.execute(
        "SELECT DISTINCT model_id FROM model_organisations WHERE org_id = ?", [lab_id]).fetchall()]  # fmt: skip
    models = sorted((facts.models[i] for i in ids if i in facts.models),
                    key=lambda m: (m.release_date or "", m.id), reverse=True)  # fmt: skip
    lab["summary"] = summarise(models, facts)
    lab["releases_by_year"] = releases_by_year(models, "bloc")
    lab["models"] = [{"id": m.id, "name": m.name, "release_date": m.release_date, "open_weights": m.open_weights,
                      "parameters": m.parameters, "licence": m.licence_id, "capability": m.capability,
                      "cheapest_usd_per_mtok": None if m.cheapest is None else round(m.cheapest.blended, 4)}
                     for m in models]  # fmt: skip
    lab["clusters"] = [
        {"name": n, "country": c, "status": s, "first_operational": None if d is None else d.isoformat(),
         "h100_equivalents": h}
        for n, c, s, d, h in con.execute(
            "SELECT name, country, status, first_operational, h100_equivalents FROM compute_clusters "
            "WHERE lower(owner) = lower(?) ORDER BY h100_equivalents DESC NULLS LAST LIMIT 50",
            [lab["name"]],
        ).fetchall()
    ]  # fmt: skip
    lab["group_scores"] = group_scores(con, facts.tables, "org", lab_id)
    return lab


def overview(con: duckdb.DuckDBPyConnection, facts: Facts) -> dict[str, Any]:
    """The overview page's figures: per-bloc scores with intervals (once scored), bloc summaries, releases."""
    scores = group_scores(con, facts.tables, "bloc")
    return {
        "scored": bool(scores),
        "group_scores": scores,
        "dimension_points": group_score_points(scores, DIMENSIONS),
        "axis_points": group_score_points(scores, AXES),
        "blocs": bloc_comparison(facts),
        "releases_by_year": releases_by_year(list(facts.models.values())),
    }

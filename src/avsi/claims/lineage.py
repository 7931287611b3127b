"""Derivatives and what they are built on, from the lineage edges of the Hub, the Open LLM Leaderboard and Epoch.

A derivative is a Hub repository with at least one parent repository (fine-tune, merge, adapter, quantisation).
Its origin is the nearest ancestor whose bloc is known: a repository that resolves to a canonical model, or whose
namespace is a registered organisation ("Removed" and "(Merge)" placeholders are not parents). Its maker is the
organisation of its own namespace when registered ("individual or unregistered" otherwise). Sectors are the hub
stage's (`hub_repos.sector`, by the rules of src/avsi/hub/sectors.yaml).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Mapping
from typing import Any

from avsi.claims.data import Context

HUB_SOURCES = ("hf", "open_llm_leaderboard")


def hub_sectors(ctx: Context) -> dict[str, str]:
    """Each Hub repository's sector as the hub stage classifies it (src/avsi/hub/sectors.yaml, one per repo)."""
    return ctx.cached(
        "hub_sectors",
        lambda: {
            r["repo"]: r["sector"]
            for r in ctx.rows("SELECT repo, sector FROM hub_repos WHERE sector IS NOT NULL ORDER BY repo")
        },
    )


def _known_repos(ctx: Context) -> dict[str, dict[str, Any]]:
    rows = ctx.rows("""
        SELECT a.name, min(m.id) AS model_id, arg_min(m.bloc, m.id) AS bloc
        FROM model_aliases a JOIN models m ON m.id = a.model_id
        WHERE a.source IN ('hf', 'open_llm_leaderboard', 'llmfit') AND m.bloc IS NOT NULL AND a.name LIKE '%/%'
        GROUP BY 1
    """)
    return {r["name"].lower(): r for r in rows}


def hub_derivatives(ctx: Context) -> list[dict[str, Any]]:
    """One row per derivative repository: relation, origin (repo, model, bloc, organisation), maker and bloc."""

    def compute() -> list[dict[str, Any]]:
        from avsi.resolve import registry

        reg = registry()
        edges = ctx.rows(f"""
            SELECT child, parent, min(relation) AS relation
            FROM lineage_edges WHERE source IN {HUB_SOURCES} AND child <> parent AND parent LIKE '%/%'
              AND NOT parent LIKE '% (%' GROUP BY 1, 2 ORDER BY 1, 2
        """)
        parents: dict[str, list[str]] = {}
        relation: dict[str, str] = {}
        for e in edges:
            parents.setdefault(e["child"], []).append(e["parent"])
            if e["relation"]:
                relation.setdefault(e["child"], e["relation"])
        known = _known_repos(ctx)

        def place(repo: str) -> dict[str, Any] | None:
            hit = known.get(repo.lower())
            org = reg.org(repo.split("/", 1)[0]) if "/" in repo else None
            if hit:
                return {"repo": repo, "model_id": hit["model_id"], "bloc": hit["bloc"], "org": org.id if org else None}
            if org:
                return {"repo": repo, "model_id": None, "bloc": org.bloc, "org": org.id}
            return None

        out = []
        for child in sorted(parents):
            origin = _nearest(child, parents, place)
            maker = reg.org(child.split("/", 1)[0]) if "/" in child else None
            out.append(
                {
                    "repo": child,
                    "relation": relation.get(child, "unspecified"),
                    "origin_repo": origin["repo"] if origin else None,
                    "origin_model": origin["model_id"] if origin else None,
                    "origin_bloc": origin["bloc"] if origin else None,
                    "origin_org": origin["org"] if origin else None,
                    "maker_org": maker.id if maker else None,
                    "maker_bloc": maker.bloc if maker else None,
                }
            )
        return out

    return ctx.cached("hub_derivatives", compute)


def _nearest(
    child: str, parents: Mapping[str, list[str]], place: Callable[[str], dict[str, Any] | None]
) -> dict[str, Any] | None:
    """Breadth-first up the parents: the placed ancestors of the nearest level; the most common bloc wins."""
    seen = {child}
    level = list(parents.get(child, []))
    for _ in range(12):
        if not level:
            return None
        placed = sorted((p for p in (place(r) for r in level) if p), key=lambda p: p["repo"])
        if placed:
            top = Counter(p["bloc"] for p in placed).most_common(1)[0][0]
            return next(p for p in placed if p["bloc"] == top)
        nxt: deque[str] = deque()
        for repo in level:
            for p in parents.get(repo, []):
                if p not in seen:
                    seen.add(p)
                    nxt.append(p)
        level = list(nxt)
    return None


def epoch_derivatives(ctx: Context) -> list[dict[str, Any]]:
    """Epoch models built on another model ("base model"): child and base with bloc and organisations; `same_org`
    when child and base share an organisation."""
    sql = """
        WITH e AS (
            SELECT child, trim(unnest(string_split(parent, ','))) AS parent FROM lineage_edges WHERE source = 'epoch'
        ),
        orgs AS (SELECT model_id, list(DISTINCT coalesce(org_id, name)) AS orgs FROM model_organisations GROUP BY 1)
        SELECT DISTINCT mc.id AS child_id, mc.bloc AS child_bloc, mc.release_date, mp.id AS base_id,
               mp.bloc AS base_bloc, len(list_intersect(oc.orgs, op.orgs)) > 0 AS same_org
        FROM e
        JOIN model_aliases ac ON ac.source = 'epoch' AND ac.name = e.child
        JOIN model_aliases ap ON ap.source = 'epoch' AND ap.name = e.parent
        JOIN models mc ON mc.id = ac.model_id JOIN models mp ON mp.id = ap.model_id
        LEFT JOIN orgs oc ON oc.model_id = mc.id LEFT JOIN orgs op ON op.model_id = mp.id
        WHERE mc.id <> mp.id ORDER BY child_id, base_id
    """
    return ctx.cached("epoch_derivatives", lambda: ctx.rows(sql))

"""The facts the claims (and the report's charts) read from a built database, each query in one place.

Every function takes a `Context` (an open connection plus a per-evaluation cache) and returns plain rows, so the
same facts feed the claim figures, the claim charts and the report pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb

from avsi.claims.stats import Bootstrap

T = TypeVar("T")
BLOCS = ("CN", "US", "EU", "OTHER")


def literal(value: str | int) -> str:
    """A SQL literal: integers as they are, text quoted with quotes doubled."""
    if isinstance(value, int):
        return str(int(value))
    return "'" + str(value).replace("'", "''") + "'"


@dataclass
class Context:
    """An open (read-only) connection, the bootstrap settings and a cache shared by the claims of one evaluation."""

    con: duckdb.DuckDBPyConnection
    boot: Bootstrap = field(default_factory=Bootstrap)
    cache: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A missing table must be an error, never a Python variable of the same name picked up by DuckDB.
        self.con.execute("SET python_enable_replacements = false")

    def rows(self, sql: str) -> list[dict[str, Any]]:
        """Rows as dicts. Values go into the SQL as literals (`literal()`): binding Python parameters makes DuckDB
        import pandas, which costs a second."""
        cur = self.con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self.cache:
            self.cache[key] = compute()
        value: T = self.cache[key]
        return value

    def tables(self) -> set[str]:
        return self.cached(
            "tables",
            lambda: {
                r["table_name"]
                for r in self.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")
            },
        )

    def data_date(self, source: str) -> dt.date | None:
        rows = self.rows(f"SELECT data_date FROM sources WHERE name = {literal(source)}")
        value = rows[0]["data_date"] if rows else None
        return value if isinstance(value, dt.date) else None


_EPOCH_FACTS = """
WITH rel AS (
    SELECT a.model_id, r.name, r.accessibility, r.training_compute_flop, r.training_cost_usd, r._file
    FROM model_releases r JOIN model_aliases a ON a.source = 'epoch' AND a.name = r.name
    WHERE r.source = 'epoch' AND a.model_id IS NOT NULL
),
dom AS (
    SELECT model, domain FROM epoch_all_models UNION ALL SELECT model, domain FROM epoch_notable_models
    UNION ALL SELECT model, domain FROM epoch_large_scale_models
),
flags AS (
    SELECT a.model_id,
           bool_or(n.model IS NOT NULL) AS notable,
           bool_or(l.model IS NOT NULL) AS large,
           bool_or(coalesce(e.frontier_model, false)) AS frontier
    FROM model_aliases a
    LEFT JOIN epoch_notable_models n ON n.model = a.name
    LEFT JOIN epoch_large_scale_models l ON l.model = a.name
    LEFT JOIN epoch_all_models e ON e.model = a.name
    WHERE a.source = 'epoch' AND a.model_id IS NOT NULL
    GROUP BY 1
)
SELECT m.id AS model_id, m.name, m.organization, m.bloc, m.release_date, year(m.release_date) AS year,
       m.open_weights, min(rel.accessibility) AS access, f.notable, f.large, f.frontier,
       max(rel.training_compute_flop) AS compute_flop, max(rel.training_cost_usd) AS cost_usd,
       min(dom.domain) AS domain
FROM rel JOIN models m ON m.id = rel.model_id JOIN flags f ON f.model_id = m.id
LEFT JOIN dom ON dom.model = rel.name
GROUP BY ALL ORDER BY m.id
"""


def epoch_models(ctx: Context) -> list[dict[str, Any]]:
    """One row per canonical model that Epoch lists: bloc, release, weights access, notable/large/frontier flags,
    training compute (FLOP), training cost (2023 USD) and domain."""
    return ctx.cached("epoch_models", lambda: ctx.rows(_EPOCH_FACTS))


_PRICES = """
WITH p AS (
    SELECT * FROM prices
    WHERE (source <> 'litellm' OR snapshot = 'litellm current') AND coalesce(tier, 'standard') = 'standard'
      AND input_usd_per_mtok > 0 AND output_usd_per_mtok > 0
),
latest AS (
    SELECT * FROM p
    QUALIFY valid_from IS NULL OR valid_from = max(valid_from) OVER (PARTITION BY source, provider, model)
)
SELECT a.model_id, min(0.75 * input_usd_per_mtok + 0.25 * output_usd_per_mtok) AS blended_usd_per_mtok
FROM latest JOIN model_aliases a ON a.source = latest.source AND a.name = latest.model
WHERE a.model_id IS NOT NULL GROUP BY 1
"""

_CAPABILITY = """
SELECT a.model_id,
       max(c.score) FILTER (WHERE c.benchmark = 'ECI') AS eci,
       max(c.score) FILTER (WHERE c.benchmark = 'LMArena text') AS arena
FROM capability_scores c JOIN model_aliases a ON a.source = c.source AND a.name = c.model
WHERE a.model_id IS NOT NULL AND c.benchmark IN ('ECI', 'LMArena text') GROUP BY 1
"""

_PROVIDERS = """
SELECT a.model_id, count(DISTINCT d.provider_id) AS providers
FROM models_dev_models d JOIN model_aliases a ON a.source = 'models_dev' AND a.name = d.provider_id || '/' || d.model_id
WHERE a.model_id IS NOT NULL GROUP BY 1
"""

_MEMORY = """
SELECT a.model_id, min(l.min_vram_gb) AS min_vram_gb, min(l.recommended_ram_gb) AS recommended_ram_gb
FROM llmfit_models l JOIN model_aliases a ON a.source = 'llmfit' AND a.name = l.name
WHERE a.model_id IS NOT NULL GROUP BY 1
"""


def market(ctx: Context) -> list[dict[str, Any]]:
    """One row per canonical model with a current price or a capability score: cheapest current blended price
    (USD per 1M tokens, 3 input : 1 output), ECI, LMArena text score, models.dev providers, self-host memory."""

    def compute() -> list[dict[str, Any]]:
        sql = f"""
            WITH price AS ({_PRICES}), cap AS ({_CAPABILITY}), prov AS ({_PROVIDERS}), mem AS ({_MEMORY})
            SELECT m.id AS model_id, m.name, m.organization, m.bloc, m.open_weights, m.release_date,
                   price.blended_usd_per_mtok, cap.eci, cap.arena, coalesce(prov.providers, 0) AS providers,
                   mem.min_vram_gb, mem.recommended_ram_gb
            FROM models m
            LEFT JOIN price ON price.model_id = m.id LEFT JOIN cap ON cap.model_id = m.id
            LEFT JOIN prov ON prov.model_id = m.id LEFT JOIN mem ON mem.model_id = m.id
            WHERE price.model_id IS NOT NULL OR cap.model_id IS NOT NULL OR prov.model_id IS NOT NULL
            ORDER BY m.id
        """
        return ctx.rows(sql)

    return ctx.cached("market", compute)


def lab_releases(ctx: Context) -> list[dict[str, Any]]:
    """One row per (model, organisation) with a known weights access: lab id (registry id, else the name given),
    bloc, whether the lab is a company (Epoch's category, else the registry type), release date, open weights."""
    sql = """
        SELECT mo.model_id, coalesce(mo.org_id, mo.name) AS lab, coalesce(r.name, mo.name) AS lab_name, mo.bloc,
               coalesce(lower(mo.category) = 'industry', r.type = 'industry', false) AS company,
               m.release_date, m.open_weights
        FROM model_organisations mo JOIN models m ON m.id = mo.model_id
        LEFT JOIN organisation_registry r ON r.id = mo.org_id
        WHERE m.open_weights IS NOT NULL AND m.release_date IS NOT NULL AND mo.bloc IS NOT NULL
          AND length(trim(mo.name)) > 0
        ORDER BY mo.model_id, mo.position
    """
    return ctx.cached("lab_releases", lambda: ctx.rows(sql))


def model_licences(ctx: Context) -> list[dict[str, Any]]:
    """One row per canonical model with a licence in the knowledge base: bloc, weights, release, licence flags."""
    sql = """
        SELECT m.id AS model_id, m.bloc, m.open_weights, m.release_date, ml.licence_id,
               bool_or(f.value) FILTER (WHERE f.flag IN ('use_restrictions', 'user_cap', 'geographic_exclusion',
                                                          'output_restrictions')) AS restrictive_flag,
               bool_or(NOT f.value) FILTER (WHERE f.flag = 'commercial_use') AS no_commercial_use
        FROM model_licences ml JOIN models m ON m.id = ml.model_id
        JOIN licence_flags f ON f.licence_id = ml.licence_id
        GROUP BY ALL ORDER BY m.id
    """
    return ctx.cached("model_licences", lambda: ctx.rows(sql))


def clusters(ctx: Context) -> list[dict[str, Any]]:
    """Existing GPU clusters (Epoch), without those Epoch marks as possible duplicates: country, bloc, H100e."""
    from avsi.resolve import registry

    def compute() -> list[dict[str, Any]]:
        reg = registry()
        rows = ctx.rows("""
            SELECT c.name, c.owner, c.country, c.status, c.first_operational, c.h100_equivalents
            FROM compute_clusters c LEFT JOIN epoch_gpu_clusters g ON g._file = c._file AND g._row = c._row
            WHERE c.h100_equivalents > 0 AND NOT coalesce(g.possible_duplicate, false)
            ORDER BY c._file, c._row
        """)
        for r in rows:
            code = reg.country_code(r["country"])
            r["bloc"] = reg.bloc(code) if code else None
        return rows

    return ctx.cached("clusters", compute)

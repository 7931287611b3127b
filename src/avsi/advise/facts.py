"""Everything the advisor knows about each canonical model, read once per database build.

Facts come from the built tables: identity (`models`), licences (`model_licences`, `licence_flags`), hardware needs
(`llmfit_models`), prices (`prices`, current rows only), capability (`capability_scores`: ECI and LMArena text),
openness (`openness_judgements`, and `model_scores` once the score stage has run), derivatives and their sectors
(the hub stage's `hub_model_derivatives` and `hub_derivatives_by_base`, else `lineage_edges`) and Hub tags
(`hf_models`). Source names reach canonical models through `model_aliases`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from typing import Any

import duckdb

from avsi.advise.rules import blended_price, hardware_rules, memory_gib
from avsi.hub.sectors import GENERAL, classify

# Source names of every priced model, current rows only: LiteLLM's present price list (not its history), the
# standard tier of model-prices, each (source, provider, model)'s latest row; free (0) prices are promotional.
PRICES_SQL = """
WITH cur AS (
    SELECT p.source, p.provider, p.model, p.input_usd_per_mtok AS input, p.output_usd_per_mtok AS output,
           p.valid_from, p._file, p._row, coalesce(a.model_id, b.model_id) AS model_id
    FROM prices p
    LEFT JOIN model_aliases a ON a.source = p.source AND a.name = p.model
    LEFT JOIN model_aliases b ON b.source = p.source AND b.name = p.provider || '/' || p.model
    WHERE (p.source <> 'litellm' OR p.snapshot = 'litellm current') AND (p.tier IS NULL OR p.tier = 'standard')
), latest AS (
    SELECT *, row_number() OVER (PARTITION BY source, provider, model, model_id
                                 ORDER BY valid_from DESC NULLS LAST, _file DESC, _row DESC) AS rn
    FROM cur WHERE model_id IS NOT NULL
)
SELECT model_id, provider, source, model, input, output FROM latest WHERE rn = 1
ORDER BY model_id, provider, source, model
"""

CAPABILITY_SQL = """
WITH s AS (
    SELECT a.model_id, c.benchmark, c.score, c.measured_on
    FROM capability_scores c JOIN model_aliases a ON a.source = c.source AND a.name = c.model
    WHERE a.model_id IS NOT NULL AND c.benchmark IN ('ECI', 'LMArena text') AND c.score IS NOT NULL
), eci AS (
    SELECT model_id, max(score) AS v FROM s WHERE benchmark = 'ECI' GROUP BY 1
), arena AS (
    SELECT model_id, arg_max(score, (measured_on, score)) AS v, max(measured_on) AS d FROM s
    WHERE benchmark = 'LMArena text' GROUP BY 1
)
SELECT coalesce(e.model_id, r.model_id),
       e.v, CASE WHEN e.v IS NOT NULL THEN percent_rank() OVER (PARTITION BY e.v IS NULL ORDER BY e.v) END,
       r.v, r.d, CASE WHEN r.v IS NOT NULL THEN percent_rank() OVER (PARTITION BY r.v IS NULL ORDER BY r.v) END
FROM eci e FULL JOIN arena r ON r.model_id = e.model_id
"""

# llmfit's row for a model: the one named like the model's Hub repo, else the one with the largest parameter count
# (quantised repos that pack weights report fewer parameters than the model has).
LLMFIT_SQL = """
SELECT a.model_id, arg_max(l.name, (l.name = m.hf_repo, l.parameters, l.name)),
       arg_max(l.min_vram_gb, (l.name = m.hf_repo, l.parameters, l.name)),
       arg_max(l.parameters, (l.name = m.hf_repo, l.parameters, l.name)),
       arg_max(l.active_parameters, (l.name = m.hf_repo, l.parameters, l.name))
FROM llmfit_models l
JOIN model_aliases a ON a.source = 'llmfit' AND a.name = l.name AND a.model_id IS NOT NULL
JOIN models m ON m.id = a.model_id
WHERE l.quantization IN ('Q4_K_M', 'GPTQ-Int4', 'AWQ-4bit', 'AutoRound-4bit') AND l.min_vram_gb > 0
GROUP BY 1
"""

# Source names that reach one canonical model only, for names that appear in lineage edges.
NAMES_SQL = """
SELECT name, min(model_id) FROM (
    SELECT name, model_id FROM model_aliases WHERE model_id IS NOT NULL
    UNION SELECT hf_repo, id FROM models WHERE hf_repo IS NOT NULL
) GROUP BY name HAVING count(DISTINCT model_id) = 1
"""

OPENNESS_SQL = """
SELECT a.model_id,
       avg(CASE o.judgement WHEN 'open' THEN 1.0 WHEN 'partial' THEN 0.5 WHEN 'closed' THEN 0.0 END)
           FILTER (WHERE o.source = 'osai'),
       avg(CASE WHEN o.judgement IS NULL OR o.judgement IN ('unlicensed', 'Undisclosed')
                  OR o.judgement LIKE 'Component%' OR o.judgement = 'Proprietary' THEN 0.0 ELSE 1.0 END)
           FILTER (WHERE o.source = 'mot')
FROM openness_judgements o JOIN model_aliases a ON a.source = o.source AND a.name = o.system
WHERE a.model_id IS NOT NULL GROUP BY 1
"""


@dataclass
class Price:
    provider: str
    source: str
    model: str
    input: float | None
    output: float | None
    blended: float

    def to_dict(self) -> dict[str, Any]:
        return {"provider": self.provider, "source": self.source, "model": self.model,
                "input_usd_per_mtok": self.input, "output_usd_per_mtok": self.output,
                "blended_usd_per_mtok": round(self.blended, 4)}  # fmt: skip


@dataclass
class ModelFacts:
    id: str
    name: str
    organization: str | None
    country: str | None
    bloc: str | None
    open_weights: bool | None
    accessibility: str | None
    parameters: float | None
    active_parameters: float | None
    release_date: str | None
    hf_repo: str | None
    licence_id: str | None = None
    llmfit_repo: str | None = None
    llmfit_min_vram_gb: float | None = None
    memory_gib: dict[int, float | None] = field(default_factory=dict)
    prices: list[Price] = field(default_factory=list)
    eci: float | None = None
    arena: float | None = None
    arena_date: str | None = None
    capability: float | None = None
    openness_judged: float | None = None
    accessible_score: float | None = None
    sectors: set[str] = field(default_factory=set)
    sector_derivatives: dict[str, int] = field(default_factory=dict)
    derivatives: int = 0
    languages: set[str] = field(default_factory=set)

    @property
    def cheapest(self) -> Price | None:
        priced = [p for p in self.prices if p.blended > 0]
        return min(priced, key=lambda p: (p.blended, p.provider)) if priced else None

    @property
    def size(self) -> float | None:
        return self.parameters


@dataclass
class Facts:
    """Facts of every canonical model plus the licence flags (licence id -> flag -> (value, clause, url))."""

    models: dict[str, ModelFacts]
    licence_flags: dict[str, dict[str, tuple[bool | None, str, str]]]
    tables: frozenset[str]

    def flags(self, licence_id: str | None) -> dict[str, tuple[bool | None, str, str]]:
        return self.licence_flags.get(licence_id or "", {})


def _iso(v: Any) -> str | None:
    return v.isoformat() if isinstance(v, dt.date) else None


def table_names(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    sql = "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
    return frozenset(r[0] for r in con.execute(sql).fetchall())


def finite(value: Any) -> Any:
    """The value, with NaN and infinities (which some score columns hold) read as missing."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _pct(rank: float | None) -> float | None:
    return None if rank is None else 100 * float(rank)


def load_facts(con: duckdb.DuckDBPyConnection) -> Facts:
    """Read every fact the advisor and the dashboard use from a built database."""
    tables = table_names(con)
    hw = hardware_rules()
    models: dict[str, ModelFacts] = {}
    for row in con.execute(
        "SELECT id, name, organization, country, bloc, open_weights, accessibility, parameters, active_parameters, "
        "release_date, hf_repo FROM models ORDER BY id"
    ).fetchall():
        i, name, org, country, bloc, ow, acc, params, active, released, repo = row
        models[i] = ModelFacts(
            i, name, org, country, bloc, ow, acc, finite(params), finite(active), _iso(released), repo
        )
    for model_id, licence_id in con.execute("SELECT model_id, licence_id FROM model_licences").fetchall():
        if model_id in models:
            models[model_id].licence_id = licence_id
    flags: dict[str, dict[str, tuple[bool | None, str, str]]] = {}
    for lic, flag, value, evidence, url in con.execute(
        "SELECT licence_id, flag, value, evidence, source_url FROM licence_flags"
    ).fetchall():
        flags.setdefault(lic, {})[flag] = (value, evidence or "", url or "")
    for model_id, repo, vram, params, active in con.execute(LLMFIT_SQL).fetchall():
        m = models[model_id]
        if m.parameters and params and not 0.75 <= params / m.parameters <= 1.33:
            continue  # llmfit counted another model or a packed repo: keep the canonical parameter count
        m.llmfit_repo, m.llmfit_min_vram_gb = repo, vram
        if m.parameters is None and params:
            m.parameters = float(params)
        if m.active_parameters is None and active:
            m.active_parameters = float(active)
    for m in models.values():
        m.memory_gib = memory_gib(m.parameters, m.llmfit_min_vram_gb, hw)
    for model_id, provider, source, name, inp, outp in con.execute(PRICES_SQL).fetchall():
        inp, outp = finite(inp), finite(outp)
        models[model_id].prices.append(Price(provider, source, name, inp, outp, blended_price(inp, outp, hw)))
    for model_id, eci, eci_rank, arena, arena_date, arena_rank in con.execute(CAPABILITY_SQL).fetchall():
        m = models[model_id]
        m.eci, m.arena, m.arena_date = finite(eci), finite(arena), _iso(arena_date)
        parts = [p for p in (_pct(eci_rank), _pct(arena_rank)) if p is not None]
        m.capability = round(sum(parts) / len(parts), 1) if parts else None
    for model_id, osai, mot in con.execute(OPENNESS_SQL).fetchall():
        parts = [float(v) for v in (osai, mot) if v is not None]
        models[model_id].openness_judged = sum(parts) / len(parts) if parts else None
    if "model_scores" in tables:
        for model_id, score in con.execute(
            "SELECT model_id, score FROM model_scores WHERE dimension = 'accessible' AND isfinite(score)"
        ).fetchall():
            if model_id in models:
                models[model_id].accessible_score = float(score)
    _sectors_and_languages(con, models, tables)
    return Facts(models, flags, tables)


TAG_PREFIXES_LEFT_OUT = ("base_model:", "arxiv:", "region:", "deploy:", "license:")  # as the hub stage does


def _sector(repo: str, tags: str | None = None) -> str | None:
    found = classify(repo, tags)
    return None if found == GENERAL else found


def _sectors_and_languages(
    con: duckdb.DuckDBPyConnection, models: dict[str, ModelFacts], tables: frozenset[str]
) -> None:
    """Sectors from the hub stage's sector rules (avsi.hub.sectors) applied to the model's own names and Hub tags,
    and to its derivatives: the hub stage's counts where the build has them, else the lineage edges' names."""
    for model_id, name in con.execute(
        "SELECT DISTINCT model_id, name FROM model_aliases WHERE model_id IS NOT NULL AND source IN ('hf', 'llmfit') "
        "UNION SELECT id, name FROM models UNION SELECT id, hf_repo FROM models WHERE hf_repo IS NOT NULL"
    ).fetchall():
        if (sector := _sector(name)) is not None:
            models[model_id].sectors.add(sector)
    for model_id, repo, tags, card in con.execute(
        "SELECT coalesce(a.model_id, m.id), h.id, h.tags, h.card_data FROM hf_models h "
        "LEFT JOIN model_aliases a ON a.source = 'hf' AND a.name = h.id AND a.model_id IS NOT NULL "
        "LEFT JOIN models m ON m.hf_repo = h.id WHERE coalesce(a.model_id, m.id) IS NOT NULL"
    ).fetchall():
        m = models[model_id]
        tag_list = [t for t in json.loads(tags or "[]") if isinstance(t, str)]
        text = " ".join(t for t in tag_list if not t.startswith(TAG_PREFIXES_LEFT_OUT))
        if (sector := _sector(repo, text)) is not None:
            m.sectors.add(sector)
        m.languages |= {t for t in tag_list if len(t) == 2 and t.isalpha() and t.islower()}
        card_lang = (json.loads(card) or {}).get("language") if card else None
        for lang in card_lang if isinstance(card_lang, list) else [card_lang] if isinstance(card_lang, str) else []:
            if isinstance(lang, str) and len(lang) == 2:
                m.languages.add(lang.lower())
    if {"hub_derivatives_by_base", "hub_bases", "hub_model_derivatives"} <= tables:
        for model_id, n in con.execute(
            "SELECT model_id, derivatives FROM hub_model_derivatives WHERE model_id IS NOT NULL"
        ).fetchall():
            if model_id in models:
                models[model_id].derivatives = int(n or 0)
        for model_id, sector, n in con.execute(
            "SELECT b.model_id, d.sector, sum(d.n) FROM hub_derivatives_by_base d JOIN hub_bases b ON b.repo = d.base "
            "WHERE b.model_id IS NOT NULL AND d.sector <> ? GROUP BY 1, 2",
            [GENERAL],
        ).fetchall():
            if model_id in models:
                models[model_id].sector_derivatives[sector] = int(n)
        return
    names = dict(con.execute(NAMES_SQL).fetchall())
    seen: set[tuple[str, str]] = set()
    for child, parent in con.execute(
        "SELECT DISTINCT child, parent FROM lineage_edges WHERE child IS NOT NULL AND parent IS NOT NULL"
    ).fetchall():
        parent_id = names.get(parent)
        if parent_id is None or names.get(child) == parent_id or (parent_id, child) in seen:
            continue
        seen.add((parent_id, child))
        m = models[parent_id]
        m.derivatives += 1
        if (sector := _sector(child)) is not None:
            m.sector_derivatives[sector] = m.sector_derivatives.get(sector, 0) + 1

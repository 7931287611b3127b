"""The advisor: constraints -> every model checked against them -> the eligible ones ranked, the others explained.

One implementation behind `avsi advise`, the dashboard's advisor page and `/api/v1/advise`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avsi.advise.constraints import Constraints, Deployment, UnknownModelError, parse_constraints
from avsi.advise.facts import Facts, ModelFacts, Price, load_facts
from avsi.advise.reasons import reason
from avsi.advise.rules import BITS, advice_rules, hardware_rules, monthly_self_hosted_cost
from avsi.store.build import open_database

CLOUD_COUNTS = (1, 2, 4, 8)  # GPUs per server the advisor considers when no hardware is given


@dataclass
class Plan:
    """How the model would be run yourself: GPU type and count, precision, and what that costs a month."""

    gpu: str | None = None
    count: int = 0
    bits: int | None = None
    fits: bool | None = None
    cost: float | None = None
    replicas: int = 0


@dataclass
class Verdict:
    """One model checked against the constraints."""

    facts: ModelFacts
    plan: Plan
    api: Price | None
    api_cost: float | None
    licence_fit: bool | None
    failing: list[dict[str, Any]]
    excluded_by: list[str] = field(default_factory=list)
    parts: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    sector_fit: bool | None = None
    languages_fit: bool | None = None
    openness: float = 0.0


def _cheapest_config(need_gib: float) -> tuple[str, int] | None:
    """The GPU type and count (1, 2, 4 or 8) with the lowest hourly price that hold `need_gib`."""
    hw = hardware_rules()
    options = [
        (gpu.usd_per_hour * n, key, n)
        for key, gpu in hw.gpus.items()
        for n in CLOUD_COUNTS
        if gpu.memory_gib * n >= need_gib
    ]
    if not options:
        return None
    _, key, n = min(options)
    return key, n


def _plan(m: ModelFacts, c: Constraints) -> Plan:
    hw = hardware_rules()
    bits_options = [int(c.bits)] if c.bits else list(BITS)
    known = {b: v for b, v in m.memory_gib.items() if v is not None}
    if not known or m.open_weights is not True:
        return Plan()
    available = c.available_memory_gib()
    plan = Plan()
    if available is not None:
        plan.bits = next((b for b in bits_options if known.get(b, float("inf")) <= available), None)
        plan.fits = plan.bits is not None
        if c.hardware_class is not None:
            cls = hw.classes[c.hardware_class]
            config: tuple[str, int] | None = (cls.gpu, cls.count)
        else:
            config = _cheapest_config(available)
    else:
        plan.bits = int(c.bits or 8)
        config = _cheapest_config(known[plan.bits])
    if config is None or plan.bits is None:
        return plan
    plan.gpu, plan.count = config
    active = m.active_parameters or m.parameters
    if active is None and m.llmfit_min_vram_gb:
        active = m.llmfit_min_vram_gb * 1e9 / 0.5  # llmfit's 4-bit size back to a parameter count
    if active:
        plan.cost, plan.replicas = monthly_self_hosted_cost(plan.gpu, plan.count, active, plan.bits, c.monthly_tokens)
    return plan


def _licence(m: ModelFacts, c: Constraints, facts: Facts) -> tuple[bool | None, list[dict[str, Any]]]:
    flags = facts.flags(m.licence_id)
    if not c.licence_needs:
        return (True if flags else None), []
    if not flags:
        return None, [{"need": n.value, "flag": None, "value": None, "clause": None, "url": None}
                      for n in c.licence_needs]  # fmt: skip
    failing = []
    for need in c.licence_needs:
        rule = advice_rules().licence_needs[need.value]
        value, clause, url = flags.get(rule.flag, (None, "", ""))
        if value is not rule.required:
            failing.append({"need": need.value, "flag": rule.flag, "value": value, "clause": clause, "url": url})
    if not failing:
        return True, []
    return (False if any(f["value"] is not None for f in failing) else None), failing


def _openness(m: ModelFacts, facts: Facts) -> float:
    if m.accessible_score is not None:
        return m.accessible_score
    flags = facts.flags(m.licence_id)
    open_licence = any(flags.get(f, (None, "", ""))[0] is True for f in ("osi_approved", "osaid_compatible"))
    return 50.0 * (m.open_weights is True) + 25.0 * open_licence + 25.0 * (m.openness_judged or 0.0)


def check(m: ModelFacts, c: Constraints, facts: Facts) -> Verdict:
    """Every hard constraint of `c` checked against one model; soft ones recorded for the ranking."""
    plan = _plan(m, c)
    api = m.cheapest
    api_cost = None if api is None else round(api.blended * c.monthly_tokens / 1e6, 2)
    licence_fit, failing = _licence(m, c, facts)
    v = Verdict(m, plan, api, api_cost, licence_fit, failing)
    if c.self_hosted:
        if m.open_weights is not True:
            v.excluded_by.append("weights")
        elif not any(x is not None for x in m.memory_gib.values()):
            v.excluded_by.append("size")
        elif plan.fits is False:
            v.excluded_by.append("hardware")
    elif api is None:
        v.excluded_by.append("api")
    if failing:
        v.excluded_by.append("licence")
    if c.min_capability is not None and (m.capability is None or m.capability < c.min_capability):
        v.excluded_by.append("capability")
    if c.origins and m.bloc not in c.origins:
        v.excluded_by.append("origin")
    if c.sector is not None:
        v.sector_fit = c.sector in m.sectors or m.sector_derivatives.get(c.sector, 0) > 0
    if c.languages:
        v.languages_fit = set(c.languages) <= m.languages if m.languages else None
    v.openness = round(_openness(m, facts), 1)
    return v


def _rank(verdicts: list[Verdict], c: Constraints) -> None:
    weights = advice_rules().ranking
    costs = [v.plan.cost if c.self_hosted else v.api_cost for v in verdicts]
    positive = [x for x in costs if x is not None and x > 0]
    floor = min(positive) if positive else None
    for v, cost in zip(verdicts, costs, strict=True):
        cost_part = (
            0.0
            if cost is None
            else 100.0
            if not floor or cost <= floor
            else max(0.0, 100.0 - 25.0 * math.log10(cost / floor))
        )
        lang = 0.0 if not c.languages else {True: 100.0, None: 50.0, False: 0.0}[v.languages_fit]
        v.parts = {
            "capability": v.facts.capability or 0.0,
            "cost": round(cost_part, 1),
            "openness": v.openness,
            "sector": 100.0 if v.sector_fit else 0.0,
            "languages": lang,
            "origin": 100.0 if v.facts.bloc in c.prefer_origins else 0.0,
        }
        v.score = round(sum(weights[k] * p for k, p in v.parts.items()), 2)
    verdicts.sort(key=lambda v: (-v.score, -(v.facts.capability or 0), v.facts.id))


def to_dict(v: Verdict, rank: int | None, c: Constraints, lang: str = "en") -> dict[str, Any]:
    """One result in the `avsi advise --json` shape (DESIGN.md), with the extra keys documented in docs/advisor.md."""
    m, hw = v.facts, hardware_rules()
    gpu = hw.gpus[v.plan.gpu] if v.plan.gpu else None
    return {
        "id": m.id, "name": m.name, "rank": rank, "eligible": not v.excluded_by,
        "fits_hardware": v.plan.fits,
        "monthly_cost_self_hosted": v.plan.cost,
        "monthly_cost_api": v.api_cost,
        "licence_fit": v.licence_fit,
        "failing_clauses": v.failing,
        "reason": reason(v, c, lang),
        "excluded_by": v.excluded_by,
        "score": v.score if not v.excluded_by else None,
        "score_parts": v.parts or None,
        "memory_gib": {str(b): m.memory_gib.get(b) for b in sorted(m.memory_gib)},
        "memory_source": "llmfit" if m.llmfit_min_vram_gb else ("parameters" if m.parameters else None),
        "precision_bits": v.plan.bits,
        "hardware": None if gpu is None else {"gpu": gpu.name, "count": v.plan.count, "replicas": v.plan.replicas,
                                              "usd_per_gpu_hour": gpu.usd_per_hour},
        "cheapest_api": None if v.api is None else v.api.to_dict(),
        "licence": m.licence_id,
        "capability": {"percentile": m.capability, "eci": m.eci, "arena": m.arena},
        "openness": {"score": v.openness, "open_weights": m.open_weights, "accessibility": m.accessibility},
        "origin": {"organization": m.organization, "country": m.country, "bloc": m.bloc},
        "parameters": m.parameters,
        "sector_fit": v.sector_fit,
        "languages_fit": v.languages_fit,
    }  # fmt: skip


def advise_facts(
    facts: Facts, constraints: Constraints, limit: int | None = 20, lang: str = "en"
) -> list[dict[str, Any]]:
    """Ranked eligible models (rank 1, 2, ...) then the most capable excluded ones and any asked for by
    `constraints.explain` (rank null), each with the reason; `limit` caps each of the two lists."""
    explain = set(constraints.explain)
    unknown = sorted(explain - set(facts.models))
    if unknown:
        raise UnknownModelError(f"no model with id {', '.join(map(repr, unknown))}; ids are as in `avsi models`")
    verdicts = [check(m, constraints, facts) for m in facts.models.values()]
    eligible = [v for v in verdicts if not v.excluded_by]
    _rank(eligible, constraints)
    shown = [(i, v) for i, v in enumerate(eligible, 1) if limit is None or i <= limit or v.facts.id in explain]
    excluded = sorted(
        (v for v in verdicts if v.excluded_by and (v.facts.capability is not None or v.facts.id in explain)),
        key=lambda v: (v.facts.id not in explain, -(v.facts.capability or 0), v.facts.id),
    )
    n_excluded = len(excluded) if limit is None else max(limit, len(explain))
    out = [to_dict(v, i, constraints, lang) for i, v in shown]
    out += [to_dict(v, None, constraints, lang) for v in excluded[:n_excluded]]
    return out


def advise(
    db_path: Path | str, constraints: Constraints | dict[str, Any], limit: int | None = 20, lang: str = "en"
) -> list[dict[str, Any]]:
    """Which models fit a use case: ranked eligible models, then excluded ones with the clause or fact that rules
    them out. `constraints` is a `Constraints` or a dict of its fields (validated; bad values raise UsageError)."""
    c = constraints if isinstance(constraints, Constraints) else parse_constraints(constraints)
    con = open_database(db_path)
    try:
        facts = load_facts(con)
    finally:
        con.close()
    return advise_facts(facts, c, limit, lang)


__all__ = ["Deployment", "Plan", "Verdict", "advise", "advise_facts", "check", "to_dict"]

"""Claims about openness: China bets on open source (1), the DeepSeek shift (2), the US guards its IP (5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from avsi.claims.data import Context, epoch_models, lab_releases, literal, model_licences
from avsi.claims.measurement import Measurement, coverage, flags, share_rows, since
from avsi.claims.stats import Figure

OSAI_POINTS = {"open": 1.0, "partial": 0.5, "closed": 0.0}


def open_share_by_year(
    ctx: Context,
    subset: str,
    first_year: int,
    blocs: tuple[str, ...] = ("CN", "US", "EU"),
    last_year: int | None = None,
) -> list[dict[str, Any]]:
    """Open-weight share of Epoch's models per bloc and release year, with intervals; `subset` is "notable",
    "large" (over 1e23 FLOP) or "all"."""
    rows = [
        r
        for r in epoch_models(ctx)
        if (subset == "all" or r[subset]) and r["year"] is not None and first_year <= r["year"] <= (last_year or 9999)
    ]
    out: list[dict[str, Any]] = []
    for year in sorted({r["year"] for r in rows}):
        out += share_rows(ctx, [r for r in rows if r["year"] == year], "open_weights", subset, blocs, year=year)
    return out


def osai_openness(ctx: Context) -> list[dict[str, Any]]:
    """Per system of the European Open Source AI Index: bloc and mean openness over its judged dimensions
    (open = 1, partial = 0.5, closed = 0)."""
    sql = """
        SELECT o.system, m.bloc,
               avg(CASE o.judgement WHEN 'open' THEN 1.0 WHEN 'partial' THEN 0.5 WHEN 'closed' THEN 0.0 END) AS score,
               count(*) FILTER (WHERE o.judgement IN ('open', 'partial', 'closed')) AS judged
        FROM openness_judgements o
        LEFT JOIN model_aliases a ON a.source = o.source AND a.name = o.system
        LEFT JOIN models m ON m.id = a.model_id
        WHERE o.source = 'osai' GROUP BY ALL ORDER BY o.system
    """
    return ctx.cached("osai", lambda: ctx.rows(sql))


def china_open_source(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    recent = since(epoch_models(ctx), params)
    boot = ctx.boot
    figures: dict[str, Figure] = {}
    for subset in ("notable", "large"):
        rows = [r for r in recent if r[subset]]
        cn, us = flags(rows, "CN", "open_weights"), flags(rows, "US", "open_weights")
        figures[f"share_cn_{subset}"] = boot.mean(cn, f"open-weight share, Chinese {subset} models")
        figures[f"share_us_{subset}"] = boot.mean(us, f"open-weight share, US {subset} models")
        figures[f"diff_{subset}"] = boot.difference(cn, us, f"CN minus US open-weight share, {subset} models")
    osai = [r for r in osai_openness(ctx) if r["judged"] and r["score"] is not None]
    cn_osai = [r["score"] for r in osai if r["bloc"] == "CN"]
    us_osai = [r["score"] for r in osai if r["bloc"] == "US"]
    figures["osai_cn"] = boot.mean(cn_osai, "mean OSAI openness of Chinese systems (0..1)", "index")
    figures["osai_us"] = boot.mean(us_osai, "mean OSAI openness of US systems (0..1)", "index")
    figures["osai_diff"] = boot.difference(cn_osai, us_osai, "CN minus US mean OSAI openness", "index")
    notable = [r for r in recent if r["notable"] and r["bloc"] in ("CN", "US")]
    known = [r for r in notable if r["open_weights"] is not None]
    cov = coverage(
        "models",
        len(known),
        len(notable),
        f"Chinese and US notable models released since {params['since']} with known weights access",
        osai_systems_with_bloc=len(cn_osai) + len(us_osai),
        osai_systems=len(osai),
    )
    chart = [
        r
        for r in open_share_by_year(ctx, "notable", int(params["chart_from_year"]))
        if r["n"] >= int(params["chart_min_n"])
    ]
    return Measurement(figures, cov, chart)


def _period(day: dt.date, start: dt.date, cutoff: dt.date) -> str | None:
    if day >= cutoff:
        return "after"
    return "before" if day >= start else None


def deepseek_shift(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    found = ctx.rows(f"SELECT release_date FROM models WHERE id = {literal(str(params['cutoff_model']))}")
    cutoff = (
        found[0]["release_date"]
        if found and found[0]["release_date"]
        else dt.date.fromisoformat(str(params["cutoff_fallback"]))
    )
    start = dt.date.fromisoformat(str(params["before_from"]))
    labs: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in lab_releases(ctx):
        period = _period(r["release_date"], start, cutoff) if r["company"] else None
        if period is None:
            continue
        entry = labs.setdefault((r["bloc"], period, r["lab"]), {"bloc": r["bloc"], "open": False, "n": 0})
        entry["open"] = entry["open"] or bool(r["open_weights"])
        entry["n"] += 1
    boot = ctx.boot

    def lab_flags(bloc: str, period: str, min_releases: int = 1) -> list[float]:
        return [
            1.0 if v["open"] else 0.0
            for (b, p, _), v in labs.items()
            if b == bloc and p == period and v["n"] >= min_releases
        ]

    after, before = lab_flags("CN", "after"), lab_flags("CN", "before")
    figures = {
        "share_after": boot.mean(after, "share of Chinese AI companies with an open-weight release, after"),
        "share_before": boot.mean(before, "share of Chinese AI companies with an open-weight release, before"),
        "shift": boot.difference(after, before, "after minus before, Chinese AI companies"),
        "share_after_2plus": boot.mean(
            lab_flags("CN", "after", 2), "the same, companies with two or more releases after"
        ),
        "share_after_us": boot.mean(
            lab_flags("US", "after"), "share of US AI companies with an open-weight release, after"
        ),
        "cutoff_year_fraction": Figure(
            cutoff.year + (cutoff.timetuple().tm_yday - 1) / 365.25,
            label=f"cutoff: release of {params['cutoff_model']} ({cutoff.isoformat()})",
            unit="year",
        ),
    }
    chart = []
    for bloc in ("CN", "US", "EU"):
        for period, label in (
            ("before", f"{start.isoformat()} – {cutoff.isoformat()}"),
            ("after", f"since {cutoff.isoformat()}"),
        ):
            fig = boot.mean(lab_flags(bloc, period))
            if fig.n:
                chart.append(
                    {
                        "bloc": bloc,
                        "period": label,
                        "order": period,
                        "share": fig.value,
                        "lo": fig.lo,
                        "hi": fig.hi,
                        "n": fig.n,
                    }
                )
    all_cn = {lab for r in lab_releases(ctx) if r["bloc"] == "CN" and r["company"] for lab in [r["lab"]]}
    cov = coverage(
        "labs",
        len({k[2] for k in labs if k[0] == "CN"}),
        len(all_cn),
        "Chinese AI companies with a release of known weights access in the two periods, of all Chinese "
        "AI companies in the data",
        labs_after=len(after),
        labs_before=len(before),
    )
    return Measurement(figures, cov, chart, [f"cutoff {cutoff.isoformat()} = release of {params['cutoff_model']}"])


ACCESS_CLASSES = {
    "Open weights (unrestricted)": "open weights",
    "Open weights (restricted use)": "open weights",
    "Open weights (non-commercial)": "open weights",
    "API access": "API only",
    "Hosted access (no API)": "hosted, no API",
    "Unreleased": "unreleased",
}


def us_ip_guarded(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    rows = [r for r in since(epoch_models(ctx), params) if r["large"] and r["access"] in ACCESS_CLASSES]
    for r in rows:
        r["closed"] = ACCESS_CLASSES[r["access"]] != "open weights"
        r["api_only"] = r["access"] == "API access"
    boot = ctx.boot
    us_closed, cn_closed = flags(rows, "US", "closed"), flags(rows, "CN", "closed")
    frontier = [r for r in rows if r["frontier"]]
    licences = [r for r in since(model_licences(ctx), params) if r["open_weights"]]
    for r in licences:
        r["restrictive"] = bool(r["restrictive_flag"] or r["no_commercial_use"])
    us_terms, cn_terms = flags(licences, "US", "restrictive"), flags(licences, "CN", "restrictive")
    figures = {
        "us_closed_share": boot.mean(us_closed, "share of US large-scale models without open weights"),
        "cn_closed_share": boot.mean(cn_closed, "share of Chinese large-scale models without open weights"),
        "closed_diff": boot.difference(us_closed, cn_closed, "US minus CN closed share, large-scale models"),
        "us_api_only_share": boot.mean(
            flags(rows, "US", "api_only"), "share of US large-scale models sold only through an API"
        ),
        "cn_api_only_share": boot.mean(
            flags(rows, "CN", "api_only"), "share of Chinese large-scale models sold only through an API"
        ),
        "us_frontier_closed_share": boot.mean(
            flags(frontier, "US", "closed"), "share of US models on Epoch's frontier list without open weights"
        ),
        "us_open_restrictive_terms": boot.mean(
            us_terms, "share of US open-weight models whose licence restricts use, users, outputs or commercial use"
        ),
        "cn_open_restrictive_terms": boot.mean(cn_terms, "the same, Chinese open-weight models"),
    }
    chart = []
    for bloc in ("CN", "US", "EU", "OTHER"):
        mine = [r for r in rows if r["bloc"] == bloc]
        for cls in dict.fromkeys(ACCESS_CLASSES.values()):
            if mine:
                k = sum(1 for r in mine if ACCESS_CLASSES[r["access"]] == cls)
                chart.append({"bloc": bloc, "access": cls, "share": k / len(mine), "n": len(mine), "models": k})
    large = [r for r in since(epoch_models(ctx), params) if r["large"] and r["bloc"] in ("US", "CN")]
    cov = coverage(
        "models",
        sum(1 for r in large if r["access"] in ACCESS_CLASSES),
        len(large),
        f"US and Chinese large-scale models (over 1e23 FLOP) released since {params['since']} with a "
        "known access class",
        open_weight_models_with_licence=len(licences),
    )
    return Measurement(figures, cov, chart)

"""Claims about who builds on whom: China works sector by sector (4), imposing versus collaborative (8), Europe
follows the US (10)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from avsi.claims.data import Context, clusters, epoch_models, market, model_licences
from avsi.claims.lineage import epoch_derivatives, hub_derivatives, hub_sectors
from avsi.claims.measurement import Measurement, coverage, flags, since
from avsi.claims.stats import Figure, normalised_entropy


def _domains(value: str | None) -> list[str]:
    return [d.strip() for d in (value or "").split(",") if d.strip()]


def china_vertical(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    applied = set(params["applied_domains"])
    rows = [r for r in since(epoch_models(ctx), params) if r["domain"]]
    for r in rows:
        r["applied"] = bool(set(_domains(r["domain"])) & applied)
    sectors: list[str] = params["sectors"]
    sector_of = hub_sectors(ctx)
    hub = [dict(d) for d in hub_derivatives(ctx) if d["origin_bloc"] and d["repo"] in sector_of]
    for d in hub:
        d["sector"] = sector_of[d["repo"]]
        d["sectoral"] = d["sector"] in sectors
    boot = ctx.boot
    cn_applied, us_applied = flags(rows, "CN", "applied"), flags(rows, "US", "applied")
    cn_sect, us_sect = flags(hub, "CN", "sectoral", "origin_bloc"), flags(hub, "US", "sectoral", "origin_bloc")

    def spread(bloc: str) -> float | None:
        counts = Counter(dom for r in rows if r["bloc"] == bloc for dom in _domains(r["domain"]))
        every = {dom for r in rows for dom in _domains(r["domain"])}
        return normalised_entropy([counts.get(dom, 0) for dom in sorted(every)])

    def sector_spread(bloc: str) -> float | None:
        counts = Counter(d["sector"] for d in hub if d["origin_bloc"] == bloc and d["sectoral"])
        return normalised_entropy([counts.get(s, 0) for s in sectors])

    figures = {
        "cn_applied_share": boot.mean(cn_applied, "share of Chinese models in an application-sector domain"),
        "us_applied_share": boot.mean(us_applied, "share of US models in an application-sector domain"),
        "applied_diff": boot.difference(cn_applied, us_applied, "CN minus US share in application-sector domains"),
        "cn_domain_spread": Figure(
            spread("CN"), label="spread of Chinese models over domains (normalised entropy)", unit="index"
        ),
        "us_domain_spread": Figure(
            spread("US"), label="spread of US models over domains (normalised entropy)", unit="index"
        ),
        "cn_derivative_sector_share": boot.mean(cn_sect, "share of derivatives of Chinese models named for a sector"),
        "us_derivative_sector_share": boot.mean(us_sect, "share of derivatives of US models named for a sector"),
        "derivative_sector_diff": boot.difference(cn_sect, us_sect, "CN minus US share of sector derivatives"),
        "cn_sector_spread": Figure(
            sector_spread("CN"),
            label="spread of Chinese-based sector derivatives over sectors (normalised entropy)",
            unit="index",
        ),
        "us_sector_spread": Figure(sector_spread("US"), label="the same, US-based", unit="index"),
    }
    every = [r for r in since(epoch_models(ctx), params) if r["bloc"] in ("CN", "US")]
    cov = coverage(
        "models",
        sum(r["bloc"] in ("CN", "US") for r in rows),
        len(every),
        f"Chinese and US models released since {params['since']} with an Epoch domain",
        hub_derivatives_with_origin=len(hub),
        hub_derivatives=len(hub_derivatives(ctx)),
    )
    chart = []
    for bloc in ("CN", "US", "EU"):
        mine = [r for r in rows if r["bloc"] == bloc]
        counts = Counter(dom for r in mine for dom in _domains(r["domain"]))
        for dom in params["chart_domains"]:
            if mine:
                chart.append({"bloc": bloc, "domain": dom, "share": counts.get(dom, 0) / len(mine), "n": len(mine)})
    return Measurement(figures, cov, chart)


def imposing_collaborative(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    boot = ctx.boot
    lic = [r for r in since(model_licences(ctx), params) if r["open_weights"]]
    for r in lic:
        r["restrictive"] = bool(r["restrictive_flag"] or r["no_commercial_use"])
    us_terms, cn_terms = flags(lic, "US", "restrictive"), flags(lic, "CN", "restrictive")
    # the hub stage counts, per canonical model, the Hub repos built on its official repo by other organisations
    bases = ctx.rows("""
        SELECT h.model_id, m.bloc, h.by_other_orgs FROM hub_model_derivatives h JOIN models m ON m.id = h.model_id
        WHERE h.derivatives > 0 ORDER BY h.model_id
    """)
    base_bloc = {r["model_id"]: r["bloc"] for r in bases}
    cn_derivs = [float(r["by_other_orgs"]) for r in bases if r["bloc"] == "CN"]
    us_derivs = [float(r["by_other_orgs"]) for r in bases if r["bloc"] == "US"]
    hosted = [r for r in since(market(ctx), params) if r["providers"] > 0 and r["bloc"]]
    cn_prov = [float(r["providers"]) for r in hosted if r["bloc"] == "CN"]
    us_prov = [float(r["providers"]) for r in hosted if r["bloc"] == "US"]
    figures = {
        "terms_diff": boot.difference(
            us_terms, cn_terms, "US minus CN share of open-weight models under restrictive terms"
        ),
        "us_restrictive_terms": boot.mean(us_terms, "share of US open-weight models under restrictive terms"),
        "cn_restrictive_terms": boot.mean(cn_terms, "share of Chinese open-weight models under restrictive terms"),
        "derivatives_ratio": boot.ratio(
            cn_derivs, us_derivs, "Chinese / US mean third-party Hub derivatives per base model", stat=_mean_rows
        ),
        "cn_derivatives_per_base": boot.mean(cn_derivs, "third-party derivatives per Chinese base model", "count"),
        "us_derivatives_per_base": boot.mean(us_derivs, "third-party derivatives per US base model", "count"),
        "providers_diff": boot.difference(cn_prov, us_prov, "CN minus US mean number of providers per model", "count"),
        "cn_providers": boot.mean(cn_prov, "mean providers per Chinese model (models.dev)", "count"),
        "us_providers": boot.mean(us_prov, "mean providers per US model (models.dev)", "count"),
    }
    recent = {
        r["model_id"]
        for r in since(
            ctx.rows("SELECT id AS model_id, bloc, release_date FROM models WHERE bloc IN ('CN', 'US') ORDER BY id"),
            params,
        )
    }
    measured = {r["model_id"] for r in lic + hosted if r["bloc"] in ("CN", "US")} | {
        m for m, b in base_bloc.items() if b in ("CN", "US")
    }
    cov = coverage(
        "models",
        len(measured & recent),
        len(recent),
        f"Chinese and US models released since {params['since']} measured on at least one of the three indicators "
        "(licence of an open-weight model, providers, third-party derivatives)",
        open_weight_with_licence=len(lic),
        hosted_models=len(hosted),
        base_models_with_derivatives=len(bases),
    )
    chart = []
    for indicator, values in (
        ("restrictive terms (share of open-weight models)", {"US": us_terms, "CN": cn_terms}),
        ("third-party derivatives per base model", {"US": us_derivs, "CN": cn_derivs}),
        ("providers per model", {"US": us_prov, "CN": cn_prov}),
    ):
        for bloc, vals in values.items():
            fig = boot.mean(vals)
            chart.append(
                {"indicator": indicator, "bloc": bloc, "value": fig.value, "lo": fig.lo, "hi": fig.hi, "n": fig.n}
            )
    return Measurement(figures, cov, chart)


def _mean_rows(m: Any) -> Any:
    return m.mean(axis=1)


def europe_follows_us(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    boot = ctx.boot
    built: list[dict[str, Any]] = []
    european = 0
    for e in since(epoch_derivatives(ctx), params):
        if e["child_bloc"] == "EU":
            european += 1
            if not e["same_org"] and e["base_bloc"]:
                built.append({"via": "Epoch base model", "base_bloc": e["base_bloc"]})
    for d in hub_derivatives(ctx):
        if d["maker_bloc"] == "EU":
            european += 1
            if d["origin_bloc"] and d["maker_org"] != d["origin_org"]:
                built.append({"via": "Hub derivative", "base_bloc": d["origin_bloc"]})
    shares = {b: [1.0 if x["base_bloc"] == b else 0.0 for x in built] for b in ("US", "CN", "EU", "OTHER")}
    recent = since(epoch_models(ctx), params)
    notable = [r for r in recent if r["notable"] and r["bloc"]]
    large = [r for r in recent if r["large"] and r["bloc"]]
    existing = [c for c in clusters(ctx) if c["status"] == "Existing" and c["bloc"]]
    total_h100 = sum(c["h100_equivalents"] for c in existing)
    figures = {
        "us_base_share": boot.mean(shares["US"], "share of what European labs build on that is American"),
        "cn_base_share": boot.mean(shares["CN"], "the same, Chinese"),
        "eu_base_share": boot.mean(shares["EU"], "the same, European (other European organisations)"),
        "eu_notable_share": boot.mean(
            [1.0 if r["bloc"] == "EU" else 0.0 for r in notable], "European share of notable models"
        ),
        "eu_large_share": boot.mean(
            [1.0 if r["bloc"] == "EU" else 0.0 for r in large], "European share of large-scale models (over 1e23 FLOP)"
        ),
        "eu_open_share": boot.mean(
            flags(notable, "EU", "open_weights"), "open-weight share of European notable models"
        ),
        "eu_cluster_share": Figure(
            sum(c["h100_equivalents"] for c in existing if c["bloc"] == "EU") / total_h100 if total_h100 else None,
            label="European share of existing GPU-cluster capacity with a known country",
            unit="share",
        ),
    }
    cov = coverage(
        "derivatives",
        len(built),
        european,
        "European-made models built on another organisation's model of known bloc, of all European-made models "
        f"with a base model (Epoch base models since {params['since']}; Hub derivatives by registered European "
        "organisations)",
        via_epoch=sum(x["via"] == "Epoch base model" for x in built),
        via_hub=sum(x["via"] == "Hub derivative" for x in built),
    )
    chart = []
    for via in ("Epoch base model", "Hub derivative"):
        mine = [x for x in built if x["via"] == via]
        for bloc in ("US", "CN", "EU", "OTHER"):
            if mine:
                k = sum(x["base_bloc"] == bloc for x in mine)
                chart.append({"via": via, "base_bloc": bloc, "share": k / len(mine), "n": len(mine), "models": k})
    return Measurement(
        figures,
        cov,
        chart,
        [
            "European deployments (which models European providers host) are not "
            "measured: no source says where a provider is based"
        ],
    )

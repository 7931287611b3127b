"""Claims about money and machines: China makes AI affordable (3), the US is investment-driven (6) and
infrastructure-oriented (7)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from avsi.claims.data import Context, clusters, epoch_models, market
from avsi.claims.measurement import Measurement, coverage, since
from avsi.claims.stats import Figure


def pareto_frontier(points: list[tuple[float, float]]) -> list[bool]:
    """For (price, capability) pairs: True where no other point is at most as dear and at least as capable
    (and strictly better on one)."""
    order = sorted(range(len(points)), key=lambda i: (points[i][0], -points[i][1]))
    best = -math.inf
    on = [False] * len(points)
    for i in order:
        if points[i][1] > best:
            on[i] = True
            best = points[i][1]
    return on


def price_capability(ctx: Context, capability: str = "eci") -> list[dict[str, Any]]:
    """Models with a current price and a capability score, with their place on the price–capability frontier."""
    rows = [dict(r) for r in market(ctx) if r["blended_usd_per_mtok"] and r[capability] is not None and r["bloc"]]
    on = pareto_frontier([(r["blended_usd_per_mtok"], r[capability]) for r in rows])
    for r, flag in zip(rows, on, strict=True):
        r["frontier"] = flag
    return rows


def _bloc_coefficient(rows: list[dict[str, Any]], capability: str) -> tuple[npt.NDArray[np.float64], int]:
    """Design for log10(price) = a + b * capability + c * [Chinese]: returns [y | 1 | cap | cn] and n."""
    data = np.array(
        [
            [math.log10(r["blended_usd_per_mtok"]), 1.0, r[capability], 1.0 if r["bloc"] == "CN" else 0.0]
            for r in rows
            if r["bloc"] in ("CN", "US")
        ],
        dtype=float,
    )
    return data, len(data)


def _price_ratio(ctx: Context, rows: list[dict[str, Any]], capability: str, label: str) -> Figure:
    data, n = _bloc_coefficient(rows, capability)
    if n < 4 or len(set(data[:, 3])) < 2:
        return Figure(None, label=label, unit="ratio", n=n)

    x, y = data[:, 1:], data[:, 0]
    observed = float(10 ** np.linalg.lstsq(x, y, rcond=None)[0][2])
    outer = (x[:, :, None] * x[:, None, :]).reshape(n, -1)
    xy = x * y[:, None]

    def stat(weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        # weighted least squares for every bootstrap draw at once: (X'WX) b = X'Wy
        a = (weights @ outer).reshape(-1, 3, 3)
        b = weights @ xy
        ok = np.abs(np.linalg.det(a)) > 1e-9
        out = np.full(weights.shape[0], np.nan)
        out[ok] = 10 ** np.linalg.solve(a[ok], b[ok][:, :, None])[:, 2, 0]
        return out

    return ctx.boot.weighted(n, stat, observed, label, "ratio")


def china_affordable(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    rows = price_capability(ctx, "eci")
    arena = price_capability(ctx, "arena")
    boot = ctx.boot
    frontier = [r for r in rows if r["frontier"]]
    priced = [r for r in market(ctx) if r["blended_usd_per_mtok"] and r["bloc"] in ("CN", "US")]
    cn_price = [r["blended_usd_per_mtok"] for r in priced if r["bloc"] == "CN"]
    us_price = [r["blended_usd_per_mtok"] for r in priced if r["bloc"] == "US"]
    mem = [r for r in market(ctx) if r["open_weights"] and r["min_vram_gb"]]
    figures = {
        "price_ratio": _price_ratio(ctx, rows, "eci", "Chinese / US price per 1M tokens at equal ECI (regression)"),
        "price_ratio_arena": _price_ratio(ctx, arena, "arena", "the same at equal LMArena text score"),
        "median_price_ratio": boot.ratio(cn_price, us_price, "Chinese / US median price, all priced models"),
        "cn_frontier_share": Figure(
            sum(r["bloc"] == "CN" for r in frontier) / len(frontier) if frontier else None,
            label="share of the price–capability frontier (ECI) that is Chinese",
            unit="share",
            n=len(frontier),
        ),
        "cn_self_host_vram_gb": Figure(
            _median([r["min_vram_gb"] for r in mem if r["bloc"] == "CN"]),
            label="median minimum GPU memory to run a Chinese open-weight model (GB)",
            unit="GB",
            n=sum(r["bloc"] == "CN" for r in mem),
        ),
        "us_self_host_vram_gb": Figure(
            _median([r["min_vram_gb"] for r in mem if r["bloc"] == "US"]),
            label="median minimum GPU memory to run a US open-weight model (GB)",
            unit="GB",
            n=sum(r["bloc"] == "US" for r in mem),
        ),
        "n_cn": Figure(
            float(sum(r["bloc"] == "CN" for r in rows)), label="Chinese models with price and ECI", unit="count"
        ),
        "n_us": Figure(float(sum(r["bloc"] == "US" for r in rows)), label="US models with price and ECI", unit="count"),
    }
    cov = coverage(
        "models",
        sum(r["bloc"] in ("CN", "US") for r in rows),
        len(priced),
        "Chinese and US models with a current price that also have an ECI score, of all priced ones",
        with_arena=sum(r["bloc"] in ("CN", "US") for r in arena),
    )
    chart = [
        {
            "model": r["name"],
            "bloc": r["bloc"],
            "eci": r["eci"],
            "price": r["blended_usd_per_mtok"],
            "frontier": r["frontier"],
        }
        for r in rows
    ]
    return Measurement(figures, cov, chart)


def _median(values: list[float]) -> float | None:
    return float(np.median(values)) if values else None


def us_investment(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    from avsi.resolve import registry

    rows = [r for r in since(epoch_models(ctx), params) if r["large"] and r["cost_usd"]]
    us = [r["cost_usd"] for r in rows if r["bloc"] == "US"]
    cn = [r["cost_usd"] for r in rows if r["bloc"] == "CN"]
    reg = registry()
    funding: dict[str, float] = {}
    for r in ctx.rows(
        "SELECT company, sum(funding_equity) AS usd FROM epoch_ai_companies_funding_rounds "
        "WHERE funding_equity > 0 GROUP BY 1"
    ):
        org = reg.org(r["company"])
        bloc = org.bloc if org else "unknown"
        funding[bloc] = funding.get(bloc, 0.0) + float(r["usd"])
    revenue: dict[str, float] = {}
    for r in ctx.rows(
        "SELECT company, arg_max(revenue_amount_normalize_to_annual, date) AS usd FROM "
        "epoch_ai_companies_revenue_reports WHERE revenue_amount_normalize_to_annual > 0 GROUP BY 1"
    ):
        org = reg.org(r["company"])
        bloc = org.bloc if org else "unknown"
        revenue[bloc] = revenue.get(bloc, 0.0) + float(r["usd"])
    companies = ctx.rows("SELECT name FROM epoch_ai_companies")
    boot = ctx.boot
    figures = {
        "cost_ratio": boot.ratio(us, cn, "US / Chinese median training cost of large-scale models"),
        "us_median_cost": Figure(
            _median(us), label="median training cost, US large-scale models (2023 USD)", unit="usd", n=len(us)
        ),
        "cn_median_cost": Figure(
            _median(cn), label="median training cost, Chinese large-scale models (2023 USD)", unit="usd", n=len(cn)
        ),
        "n_cost_us": Figure(float(len(us)), label="US models with a cost estimate", unit="count"),
        "n_cost_cn": Figure(float(len(cn)), label="Chinese models with a cost estimate", unit="count"),
        "funding_us_usd": Figure(
            funding.get("US"), label="equity funding of US companies in Epoch's AI-companies data (USD)", unit="usd"
        ),
        "funding_eu_usd": Figure(funding.get("EU"), label="the same, European companies (USD)", unit="usd"),
        "funding_cn_usd": Figure(
            funding.get("CN"), label="the same, Chinese companies (USD; none reported)", unit="usd"
        ),
        "revenue_us_usd": Figure(
            revenue.get("US"), label="latest annualised revenue of US companies (USD)", unit="usd"
        ),
    }
    large = [r for r in since(epoch_models(ctx), params) if r["large"] and r["bloc"] in ("US", "CN")]
    cov = coverage(
        "models",
        len(us) + len(cn),
        len(large),
        f"US and Chinese large-scale models released since {params['since']} with Epoch's training-cost estimate",
        ai_companies=len(companies),
    )
    chart = [
        {"model": r["name"], "bloc": r["bloc"], "date": r["release_date"].isoformat(), "cost": r["cost_usd"]}
        for r in rows
    ]
    return Measurement(figures, cov, chart, [f"AI-companies data cover {', '.join(c['name'] for c in companies)}"])


def leading_models(ctx: Context, first_year: int, last_year: int, top: int) -> list[dict[str, Any]]:
    """The `top` models by training compute per bloc and year (Epoch), first_year to last_year."""
    out: list[dict[str, Any]] = []
    rows = [r for r in epoch_models(ctx) if r["compute_flop"] and r["year"] and first_year <= r["year"] <= last_year]
    for year in range(first_year, last_year + 1):
        for bloc in ("CN", "US", "EU", "OTHER"):
            mine = sorted(
                (r for r in rows if r["year"] == year and r["bloc"] == bloc), key=lambda r: -r["compute_flop"]
            )
            out += mine[:top]
    return out


def us_infrastructure(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    epoch_date = ctx.data_date("epoch")
    last_year = (epoch_date.year - 1) if epoch_date else int(params["last_year_fallback"])
    lead = leading_models(ctx, int(params["from_year"]), last_year, int(params["top"]))
    us = [r["compute_flop"] for r in lead if r["bloc"] == "US"]
    cn = [r["compute_flop"] for r in lead if r["bloc"] == "CN"]
    existing = [c for c in clusters(ctx) if c["status"] == "Existing"]
    total = sum(c["h100_equivalents"] for c in existing)
    unknown = sum(c["h100_equivalents"] for c in existing if c["bloc"] is None)

    def cluster_share(bloc: str) -> Figure:
        mine = sum(c["h100_equivalents"] for c in existing if c["bloc"] == bloc)
        known = total - unknown
        return Figure(
            mine / known if known else None,
            mine / total if total else None,
            (mine + unknown) / total if total else None,
            f"{bloc} share of existing GPU-cluster capacity (H100e); bounds put the clusters of unknown "
            "country outside or inside",
            "share",
            len(existing),
        )

    figures = {
        "compute_ratio": ctx.boot.ratio(
            us,
            cn,
            f"US / Chinese median training compute of each year's top "
            f"{params['top']} models, {params['from_year']}–{last_year}",
        ),
        "us_largest_flop": Figure(max(us) if us else None, label="largest US training run (FLOP)", unit="flop"),
        "cn_largest_flop": Figure(max(cn) if cn else None, label="largest Chinese training run (FLOP)", unit="flop"),
        "us_cluster_share": cluster_share("US"),
        "cn_cluster_share": cluster_share("CN"),
        "eu_cluster_share": cluster_share("EU"),
    }
    cov = coverage(
        "clusters",
        len(existing) - sum(c["bloc"] is None for c in existing),
        len(existing),
        "existing GPU clusters with a known country (Epoch), of all existing ones",
        leading_models=len(lead),
    )
    chart = [{"model": r["name"], "bloc": r["bloc"], "year": r["year"], "compute": r["compute_flop"]} for r in lead]
    return Measurement(
        figures, cov, chart, [f"years {params['from_year']}–{last_year}: the last full year before Epoch's data date"]
    )

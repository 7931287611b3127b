"""The report's pages: what each says, which chart it shows and the tables beside it.

Pages are plain data (`Page`, `Section`); `avsi.report.build` renders them with the Jinja templates. A chart a page
cannot draw because the database lacks its tables (the scores before the score stage) becomes a notice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from avsi.claims.data import Context, clusters
from avsi.claims.lineage import hub_derivatives
from avsi.claims.measures.economics import leading_models, price_capability
from avsi.report import charts as C
from avsi.report.layout import ChartBlock, Page, Section, Table, fmt
from avsi.report.result import ChartDataMissing
from avsi.report.sources import methodology_page


class Charts:
    """Builds each chart once, keeps its spec, and turns a missing table into a notice."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.blocks: dict[str, ChartBlock] = {}
        self.missing: list[str] = []

    def section(self, chart_id: str, build: Callable[[Context], C.AnyChart], caption: str, **section: Any) -> Section:
        try:
            chart = build(self.ctx)
        except ChartDataMissing as exc:
            self.missing.append(f"{chart_id}: {exc}")
            return Section(notice=f"This chart is not available: {exc}.", **section)
        spec = chart.to_dict()
        title = spec.get("title", chart_id)
        block = ChartBlock(chart_id, title if isinstance(title, str) else chart_id, caption, spec)
        self.blocks[chart_id] = block
        return Section(chart=block, **section)

    def claim(self, result: dict[str, Any]) -> ChartBlock:
        spec = C.claim_chart(result).to_dict()
        block = ChartBlock(
            result["chart"]["id"],
            result["chart"]["title"],
            f"Claim {result['number']}: {result['chart']['title']}. Data rows: {len(result['chart']['data'])}.",
            spec,
        )
        self.blocks[block.id] = block
        return block


def _score_table(ctx: Context, kind: str, measures: list[str], groups: list[str] | None = None) -> Table | None:
    if "group_scores" not in ctx.tables():
        return None
    rows = C._group_scores(ctx, kind, measures)
    by: dict[str, dict[str, dict[str, Any]]] = {}
    for r in rows:
        if groups is None or r["group_id"] in groups:
            by.setdefault(r["group_id"], {})[r["measure"]] = r
    order = groups or sorted(by)
    out = []
    for g in order:
        if g in by:
            cells = [
                f"{m['score']:.1f} [{m['lo']:.1f}, {m['hi']:.1f}]" if (m := by[g].get(x)) else "–" for x in measures
            ]
            out.append([C.BLOC_NAMES.get(g, g), *cells, max(v["n_models"] for v in by[g].values())])
    return Table(["group", *(C.LABELS[m] for m in measures), "models"], out, list(range(1, len(measures) + 2)))


def overview(claims: list[dict[str, Any]], pages: list[Page]) -> Page:
    rows = [[c["number"], c["title"], c["verdict"].replace("_", " "), c["headline"]] for c in claims]
    contents = Table(["page", "what it shows"], [[p.title, p.lead] for p in pages])
    return Page(
        "index",
        "Overview",
        "Where AI models, labs and blocs stand: the report",
        "avsi places AI models, the labs that make them and whole blocs between the four A's (Accessible, "
        "Affordable, Applicable, Augmenting) and the four I's (IP-guarded, Investment-driven, "
        "Infrastructure-oriented, Imposing), from real public data, and tests the essay's claims against it.",
        [
            Section(
                "The essay's claims, tested",
                "claims",
                [
                    "Each verdict follows a rule written before the "
                    "figures are computed (see the claims page for figures, intervals and coverage)."
                ],
                table=Table(["#", "claim", "verdict", "headline figure"], rows, [0]),
            ),
            Section("Pages", "pages", table=contents),
        ],
    )


def content_pages(ctx: Context, charts: Charts) -> list[Page]:
    profile = charts.section(
        "bloc-profile",
        C.bloc_profile_chart,
        "Bloc averages of the eight dimension scores "
        "(0-100, unweighted), with 90% Monte Carlo intervals from the score methodology.",
        heading="The A-versus-I profile",
        anchor="profile",
        paragraphs=[
            "Each dot is a bloc's mean score on one dimension; the line is its 90% "
            "interval when weights, normalisation and imputation vary."
        ],
    )
    profile.table = _score_table(ctx, "bloc", C.A_DIMENSIONS + C.I_DIMENSIONS, C.BLOC_ORDER)
    labs = C.leading_labs(ctx)
    axes = charts.section(
        "axes",
        C.axes_chart,
        "The five axes, -100..100, positive toward the first pole named; "
        f"blocs and the {len(labs)} companies with the most scored models.",
        heading="Five axes",
        anchor="axes",
    )
    axes.table = _score_table(ctx, "bloc", C.AXES, C.BLOC_ORDER)
    return [
        Page(
            "profile",
            "A vs I",
            "The A-versus-I profile of each bloc",
            "How China, the United States, Europe and the rest score on the four A's and the four I's.",
            [profile],
        ),
        Page(
            "axes",
            "Axes",
            "Five axes for blocs and leading labs",
            "Open ↔ proprietary, affordable ↔ commercial, "
            "applied ↔ AGI-scale, collaborative ↔ competitive, shared governance ↔ monopoly.",
            [axes],
        ),
        Page(
            "openness",
            "Open weights",
            "Open-weight share over time, by bloc",
            "Which share of each bloc's models come with downloadable weights, year by year (Epoch AI's model data).",
            [
                charts.section(
                    "open-share",
                    C.open_share_chart,
                    "All models Epoch AI lists with a known weights access; bars are 90% bootstrap intervals.",
                    heading="All models",
                    anchor="all",
                ),
                charts.section(
                    "open-share-notable",
                    lambda c: C.open_share_chart(c, "notable", 2016),
                    "Epoch's notable models only (claim 1 tests 2023 onwards).",
                    heading="Notable models",
                    anchor="notable",
                ),
            ],
        ),
        Page(
            "prices",
            "Prices",
            "Price–capability frontier by bloc",
            "What a million tokens costs against what the "
            "model can do: the cheapest current provider price (3 input : 1 output tokens) against the Epoch "
            "Capabilities Index.",
            [
                charts.section(
                    "price-frontier",
                    C.price_frontier_chart,
                    "Dashed line: models no other model beats on both price and capability.",
                    heading="Price and capability",
                    anchor="frontier",
                    table=_frontier_table(ctx),
                )
            ],
        ),
        Page(
            "compute",
            "Compute",
            "Training compute over time by bloc",
            "How much compute each bloc's notable and "
            "large-scale models were trained with, and where the GPU clusters are.",
            [
                charts.section(
                    "compute",
                    C.compute_chart,
                    "Epoch AI estimates of training compute, log scale.",
                    heading="Training compute",
                    anchor="compute",
                    table=_leaders_table(ctx),
                ),
                Section(
                    "GPU-cluster capacity",
                    "clusters",
                    ["Existing GPU clusters in Epoch AI's census, in H100 equivalents, by the bloc of their country."],
                    table=_cluster_table(ctx),
                ),
            ],
        ),
        Page(
            "derivatives",
            "Derivatives",
            "Derivatives by origin",
            "Fine-tunes, merges, adapters and quantisations "
            "on the Hugging Face Hub, by the bloc of the model they derive from.",
            [
                charts.section(
                    "derivatives",
                    C.derivatives_chart,
                    "Origin: the nearest ancestor whose bloc is "
                    "known (a resolved model or a registered organisation's namespace).",
                    heading="Derivatives",
                    anchor="derivatives",
                    table=_derivatives_table(ctx),
                    paragraphs=[
                        "The Hub data are a 4,167-repository subset of the hub-stats dump, so "
                        "counts show composition, not the size of each ecosystem."
                    ],
                )
            ],
        ),
    ]


def _frontier_table(ctx: Context) -> Table:
    rows = sorted((r for r in price_capability(ctx, "eci") if r["frontier"]), key=lambda r: r["eci"])
    return Table(
        ["model (on the frontier)", "bloc", "ECI", "USD per 1M tokens"],
        [[r["name"], r["bloc"], f"{r['eci']:.0f}", f"${r['blended_usd_per_mtok']:.3f}"] for r in rows],
        [2, 3],
    )


def _leaders_table(ctx: Context) -> Table:
    date = ctx.data_date("epoch")
    lead = leading_models(ctx, 2020, date.year if date else 2026, 1)
    rows = [[r["year"], r["bloc"], r["name"], fmt(r["compute_flop"], "flop")] for r in lead if r["bloc"] != "OTHER"]
    return Table(["year", "bloc", "largest training run", "FLOP"], rows, [3])


def _cluster_table(ctx: Context) -> Table:
    existing = [c for c in clusters(ctx) if c["status"] == "Existing"]
    total = sum(c["h100_equivalents"] for c in existing)
    rows = []
    for bloc in [*C.BLOC_ORDER, None]:
        mine = [c for c in existing if c["bloc"] == bloc]
        h100 = sum(c["h100_equivalents"] for c in mine)
        rows.append(
            [C.BLOC_NAMES.get(bloc or "", "country unknown"), len(mine), f"{h100:,.0f}", fmt(h100 / total, "share")]
        )
    return Table(["bloc", "clusters", "H100 equivalents", "share"], rows, [1, 2, 3])


def _derivatives_table(ctx: Context) -> Table:
    derivs = hub_derivatives(ctx)
    rows = []
    for bloc in [*C.BLOC_ORDER, None]:
        mine = [d for d in derivs if d["origin_bloc"] == bloc]
        by_other = sum(1 for d in mine if d["maker_org"] != d["origin_org"]) if bloc else "–"
        rows.append(
            [C.BLOC_NAMES.get(bloc or "", "origin unknown"), len(mine), fmt(len(mine) / len(derivs), "share"), by_other]
        )
    return Table(["origin", "derivatives", "share", "made by another organisation"], rows, [1, 2, 3])


def claims_page(claims: list[dict[str, Any]], charts: Charts) -> Page:
    for c in claims:
        cov = c["coverage"]
        c["coverage_text"] = f"{cov['with_data']:,} of {cov['total']:,} {cov['unit']}" if cov.get("total") else "–"
        c["chart_block"] = charts.claim(c) if c["chart"]["data"] else None
        c["figure_rows"] = [
            {
                "name": name,
                "label": f["label"],
                "value": fmt(f["value"], f["unit"]),
                "interval": f"{fmt(f['lo'], f['unit'])} – {fmt(f['hi'], f['unit'])}" if f["lo"] is not None else "",
                "n": f.get("n", ""),
            }
            for name, f in c["figures"].items()
        ]
    return Page(
        "claims",
        "Claims",
        "The essay's claims against the data",
        "Each claim, how it is measured, the rule "
        "that decides its verdict, the figures with their uncertainty, and the chart.",
        template="claims.html.j2",
    )


def all_pages(ctx: Context, claims: list[dict[str, Any]], charts: Charts) -> list[Page]:
    """Every page in navigation order: overview, the content pages, claims, methodology."""
    content = content_pages(ctx, charts)
    claim = claims_page(claims, charts)
    method = methodology_page(ctx)
    index = overview(claims, [*content, claim, method])
    return [index, *content, claim, method]

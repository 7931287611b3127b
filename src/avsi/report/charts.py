"""The report's charts as Altair charts built from a database connection (the web dashboard may import them).

Each builder takes an open DuckDB connection (or a claims `Context`, to share its cache) and returns an Altair
chart with its data inline; `chart.to_dict()` is a complete Vega-Lite spec. Builders that need the score tables
raise `ChartDataMissing` when the database has none.
"""

from __future__ import annotations

from typing import Any, cast

import altair as alt
import duckdb

from avsi.claims.data import Context, epoch_models, literal
from avsi.claims.lineage import hub_derivatives
from avsi.claims.measures.economics import price_capability
from avsi.claims.measures.openness import open_share_by_year
from avsi.report.result import ChartDataMissing

AnyChart = alt.Chart | alt.LayerChart | alt.FacetChart | alt.HConcatChart | alt.VConcatChart
Source = duckdb.DuckDBPyConnection | Context

BLOC_ORDER = ["CN", "US", "EU", "OTHER"]
BLOC_COLOURS = ["#c0392b", "#2e6fba", "#d4a017", "#7f8c8d"]
BLOC_NAMES = {"CN": "China", "US": "United States", "EU": "Europe", "OTHER": "Other"}
A_DIMENSIONS = ["accessible", "affordable", "applicable", "augmenting"]
I_DIMENSIONS = ["ip_guarded", "investment_driven", "infrastructure_oriented", "imposing"]
AXES = ["open_proprietary", "affordable_commercial", "applied_agi", "collaborative_competitive", "governance_monopoly"]
LABELS = {
    "accessible": "Accessible",
    "affordable": "Affordable",
    "applicable": "Applicable",
    "augmenting": "Augmenting",
    "ip_guarded": "IP-guarded",
    "investment_driven": "Investment-driven",
    "infrastructure_oriented": "Infrastructure-oriented",
    "imposing": "Imposing",
    "open_proprietary": "open ↔ proprietary",
    "affordable_commercial": "affordable ↔ commercial",
    "applied_agi": "applied ↔ AGI-scale",
    "collaborative_competitive": "collaborative ↔ competitive",
    "governance_monopoly": "shared governance ↔ monopoly",
}
WIDTH = 640


def context(source: Source) -> Context:
    return source if isinstance(source, Context) else Context(source)


def bloc_colour(field: str = "bloc", title: str = "bloc") -> alt.Color:
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(domain=BLOC_ORDER, range=BLOC_COLOURS))


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _top(chart: Any) -> AnyChart:
    """Altair's composition methods are typed loosely; every builder returns one of the top-level chart types."""
    return cast(AnyChart, chart)


def _group_scores(ctx: Context, kind: str, measures: list[str]) -> list[dict[str, Any]]:
    if "group_scores" not in ctx.tables():
        raise ChartDataMissing("the score tables (group_scores) are not in this database; build with the score stage")
    names = ", ".join(literal(m) for m in measures)
    return ctx.rows(
        f"""
        SELECT group_id, measure, score, lo, hi, n_models FROM group_scores
        WHERE group_kind = {literal(kind)} AND year IS NULL AND weighting = 'unweighted' AND measure IN ({names})
          AND score IS NOT NULL ORDER BY group_id, measure
    """
    )


def bloc_profile_chart(source: Source) -> AnyChart:
    """The A-versus-I profile of each bloc: the eight dimension scores (0-100) with their 90% intervals."""
    ctx = context(source)
    rows = _group_scores(ctx, "bloc", A_DIMENSIONS + I_DIMENSIONS)
    for r in rows:
        r["bloc"] = r.pop("group_id")
        r["pole"] = "the four A's" if r["measure"] in A_DIMENSIONS else "the four I's"
        r["dimension"] = LABELS[r["measure"]]
    order = [LABELS[d] for d in A_DIMENSIONS + I_DIMENSIONS]
    base = alt.Chart(_data(rows)).encode(
        y=alt.Y("dimension:N", sort=order, title=None),
        yOffset=alt.YOffset("bloc:N", sort=BLOC_ORDER),
        color=bloc_colour(),
    )
    bars = base.mark_rule(strokeWidth=2, opacity=0.5).encode(
        x=alt.X("lo:Q", title="score (0-100), 90% interval", scale=alt.Scale(domain=[0, 100])), x2="hi:Q"
    )
    dots = base.mark_point(filled=True, size=60).encode(
        x="score:Q",
        shape=alt.Shape("pole:N", title="pole"),
        tooltip=[
            "bloc:N",
            "dimension:N",
            alt.Tooltip("score:Q", format=".1f"),
            alt.Tooltip("lo:Q", format=".1f"),
            alt.Tooltip("hi:Q", format=".1f"),
            "n_models:Q",
        ],
    )
    return _top((bars + dots).properties(width=WIDTH, height=420, title="The four A's and the four I's, by bloc"))


def leading_labs(ctx: Context, count: int = 8) -> list[str]:
    """The companies (registered industry organisations) with the most scored models."""
    if "group_scores" not in ctx.tables():
        return []
    rows = ctx.rows(
        f"""
        SELECT g.group_id, max(g.n_models) AS n FROM group_scores g
        JOIN organisation_registry r ON r.name = g.group_id AND r.type = 'industry'
        WHERE g.group_kind = 'org' AND g.year IS NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT {literal(count)}
    """
    )
    return [r["group_id"] for r in rows]


def axes_chart(source: Source, labs: int = 8) -> AnyChart:
    """The five axes (-100..100, positive toward the first pole) for the blocs and the leading labs."""
    ctx = context(source)
    rows = [dict(r, kind="bloc") for r in _group_scores(ctx, "bloc", AXES)]
    chosen = set(leading_labs(ctx, labs))
    rows += [dict(r, kind="lab") for r in _group_scores(ctx, "org", AXES) if r["group_id"] in chosen]
    for r in rows:
        r["axis"] = LABELS[r["measure"]]
        r["group"] = BLOC_NAMES.get(r["group_id"], r["group_id"]) if r["kind"] == "bloc" else r["group_id"]
    groups = [BLOC_NAMES[b] for b in BLOC_ORDER] + sorted(chosen)
    base = alt.Chart().encode(
        y=alt.Y("group:N", sort=groups, title=None),
        color=alt.Color("kind:N", title="group", scale=alt.Scale(domain=["bloc", "lab"], range=["#34495e", "#16a085"])),
    )
    rule = base.mark_rule(opacity=0.5).encode(
        x=alt.X("lo:Q", title=None, scale=alt.Scale(domain=[-100, 100])), x2="hi:Q"
    )
    dot = base.mark_point(filled=True, size=50).encode(
        x="score:Q",
        tooltip=[
            "group:N",
            "axis:N",
            alt.Tooltip("score:Q", format=".1f"),
            alt.Tooltip("lo:Q", format=".1f"),
            alt.Tooltip("hi:Q", format=".1f"),
            "n_models:Q",
        ],
    )
    zero = alt.Chart(_data([{"x": 0}])).mark_rule(color="#999", strokeDash=[3, 3]).encode(x="x:Q")
    return _top(
        alt.layer(zero, rule, dot)
        .properties(width=150, height=alt.Step(14))
        .facet(column=alt.Column("axis:N", sort=[LABELS[a] for a in AXES], title=None), data=_data(rows))
        .properties(title="The five axes: blocs and leading labs (positive = first pole; 90% intervals)")
    )


def open_share_chart(source: Source, subset: str = "all", first_year: int = 2016) -> AnyChart:
    """Open-weight share of the models Epoch lists (`subset`: "all", "notable" or "large") per release year, by
    bloc, with 90% intervals, up to the last full year of Epoch's data; point size shows how many models a share
    rests on."""
    ctx = context(source)
    epoch_date = ctx.data_date("epoch")
    rows = open_share_by_year(ctx, subset, first_year, tuple(BLOC_ORDER), epoch_date.year - 1 if epoch_date else None)
    base = alt.Chart(_data(rows)).encode(x=alt.X("year:O", title="release year"), color=bloc_colour())
    band = base.mark_errorbar(opacity=0.45, thickness=1.5).encode(
        y=alt.Y("lo:Q", title="open-weight share", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])), y2="hi:Q"
    )
    tooltip = [
        "bloc:N",
        "year:O",
        alt.Tooltip("share:Q", format=".0%"),
        alt.Tooltip("lo:Q", format=".0%"),
        alt.Tooltip("hi:Q", format=".0%"),
        "n:Q",
    ]
    line = base.mark_line().encode(y="share:Q")
    dots = base.mark_point(filled=True).encode(y="share:Q", size=alt.Size("n:Q", title="models"), tooltip=tooltip)
    kind = {"all": "models listed by Epoch AI", "notable": "notable models", "large": "large-scale models"}[subset]
    title = f"Open-weight share of {kind}, by bloc and release year"
    return _top((band + line + dots).properties(width=WIDTH, height=320, title=title))


def price_frontier_chart(source: Source) -> AnyChart:
    """Price per 1M tokens against capability (ECI), by bloc, with the price–capability frontier."""
    rows = [
        {
            "model": r["name"],
            "bloc": r["bloc"],
            "eci": r["eci"],
            "price": r["blended_usd_per_mtok"],
            "frontier": r["frontier"],
        }
        for r in price_capability(context(source), "eci")
    ]
    frontier = sorted((r for r in rows if r["frontier"]), key=lambda r: r["price"])
    y = alt.Y("price:Q", title="USD per 1M tokens (3 input : 1 output), cheapest provider", scale=alt.Scale(type="log"))
    points = (
        alt.Chart(_data(rows))
        .mark_point(filled=True, opacity=0.75)
        .encode(
            x=alt.X("eci:Q", title="Epoch Capabilities Index", scale=alt.Scale(zero=False)),
            y=y,
            color=bloc_colour(),
            tooltip=["model:N", "bloc:N", alt.Tooltip("eci:Q", format=".0f"), alt.Tooltip("price:Q", format="$.3f")],
        )
    )
    line = (
        alt.Chart(_data(frontier))
        .mark_line(color="#333", strokeDash=[4, 3], interpolate="step-before")
        .encode(x="eci:Q", y="price:Q", order="price:Q")
    )
    return _top((line + points).properties(width=WIDTH, height=380, title="Price–capability frontier by bloc"))


def compute_chart(source: Source, first_year: int = 2015) -> AnyChart:
    """Training compute of Epoch's notable and large-scale models over time, by bloc (log scale)."""
    rows = [
        {"model": r["name"], "bloc": r["bloc"], "date": r["release_date"].isoformat(), "compute": r["compute_flop"]}
        for r in epoch_models(context(source))
        if r["compute_flop"] and r["bloc"] and (r["notable"] or r["large"]) and r["year"] and r["year"] >= first_year
    ]
    return _top(
        alt.Chart(_data(rows))
        .mark_point(filled=True, opacity=0.6, size=30)
        .encode(
            x=alt.X("date:T", title="release date"),
            y=alt.Y(
                "compute:Q", title="training compute (FLOP)", scale=alt.Scale(type="log"), axis=alt.Axis(format=".0e")
            ),
            color=bloc_colour(),
            tooltip=["model:N", "bloc:N", "date:T", alt.Tooltip("compute:Q", format=".2e")],
        )
        .properties(width=WIDTH, height=380, title="Training compute of notable and large-scale models, by bloc")
    )


def derivatives_chart(source: Source) -> AnyChart:
    """Hub derivatives (fine-tunes, merges, adapters, quantisations) by the bloc of the model they derive from."""
    counts: dict[tuple[str, str], int] = {}
    for d in hub_derivatives(context(source)):
        key = (d["origin_bloc"] or "unknown", d["relation"])
        counts[key] = counts.get(key, 0) + 1
    rows = [{"origin": o, "relation": r, "derivatives": n} for (o, r), n in sorted(counts.items())]
    return _top(
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("origin:N", sort=[*BLOC_ORDER, "unknown"], title="bloc of the model derived from"),
            y=alt.Y("derivatives:Q", title="derivative repositories", stack="zero"),
            color=alt.Color("relation:N", title="relation"),
            tooltip=["origin:N", "relation:N", "derivatives:Q"],
        )
        .properties(width=WIDTH * 0.7, height=320, title="Hub derivatives by origin of the base model")
    )


def _channel(enc: dict[str, Any], axis: str) -> Any:
    """An x or y channel from a claim chart's encoding (field, type, title, scale, format)."""
    kwargs: dict[str, Any] = {"title": enc.get("title") or enc["field"]}
    if enc.get("scale") == "log":
        kwargs["scale"] = alt.Scale(type="log")
    elif enc.get("type") == "quantitative" and axis == "x":
        kwargs["scale"] = alt.Scale(zero=False)
    if enc["field"] in ("bloc", "base_bloc"):
        kwargs["sort"] = BLOC_ORDER
    if enc.get("format"):
        kwargs["axis"] = alt.Axis(format=enc["format"])
    shorthand = f"{enc['field']}:{enc.get('type', 'nominal')[0].upper()}"
    return (alt.X if axis == "x" else alt.Y)(shorthand, **kwargs)


def _colour(enc: dict[str, Any] | None) -> Any:
    if enc is None:
        return alt.Undefined
    if enc["field"] in ("bloc", "base_bloc"):
        return bloc_colour(enc["field"], enc.get("title") or enc["field"])
    return alt.Color(f"{enc['field']}:N", title=enc.get("title") or enc["field"])


def _typed(field: str, rows: list[dict[str, Any]]) -> str:
    """A field with its Vega-Lite type read from the first row that has a value."""
    value = next((r[field] for r in rows if r.get(field) is not None), None)
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return f"{field}:{'Q' if numeric else 'N'}"


def claim_chart(claim: dict[str, Any]) -> AnyChart:
    """The chart of one claim result (`avsi claims --json`): its `chart` key describes kind, encodings and rows."""
    spec = claim["chart"]
    rows, kind = spec["data"], spec["kind"]
    x, y, colour = _channel(spec["x"], "x"), _channel(spec["y"], "y"), _colour(spec.get("color"))
    tooltips: list[Any] = [f"{f}:N" for f in (spec["x"]["field"], (spec.get("color") or {}).get("field")) if f]
    tooltips += [alt.Tooltip(f"{spec['y']['field']}:Q", format=".3~g"), *(_typed(f, rows) for f in spec["tooltip"])]
    faceted = kind == "facet_bar" and spec.get("facet")
    base = alt.Chart() if faceted else alt.Chart(_data(rows))
    grouped = spec.get("color") and spec["color"]["field"] != spec["x"]["field"]
    offset = alt.XOffset(f"{spec['color']['field']}:N") if grouped else alt.Undefined
    if kind == "line":
        chart: Any = base.mark_line(point=True).encode(x=x, y=y, color=colour, tooltip=tooltips)
    elif kind == "scatter":
        chart = base.mark_point(filled=True, opacity=0.7).encode(x=x, y=y, color=colour, tooltip=tooltips)
    elif kind == "stacked_bar":
        chart = base.mark_bar().encode(x=x, y=y, color=colour, tooltip=tooltips)
    else:
        chart = base.mark_bar().encode(x=x, y=y, color=colour, xOffset=offset, tooltip=tooltips)
    if spec.get("lo") and spec.get("hi"):
        bars = base.mark_errorbar().encode(
            x=x,
            y=alt.Y(f"{spec['lo']}:Q", title=spec["y"].get("title")),
            y2=f"{spec['hi']}:Q",
            xOffset=offset if kind in ("bar", "facet_bar") else alt.Undefined,
            color=colour if kind == "line" else alt.value("#333"),
            opacity=alt.value(0.45 if kind == "line" else 1),
        )
        chart = chart + bars
    if faceted:
        facet = spec["facet"]
        return _top(
            chart.properties(width=180, height=240)
            .facet(column=alt.Column(f"{facet['field']}:N", title=None), data=_data(rows))
            .resolve_scale(y="independent")
            .properties(title=spec["title"])
        )
    width = WIDTH if kind != "bar" or len({r.get(spec["x"]["field"]) for r in rows}) > 4 else WIDTH * 0.6
    return _top(chart.properties(width=width, height=300, title=spec["title"]))

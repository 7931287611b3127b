"""Vega-Lite specifications for the dashboard's interactive charts (plain dicts; the page embeds them as JSON and
`static/app.js` renders them with the vendored vega-embed, so no chart code runs inline)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# The report's palette (avsi.report.charts), so a bloc has one colour everywhere.
BLOC_COLOURS = {"domain": ["CN", "US", "EU", "OTHER"], "range": ["#c0392b", "#2e6fba", "#d4a017", "#7f8c8d"]}
Spec = dict[str, Any]


def _base(title: str, values: list[dict[str, Any]], **extra: Any) -> Spec:
    return {"$schema": SCHEMA, "title": title, "width": "container", "data": {"values": values},
            "autosize": {"type": "fit-x", "contains": "padding"},
            "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}}, **extra}  # fmt: skip


def _bloc_colour(field: str = "group", title: str = "bloc") -> dict[str, Any]:
    return {"field": field, "type": "nominal", "title": title, "scale": BLOC_COLOURS}


def group_scores_chart(title: str, points: list[dict[str, Any]], label: Callable[[str], str], axes: bool) -> Spec:
    """Each bloc's score on each dimension (or axis) with its 90% interval as a bar."""
    values = [{**p, "label": label(p["measure"])} for p in points]
    domain = [-100, 100] if axes else [0, 100]
    y = {"field": "label", "type": "nominal", "title": None, "sort": None}
    height = 34 * len({v["label"] for v in values}) or 100
    return _base(title, values, height=height, encoding={"y": y, "yOffset": {"field": "group"}}, layer=[
        {"mark": {"type": "rule", "strokeWidth": 2},
         "encoding": {"x": {"field": "lo", "type": "quantitative", "scale": {"domain": domain}, "title": None},
                      "x2": {"field": "hi"}, "color": _bloc_colour()}},
        {"mark": {"type": "point", "filled": True, "size": 60},
         "encoding": {"x": {"field": "score", "type": "quantitative"}, "color": _bloc_colour(),
                      "tooltip": [{"field": "group"}, {"field": "label", "title": "measure"},
                                  {"field": "score", "format": ".1f"}, {"field": "lo", "format": ".1f"},
                                  {"field": "hi", "format": ".1f"}]}},
    ])  # fmt: skip


def releases_chart(title: str, rows: list[dict[str, Any]], since: int = 2015, y_title: str = "models") -> Spec:
    """Stacked bars: model releases per year and bloc."""
    values = [r for r in rows if r["year"] >= since]
    return _base(title, values, height=260, mark={"type": "bar", "tooltip": True}, encoding={
        "x": {"field": "year", "type": "ordinal", "title": None},
        "y": {"field": "n_models", "type": "quantitative", "title": y_title, "stack": "zero"},
        "color": _bloc_colour(),
    })  # fmt: skip


def open_share_chart(title: str, rows: list[dict[str, Any]], since: int = 2018, y_title: str = "share") -> Spec:
    """Lines: share of models with open weights per year and bloc."""
    values = [{**r, "share": r["n_open_weights"] / r["n_models"]} for r in rows
              if r["year"] >= since and r["n_models"] >= 3 and r["group"] != "unknown"]  # fmt: skip
    return _base(title, values, height=260, mark={"type": "line", "point": True, "tooltip": True}, encoding={
        "x": {"field": "year", "type": "ordinal", "title": None},
        "y": {"field": "share", "type": "quantitative", "title": y_title, "axis": {"format": "%"},
              "scale": {"domain": [0, 1]}},
        "color": _bloc_colour(),
    })  # fmt: skip


def strip_by_bloc_chart(title: str, points: list[dict[str, Any]], field: str, log: bool = False) -> Spec:
    """One dot per model, by bloc, with a tooltip naming it; the median as a tick."""
    x: dict[str, Any] = {"field": field, "type": "quantitative", "title": None}
    if log:
        x["scale"] = {"type": "log"}
    y = {"field": "bloc", "type": "nominal", "title": None, "sort": BLOC_COLOURS["domain"]}
    height = 40 * len({p["bloc"] for p in points}) or 100
    return _base(title, points, height=height, layer=[
        {"mark": {"type": "point", "opacity": 0.45, "size": 24},
         "encoding": {"x": x, "y": y, "yOffset": {"field": "jitter", "type": "quantitative"},
                      "color": _bloc_colour("bloc"),
                      "tooltip": [{"field": "name"}, {"field": "bloc"}, {"field": field, "format": ".3~f"}]}},
        {"mark": {"type": "tick", "color": "black", "thickness": 2, "size": 30},
         "encoding": {"x": {**x, "aggregate": "median"}, "y": y}},
    ])  # fmt: skip


def bars_chart(title: str, values: list[dict[str, Any]], x: str, y: str, x_title: str, y_title: str,
               domain: list[float] | None = None, log: bool = False) -> Spec:  # fmt: skip
    """Horizontal bars (x quantitative, y nominal) with tooltips."""
    xenc: dict[str, Any] = {"field": x, "type": "quantitative", "title": x_title}
    if domain:
        xenc["scale"] = {"domain": domain}
    if log:
        xenc["scale"] = {"type": "log"}
    height = 22 * len({v[y] for v in values}) or 100
    return _base(title, values, height=height, mark={"type": "bar", "tooltip": True}, encoding={
        "x": xenc, "y": {"field": y, "type": "nominal", "title": y_title, "sort": None},
    })  # fmt: skip


def advice_chart(title: str, rows: list[dict[str, Any]], x_field: str, x_title: str, log: bool) -> Spec:
    """Scatter of the eligible models: capability against a cost or size field, coloured by bloc."""

    def x_of(r: dict[str, Any]) -> Any:
        return r["memory_gib"].get(str(r["precision_bits"])) if x_field == "memory" else r[x_field]

    values = [{"name": r["name"], "bloc": r["origin"]["bloc"], "x": x_of(r),
               "capability": r["capability"]["percentile"], "rank": r["rank"]}
              for r in rows if r["rank"] and x_of(r) and r["capability"]["percentile"] is not None]  # fmt: skip
    x: dict[str, Any] = {"field": "x", "type": "quantitative", "title": x_title}
    if log:
        x["scale"] = {"type": "log"}
    return _base(title, values, height=280, mark={"type": "circle", "size": 90, "opacity": 0.8}, encoding={
        "x": x,
        "y": {"field": "capability", "type": "quantitative", "scale": {"domain": [0, 100]}, "title": "capability"},
        "color": _bloc_colour("bloc"),
        "tooltip": [{"field": "rank"}, {"field": "name"}, {"field": "bloc"},
                    {"field": "x", "title": x_title, "format": ",.2f"}, {"field": "capability", "format": ".1f"}],
    })  # fmt: skip

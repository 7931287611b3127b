"""Claims that need the scores: open versus proprietary matters more than China versus the US (9); and the
unmeasurable usage claims (11), said plainly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from avsi.claims.data import BLOCS, Context
from avsi.claims.lineage import hub_derivatives
from avsi.claims.measurement import Measurement, coverage
from avsi.claims.stats import Figure
from avsi.score.methodology import DIMENSIONS


def score_matrix(
    ctx: Context,
) -> tuple[list[str], npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Models with a bloc and a known weights access: scores (models x 8 dimensions, NaN when not measured),
    openness class (1 open weights, 0 not) and bloc code."""
    if "model_scores" not in ctx.tables():
        return [], np.zeros((0, len(DIMENSIONS))), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    rows = ctx.rows(f"""
        SELECT m.id, m.open_weights, m.bloc, {
        ", ".join(f"max(s.score) FILTER (WHERE s.dimension = '{d}') AS {d}" for d in DIMENSIONS)
    }
        FROM model_scores s JOIN models m ON m.id = s.model_id
        WHERE m.open_weights IS NOT NULL AND m.bloc IS NOT NULL GROUP BY ALL ORDER BY m.id
    """)
    scores = np.array([[np.nan if r[d] is None else r[d] for d in DIMENSIONS] for r in rows], dtype=float)
    scores = scores.reshape(len(rows), len(DIMENSIONS))
    open_class = np.array([1 if r["open_weights"] else 0 for r in rows], dtype=np.int64)
    bloc = np.array([BLOCS.index(r["bloc"]) for r in rows], dtype=np.int64)
    return [r["id"] for r in rows], scores, open_class, bloc


def eta2_codes(y: npt.NDArray[np.float64], codes: npt.NDArray[np.int64], k: int) -> float:
    """Share of the variance of y explained by integer group codes 0..k-1 (one-way ANOVA R^2)."""
    if y.size < 2:
        return float("nan")
    total = float(((y - y.mean()) ** 2).sum())
    if total == 0:
        return float("nan")
    n = np.bincount(codes, minlength=k).astype(float)
    s = np.bincount(codes, weights=y, minlength=k)
    used = n > 0
    between = float((s[used] ** 2 / n[used]).sum() - y.sum() ** 2 / y.size)
    return between / total


def _moments(y: npt.NDArray[np.float64], codes: npt.NDArray[np.int64], k: int) -> npt.NDArray[np.float64]:
    """Columns whose weighted sums give eta squared: [1, y, y^2, group indicators, group indicators * y], zero
    where y is missing."""
    ok = np.isfinite(y)
    yy = np.where(ok, y, 0.0)
    onehot = np.eye(k)[codes] * ok[:, None]
    return np.column_stack([ok.astype(float), yy, yy * yy, onehot, onehot * yy[:, None]])


def _eta2_from_sums(sums: npt.NDArray[np.float64], k: int) -> npt.NDArray[np.float64]:
    n, s, q, ng, sg = sums[:, 0], sums[:, 1], sums[:, 2], sums[:, 3 : 3 + k], sums[:, 3 + k : 3 + 2 * k]
    with np.errstate(divide="ignore", invalid="ignore"):
        total = q - s**2 / n
        between = np.where(ng > 0, sg**2 / ng, 0.0).sum(axis=1) - s**2 / n
        return np.asarray(np.where(total > 0, between / total, np.nan), dtype=float)


def weighted_eta2_difference(
    weights: npt.NDArray[np.float64],
    scores: npt.NDArray[np.float64],
    cols: list[int],
    first: npt.NDArray[np.int64],
    k1: int,
    second: npt.NDArray[np.int64],
    k2: int,
) -> npt.NDArray[np.float64]:
    """Per row of bootstrap weights (draws x n): the mean over `cols` of eta squared by `first` minus by `second`.
    One matrix product gives every weighted sum."""
    blocks = [(_moments(scores[:, j], first, k1), _moments(scores[:, j], second, k2)) for j in cols]
    sums = weights @ np.hstack([np.hstack(pair) for pair in blocks])
    diffs, at = [], 0
    for a, b in blocks:
        diffs.append(
            _eta2_from_sums(sums[:, at : at + a.shape[1]], k1)
            - _eta2_from_sums(sums[:, at + a.shape[1] : at + a.shape[1] + b.shape[1]], k2)
        )
        at += a.shape[1] + b.shape[1]
    with np.errstate(invalid="ignore"):
        return np.asarray(np.nanmean(np.vstack(diffs), axis=0), dtype=float)


def open_vs_bloc(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    ids, scores, open_class, bloc = score_matrix(ctx)
    tested = [d for d in DIMENSIONS if d not in params["exclude_from_test"]]
    figures: dict[str, Figure] = {}
    chart: list[dict[str, Any]] = []
    wins = 0
    for j, dim in enumerate(DIMENSIONS):
        ok = np.isfinite(scores[:, j]) if len(ids) else np.zeros(0, dtype=bool)
        e_open = eta2_codes(scores[ok, j], open_class[ok], 2) if ok.sum() >= 2 else float("nan")
        e_bloc = eta2_codes(scores[ok, j], bloc[ok], len(BLOCS)) if ok.sum() >= 2 else float("nan")
        figures[f"eta2_open_{dim}"] = Figure(
            None if np.isnan(e_open) else e_open,
            label=f"variance of {dim} explained by openness class",
            unit="share",
            n=int(ok.sum()),
        )
        figures[f"eta2_bloc_{dim}"] = Figure(
            None if np.isnan(e_bloc) else e_bloc,
            label=f"variance of {dim} explained by bloc",
            unit="share",
            n=int(ok.sum()),
        )
        if dim in tested and not np.isnan(e_open) and not np.isnan(e_bloc):
            wins += int(e_open > e_bloc)
        for factor, eta2 in (("openness class", e_open), ("bloc", e_bloc)):
            if not np.isnan(eta2):
                chart.append(
                    {"dimension": dim, "factor": factor, "eta2": eta2, "n": int(ok.sum()), "tested": dim in tested}
                )
    cols = [DIMENSIONS.index(d) for d in tested]
    pairs = [(figures[f"eta2_open_{d}"].value, figures[f"eta2_bloc_{d}"].value) for d in tested]
    gaps = [o - b for o, b in pairs if o is not None and b is not None]
    observed = float(np.mean(gaps)) if gaps else None

    def stat(weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return weighted_eta2_difference(weights, scores, cols, open_class, 2, bloc, len(BLOCS))

    have = len(ids) > 0
    figures["open_minus_bloc"] = (
        ctx.boot.weighted(
            len(ids),
            stat,
            observed,
            "mean over the tested dimensions of variance explained by openness minus by bloc",
            "share",
        )
        if have
        else Figure(None, label="score tables missing", unit="share")
    )
    figures["dims_open_wins"] = Figure(
        float(wins) if have else None,
        label=f"tested dimensions (of {len(tested)}) where openness explains more than bloc",
        unit="count",
    )
    figures["scored_models"] = Figure(
        float(len(ids)) if have else None, label="models with scores, bloc and weights access", unit="count"
    )
    total = ctx.rows("SELECT count(*) AS n FROM models")[0]["n"]
    cov = coverage("models", len(ids), int(total), "canonical models with scores, a bloc and a known weights access")
    notes = [] if have else ["the score tables (model_scores) are not in this database: build with the score stage"]
    return Measurement(figures, cov, chart, notes)


_PEOPLE = ("users", "developers")
_PLACE = ("country", "region", "geograph", "national", "location")
_NUMERIC = ("BIGINT", "INTEGER", "DOUBLE", "FLOAT", "DECIMAL", "HUGEINT", "REAL")


def user_tables(ctx: Context) -> tuple[list[str], list[str]]:
    """Tables with a numeric count of users or developers, and those of them that also say where the people are."""
    cols = ctx.rows(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main'"
    )
    by_table: dict[str, list[dict[str, Any]]] = {}
    for c in cols:
        by_table.setdefault(c["table_name"], []).append(c)
    counts = sorted(
        t
        for t, cs in by_table.items()
        if any(any(w in c["column_name"].lower() for w in _PEOPLE) and c["data_type"].startswith(_NUMERIC) for c in cs)
    )
    placed = [t for t in counts if any(w in c["column_name"].lower() for c in by_table[t] for w in _PLACE)]
    return counts, placed


def usage_claims(ctx: Context, params: Mapping[str, Any]) -> Measurement:
    with_users, geo = user_tables(ctx)
    reports = ctx.rows("""
        SELECT company, product, active_users, active_users_time_period AS period, date, source_type
        FROM epoch_ai_companies_usage_reports WHERE active_users > 0 AND NOT coalesce(exclude_from_graph_view, false)
        QUALIFY date = max(date) OVER (PARTITION BY company, active_users_time_period)
    """)
    from avsi.resolve import registry

    reg = registry()
    for r in reports:
        org = reg.org(r["company"])
        r["bloc"] = org.bloc if org else None
    cn_reports = [r for r in reports if r["bloc"] == "CN"]
    hub = [d for d in hub_derivatives(ctx) if d["origin_bloc"]]
    figures = {
        "sources_with_user_geography": Figure(
            float(len(geo)), label="tables that count users or developers by country", unit="count"
        ),
        "cn_weekly_users_local_llm": Figure(
            None, label="weekly users of local LLMs in China (no source has it)", unit="count"
        ),
        "cn_developer_share": Figure(
            None, label="share of the world's AI developers in China (no source has it)", unit="share"
        ),
        "largest_cn_reported_users": Figure(
            max((float(r["active_users"]) for r in cn_reports), default=None),
            label="largest active-user count reported for a Chinese company "
            "(worldwide, " + ", ".join(sorted({f"{r['company']} {r['period'].lower()}" for r in cn_reports})) + ")",
            unit="count",
        ),
        "hub_derivatives_on_cn_share": ctx.boot.mean(
            [1.0 if d["origin_bloc"] == "CN" else 0.0 for d in hub],
            "share of Hub derivatives built on Chinese models (where the builders are is unknown)",
        ),
    }
    cov = coverage(
        "tables",
        len(geo),
        len(with_users),
        "tables with a users or developers column that also say where those people are",
        tables_with_user_columns=with_users,
    )
    chart = [
        {
            "company": r["company"],
            "bloc": r["bloc"] or "unknown",
            "period": r["period"],
            "users": float(r["active_users"]),
            "date": r["date"].isoformat(),
        }
        for r in reports
    ]
    return Measurement(figures, cov, chart)

"""The scoring stage of a build: indicators with evidence, scores, axes, aggregates and their uncertainty.

Tables written (all recomputed from the database and the methodology file, deterministically):
`indicator_values`, `model_scores`, `model_axes`, `group_scores`, `score_comparisons`, `score_info`.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import scipy.sparse as sp

from avsi.score.compute import IndicatorTable, Scores, nominal_scores, pick_values
from avsi.score.extract import extract_raw
from avsi.score.methodology import AXES, DIMENSIONS, Methodology, default_methodology
from avsi.score.montecarlo import GroupSpec, MonteCarloResult, run_monte_carlo
from avsi.store.rows import table_names

DDL = """
CREATE OR REPLACE TABLE indicator_values (
    model_id VARCHAR NOT NULL, indicator VARCHAR NOT NULL, dimension VARCHAR,
    raw_value DOUBLE, raw_text VARCHAR, value DOUBLE, normalised DOUBLE,
    source VARCHAR, field VARCHAR, evidence VARCHAR);
CREATE OR REPLACE TABLE model_scores (
    model_id VARCHAR NOT NULL, dimension VARCHAR NOT NULL, score DOUBLE, coverage DOUBLE NOT NULL,
    n_indicators INTEGER NOT NULL, confidence DOUBLE, lo DOUBLE, hi DOUBLE,
    rank DOUBLE, rank_lo DOUBLE, rank_hi DOUBLE, n_ranked INTEGER, PRIMARY KEY (model_id, dimension));
CREATE OR REPLACE TABLE model_axes (
    model_id VARCHAR NOT NULL, axis VARCHAR NOT NULL, value DOUBLE, lo DOUBLE, hi DOUBLE,
    rank DOUBLE, rank_lo DOUBLE, rank_hi DOUBLE, PRIMARY KEY (model_id, axis));
CREATE OR REPLACE TABLE group_scores (
    group_kind VARCHAR NOT NULL, group_id VARCHAR NOT NULL, year INTEGER, weighting VARCHAR NOT NULL,
    measure VARCHAR NOT NULL, score DOUBLE, lo DOUBLE, hi DOUBLE, n_models INTEGER NOT NULL);
CREATE OR REPLACE TABLE score_comparisons (
    id VARCHAR PRIMARY KEY, statement VARCHAR, measure VARCHAR, a VARCHAR, b VARCHAR, year INTEGER,
    a_score DOUBLE, b_score DOUBLE, share_of_draws DOUBLE, draws INTEGER);
CREATE OR REPLACE TABLE score_info (
    methodology_version VARCHAR, methodology_hash VARCHAR, inputs_hash VARCHAR, score_hash VARCHAR,
    draws INTEGER, models_scored INTEGER, seconds DOUBLE);
"""

MEASURES = (*DIMENSIONS, *AXES)


def build_score_stage(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Score every model under the shipped methodology; returns a summary for the build report."""
    return score_database(con, default_methodology())


def score_database(
    con: duckdb.DuckDBPyConnection, methodology: Methodology, draws: int | None = None
) -> dict[str, Any]:
    started = time.perf_counter()
    con.execute(DDL)
    models = con.execute("SELECT id, bloc, year(release_date), organization FROM models ORDER BY id").fetchall()
    ids = [m[0] for m in models]
    table = pick_values(extract_raw(con, methodology), ids, methodology)
    scores, x = nominal_scores(table, methodology)
    measured = np.hstack([scores.dimensions, scores.axes])
    downloads = table.values[:, table.column("downloads")] if _has(table, "downloads") else np.full(len(ids), np.nan)
    weights = np.where(np.isnan(downloads), 0.0, np.expm1(np.nan_to_num(downloads)))  # log1p undone
    spec, index = _groups(models, measured, methodology, weights)
    mc = run_monte_carlo(table, methodology, measured, spec, index, draws)
    _write_indicators(con, table, x)
    _write_models(con, ids, scores, mc)
    group_rows = _write_groups(con, spec, measured, weights, mc)
    _write_comparisons(con, methodology, spec, index, measured, mc)
    inputs_hash = _inputs_hash(con, methodology)
    score_hash = _score_hash(con)
    seconds = time.perf_counter() - started
    scored = int((~np.isnan(scores.dimensions)).any(axis=1).sum())
    con.execute(
        "INSERT INTO score_info VALUES (?, ?, ?, ?, ?, ?, ?)",
        [methodology.version, methodology.sha256, inputs_hash, score_hash, mc.draws, scored, round(seconds, 3)],
    )
    return {
        "methodology_version": methodology.version,
        "models_scored": scored,
        "per_dimension": {d: int((~np.isnan(scores.dimensions[:, i])).sum()) for i, d in enumerate(DIMENSIONS)},
        "group_rows": group_rows,
        "draws": mc.draws,
        "score_hash": score_hash,
    }


def _has(table: IndicatorTable, indicator_id: str) -> bool:
    return any(i.id == indicator_id for i in table.indicators)


def _groups(
    models: list[tuple[Any, ...]], measured: np.ndarray, methodology: Methodology, weights: np.ndarray
) -> tuple[GroupSpec, dict[tuple[str, int | None], int]]:
    """Bloc and lab groups, per release year and over all years, unweighted and weighted by downloads."""
    scored = ~np.isnan(measured).all(axis=1)
    org_counts: dict[str, int] = {}
    for (_, _, _, org), ok in zip(models, scored, strict=True):
        if org and ok:
            org_counts[org] = org_counts.get(org, 0) + 1
    min_org = methodology.aggregation.groups.min_models_for_org
    members: dict[tuple[str, str, int | None], list[int]] = {}
    for i, (_, bloc, year, org) in enumerate(models):
        if not scored[i]:
            continue
        keys: list[tuple[str, str]] = []
        if "bloc" in methodology.aggregation.groups.kinds and bloc:
            keys.append(("bloc", bloc))
        if "org" in methodology.aggregation.groups.kinds and org and org_counts.get(org, 0) >= min_org:
            keys.append(("org", org))
        for kind, group in keys:
            members.setdefault((kind, group, None), []).append(i)
            if year is not None:
                members.setdefault((kind, group, int(year)), []).append(i)
    keys_out: list[tuple[str, str, int | None, str]] = []
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    index: dict[tuple[str, int | None], int] = {}
    for (kind, group, year), idx in sorted(members.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0)):
        for weighting in ("unweighted", "weighted"):
            w = np.ones(len(idx)) if weighting == "unweighted" else weights[idx]
            if w.sum() <= 0:
                continue
            if kind == "bloc" and weighting == "unweighted":
                index[(group, year)] = len(keys_out)
            rows.extend([len(keys_out)] * len(idx))
            cols.extend(idx)
            vals.extend(w.tolist())
            keys_out.append((kind, group, year, weighting))
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(keys_out), len(models)))
    return GroupSpec(keys_out, matrix), index


def _write_indicators(con: duckdb.DuckDBPyConnection, table: IndicatorTable, x: np.ndarray) -> None:
    cols: dict[str, list[Any]] = {k: [] for k in ("model_id", "indicator", "dimension", "raw_value", "raw_text",
                                                   "value", "normalised", "source", "field", "evidence")}  # fmt: skip
    for j, ind in enumerate(table.indicators):
        for i in np.flatnonzero(~np.isnan(table.values[:, j])):
            raw = table.raw[j][i]
            cols["model_id"].append(table.model_ids[i])
            cols["indicator"].append(ind.id)
            cols["dimension"].append(ind.dimension)
            cols["raw_value"].append(float(raw) if isinstance(raw, int | float) else ind.levels.get(str(raw))
                                     if ind.levels else None)  # fmt: skip
            cols["raw_text"].append(raw if isinstance(raw, str) else None)
            cols["value"].append(float(table.values[i, j]))
            cols["normalised"].append(None if np.isnan(x[i, j]) else round(float(x[i, j]), 6))
            cols["source"].append(table.source[j][i])
            cols["field"].append(table.field[j][i])
            cols["evidence"].append(table.evidence[j][i])
    arrow = pa.table(cols)  # noqa: F841 - read by DuckDB below
    con.execute("INSERT INTO indicator_values SELECT * FROM arrow")


def _write_models(con: duckdb.DuckDBPyConnection, ids: list[str], scores: Scores, mc: MonteCarloResult) -> None:
    score_rows: list[tuple[Any, ...]] = []
    axis_rows: list[tuple[Any, ...]] = []
    for m, name in enumerate(MEASURES):
        summary = mc.models[name]
        where = {int(r): k for k, r in enumerate(summary.rows)}
        n_ranked = len(summary.rows)
        for i, model_id in enumerate(ids):
            k = where.get(i)
            interval = (
                (_r(summary.lo[k]), _r(summary.hi[k]), _r(summary.rank_median[k]), _r(summary.rank_lo[k]),
                 _r(summary.rank_hi[k])) if k is not None else (None, None, None, None, None)
            )  # fmt: skip
            if m < len(DIMENSIONS):
                value = scores.dimensions[i, m]
                coverage = float(scores.coverage[i, m])
                confidence = None
                if k is not None:
                    width = float(summary.hi[k] - summary.lo[k])
                    confidence = round(coverage * max(0.0, 1 - width / 100), 4)
                score_rows.append((model_id, name, _r(value), round(coverage, 4), int(scores.n_indicators[i, m]),
                                   confidence, *interval, n_ranked if k is not None else None))  # fmt: skip
            else:
                value = scores.axes[i, m - len(DIMENSIONS)]
                axis_rows.append((model_id, name, _r(value), *interval))
    _insert(con, "model_scores", score_rows)
    _insert(con, "model_axes", axis_rows)


def _write_groups(
    con: duckdb.DuckDBPyConnection, spec: GroupSpec, measured: np.ndarray, weights: np.ndarray, mc: MonteCarloResult
) -> int:
    rows: list[tuple[Any, ...]] = []
    for m, name in enumerate(MEASURES):
        values = measured[:, m]
        ok = ~np.isnan(values)
        member = spec.matrix[:, np.flatnonzero(ok)]
        totals = np.asarray(member.sum(axis=1)).ravel()
        counts = np.asarray((member > 0).sum(axis=1)).ravel()
        with np.errstate(invalid="ignore", divide="ignore"):
            means = (member @ values[ok]) / totals
        lo, hi = mc.groups[name]
        for g, (kind, group, year, weighting) in enumerate(spec.keys):
            if counts[g] == 0:
                continue
            rows.append((kind, group, year, weighting, name, _r(means[g]), _r(lo[g]), _r(hi[g]), int(counts[g])))
    _insert(con, "group_scores", rows)
    return len(rows)


def _write_comparisons(
    con: duckdb.DuckDBPyConnection,
    methodology: Methodology,
    spec: GroupSpec,
    index: dict[tuple[str, int | None], int],
    measured: np.ndarray,
    mc: MonteCarloResult,
) -> None:
    rows = []
    for c in methodology.uncertainty.comparisons:
        m = MEASURES.index(c.measure)
        values = measured[:, m]
        ok = ~np.isnan(values)
        means = {}
        for side in (c.a, c.b):
            g = index.get((side, c.year))
            if g is not None:
                member = spec.matrix[g, np.flatnonzero(ok)]
                total = member.sum()
                means[side] = _r(float((member @ values[ok])[0] / total)) if total > 0 else None
        rows.append((c.id, c.statement, c.measure, c.a, c.b, c.year, means.get(c.a), means.get(c.b),
                     mc.comparisons.get(c.id), mc.draws))  # fmt: skip
    _insert(con, "score_comparisons", rows)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    names = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    arrow = pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})  # noqa: F841 - read by DuckDB
    con.execute(f"INSERT INTO {table} SELECT * FROM arrow")


def _r(value: Any) -> float | None:
    if value is None:
        return None
    v = float(value)
    return None if np.isnan(v) else round(v, 4)


def _inputs_hash(con: duckdb.DuckDBPyConnection, methodology: Methodology) -> str:
    h = hashlib.sha256(methodology.sha256.encode())
    if "build_inputs" in table_names(con):
        for (digest,) in con.execute("SELECT sha256 FROM build_inputs ORDER BY source, file").fetchall():
            h.update(str(digest).encode())
    return h.hexdigest()


def _score_hash(con: duckdb.DuckDBPyConnection) -> str:
    h = hashlib.sha256()
    for table, order in (("model_scores", "model_id, dimension"), ("model_axes", "model_id, axis"),
                         ("group_scores", "group_kind, group_id, year, weighting, measure")):  # fmt: skip
        for row in con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall():
            h.update(repr(row).encode())
    return h.hexdigest()

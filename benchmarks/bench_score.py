"""The scoring Monte Carlo: 10,000 draws over every model (goal <= 5 s), against a per-draw loop in the same run.

The loop does the same work one draw at a time (choose normalisation and imputation, draw Dirichlet weights, score
every measure, rank by sorting), as a straightforward implementation would; it is timed on 200 draws and scaled to
10,000 (it is linear in the number of draws).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

from avsi import build
from avsi.score.compute import (
    IndicatorTable,
    Matrix,
    axis_values,
    dimension_scores,
    impute,
    nominal_scores,
    normalised_matrix,
    pick_values,
)
from avsi.score.extract import extract_raw
from avsi.score.methodology import DIMENSIONS, Methodology, default_methodology
from avsi.score.montecarlo import run_monte_carlo
from avsi.score.stage import _groups

DRAWS = 10_000
LOOP_DRAWS = 200


def _per_draw_loop(table: IndicatorTable, m: Methodology, measured: Matrix, draws: int) -> None:
    rng = np.random.default_rng(1)
    u = m.uncertainty
    combos = [impute(normalised_matrix(table, n), table.indicators, i) for n in u.normalisations for i in u.imputations]
    nominal = np.array([i.weight for i in m.indicators])
    ranks = []
    for _ in range(draws):
        x = combos[rng.integers(len(combos))]
        w = nominal.copy()
        for dim in DIMENSIONS:
            cols = [j for j, ind in enumerate(m.indicators) if ind.dimension == dim]
            w[cols] = (
                rng.dirichlet(u.dirichlet_concentration * nominal[cols] / nominal[cols].sum()) * nominal[cols].sum()
            )
        dims, _ = dimension_scores(x, m, w)
        scores = np.hstack([dims, axis_values(dims, x, m)])
        for k in range(scores.shape[1]):
            valid = ~np.isnan(measured[:, k])
            col = scores[valid, k]
            ranks.append(np.argsort(np.argsort(-col)))


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build(db)
        con = duckdb.connect(str(db), read_only=True)
        m = default_methodology()
        models = con.execute("SELECT id, bloc, year(release_date), organization FROM models ORDER BY id").fetchall()
        ids = [r[0] for r in models]
        table = pick_values(extract_raw(con, m), ids, m)
        scores, _ = nominal_scores(table, m)
        con.close()
    measured = np.hstack([scores.dimensions, scores.axes])
    spec, index = _groups(models, measured, m, np.ones(len(ids)))
    started = time.perf_counter()
    run_monte_carlo(table, m, measured, spec, index, DRAWS)
    vectorised = time.perf_counter() - started
    started = time.perf_counter()
    _per_draw_loop(table, m, measured, LOOP_DRAWS)
    loop = (time.perf_counter() - started) * DRAWS / LOOP_DRAWS
    return {
        "models": len(ids),
        "model_measures": int((~np.isnan(measured)).sum()),
        "groups": len(spec.keys),
        "draws": DRAWS,
        "vectorised_s": vectorised,
        "per_draw_loop_s_scaled": loop,
        "ratio_loop_over_vectorised": loop / vectorised,
    }


def report(result: dict[str, float]) -> str:
    return (
        f"score: Monte Carlo over {result['models']:,.0f} models ({result['model_measures']:,.0f} model-measures, "
        f"{result['groups']:,.0f} groups)\n"
        f"  {result['draws']:,.0f} draws, vectorised (scores, ranks, intervals, group means) "
        f"{result['vectorised_s']:7.2f} s   (goal <= 5)\n"
        f"  per-draw loop, timed on {LOOP_DRAWS} draws, scaled to {result['draws']:,.0f}   "
        f"{result['per_draw_loop_s_scaled']:7.1f} s   ratio {result['ratio_loop_over_vectorised']:.0f}x"
    )

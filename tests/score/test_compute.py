"""Normalisation, choosing among sources, dimension scores and the coverage rule, on small hand-made arrays."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from avsi.score.compute import dimension_scores, impute, normalise, pick_values
from avsi.score.extract import RAW_SCHEMA
from avsi.score.methodology import DIMENSIONS, load_methodology


def test_normalisations() -> None:
    x = np.array([[1.0], [2.0], [3.0], [np.nan], [2.0]])
    mm = normalise(x, "minmax")[:, 0]
    # clipped at the 2nd/98th percentiles (1.04 and 2.96), so the ends are 0 and 100
    assert mm[0] == 0 and mm[2] == 100 and np.isnan(mm[3]) and mm[1] == pytest.approx(50)
    rank = normalise(x, "rank")[:, 0]
    assert list(rank[[0, 1, 2, 4]]) == [0, 50, 100, 50]  # ties share the average rank
    z = normalise(x, "zscore")[:, 0]
    assert z[1] == pytest.approx(50) and z[0] < 50 < z[2]
    assert list(normalise(np.array([[5.0], [5.0]]), "minmax")[:, 0]) == [50, 50]  # constant column
    assert list(normalise(np.array([[150.0], [-3.0]]), "none")[:, 0]) == [100, 0]


def test_impute_rules() -> None:
    m = load_methodology()
    inds = m.in_dimension("accessible")[:2]
    x = np.array([[10.0, np.nan], [30.0, 40.0], [np.nan, 60.0]])
    assert np.isnan(impute(x, inds)[2, 0])  # the nominal rule of both is "skip"
    assert impute(x, inds, "median")[2, 0] == 20 and impute(x, inds, "minimum")[0, 1] == 40


def _raw(rows: list[tuple[str, str, str | None, float | None, str, int]]) -> pa.Table:
    return pa.table(
        {
            "indicator": [r[0] for r in rows], "model_id": [r[1] for r in rows], "text": [r[2] for r in rows],
            "number": [r[3] for r in rows], "source": [r[4] for r in rows], "field": ["f"] * len(rows),
            "evidence": [f"row {i}" for i in range(len(rows))], "priority": [r[5] for r in rows],
        },
        schema=RAW_SCHEMA,
    )  # fmt: skip


def test_pick_values_priority_min_levels_and_leave_one_out() -> None:
    m = load_methodology()
    raw = _raw([
        ("weights_access", "a", "api", None, "models_dev", 3),
        ("weights_access", "a", "open_unrestricted", None, "epoch", 1),
        ("weights_access", "b", "no such level", None, "epoch", 1),
        ("blended_price", "a", None, 5.0, "litellm", 1),
        ("blended_price", "a", None, 0.5, "openrouter", 1),
        ("blended_price", "b", None, 0.0, "openrouter", 1),
    ])  # fmt: skip
    t = pick_values(raw, ["a", "b"], m)
    w, p = t.column("weights_access"), t.column("blended_price")
    assert t.values[0, w] == 100 and t.source[w][0] == "epoch"  # the most trusted source wins
    assert np.isnan(t.values[1, w])  # an unknown level is missing, never guessed
    assert t.values[0, p] == pytest.approx(np.log10(0.5)) and t.source[p][0] == "openrouter"  # the cheapest
    assert np.isnan(t.values[1, p])  # log of zero: missing
    loo = pick_values(raw, ["a", "b"], m, exclude_sources=frozenset({"epoch"}))
    assert loo.values[0, w] == 20 and loo.source[w][0] == "models_dev"


def test_dimension_scores_weights_and_coverage_rule() -> None:
    m = load_methodology()
    x = np.full((2, len(m.indicators)), np.nan)
    ids = [i.id for i in m.indicators]
    x[0, ids.index("weights_access")] = 100  # weight 0.4 of 1.2
    x[0, ids.index("licence_openness")] = 50  # weight 0.3
    x[1, ids.index("training_data_open")] = 100  # weight 0.15 of 1.2: below the 0.35 coverage rule
    scores, coverage = dimension_scores(x, m)
    a = DIMENSIONS.index("accessible")
    assert scores[0, a] == pytest.approx((0.4 * 100 + 0.3 * 50) / 0.7)
    assert coverage[0, a] == pytest.approx(0.7 / 1.2)
    assert np.isnan(scores[1, a]) and coverage[1, a] == pytest.approx(0.15 / 1.2)


def test_ties_are_broken_by_content_not_by_row_order() -> None:
    m = load_methodology()
    rows = [
        ("licence_openness", "a", None, 62.5, "hf", 2),
        ("licence_openness", "a", None, 100.0, "hf", 2),  # same trust: two repos of the model disagree
    ]
    forward = pick_values(_raw(rows), ["a"], m)
    backward = pick_values(_raw(rows[::-1]), ["a"], m)
    j = forward.column("licence_openness")
    assert forward.values[0, j] == backward.values[0, j] == 62.5

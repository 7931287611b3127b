"""From raw indicator values to 0..100 indicator values, dimension scores and axes (the nominal methodology).

Everything here is array arithmetic over all models at once: one row per model, one column per indicator, NaN where
a model has no value. The Monte Carlo (`montecarlo.py`) reuses the same functions with other choices.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from avsi.score.extract import extractor_combine
from avsi.score.methodology import AXES, DIMENSIONS, Indicator, Methodology

Matrix = npt.NDArray[np.float64]
WINSOR = 0.02  # minmax clips at the 2nd and 98th percentiles, so one outlier does not squash everyone else


@dataclass
class IndicatorTable:
    """Per model and indicator: the value used (after levels and transform) and the evidence row it came from."""

    model_ids: list[str]
    indicators: list[Indicator]
    values: Matrix  # models x indicators, transformed, NaN = missing
    raw: list[list[str | float | None]]  # per indicator, per model: the raw text or number
    source: list[list[str | None]]
    field: list[list[str | None]]
    evidence: list[list[str | None]]

    def column(self, indicator_id: str) -> int:
        return next(i for i, ind in enumerate(self.indicators) if ind.id == indicator_id)


def pick_values(
    raw: pa.Table, model_ids: list[str], methodology: Methodology, exclude_sources: frozenset[str] = frozenset()
) -> IndicatorTable:
    """One value per model and indicator: the most trusted source (or the min / max where the extractor says)."""
    index = {m: i for i, m in enumerate(model_ids)}
    n, k = len(model_ids), len(methodology.indicators)
    values = np.full((n, k), np.nan)
    raws: list[list[str | float | None]] = [[None] * n for _ in range(k)]
    sources: list[list[str | None]] = [[None] * n for _ in range(k)]
    fields: list[list[str | None]] = [[None] * n for _ in range(k)]
    evidence: list[list[str | None]] = [[None] * n for _ in range(k)]
    if exclude_sources:
        raw = raw.filter(pc.invert(pc.is_in(raw.column("source"), pa.array(sorted(exclude_sources)))))
    columns = {name: raw.column(name).to_pylist() for name in raw.column_names}
    by_indicator: dict[str, list[int]] = {}
    for row, indicator_id in enumerate(columns["indicator"]):
        by_indicator.setdefault(indicator_id, []).append(row)
    for j, ind in enumerate(methodology.indicators):
        combine = extractor_combine(ind.extract)
        # model -> (sort key, value, row). Ties are broken by value, source and evidence, never by the order rows
        # arrive in (which a parallel query does not fix), so the same database always gives the same scores.
        best: dict[int, tuple[tuple[float, float, str, str], float, int]] = {}
        for row in by_indicator.get(ind.id, []):
            i = index.get(columns["model_id"][row])
            if i is None:
                continue
            value = _value(ind, columns["text"][row], columns["number"][row])
            if value is None or not np.isfinite(value):
                continue
            first = float(columns["priority"][row]) if combine == "first" else (value if combine == "min" else -value)
            key = (first, value, columns["source"][row] or "", columns["evidence"][row] or "")
            if i not in best or key < best[i][0]:
                best[i] = (key, value, row)
        for i, (_, value, row) in best.items():
            values[i, j] = value
            text, number = columns["text"][row], columns["number"][row]
            raws[j][i] = text if text is not None else number
            sources[j][i] = columns["source"][row]
            fields[j][i] = columns["field"][row]
            evidence[j][i] = columns["evidence"][row]
    return IndicatorTable(model_ids, list(methodology.indicators), values, raws, sources, fields, evidence)


def _value(ind: Indicator, text: str | None, number: float | None) -> float | None:
    if ind.levels is not None:
        return ind.levels.get(text) if text is not None else None
    if number is None:
        return None
    if ind.transform == "log10":
        return float(np.log10(number)) if number > 0 else None
    if ind.transform == "log1p":
        return float(np.log1p(number)) if number >= 0 else None
    return float(number)


def normalise(x: Matrix, method: str) -> Matrix:
    """Columns of x to 0..100 by `method`; NaN stays NaN. A constant column becomes 50."""
    out = np.full_like(x, np.nan)
    for j in range(x.shape[1]):
        col = x[:, j]
        present = ~np.isnan(col)
        if not present.any():
            continue
        v = col[present]
        if method == "none":
            out[present, j] = np.clip(v, 0, 100)
        elif method == "minmax":
            lo, hi = np.quantile(v, [WINSOR, 1 - WINSOR])
            out[present, j] = 50.0 if hi <= lo else np.clip((v - lo) / (hi - lo), 0, 1) * 100
        elif method == "zscore":
            sd = v.std()
            out[present, j] = 50.0 if sd == 0 else np.clip(50 + 20 * (v - v.mean()) / sd, 0, 100)
        elif method == "rank":
            ranks = _average_ranks(v)
            out[present, j] = 50.0 if len(v) == 1 else (ranks - 1) / (len(v) - 1) * 100
        else:
            raise ValueError(f"unknown normalisation {method!r}")
    return out


def _average_ranks(v: Matrix) -> Matrix:
    order = np.argsort(v, kind="stable")
    sorted_v = v[order]
    ranks = np.empty(len(v))
    ranks[order] = np.arange(1, len(v) + 1)
    # ties share their average rank
    _, first, counts = np.unique(sorted_v, return_index=True, return_counts=True)
    for start, count in zip(first, counts, strict=True):
        if count > 1:
            ranks[order[start : start + count]] = start + (count + 1) / 2
    return ranks


def normalised_matrix(table: IndicatorTable, method: str | None = None) -> Matrix:
    """All indicators on 0..100, more = more of the dimension; `method` overrides each indicator's own (not 'none')."""
    out = np.full_like(table.values, np.nan)
    for j, ind in enumerate(table.indicators):
        chosen = ind.normalisation if method is None or ind.normalisation == "none" else method
        col = normalise(table.values[:, [j]], chosen)[:, 0]
        out[:, j] = 100 - col if ind.direction == "lower_is_more" else col
    return out


def impute(x: Matrix, indicators: list[Indicator], how: str | None = None) -> Matrix:
    """Fill missing values: by each indicator's own rule (`how` None), or all by `how` (available/median/minimum)."""
    out = x.copy()
    for j, ind in enumerate(indicators):
        rule = ind.missing if how is None else {"available": ind.missing}.get(how, how)
        if rule == "skip":
            continue
        col = out[:, j]
        present = col[~np.isnan(col)]
        if present.size:
            col[np.isnan(col)] = np.median(present) if rule == "median" else present.min()
    return out


@dataclass
class Scores:
    dimensions: Matrix  # models x 8, NaN = not measurable
    coverage: Matrix  # models x 8, share of the dimension's weight present
    n_indicators: npt.NDArray[np.int64]  # models x 8
    axes: Matrix  # models x 5, -100..100


def dimension_scores(x: Matrix, methodology: Methodology, weights: Matrix | None = None) -> tuple[Matrix, Matrix]:
    """Weighted mean of the present indicators of each dimension; `weights` (indicators) overrides the nominal ones."""
    w = weights if weights is not None else np.array([i.weight for i in methodology.indicators])
    present = ~np.isnan(x)
    filled = np.where(present, x, 0.0)
    scores = np.full((x.shape[0], len(DIMENSIONS)), np.nan)
    coverage = np.zeros((x.shape[0], len(DIMENSIONS)))
    for d, dim in enumerate(DIMENSIONS):
        cols = [j for j, ind in enumerate(methodology.indicators) if ind.dimension == dim]
        wd = w[cols]
        weight_present = present[:, cols] @ wd
        coverage[:, d] = weight_present / wd.sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            s = (filled[:, cols] @ wd) / weight_present
        scores[:, d] = np.where(coverage[:, d] >= methodology.aggregation.min_coverage, s, np.nan)
    return scores, coverage


def axis_values(dims: Matrix, x: Matrix, methodology: Methodology) -> Matrix:
    """Each axis: mean of its first pole minus mean of its second pole; NaN when a pole has nothing."""
    ids = [i.id for i in methodology.indicators]
    out = np.full((dims.shape[0], len(AXES)), np.nan)
    for a, name in enumerate(AXES):
        axis = methodology.aggregation.axes[name]
        poles = []
        for pole in (axis.first_pole, axis.second_pole):
            if pole.dimensions:
                cols = dims[:, [DIMENSIONS.index(d) for d in pole.dimensions]]
            else:
                cols = x[:, [ids.index(i) for i in pole.indicators]]
            with warnings.catch_warnings():  # an all-NaN pole is expected: it gives NaN
                warnings.simplefilter("ignore", category=RuntimeWarning)
                poles.append(np.nanmean(cols, axis=1))
        out[:, a] = poles[0] - poles[1]
    return out


def nominal_scores(table: IndicatorTable, methodology: Methodology) -> tuple[Scores, Matrix]:
    """The scores under the methodology as written; also returns the 0..100 indicator matrix used."""
    x = impute(normalised_matrix(table), table.indicators)
    dims, coverage = dimension_scores(x, methodology)
    counts = np.zeros_like(dims, dtype=np.int64)
    present = ~np.isnan(x)
    for d, dim in enumerate(DIMENSIONS):
        cols = [j for j, ind in enumerate(methodology.indicators) if ind.dimension == dim]
        counts[:, d] = present[:, cols].sum(axis=1)
    return Scores(dims, coverage, counts, axis_values(dims, x, methodology)), x

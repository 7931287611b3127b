"""Uncertainty and sensitivity, as the JRC/OECD composite-indicator handbook does it.

Each Monte Carlo draw picks a normalisation (min-max, z-score, rank), an imputation (available cases, median,
minimum) and, per dimension, weights from a Dirichlet distribution centred on the nominal weights. All draws are
computed at once: the draws sharing a normalisation and imputation are one matrix product. Ranks are counted with a
histogram per draw (scores to 0.1 point), not by sorting, so 10,000 draws over every model take seconds.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from avsi.score.compute import IndicatorTable, Matrix, impute, normalised_matrix
from avsi.score.methodology import AXES, DIMENSIONS, Methodology

F32 = npt.NDArray[np.float32]


@dataclass
class Summary:
    """Per model (rows of the measured models) of one measure: score interval and rank median and interval."""

    rows: npt.NDArray[np.int64]
    lo: Matrix
    median: Matrix
    hi: Matrix
    rank_median: Matrix
    rank_lo: Matrix
    rank_hi: Matrix


@dataclass
class GroupSpec:
    """Aggregation groups: a sparse (groups x models) membership, and the same weighted by downloads."""

    keys: list[tuple[str, str, int | None, str]]  # (kind, group, year, weighting)
    matrix: sp.csr_matrix

    def with_interval(self) -> npt.NDArray[np.int64]:
        """The groups that get Monte Carlo intervals: every bloc group, and each lab over all years (a lab's
        single years have too few models for an interval to mean much, and there are thousands of them)."""
        return np.array([g for g, (kind, _, year, _) in enumerate(self.keys) if kind == "bloc" or year is None],
                        dtype=np.int64)  # fmt: skip


@dataclass
class MonteCarloResult:
    draws: int
    models: dict[str, Summary] = field(default_factory=dict)
    groups: dict[str, tuple[F32, F32]] = field(default_factory=dict)  # measure -> (lo, hi) per group key
    comparisons: dict[str, float] = field(default_factory=dict)


def _combos(table: IndicatorTable, methodology: Methodology) -> list[Matrix]:
    u = methodology.uncertainty
    return [impute(normalised_matrix(table, n), table.indicators, i) for n in u.normalisations for i in u.imputations]


def _dirichlet(rng: np.random.Generator, nominal: Matrix, alpha: float, draws: int) -> Matrix:
    drawn: Matrix = rng.dirichlet(alpha * nominal / nominal.sum(), size=draws) * nominal.sum()
    return drawn


Prepared = list[tuple[F32, F32]]  # per normalisation x imputation: (values with 0 for missing, present) as k x rows


def _prepare(combos: list[Matrix], cols: list[int], rows: npt.NDArray[np.int64]) -> Prepared:
    out: Prepared = []
    for x in combos:
        sub = x[np.ix_(rows, np.asarray(cols, dtype=np.int64))].T
        present = ~np.isnan(sub)
        out.append((np.where(present, sub, 0.0).astype(np.float32), present.astype(np.float32)))
    return out


def _draw_scores(prepared: Prepared, combo_of: npt.NDArray[np.int64], weights: Matrix) -> F32:
    """Scores (draws x rows) of one measure: each draw's weighted mean of the present indicators."""
    out = np.empty((len(combo_of), prepared[0][0].shape[1]), dtype=np.float32)
    w32 = weights.astype(np.float32)
    for c, (filled, present) in enumerate(prepared):
        idx = np.flatnonzero(combo_of == c)
        if idx.size == 0:
            continue
        w = w32[idx]  # draws x indicators
        with np.errstate(invalid="ignore", divide="ignore"):
            out[idx, :] = (w @ filled) / (w @ present)
    return out


def _ranks(scores: F32) -> npt.NDArray[np.uint16]:
    """Rank of each column within each draw (row), 1 = highest, ties sharing the best rank; on a 0.1-point grid.

    A histogram of each draw's scores, summed from the top, gives how many models are above each score: one pass,
    no sort. Each draw's histogram is small (2,001 bins), so the look-ups stay in the cache.
    """
    draws = scores.shape[0]
    bins = 2001  # -100.0 .. 100.0 in steps of 0.1 (axes go negative)
    # (score + 100) * 10, rounded: adding 0.5 before truncating rounds the (non-negative) values.
    q = (scores * 10 + 1000.5).astype(np.int32)
    np.clip(q, 0, bins - 1, out=q)  # NaN (never in measured rows) would land on a bin edge, not outside
    q += (np.arange(draws, dtype=np.int32) * bins)[:, None]  # each draw its own run of bins
    hist = np.bincount(q.ravel(), minlength=draws * bins).astype(np.int32).reshape(draws, bins)
    above = np.zeros_like(hist)  # models strictly above each bin: reversed cumulative count, shifted one bin
    np.cumsum(hist[:, :0:-1], axis=1, out=above[:, -2::-1])
    return (above.ravel()[q] + 1).astype(np.uint16)


def _quantiles(a: npt.NDArray[np.generic], qs: list[float]) -> list[Matrix]:
    """Nearest-rank quantiles along axis 1 (one sort; uint16 values sort by radix)."""
    n = a.shape[1]
    ks = [min(n - 1, max(0, int(np.ceil(q * n)) - 1)) for q in qs]
    ordered = np.sort(a, axis=1, kind="stable")
    return [ordered[:, k].astype(float) for k in ks]


BLOCK = 500  # draws computed together: big enough for fast matrix products, small enough to stay in the cache


def _draw_block(
    methodology: Methodology,
    prepared: dict[str, Prepared],
    rows: dict[str, npt.NDArray[np.int64]],
    combo_of: npt.NDArray[np.int64],
    weights: dict[str, Matrix],
) -> dict[str, F32]:
    """Scores (draws x measured models) of every dimension and axis for one block of draws."""
    out: dict[str, F32] = {}
    for dim in DIMENSIONS:
        out[dim] = _draw_scores(prepared[dim], combo_of, weights[dim])
    for name in AXES:
        axis = methodology.aggregation.axes[name]
        poles: list[F32] = []
        for p, pole in enumerate((axis.first_pole, axis.second_pole)):
            if pole.dimensions:
                parts = [out[d][:, np.searchsorted(rows[d], rows[name])] for d in pole.dimensions]
                poles.append(parts[0] if len(parts) == 1 else np.mean(parts, axis=0).astype(np.float32))
            else:
                equal = np.ones((len(combo_of), len(pole.indicators)))
                poles.append(_draw_scores(prepared[f"{name}:{p}"], combo_of, equal))
        out[name] = poles[0] - poles[1]
    return out


def run_monte_carlo(
    table: IndicatorTable,
    methodology: Methodology,
    measured: Matrix,
    groups: GroupSpec | None = None,
    group_index: dict[tuple[str, int | None], int] | None = None,
    draws: int | None = None,
) -> MonteCarloResult:
    """Draw scores for every measure of every model measured nominally (`measured`: models x 13, NaN = not).

    Draws are computed in blocks; each block's scores are kept as hundredths of a point and its ranks as integers
    (two bytes each), and the group means per draw, so that the intervals are exact quantiles over all draws.
    """
    u = methodology.uncertainty
    draws = draws or u.draws
    rng = np.random.default_rng(u.seed)
    combos = _combos(table, methodology)
    combo_of = rng.integers(0, len(combos), size=draws)
    weights: dict[str, Matrix] = {}
    for dim in DIMENSIONS:
        nominal = np.array([i.weight for i in methodology.in_dimension(dim)])
        weights[dim] = _dirichlet(rng, nominal, u.dirichlet_concentration, draws)
    measures = (*DIMENSIONS, *AXES)
    rows = {name: np.flatnonzero(~np.isnan(measured[:, m])) for m, name in enumerate(measures)}
    kept_scores = {name: np.empty((len(rows[name]), draws), dtype=np.uint16) for name in measures}
    # Ranks are kept for the eight dimensions; an axis is a difference of two of them, reported with its interval.
    kept_ranks = {name: np.empty((len(rows[name]), draws), dtype=np.uint16) for name in DIMENSIONS}
    ids = [i.id for i in methodology.indicators]
    prepared: dict[str, Prepared] = {}
    for dim in DIMENSIONS:
        cols = [j for j, ind in enumerate(methodology.indicators) if ind.dimension == dim]
        prepared[dim] = _prepare(combos, cols, rows[dim])
    for name in AXES:
        axis = methodology.aggregation.axes[name]
        for p, pole in enumerate((axis.first_pole, axis.second_pole)):
            if pole.indicators:
                prepared[f"{name}:{p}"] = _prepare(combos, [ids.index(i) for i in pole.indicators], rows[name])
    keys = groups.with_interval() if groups is not None else np.zeros(0, dtype=np.int64)
    members = {name: groups.matrix[keys][:, rows[name]].astype(np.float32) for name in measures} if groups else {}
    totals = {name: np.asarray(m.sum(axis=1)).ravel() for name, m in members.items()}
    group_means = {name: np.empty((len(keys), draws), dtype=np.float32) for name in measures} if groups else {}

    def block(start: int) -> None:
        stop = min(draws, start + BLOCK)
        scores = _draw_block(
            methodology, prepared, rows, combo_of[start:stop], {d: w[start:stop] for d, w in weights.items()}
        )
        for name, s in scores.items():
            # hundredths of a point, offset by 100 so that axes (-100..100) fit an unsigned integer
            kept_scores[name][:, start:stop] = (s * 100 + 10000.5).astype(np.uint16).T
            if name in kept_ranks:
                kept_ranks[name][:, start:stop] = _ranks(s).T
            if groups is not None:
                with np.errstate(invalid="ignore", divide="ignore"):
                    group_means[name][:, start:stop] = np.asarray(members[name] @ s.T) / totals[name][:, None]

    # NumPy releases the GIL in its matrix products, counting and sorting: two blocks at a time use both cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(block, range(0, draws, BLOCK)))

    tail = (1 - u.interval) / 2
    qs = [tail, 0.5, 1 - tail]
    result = MonteCarloResult(draws)

    def summarise(name: str) -> None:
        lo, med, hi = (v / 100 - 100 for v in _quantiles(kept_scores[name], qs))
        if name in kept_ranks:
            rlo, rmed, rhi = _quantiles(kept_ranks[name], qs)
        else:
            rlo = rmed = rhi = np.full(len(rows[name]), np.nan)
        result.models[name] = Summary(rows[name], lo, med, hi, rmed, rlo, rhi)
        if groups is not None:
            means = group_means[name]
            ks = [max(0, int(np.ceil(q * draws)) - 1) for q in (tail, 1 - tail)]
            part = np.partition(means, ks, axis=1)
            group_lo: F32 = np.full(len(groups.keys), np.nan, dtype=np.float32)
            group_hi: F32 = group_lo.copy()
            group_lo[keys], group_hi[keys] = part[:, ks[0]], part[:, ks[1]]
            result.groups[name] = (group_lo, group_hi)
            position = {int(g): k for k, g in enumerate(keys)}
            for comparison in u.comparisons:
                a = position.get(group_index.get((comparison.a, comparison.year), -1)) if group_index else None
                b = position.get(group_index.get((comparison.b, comparison.year), -1)) if group_index else None
                if comparison.measure == name and a is not None and b is not None:
                    result.comparisons[comparison.id] = float(np.mean(means[a] > means[b]))

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(summarise, measures))
    return result

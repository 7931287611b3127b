"""Figures with their uncertainty: bootstrap intervals on shares, differences and ratios, and variance explained.

Every interval is a percentile bootstrap at the level claims.yaml sets (90% by default, like the score intervals),
with a fixed seed so that a claim gives the same figures on the same data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]


class _Num:
    """A number that formats as "n/a" when missing, so headline templates never fail on absent data."""

    def __init__(self, value: float | None) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        return "n/a" if self.value is None else format(self.value, spec)


@dataclass(frozen=True)
class Figure:
    """One measured figure: a value, an optional interval, a label and a unit (share, ratio, usd, flop, count ...)."""

    value: float | None
    lo: float | None = None
    hi: float | None = None
    label: str = ""
    unit: str = ""
    n: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": _clean(self.value), "lo": _clean(self.lo), "hi": _clean(self.hi)}
        out.update({"label": self.label, "unit": self.unit})
        if self.n is not None:
            out["n"] = self.n
        return out

    def __format__(self, spec: str) -> str:
        return format(_Num(self.value), spec)


class FigureView:
    """What a headline template sees: `{name}` formats the value, `{name.lo}` and `{name.hi}` the bounds."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.lo = _Num(figure.lo)
        self.hi = _Num(figure.hi)
        self.n = _Num(figure.n)

    def __format__(self, spec: str) -> str:
        return format(_Num(self.figure.value), spec)


def _clean(value: float | None) -> float | None:
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return None
    return float(value)


class Bootstrap:
    """Percentile bootstrap with a fixed seed; `draws` resamples, interval at `level`."""

    def __init__(self, draws: int = 2000, level: float = 0.9, seed: int = 20250101) -> None:
        self.draws = draws
        self.level = level
        self.seed = seed

    def _rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)

    def _bounds(self, samples: Array) -> tuple[float | None, float | None]:
        finite = samples[np.isfinite(samples)]
        if finite.size == 0:
            return None, None
        tail = (1 - self.level) / 2 * 100
        lo, hi = np.percentile(finite, [tail, 100 - tail])
        return float(lo), float(hi)

    def resample(
        self, values: Sequence[float] | Array, stat: Callable[[Array], Array], rng: np.random.Generator
    ) -> Array:
        """`stat` applied row-wise to `draws` resamples of `values` (a draws x n matrix). The values are sorted
        first, so the interval does not depend on the order the database returned them in."""
        x = np.sort(np.asarray(values, dtype=float))
        if x.size == 0:
            return np.full(self.draws, np.nan)
        if stat is _row_mean and np.isin(x, (0.0, 1.0)).all():
            # a resample mean of 0/1 values is Binomial(n, share) / n: the same draws, without an n x draws matrix
            return np.asarray(rng.binomial(x.size, x.mean(), size=self.draws) / x.size, dtype=float)
        idx = rng.integers(0, x.size, size=(self.draws, x.size))
        return stat(x[idx])

    def mean(self, values: Sequence[float] | Array, label: str = "", unit: str = "share") -> Figure:
        """Mean (a share when the values are 0/1) with its interval."""
        x = np.asarray(values, dtype=float)
        if x.size == 0:
            return Figure(None, label=label, unit=unit, n=0)
        lo, hi = self._bounds(self.resample(x, _row_mean, self._rng()))
        return Figure(float(x.mean()), lo, hi, label, unit, int(x.size))

    def difference(
        self,
        a: Sequence[float] | Array,
        b: Sequence[float] | Array,
        label: str = "",
        unit: str = "share",
        stat: Callable[[Array], Array] | None = None,
    ) -> Figure:
        """stat(a) - stat(b) (means by default), each group resampled on its own."""
        f = stat or _row_mean
        xa, xb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        if xa.size == 0 or xb.size == 0:
            return Figure(None, label=label, unit=unit)
        rng = self._rng()
        samples = self.resample(xa, f, rng) - self.resample(xb, f, rng)
        value = float(f(xa[None, :])[0] - f(xb[None, :])[0])
        lo, hi = self._bounds(samples)
        return Figure(value, lo, hi, label, unit, int(xa.size + xb.size))

    def ratio(
        self,
        a: Sequence[float] | Array,
        b: Sequence[float] | Array,
        label: str = "",
        stat: Callable[[Array], Array] | None = None,
    ) -> Figure:
        """stat(a) / stat(b) (medians by default), each group resampled on its own."""
        f = stat or _row_median
        xa, xb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        if xa.size == 0 or xb.size == 0:
            return Figure(None, label=label, unit="ratio")
        rng = self._rng()
        with np.errstate(divide="ignore", invalid="ignore"):
            samples = self.resample(xa, f, rng) / self.resample(xb, f, rng)
            value = float(f(xa[None, :])[0] / f(xb[None, :])[0])
        lo, hi = self._bounds(samples)
        return Figure(value, lo, hi, label, "ratio", int(xa.size + xb.size))

    def weighted(
        self, n: int, stat: Callable[[Array], Array], value: float | None, label: str = "", unit: str = ""
    ) -> Figure:
        """A statistic of whole rows computed from bootstrap weights: `stat` gets a draws x n matrix of how often
        each row is drawn (multinomial) and returns one value per draw; `value` is the statistic on the data."""
        if n == 0:
            return Figure(None, label=label, unit=unit)
        idx = self._rng().integers(0, n, size=(self.draws, n))
        flat = (np.arange(self.draws)[:, None] * n + idx).ravel()
        weights = np.bincount(flat, minlength=self.draws * n).reshape(self.draws, n).astype(float)
        lo, hi = self._bounds(stat(weights))
        return Figure(_clean(value), lo, hi, label, unit, n)


def _row_mean(m: Array) -> Array:
    return np.asarray(m.mean(axis=1), dtype=float)


def _row_median(m: Array) -> Array:
    return np.asarray(np.median(m, axis=1), dtype=float)


def normalised_entropy(counts: Sequence[float]) -> float | None:
    """Shannon entropy of a distribution over categories, divided by log(number of categories): 0 = one, 1 = even."""
    c = np.asarray([x for x in counts if x > 0], dtype=float)
    if c.size == 0:
        return None
    if c.size == 1:
        return 0.0
    p = c / c.sum()
    return float(-(p * np.log(p)).sum() / math.log(len(counts)))

"""The Monte Carlo's rank counting against a plain sort, and its determinism."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from avsi.score.montecarlo import _quantiles, _ranks


def _ranks_by_sorting(scores: np.ndarray) -> np.ndarray:
    """1 + how many rows score strictly higher, per draw, on the same 0.1-point grid."""
    q = np.rint(scores * 10)
    return np.array([[1 + (q[d] > q[d, i]).sum() for i in range(q.shape[1])] for d in range(q.shape[0])])


@settings(max_examples=60, deadline=None)
@given(arrays(np.float32, st.tuples(st.integers(1, 6), st.integers(1, 30)),
              elements=st.floats(-100, 100, width=32).map(lambda v: round(v, 1))))  # fmt: skip
def test_ranks_match_sorting(scores: np.ndarray) -> None:
    assert (_ranks(scores) == _ranks_by_sorting(scores)).all()


def test_quantiles_nearest_rank() -> None:
    a = np.arange(1, 101, dtype=np.uint16)[None, :]
    lo, med, hi = _quantiles(a, [0.05, 0.5, 0.95])
    assert (lo[0], med[0], hi[0]) == (5, 50, 95)

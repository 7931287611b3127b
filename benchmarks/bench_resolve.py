"""Resolving every model name of every source (goal <= 5 s), against a naive fuzzy matcher in the same run."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import duckdb
from rapidfuzz import fuzz, process

from avsi import build
from avsi.resolve.identity import build_spine, source_names
from benchmarks.common import median_seconds


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build(db)
        con = duckdb.connect(str(db))
        names = [(s, n) for s, n, _, _ in source_names(con)]
        started = time.perf_counter()
        resolver, _ = build_spine(con)
        spine_s = time.perf_counter() - started
        resolve_s = median_seconds(lambda: [resolver.resolve(n, s) for s, n in names], repeat=3)
        canonical_names = [c.name.lower() for c in resolver.canonicals.values()]
        sample = [n.lower() for _, n in names[:: max(1, len(names) // 1000)]]
        naive_s = median_seconds(
            lambda: [process.extractOne(n, canonical_names, scorer=fuzz.token_sort_ratio) for n in sample], repeat=1
        )
        sample_s = median_seconds(lambda: [resolver.resolve(n) for n in sample], repeat=3)
        con.close()
    return {
        "names": len(names),
        "spine_s": spine_s,
        "resolve_all_s": resolve_s,
        "sample": len(sample),
        "naive_sample_s": naive_s,
        "resolver_sample_s": sample_s,
        "ratio_naive_over_resolver": naive_s / sample_s,
    }


def report(result: dict[str, float]) -> str:
    return (
        f"resolve: {result['names']:,.0f} distinct (source, name) pairs\n"
        f"  building the canonical spine              {result['spine_s']:7.2f} s\n"
        f"  resolving every name (median of 3)        {result['resolve_all_s']:7.2f} s   (goal <= 5)\n"
        f"  {result['sample']:.0f}-name sample: naive fuzzy over all models {result['naive_sample_s']:6.2f} s, "
        f"resolver {result['resolver_sample_s']:.3f} s, ratio {result['ratio_naive_over_resolver']:.0f}x"
    )

"""Evaluating the essay's claims (goal <= 2 s) and building the static report (goal <= 30 s), against reading the
tables they use in the same run."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import duckdb

from avsi import build, build_report, evaluate_claims
from benchmarks.common import median_seconds

TABLES = ("models", "model_aliases", "model_releases", "model_organisations", "prices", "capability_scores",
          "lineage_edges", "compute_clusters", "openness_judgements", "model_scores")  # fmt: skip


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build(db)
        con = duckdb.connect(str(db), read_only=True)
        try:
            present = [t for t in TABLES if con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [t]).fetchone()[0]]  # fmt: skip
            scan_s = median_seconds(lambda: [con.execute(f"SELECT * FROM {t}").fetchall() for t in present])
        finally:
            con.close()
        claims_s = median_seconds(lambda: evaluate_claims(db), repeat=3)
        started = time.perf_counter()
        build_report(db, Path(tmp) / "cold")  # vl-convert's JavaScript bundle may be built here (then cached)
        first_s = time.perf_counter() - started
        report_s = median_seconds(lambda: build_report(db, Path(tmp) / "report"), repeat=1, warmup=0)
        pages_s = median_seconds(lambda: build_report(db, Path(tmp) / "pages", images=False), repeat=1, warmup=0)
    return {
        "scan_tables_s": scan_s,
        "claims_s": claims_s,
        "ratio_claims_over_scan": claims_s / scan_s,
        "report_first_s": first_s,
        "report_s": report_s,
        "report_no_images_s": pages_s,
    }


def report(result: dict[str, float]) -> str:
    return (
        f"claims: evaluate all 11 (median of 3)       {result['claims_s']:7.2f} s   (goal <= 2); "
        f"{result['ratio_claims_over_scan']:.1f}x a full scan of the tables they read "
        f"({result['scan_tables_s']:.2f} s)\n"
        f"report: build with PNG/SVG exports          {result['report_s']:7.2f} s   (goal <= 30; first build "
        f"{result['report_first_s']:.1f} s)\n"
        f"        build without image exports         {result['report_no_images_s']:7.2f} s"
    )

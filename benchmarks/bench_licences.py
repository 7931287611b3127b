"""The licence stage of a build (goal <= 2 s), against the SQL alone that fetches every candidate it reads.

The ratio says what the Python side costs (normalising strings, reading Epoch's notes, the family rules) over
merely fetching the rows from DuckDB in the same run.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb

from avsi import build
from avsi.licences.assign import CANDIDATES
from avsi.licences.inventory import licence_inventory
from avsi.licences.stage import build_licence_stage
from avsi.store.rows import table_names
from benchmarks.common import median_seconds


def _fetch_only(con: duckdb.DuckDBPyConnection) -> None:
    present = table_names(con)
    licence_inventory(con)
    for _, _, needed, sql in CANDIDATES:
        if all(t in present for t in needed):
            con.execute(sql).fetchall()


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        built = Path(tmp) / "built.duckdb"
        build(built)
        work = Path(tmp) / "work.duckdb"
        shutil.copyfile(built, work)
        con = duckdb.connect(str(work))
        stage_s = median_seconds(lambda: build_licence_stage(con))
        fetch_s = median_seconds(lambda: _fetch_only(con))
        coverage = build_licence_stage(con)
        con.close()
    return {
        "stage_s": stage_s,
        "fetch_only_s": fetch_s,
        "ratio_stage_over_fetch": stage_s / fetch_s,
        "open_weight_models": coverage["open_weight_models"],
        "share_open_weight_with_licence": coverage["share_open_weight_with_licence"],
    }


def report(result: dict[str, float]) -> str:
    return (
        f"licences: stage {result['stage_s']:.2f} s (goal <= 2), fetching its candidates alone "
        f"{result['fetch_only_s']:.2f} s, ratio {result['ratio_stage_over_fetch']:.1f}x; "
        f"{result['share_open_weight_with_licence']:.1%} of {result['open_weight_models']:,.0f} open-weight models "
        "get a licence id"
    )

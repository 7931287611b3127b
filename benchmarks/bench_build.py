"""Build time against the time DuckDB needs merely to scan the same raw files (goal: ratio <= 3)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from avsi import build, shipped_data_dir
from avsi.sources import all_sources
from benchmarks.common import median_seconds


def input_files(data: Path) -> list[Path]:
    # A file that fills several tables is scanned once, as a reader would.
    return list(dict.fromkeys(data / s.info.folder / f.path for s in all_sources() for f in s.files))


def scan_sql(path: Path) -> str:
    name = path.name
    p = str(path).replace("'", "''")
    if name.endswith(".parquet"):
        return f"SELECT count(*) FROM read_parquet('{p}')"
    if ".csv" in name:
        return f"SELECT count(*) FROM read_csv('{p}', all_varchar = true, header = true, max_line_size = 100000000)"
    return f"SELECT count(*) FROM read_json_objects('{p}', format = 'auto', maximum_object_size = 268435456)"


def lenient_scan_sql(path: Path) -> str:
    """Fallback for the few CSVs DuckDB's sniffer rejects (e.g. ragged rows): its lenient options."""
    p = str(path).replace("'", "''")
    return (
        f"SELECT count(*) FROM read_csv('{p}', all_varchar = true, header = true, strict_mode = false, "
        "null_padding = true, ignore_errors = true)"
    )


def scan_all(files: list[Path]) -> None:
    con = duckdb.connect()
    for path in files:
        try:
            con.execute(scan_sql(path)).fetchall()
        except duckdb.Error:
            con.execute(lenient_scan_sql(path)).fetchall()
    con.close()


def run() -> dict[str, float]:
    data = shipped_data_dir()
    files = input_files(data)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        reports = []
        build_s = median_seconds(lambda: reports.append(build(db, data_dir=data)))
        scan_s = median_seconds(lambda: scan_all(files))
    # The loading stage (read, type, check, quarantine, write the raw tables) is what a scan compares with;
    # the later stages (core tables, identity, licences) are derived work a scan does not do.
    load_s = sorted(r.stages["load"] for r in reports)[len(reports) // 2]
    stages = {k: sorted(r.stages[k] for r in reports)[len(reports) // 2] for k in reports[0].stages}
    return {"files": len(files), "rows_read": reports[0].totals[0], "build_s": build_s, "load_s": load_s,
            "duckdb_scan_s": scan_s, "ratio": build_s / scan_s, "load_ratio": load_s / scan_s,
            **{f"stage_{k}_s": v for k, v in stages.items()}}  # fmt: skip


def report(result: dict[str, float]) -> str:
    return (
        f"build: {result['files']:.0f} files, {result['rows_read']:,.0f} rows read\n"
        f"  DuckDB scan of the same files             {result['duckdb_scan_s']:7.2f} s\n"
        f"  avsi load stage (read, type, check, write) {result['load_s']:6.2f} s   ratio {result['load_ratio']:.2f}"
        f"   (goal <= 3)\n"
        f"  whole avsi build (median of 3)            {result['build_s']:7.2f} s   ratio {result['ratio']:.2f}\n"
        f"    stages: " + ", ".join(f"{k[6:-2]} {v:.2f} s" for k, v in result.items() if k.startswith("stage_"))
    )

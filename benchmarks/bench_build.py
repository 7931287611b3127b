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
        build_s = median_seconds(lambda: build(db, data_dir=data))
        scan_s = median_seconds(lambda: scan_all(files))
        rows = build(db, data_dir=data).totals[0]
    return {"files": len(files), "rows_read": rows, "build_s": build_s, "duckdb_scan_s": scan_s,
            "ratio": build_s / scan_s}  # fmt: skip


def report(result: dict[str, float]) -> str:
    return (
        f"build: {result['files']:.0f} files, {result['rows_read']:,.0f} rows read\n"
        f"  avsi build (median of 3)        {result['build_s']:7.2f} s\n"
        f"  DuckDB scan of the same files   {result['duckdb_scan_s']:7.2f} s\n"
        f"  ratio build / scan              {result['ratio']:7.2f}   (goal <= 3)"
    )

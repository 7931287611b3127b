"""Writing Python rows to DuckDB in one statement (DuckDB's executemany goes row by row)."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]]) -> None:
    """Insert Python rows in one statement through Arrow (DuckDB's executemany goes row by row)."""
    if not rows:
        return
    columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
    data = pa.table({name: [row[i] for row in rows] for i, name in enumerate(columns)})
    con.register("_avsi_rows", data)
    try:
        con.execute(f'INSERT INTO "{table}" SELECT * FROM _avsi_rows')
    finally:
        con.unregister("_avsi_rows")

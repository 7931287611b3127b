"""Small table helpers the stages share: which tables a build holds, and writing Python rows in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Sequence[Any]]) -> None:
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


def table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables of the database (a build may hold a subset of the sources)."""
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}

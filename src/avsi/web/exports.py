"""CSV and Parquet downloads of every table of a build.

A table is named by the caller, so only names that are tables of the open build (and plain identifiers) are
accepted: nothing the caller sends reaches a file path or the SQL text. DuckDB writes the file into a private
temporary folder that is removed before the bytes are returned.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any, Literal

import duckdb

from avsi.exceptions import UsageError

Format = Literal["csv", "parquet"]
MEDIA_TYPES: dict[str, str] = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}
_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def table_list(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every table of the build with its number of rows and columns."""
    return [
        {"name": name, "rows": int(rows or 0), "columns": int(cols)}
        for name, rows, cols in con.execute(
            "SELECT table_name, estimated_size, column_count FROM duckdb_tables() "
            "WHERE database_name = current_database() ORDER BY table_name"
        ).fetchall()
    ]


def export_table(con: duckdb.DuckDBPyConnection, tables: frozenset[str], name: str, fmt: str) -> bytes:
    """The whole table as CSV (with a header) or Parquet bytes; UsageError for an unknown table or format."""
    if fmt not in MEDIA_TYPES:
        raise UsageError(f"unknown format {fmt!r}; use csv or parquet")
    if name not in tables or not _IDENT.match(name):
        raise UsageError(f"no table named {name!r}; see /api/v1/tables")
    options = "FORMAT csv, HEADER" if fmt == "csv" else "FORMAT parquet, COMPRESSION zstd"
    with tempfile.TemporaryDirectory(prefix="avsi-export-") as tmp:
        out = Path(tmp) / f"table.{fmt}"
        con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{out}' ({options})")
        return out.read_bytes()

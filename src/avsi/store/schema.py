"""The DuckDB schema: the logical-type map, the DDL of raw tables (from their specs) and provenance columns.

Raw tables are one per source file kind, typed from the source's `TableSpec`; every row carries where it came
from: `_source`, `_file`, `_file_sha256`, `_row` (record number in the file), `_row_key` (JSON key, if any) and
`_extra` (undeclared columns as JSON). The normalised core tables are plain DDL in `sql/` (numbered migrations).
"""

from __future__ import annotations

from avsi.sources.base import ColumnType, TableSpec

DUCKDB_TYPES: dict[ColumnType, str] = {
    "text": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "json": "JSON",
}

PROVENANCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_source", "VARCHAR NOT NULL"),
    ("_file", "VARCHAR NOT NULL"),
    ("_file_sha256", "VARCHAR NOT NULL"),
    ("_row", "BIGINT NOT NULL"),
    ("_row_key", "VARCHAR"),
    ("_extra", "JSON"),
)


def quote(identifier: str) -> str:
    """A DuckDB identifier, quoted."""
    return '"' + identifier.replace('"', '""') + '"'


def raw_table_ddl(spec: TableSpec) -> str:
    """CREATE TABLE for a raw table: the declared columns with their types, then provenance."""
    parts = [f"{quote(c.name)} {DUCKDB_TYPES[c.type]}" for c in spec.columns]
    parts += [f"{name} {sql_type}" for name, sql_type in PROVENANCE_COLUMNS]
    return f"CREATE TABLE IF NOT EXISTS {quote(spec.name)} (\n  " + ",\n  ".join(parts) + "\n)"

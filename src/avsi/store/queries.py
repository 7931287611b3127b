"""Read-only questions the CLI and (later) the web app ask of a built database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from avsi.store.build import open_database


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in cur.fetchall()]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def list_releases(db_path: Path | str, source: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Model releases as each source gives them, with organisation and country as written there."""
    con = open_database(db_path)
    try:
        sql = """
            SELECT source || ':' || source_id AS id, name, organization, country, NULL AS bloc, open_weights,
                   parameters, active_parameters, release_date, source, accessibility, licence, hf_repo,
                   _file AS file, _row AS row
            FROM model_releases WHERE (? IS NULL OR source = ?)
            ORDER BY release_date DESC NULLS LAST, source, name
        """
        params: list[Any] = [source, source]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return _rows(con, sql, params)
    finally:
        con.close()


def build_summary(db_path: Path | str) -> dict[str, Any]:
    """The build record: build info, per-source counts and the inputs with their hashes."""
    con = open_database(db_path)
    try:
        info = dict(con.execute("SELECT key, value FROM build_info ORDER BY key").fetchall())
        inputs = _rows(con, "SELECT * FROM build_inputs ORDER BY source, file, raw_table")
        sources = _rows(
            con,
            """
            SELECT s.name AS source, s.licence, s.data_date, sum(i.rows_read) AS rows_read,
                   sum(i.rows_loaded) AS rows_loaded, sum(i.rows_quarantined) AS rows_quarantined
            FROM sources s JOIN build_inputs i ON i.source = s.name GROUP BY ALL ORDER BY s.name
            """,
        )
        return {"build": info, "sources": sources, "inputs": inputs}
    finally:
        con.close()


def quarantined_rows(db_path: Path | str, source: str | None = None, limit: int | None = 50) -> list[dict[str, Any]]:
    """Quarantined rows with the file, row number, field and reason."""
    con = open_database(db_path)
    try:
        sql = """
            SELECT source, file, row_number, row_key, raw_table, field, reason, reasons
            FROM quarantine WHERE (? IS NULL OR source = ?) ORDER BY source, file, row_number
        """
        params: list[Any] = [source, source]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return _rows(con, sql, params)
    finally:
        con.close()

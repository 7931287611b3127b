"""Writing the hub tables into an avsi database, and reading them back.

In a build the tables are written inside the build's transaction (the build is atomic as a whole). `avsi hub build`
writes them into an existing database in one transaction of its own: every table is replaced or none is, and a
failure (or a kill) leaves the database as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from avsi.exceptions import StoreError, UsageError
from avsi.hub.tables import SCHEMAS, SORTS, ddl
from avsi.store import connect, open_database
from avsi.store.rows import table_names

if TYPE_CHECKING:
    from avsi.hub.engine import DuckDBEngine
    from avsi.hub.pipeline import HubOutputs


def info_table(info: Mapping[str, object]) -> pa.Table:
    keys = sorted(info)
    return pa.table({"key": keys, "value": [str(info[k]) for k in keys]}, schema=SCHEMAS["hub_info"])


def write_tables(con: duckdb.DuckDBPyConnection, results: Mapping[str, pa.Table]) -> None:
    """Replace every hub table by the given rows (inside the caller's transaction)."""
    for name, schema in SCHEMAS.items():
        rows = results.get(name, schema.empty_table()).cast(schema)
        con.execute(f'DROP TABLE IF EXISTS "{name}"')
        con.execute(ddl(name))
        if rows.num_rows:
            con.register("_avsi_hub_rows", rows)
            try:
                con.execute(f'INSERT INTO "{name}" SELECT * FROM _avsi_hub_rows')
            finally:
                con.unregister("_avsi_hub_rows")


def write_database(db_path: Path, results: Mapping[str, pa.Table]) -> None:
    """Replace the hub tables of an existing database in one transaction."""
    open_database(db_path).close()  # a clear error when there is no database
    try:
        con = connect(db_path)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open {db_path} for writing (is another process using it?): {exc}") from exc
    try:
        # As in a build: FSST string compression would double the time to write the millions of repo ids.
        with contextlib.suppress(duckdb.Error):
            con.execute("SET disabled_compression_methods = 'fsst'")
        con.execute("SET preserve_insertion_order = false")
        con.execute("BEGIN TRANSACTION")
        try:
            write_tables(con, results)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        raise StoreError(f"writing the hub tables into {db_path} failed; the database is unchanged: {exc}") from exc
    finally:
        con.close()


def write_attached(engine: DuckDBEngine, db_path: Path, outputs: HubOutputs, info: pa.Table) -> None:
    """Replace the hub tables of an existing database straight from a DuckDB engine: the database is attached to
    the engine, the tables are computed into it and `hub_stats` counted from them, in one transaction."""
    open_database(db_path).close()  # a clear error when there is no database
    con = engine.con
    quoted = str(db_path).replace("'", "''")
    try:
        con.execute(f"ATTACH '{quoted}' AS avsi_target")
    except duckdb.Error as exc:
        raise StoreError(f"cannot open {db_path} for writing (is another process using it?): {exc}") from exc
    target = {name: f'avsi_target.main."{name}"' for name in SCHEMAS}
    try:
        with contextlib.suppress(duckdb.Error):
            con.execute("SET disabled_compression_methods = 'fsst'")
        con.execute("BEGIN TRANSACTION")
        try:
            for name in SCHEMAS:
                con.execute(f"DROP TABLE IF EXISTS {target[name]}")
                con.execute(ddl(name).replace("CREATE TABLE ", "CREATE TABLE avsi_target.main.", 1))
            for name, expr in outputs.tables.items():
                con.execute(f"INSERT INTO {target[name]} {engine.compile(expr)}")
            written = {name: engine.backend.table(name, database="avsi_target.main") for name in outputs.tables}
            small = {"hub_sectors": outputs.sectors, "hub_stats": outputs.stats_table(engine, written),
                     "hub_info": info}  # fmt: skip
            for name, rows in small.items():
                con.register("_avsi_hub_rows", rows.cast(SCHEMAS[name]))
                try:
                    con.execute(f"INSERT INTO {target[name]} SELECT * FROM _avsi_hub_rows")
                finally:
                    con.unregister("_avsi_hub_rows")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("CHECKPOINT avsi_target")
    except duckdb.Error as exc:
        raise StoreError(f"writing the hub tables into {db_path} failed; the database is unchanged: {exc}") from exc
    finally:
        con.execute("DETACH avsi_target")


def read_summary(db_path: Path | str) -> dict[str, Any]:
    """The hub figures of a database: the counts (`hub_stats`), how they were made (`hub_info`), the sectors."""
    con = open_database(db_path)
    try:
        if "hub_stats" not in table_names(con):
            raise StoreError(f"{db_path} has no hub tables; run `avsi build` or `avsi hub build`")
        stats = dict(con.execute("SELECT metric, value FROM hub_stats ORDER BY metric").fetchall())
        info = dict(con.execute("SELECT key, value FROM hub_info ORDER BY key").fetchall())
        sectors = con.execute(
            "SELECT sector, label, repos, derivatives, downloads FROM hub_sectors ORDER BY derivatives DESC, sector"
        ).fetchall()
    finally:
        con.close()
    return {
        "stats": stats,
        "info": info,
        "sectors": [
            dict(zip(("sector", "label", "repos", "derivatives", "downloads"), r, strict=True)) for r in sectors
        ],
    }


def read_models(db_path: Path | str, sort: str = "derivatives", limit: int | None = 20) -> list[dict[str, Any]]:
    """`hub_model_derivatives` rows, largest first by `sort`."""
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; known: {', '.join(SORTS)}")
    con = open_database(db_path)
    try:
        if "hub_model_derivatives" not in table_names(con):
            raise StoreError(f"{db_path} has no hub tables; run `avsi build` or `avsi hub build`")
        cursor = con.execute(
            f"SELECT * FROM hub_model_derivatives ORDER BY {sort} DESC, model_id"
            + (" LIMIT ?" if limit is not None else ""),
            [limit] if limit is not None else [],
        )
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

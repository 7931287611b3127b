"""Typing and checking a batch of text rows in DuckDB, vectorised: each row is either loaded or quarantined.

For every declared column the SQL builds the typed value and the list of what is wrong with the row (not of the
declared type, required but missing, out of range, a date in the future, invalid JSON, a duplicate key, a problem
the reader found). Rows with no error go to the raw table; the rest go to `quarantine` with the first failing
field, its reason and every other reason. The counts are checked to reconcile exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from avsi.exceptions import StoreError
from avsi.sources.base import EXTRA_COLUMN, ISSUE_COLUMN, KEY_COLUMN, ROW_COLUMN, Column, RawBatch
from avsi.store.schema import quote

_TRUE = ("true", "yes", "y", "1", "t")
_FALSE = ("false", "no", "n", "0", "f")
_EARLIEST = "1900-01-01"


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _raw(col: Column) -> str:
    # A text column's cleaned value is its final value, so it needs no separate raw copy.
    return quote(col.name if col.type == "text" else col.name + "__raw")


def typed_expr(col: Column) -> str:
    """SQL turning the cleaned text column into the declared type (NULL when it does not parse)."""
    raw = _raw(col)
    match col.type:
        case "text":
            return raw
        case "int":
            num = f"TRY_CAST({raw} AS DOUBLE)"
            return f"CASE WHEN {num} = floor({num}) AND abs({num}) < 9.2e18 THEN CAST({num} AS BIGINT) END"
        case "float":
            num = f"TRY_CAST({raw} AS DOUBLE)"
            return f"CASE WHEN isfinite({num}) THEN {num} END"
        case "bool":
            low = f"lower({raw})"
            trues = ", ".join(map(_lit, _TRUE))
            falses = ", ".join(map(_lit, _FALSE))
            return f"CASE WHEN {low} IN ({trues}) THEN true WHEN {low} IN ({falses}) THEN false END"
        case "date":
            return (
                f"CASE WHEN regexp_full_match({raw}, '\\d{{4}}') THEN TRY_CAST({raw} || '-01-01' AS DATE) "
                f"WHEN regexp_full_match({raw}, '\\d{{4}}-\\d{{2}}') THEN TRY_CAST({raw} || '-01' AS DATE) "
                f"WHEN regexp_full_match({raw}, '\\d{{4}}-\\d{{2}}-\\d{{2}}([T ].*)?') "
                f"THEN TRY_CAST(left({raw}, 10) AS DATE) END"
            )
        case "timestamp":
            return f"CAST(TRY_CAST({raw} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)"
        case "json":
            return f"CASE WHEN json_valid({raw}) THEN CAST({raw} AS JSON) END"
    raise StoreError(f"unknown column type {col.type!r}")  # pragma: no cover - ColumnType is closed


def error_exprs(col: Column, today: dt.date) -> list[str]:
    """SQL expressions giving this column's error message for the row, or NULL."""
    name, raw, val = col.name, _raw(col), quote(col.name)
    shown = f"left({raw}, 60)"
    out = []
    if col.type != "text":  # text always parses; leaving its check out keeps wide tables cheap
        out.append(
            f"CASE WHEN {raw} IS NOT NULL AND {val} IS NULL "
            f"THEN {_lit(name + ': not a valid ' + col.type + ': ')} || {shown} END"
        )
    if col.required:
        out.append(f"CASE WHEN {raw} IS NULL THEN {_lit(name + ': required value is missing')} END")
    unit = f" ({col.description})" if col.description else ""
    if col.min is not None:
        out.append(
            f"CASE WHEN {val} < {col.min!r} THEN {_lit(name + ': ')} || {val}::VARCHAR "
            f"|| {_lit(f' is below the minimum {col.min:g}{unit}')} END"
        )
    if col.max is not None:
        out.append(
            f"CASE WHEN {val} > {col.max!r} THEN {_lit(name + ': ')} || {val}::VARCHAR "
            f"|| {_lit(f' is above the maximum {col.max:g}{unit}')} END"
        )
    if col.type in ("date", "timestamp"):
        out.append(
            f"CASE WHEN {val} < DATE '{_EARLIEST}' THEN {_lit(name + ': ')} || {val}::VARCHAR "
            f"|| {_lit(' is before ' + _EARLIEST + ' (implausible)')} END"
        )
        if col.not_future:
            # One day of slack for time zones between the source and the build machine.
            limit = (today + dt.timedelta(days=1)).isoformat()
            out.append(
                f"CASE WHEN {val} > DATE '{limit}' THEN {_lit(name + ': ')} || {val}::VARCHAR "
                f"|| {_lit(' is in the future (build date ' + today.isoformat() + ')')} END"
            )
    return out


@dataclass(frozen=True)
class LoadCounts:
    rows_read: int
    rows_loaded: int
    rows_quarantined: int


def load_batch(con: duckdb.DuckDBPyConnection, batch: RawBatch, today: dt.date) -> LoadCounts:
    """Type and check one batch; see `load_batches`."""
    return load_batches(con, [batch], today)[batch.file]


def load_batches(con: duckdb.DuckDBPyConnection, batches: list[RawBatch], today: dt.date) -> dict[str, LoadCounts]:
    """Type and check batches of one raw table, insert the good rows into it and the rest into `quarantine`.

    The batches (one per file) are checked in one pass, which matters for wide tables; the counts come back per
    file and must reconcile exactly (read = loaded + quarantined), or the build fails.
    """
    spec = batches[0].table
    if any(b.table.name != spec.name for b in batches):
        raise StoreError("load_batches needs batches of a single table")
    parts = [
        b.data.append_column("_file", pa.array([b.file] * b.rows_read, pa.string()))
        .append_column("_file_sha256", pa.array([b.sha256] * b.rows_read, pa.string()))
        .append_column("_source", pa.array([b.source] * b.rows_read, pa.string()))
        .append_column("_batch", pa.array([i] * b.rows_read, pa.int32()))
        for i, b in enumerate(batches)
    ]
    view = "_avsi_batch"
    con.register(view, pa.concat_tables(parts, promote_options="none"))
    try:
        provenance = f"_batch, _source, _file, _file_sha256, {ROW_COLUMN}, {KEY_COLUMN}, {EXTRA_COLUMN}, {ISSUE_COLUMN}"
        cleaned = ", ".join(f"NULLIF(trim({quote(c.name)}, ' \t\r\n'), '') AS {_raw(c)}" for c in spec.columns)
        typed = ", ".join(f"{typed_expr(c)} AS {quote(c.name)}" for c in spec.columns if c.type != "text")
        errors = [e for c in spec.columns for e in error_exprs(c, today)]
        errors.insert(0, f"CASE WHEN {ISSUE_COLUMN} IS NOT NULL THEN '_row: ' || {ISSUE_COLUMN} END")
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _avsi_checked AS
            WITH cleaned AS MATERIALIZED (
                SELECT {provenance}, {cleaned} FROM {view}
            ), typed AS MATERIALIZED (
                SELECT *, {typed or "NULL AS _nothing_typed"} FROM cleaned
            )
            SELECT *, list_filter([{", ".join(errors)}], x -> x IS NOT NULL) AS _errors FROM typed
            """
        )
        if spec.key:
            _flag_duplicate_keys(con, spec.key)
        names = ", ".join(quote(c.name) for c in spec.columns)
        con.execute(
            f"INSERT INTO {quote(spec.name)} SELECT {names}, _source, _file, _file_sha256, {ROW_COLUMN}, "
            f"{KEY_COLUMN}, CAST({EXTRA_COLUMN} AS JSON) FROM _avsi_checked "
            f"WHERE len(_errors) = 0 ORDER BY _batch, {ROW_COLUMN}"
        )
        raw_json = "json_object(" + ", ".join(f"{_lit(c.source_name)}, {_raw(c)}" for c in spec.columns) + ")"
        con.execute(
            f"""
            INSERT INTO quarantine
            SELECT _source, _file, _file_sha256, {_lit(spec.name)}, {ROW_COLUMN}, {KEY_COLUMN},
                   split_part(_errors[1], ':', 1), _errors[1], _errors, {raw_json}
            FROM _avsi_checked WHERE len(_errors) > 0 ORDER BY _batch, {ROW_COLUMN}
            """
        )
        rows = con.execute(
            "SELECT _file, count(*), count(*) FILTER (WHERE len(_errors) = 0), "
            "count(*) FILTER (WHERE len(_errors) > 0) FROM _avsi_checked GROUP BY _file"
        ).fetchall()
        found = {str(f): LoadCounts(int(r), int(lo), int(q)) for f, r, lo, q in rows}
        counts: dict[str, LoadCounts] = {}
        for batch in batches:
            got = found.get(batch.file, LoadCounts(0, 0, 0))
            if got.rows_read != batch.rows_read or got.rows_loaded + got.rows_quarantined != got.rows_read:
                raise StoreError(
                    f"{batch.file}: counts do not reconcile (read {batch.rows_read}, checked {got.rows_read}, "
                    f"loaded {got.rows_loaded}, quarantined {got.rows_quarantined})"
                )
            counts[batch.file] = got
        return counts
    finally:
        con.unregister(view)
        con.execute("DROP TABLE IF EXISTS _avsi_checked")


def _flag_duplicate_keys(con: duckdb.DuckDBPyConnection, key: tuple[str, ...]) -> None:
    """A row whose key was already seen in the table (among rows that are otherwise valid) is a duplicate."""
    cols = ", ".join(quote(k) for k in key)
    not_null = " AND ".join(f"{quote(k)} IS NOT NULL" for k in key)
    shown = " || ', ' || ".join(f"{_lit(k + '=')} || {quote(k)}::VARCHAR" for k in key)
    con.execute(
        f"""
        UPDATE _avsi_checked AS c SET _errors = list_append(c._errors, d.msg)
        FROM (
            SELECT _file AS f, {ROW_COLUMN} AS r,
                   {_lit(key[0] + ": duplicate key (")} || {shown} || ') first seen at '
                   || CASE WHEN first_file = _file THEN '' ELSE first_file || ' ' END
                   || 'row ' || first_row::VARCHAR AS msg
            FROM (
                SELECT _batch, _file, {ROW_COLUMN}, {cols},
                       row_number() OVER (PARTITION BY {cols} ORDER BY _batch, {ROW_COLUMN}) AS n,
                       first_value(_file) OVER (PARTITION BY {cols} ORDER BY _batch, {ROW_COLUMN}) AS first_file,
                       first_value({ROW_COLUMN}) OVER (PARTITION BY {cols} ORDER BY _batch, {ROW_COLUMN}) AS first_row
                FROM _avsi_checked WHERE len(_errors) = 0 AND {not_null}
            ) WHERE n > 1
        ) AS d
        WHERE c._file = d.f AND c.{ROW_COLUMN} = d.r
        """
    )

"""Typing and checking a batch of text rows in DuckDB, vectorised: each row is either loaded or quarantined.

For every declared column the SQL builds the typed value and the list of what is wrong with the row (not of the
declared type, required but missing, out of range, a date in the future, invalid JSON, a duplicate key, a problem
the reader found). Rows with no error go to the raw table; the rest go to `quarantine` with the first failing
field, its reason and every other reason. The counts are checked to reconcile exactly.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from avsi.exceptions import StoreError
from avsi.sources.base import EXTRA_COLUMN, ISSUE_COLUMN, KEY_COLUMN, ROW_COLUMN, Column, RawBatch, TableSpec
from avsi.store.schema import quote

_TRUE = ("true", "yes", "y", "1", "t")
_FALSE = ("false", "no", "n", "0", "f")
_EARLIEST = "1900-01-01"


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _raw_name(col: Column) -> str:
    # A text column's cleaned value is its final value, so it needs no separate raw copy.
    return col.name if col.type == "text" else col.name + "__raw"


def _raw(col: Column) -> str:
    return quote(_raw_name(col))


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
            # One simple CASE, not `IN (…)` lists: DuckDB plans a long IN list as a join, one per list.
            whens = [f"WHEN {_lit(t)} THEN true" for t in _TRUE] + [f"WHEN {_lit(f)} THEN false" for f in _FALSE]
            return f"CASE lower({raw}) {' '.join(whens)} END"
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
    return load_prepared(con, prepare_batches(batches, today))


_TRIMMED = " \t\r\n"
_VIEW = "_avsi_batch"
_PROVENANCE = ("_batch", "_source", "_file", "_file_sha256", ROW_COLUMN, KEY_COLUMN, EXTRA_COLUMN, ISSUE_COLUMN)


@dataclass(frozen=True)
class PreparedBatches:
    """Batches of one raw table made ready for `load_prepared` (the build prepares them in its reading thread)."""

    batches: list[RawBatch]
    data: pa.Table  # see `_combined`
    errors_sql: str
    insert_sql: str
    quarantine_sql: str
    failures: pa.Table | None = None  # (_i, _batch, _errors) of every row that fails a check, once checked


def prepare_batches(
    batches: list[RawBatch], today: dt.date, checker: duckdb.DuckDBPyConnection | None = None
) -> PreparedBatches:
    """The rows of `batches` (of a single raw table) cleaned and combined, and the SQL that checks and loads them.

    With a `checker` connection the rows are also checked there, now, so that `load_prepared` only inserts them. It
    must be set up like the connection that will load them (the same time zone: timestamps are typed with it).
    """
    spec = batches[0].table
    if any(b.table.name != spec.name for b in batches):
        raise StoreError("load_batches needs batches of a single table")
    data = _combined(batches)
    # A column with no value in any row can fail no check but `required`, and types to NULL: leaving it out of the
    # SQL keeps wide, sparse tables (hundreds of mostly absent keys) cheap to plan.
    empty = {c.name for c in spec.columns if data.column(_raw_name(c)).null_count == data.num_rows}
    values = ", ".join("NULL" if c.name in empty else typed_expr(c) for c in spec.columns)
    raw_json = "json_object(" + ", ".join(f"{_lit(c.source_name)}, {_raw(c)}" for c in spec.columns) + ")"
    checked = [c for c in spec.columns if c.name not in empty or c.required or c.name in spec.key]
    prepared = PreparedBatches(
        batches=batches,
        data=data,
        errors_sql=_errors_sql(spec, checked, today, keys_unique=_keys_unique(data, spec)),
        insert_sql=(
            f"INSERT INTO {quote(spec.name)} SELECT {values}, _source, _file, _file_sha256, {ROW_COLUMN}, "
            f"{KEY_COLUMN}, CAST({EXTRA_COLUMN} AS JSON) FROM {_VIEW}"
        ),
        quarantine_sql=(
            f"INSERT INTO quarantine SELECT _source, _file, _file_sha256, {_lit(spec.name)}, {ROW_COLUMN}, "
            f"{KEY_COLUMN}, split_part(_errors[1], ':', 1), _errors[1], _errors, {raw_json} FROM {_VIEW}"
        ),
    )
    return check_prepared(checker, prepared) if checker is not None else prepared


def check_prepared(checker: duckdb.DuckDBPyConnection, prepared: PreparedBatches) -> PreparedBatches:
    """`prepared` with its rows checked on `checker` (see `prepare_batches`), so that `load_prepared` only inserts."""
    return replace(prepared, failures=_query(checker, prepared))


def load_prepared(con: duckdb.DuckDBPyConnection, prepared: PreparedBatches) -> dict[str, LoadCounts]:
    """Check prepared batches in DuckDB, insert the good rows into their raw table and the rest into `quarantine`.

    One query finds every row that fails a check (with all its reasons, a duplicate key included), unless they were
    checked when prepared; the good rows are then inserted in row order, and the bad ones with their reasons. The
    counts come back per file.
    """
    batches, data = prepared.batches, prepared.data
    bad = prepared.failures if prepared.failures is not None else _query(con, prepared)
    good = data
    if bad.num_rows:
        good = data.filter(pc.invert(pc.is_in(data.column("_i"), value_set=bad.column("_i"))))
    # A single-table SELECT keeps its rows in order (DuckDB's insertion order), so no ORDER BY is needed.
    loaded = _insert(con, good, prepared.insert_sql) if good.num_rows else 0
    quarantined = 0
    if bad.num_rows:
        rows = data.take(bad.column("_i")).append_column("_errors", bad.column("_errors"))
        quarantined = _insert(con, rows, prepared.quarantine_sql)
    per_batch = Counter(bad.column("_batch").to_pylist())
    found: dict[str, LoadCounts] = {}
    for i, batch in enumerate(batches):
        got = found.get(batch.file, LoadCounts(0, 0, 0))
        found[batch.file] = LoadCounts(
            got.rows_read + batch.rows_read,
            got.rows_loaded + batch.rows_read - per_batch[i],
            got.rows_quarantined + per_batch[i],
        )
    counts: dict[str, LoadCounts] = {}
    for batch in batches:
        got = found[batch.file]
        if got.rows_read != batch.rows_read or got.rows_loaded + got.rows_quarantined != got.rows_read:
            raise StoreError(
                f"{batch.file}: counts do not reconcile (read {batch.rows_read}, checked {got.rows_read}, "
                f"loaded {got.rows_loaded}, quarantined {got.rows_quarantined})"
            )
        counts[batch.file] = got
    if (loaded, quarantined) != (good.num_rows, bad.num_rows):
        raise StoreError(
            f"{batches[0].table.name}: counts do not reconcile (read {data.num_rows}, loaded {loaded} of "
            f"{good.num_rows}, quarantined {quarantined} of {bad.num_rows})"
        )
    return counts


def _query(con: duckdb.DuckDBPyConnection, prepared: PreparedBatches) -> pa.Table:
    """The rows of `prepared` that fail a check: (_i, _batch, _errors)."""
    con.register(_VIEW, prepared.data)
    try:
        rows = con.execute(prepared.errors_sql).fetchall()  # few rows; works alike across DuckDB versions
    finally:
        con.unregister(_VIEW)
    return pa.table(
        {
            "_i": pa.array([r[0] for r in rows], pa.int64()),
            "_batch": pa.array([r[1] for r in rows], pa.int32()),
            "_errors": pa.array([r[2] for r in rows], pa.list_(pa.string())),
        }
    )


def _insert(con: duckdb.DuckDBPyConnection, rows: pa.Table, sql: str) -> int:
    """Run the INSERT `sql` over `rows` (registered as the view it reads); the number of rows inserted."""
    con.register(_VIEW, rows)
    try:
        result = con.execute(sql).fetchone()
    finally:
        con.unregister(_VIEW)
    return int(result[0]) if result else 0


def _cleaned(columns: list[pa.ChunkedArray]) -> list[pa.ChunkedArray]:
    """Text columns trimmed of blanks, the empty text as NULL (as SQL's NULLIF(trim(v, ' \t\r\n'), '')).

    The chunks holding any value are cleaned together, in one pass over one array: a few Arrow calls per table
    rather than a few per column (wide tables have hundreds of mostly empty columns).
    """
    todo = [
        (c, k)
        for c, column in enumerate(columns)
        for k, chunk in enumerate(column.chunks)
        if chunk.null_count < len(chunk)
    ]
    if not todo:
        return columns
    chunks = [list(column.chunks) for column in columns]
    joined = pa.concat_arrays([chunks[c][k] for c, k in todo])
    trimmed = pc.utf8_trim(joined, characters=_TRIMMED)
    cleaned = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
    offset = 0
    for c, k in todo:
        size = len(chunks[c][k])
        chunks[c][k] = cleaned.slice(offset, size)
        offset += size
    return [pa.chunked_array(column_chunks, type=pa.string()) for column_chunks in chunks]


def _combined(batches: list[RawBatch]) -> pa.Table:
    """The batches as one table in (batch, row) order: the declared columns cleaned (named as `_raw`), provenance,
    `_batch` (index of the batch) and `_i` (position in this table)."""
    spec = batches[0].table
    parts = []
    for i, b in enumerate(batches):
        n = b.rows_read
        parts.append(
            b.data.append_column("_file", pa.repeat(pa.scalar(b.file, pa.string()), n))
            .append_column("_file_sha256", pa.repeat(pa.scalar(b.sha256, pa.string()), n))
            .append_column("_source", pa.repeat(pa.scalar(b.source, pa.string()), n))
            .append_column("_batch", pa.repeat(pa.scalar(i, pa.int32()), n))
        )
    data = pa.concat_tables(parts, promote_options="none")
    order = pc.sort_indices(data, sort_keys=[("_batch", "ascending"), (ROW_COLUMN, "ascending")])
    if data.num_rows > 1 and not pc.all(pc.equal(order, pa.array(range(data.num_rows), pa.uint64()))).as_py():
        data = data.take(order)
    cleaned = _cleaned([data.column(c.name) for c in spec.columns])
    columns = {_raw_name(c): values for c, values in zip(spec.columns, cleaned, strict=True)}
    for name in _PROVENANCE:
        columns[name] = data.column(name)
    columns["_i"] = pa.chunked_array([pa.array(range(data.num_rows), pa.int64())])
    return pa.table(columns)


def _keys_unique(data: pa.Table, spec: TableSpec) -> bool:
    """Whether no two rows share a (complete) key, as far as can be told before typing: text keys only, whose
    typed value is their cleaned text (typed ones may coincide once typed, '1' and '1.0')."""
    if not spec.key or any(spec.column(k).type != "text" for k in spec.key):
        return False
    keys = data.select([_raw_name(spec.column(k)) for k in spec.key]).drop_null()
    if len(spec.key) == 1:
        return bool(pc.count_distinct(keys.column(0)).as_py() == keys.num_rows)
    return bool(keys.group_by(keys.column_names).aggregate([]).num_rows == keys.num_rows)


def _errors_sql(spec: TableSpec, columns: list[Column], today: dt.date, keys_unique: bool = False) -> str:
    """SQL giving (_i, _batch, _errors) for every row that fails a check of `columns`, in row order; the check for
    duplicate keys is left out when the keys are known to be unique."""
    typed = ", ".join(f"{typed_expr(c)} AS {quote(c.name)}" for c in columns if c.type != "text")
    errors = [e for c in columns for e in error_exprs(c, today)]
    errors.insert(0, f"CASE WHEN {ISSUE_COLUMN} IS NOT NULL THEN '_row: ' || {ISSUE_COLUMN} END")
    keys = "".join(f", {quote(k)}" for k in spec.key)
    found = f"list_filter([{', '.join(errors)}], x -> x IS NOT NULL)"
    checked = f"""
        checked AS (
            SELECT _i, _batch, _file, {ROW_COLUMN}{keys}, {found} AS _errors
            FROM (SELECT *{", " + typed if typed else ""} FROM {_VIEW})
        )"""
    if not spec.key or keys_unique:
        return f"WITH {checked} SELECT _i, _batch, _errors FROM checked WHERE len(_errors) > 0 ORDER BY _i"
    key = spec.key
    cols = ", ".join(quote(k) for k in key)
    not_null = " AND ".join(f"{quote(k)} IS NOT NULL" for k in key)
    shown = " || ', ' || ".join(f"{_lit(k + '=')} || {quote(k)}::VARCHAR" for k in key)
    # A row whose key was already seen in the table (among rows that are otherwise valid) is a duplicate.
    return f"""
        WITH {checked}, duplicates AS (
            SELECT _i AS _dup_i,
                   {_lit(key[0] + ": duplicate key (")} || {shown} || ') first seen at '
                   || CASE WHEN first_file = _file THEN '' ELSE first_file || ' ' END
                   || 'row ' || first_row::VARCHAR AS _dup_msg
            FROM (
                SELECT _i, _file, {ROW_COLUMN}, {cols},
                       row_number() OVER w AS n, first_value(_file) OVER w AS first_file,
                       first_value({ROW_COLUMN}) OVER w AS first_row
                FROM checked WHERE len(_errors) = 0 AND {not_null}
                WINDOW w AS (PARTITION BY {cols} ORDER BY _batch, {ROW_COLUMN})
            ) WHERE n > 1
        )
        SELECT _i, _batch, CASE WHEN _dup_msg IS NULL THEN _errors ELSE list_append(_errors, _dup_msg) END AS _errors
        FROM checked LEFT JOIN duplicates ON _i = _dup_i
        WHERE len(_errors) > 0 OR _dup_msg IS NOT NULL
        ORDER BY _i
        """

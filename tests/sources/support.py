"""Helpers shared by the source tests: load a batch through the store's real checks and see what it rejects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from avsi.sources.base import EXTRA_COLUMN, ISSUE_COLUMN, RawBatch
from avsi.store.migrations import migrate
from avsi.store.schema import raw_table_ddl
from avsi.store.validate import load_batch

TODAY = dt.date(2026, 11, 28)  # the build date the expected quarantines assume


def rows_where(batch: RawBatch, **match: str) -> list[dict[str, Any]]:
    """The batch's rows (as text) whose columns equal the given values."""
    return [r for r in batch.data.to_pylist() if all(r[k] == v for k, v in match.items())]


def quarantined(batch: RawBatch) -> list[tuple[int, str, str]]:
    """(row, row key or '', first reason) of each row the store quarantines when it loads the batch."""
    con = duckdb.connect()
    try:
        migrate(con)
        con.execute(raw_table_ddl(batch.table))
        counts = load_batch(con, batch, TODAY)
        found = con.execute("SELECT row_number, coalesce(row_key, ''), reason FROM quarantine ORDER BY 1").fetchall()
    finally:
        con.close()
    assert counts.rows_read == batch.rows_read
    assert counts.rows_loaded + counts.rows_quarantined == batch.rows_read
    return [(int(r), str(k), str(reason)) for r, k, reason in found]


def quarantined_reasons(batch: RawBatch) -> list[tuple[int, str]]:
    """(row, first reason) of each quarantined row."""
    return [(row, reason) for row, _, reason in quarantined(batch)]


def assert_clean_batch(batch: RawBatch) -> None:
    """Every declared column is there once, and the real file has no undeclared column and no broken record."""
    names = [c.name for c in batch.table.columns]
    assert len(set(names)) == len(names)
    assert set(names) <= set(batch.data.column_names)
    assert batch.warnings == []
    assert batch.data.column(ISSUE_COLUMN).null_count == batch.rows_read
    assert batch.data.column(EXTRA_COLUMN).null_count == batch.rows_read

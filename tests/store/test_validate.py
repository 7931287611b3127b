"""Property: whatever happens to the cells of a file, every row read is either loaded or quarantined."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avsi.sources.base import batch_from_records
from avsi.sources.epoch import ALL
from avsi.sources.readers import TextRecords, read_csv
from avsi.store.migrations import migrate
from avsi.store.schema import raw_table_ddl
from avsi.store.validate import load_batch
from tests.conftest import MINI

FILE = MINI / "epoch_ai_models" / "all_ai_models.csv.gz"
BASE = read_csv(FILE)
WIDTH = len(BASE.header)

cell_values = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["-1", "1e40", "NaN", "inf", "2999-01-01", "1800-02-30", "yes", "maybe", "{", "[]", " "]),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
corruptions = st.lists(
    st.tuples(st.integers(0, len(BASE.records) - 1), st.integers(0, WIDTH - 1), cell_values), max_size=30
)
truncations = st.lists(st.tuples(st.integers(0, len(BASE.records) - 1), st.integers(0, WIDTH - 1)), max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corruptions, truncations, st.integers(0, 3))
def test_loaded_plus_quarantined_equals_read(
    cells: list[tuple[int, int, str | None]], cuts: list[tuple[int, int]], duplicates: int
) -> None:
    records = [list(r) for r in BASE.records]
    for row, column, value in cells:
        records[row][column] = value
    issues: list[str | None] = list(BASE.row_issues)
    for row, keep in cuts:
        records[row] = records[row][:keep]
        issues[row] = f"record has {keep} fields, header has {WIDTH}"
    records += [list(records[i]) for i in range(duplicates)]
    issues += [issues[i] for i in range(duplicates)]
    text = TextRecords(BASE.header, records, list(range(1, len(records) + 1)), [None] * len(records), issues)
    batch = batch_from_records("epoch", ALL, FILE, "epoch_ai_models/all_ai_models.csv.gz", text, sha256="0" * 64)
    con = duckdb.connect()
    migrate(con)
    con.execute(raw_table_ddl(ALL))
    counts = load_batch(con, batch, dt.date(2026, 11, 28))
    assert counts.rows_read == len(records)
    assert counts.rows_loaded + counts.rows_quarantined == counts.rows_read
    loaded = {r[0] for r in con.execute("SELECT _row FROM epoch_all_models").fetchall()}
    quarantined = {r[0] for r in con.execute("SELECT row_number FROM quarantine").fetchall()}
    assert loaded.isdisjoint(quarantined)
    assert loaded | quarantined == set(range(1, len(records) + 1))
    # A row that was cut short can never be loaded.
    assert not any(issues[i] for i in range(len(records)) if i + 1 in loaded)


def test_real_slice_loads_completely(tmp_path: Path) -> None:
    con = duckdb.connect()
    migrate(con)
    con.execute(raw_table_ddl(ALL))
    batch = batch_from_records("epoch", ALL, FILE, "x", BASE)
    counts = load_batch(con, batch, dt.date(2026, 11, 28))
    assert (counts.rows_read, counts.rows_loaded, counts.rows_quarantined) == (20, 20, 0)
    first = con.execute(
        "SELECT model, organization, publication_date, parameters FROM epoch_all_models WHERE _row = 1"
    ).fetchone()
    assert first == ("Solar Open 100B", "Upstage", dt.date(2025, 12, 31), 102e9)

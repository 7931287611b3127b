"""The AI legislation tracker reader on the shipped snapshot: rows, declared columns, what the store loads, values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.legislation import SOURCE
from tests.sources.support import assert_clean_batch, quarantined, rows_where

ROWS = {"legislation_frameworks": 10, "legislation_us_federal": 8, "legislation_us_states": 10}  # = SOURCES.md


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.table.name: b for b in SOURCE.read(shipped_data_dir())}


def test_registered_and_described() -> None:
    assert get_source("legislation") is SOURCE
    assert (SOURCE.info.folder, SOURCE.info.licence, SOURCE.info.data_date) == (
        "ai_legislation_tracker",
        "MIT",
        "2024-12-24",
    )
    assert "delschlangen/ai-legislation-tracker" in SOURCE.info.attribution


def test_rows_read(batches: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS


def test_every_key_declared_and_no_row_issues(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert_clean_batch(batch)


def test_store_loads_every_row(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert quarantined(batch) == [], batch.table.name


def test_known_values(batches: dict[str, RawBatch]) -> None:
    (ai_act,) = rows_where(batches["legislation_frameworks"], id="intl-001")
    assert (ai_act["name"], ai_act["jurisdiction"], ai_act["date_adopted"]) == (
        "EU AI Act",
        "European Union",
        "2024-03-13",
    )
    assert (ai_act["full_application_date"], ai_act["fines_max_percentage"], ai_act["fines_max_euro"]) == (
        "2026-08-01",
        "7",
        "35000000",
    )
    assert ai_act["tags"] == '["comprehensive", "risk_based", "binding", "eu"]'
    (eo,) = rows_where(batches["legislation_us_federal"], id="fed-001")
    assert (eo["status"], eo["date_issued"], eo["date_rescinded"]) == ("rescinded", "2023-10-30", "2025-01-20")
    (colorado,) = rows_where(batches["legislation_us_states"], id="state-001")
    assert (colorado["state"], colorado["bill_number"], colorado["effective_date"]) == (
        "Colorado",
        "SB 24-205",
        "2026-02-01",
    )
    assert colorado["covered_decisions"] is not None and '"Employment"' in colorado["covered_decisions"]

"""The genai-prices reader on the shipped snapshot: rows read, declared columns, what the store loads, values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import EXTRA_COLUMN, ISSUE_COLUMN, RawBatch
from avsi.sources.genai_prices import SOURCE
from tests.sources.support import quarantined, rows_where

# = SOURCES.md: 34 providers; its 1,442 models give 1,451 rows, as 9 models list two dated/conditional prices.
ROWS = {"genai_prices_providers": 34, "genai_prices_models": 1451}


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.table.name: b for b in SOURCE.read(shipped_data_dir())}


def test_registered_and_described() -> None:
    assert get_source("genai_prices") is SOURCE
    assert (SOURCE.info.licence, SOURCE.info.data_date) == ("MIT", "2026-08-21")
    assert "Pydantic Services Inc." in SOURCE.info.attribution


def test_rows_read(batches: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS
    models = batches["genai_prices_models"].data
    assert len({(r["provider_id"], r["model_id"]) for r in models.to_pylist()}) == 1442
    assert models.column("_row").to_pylist() == list(range(1, 1452))


def test_every_key_declared_and_no_row_issues(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        names = [c.name for c in batch.table.columns]
        assert len(set(names)) == len(names)
        assert set(names) <= set(batch.data.column_names)
        assert batch.warnings == []
        assert batch.data.column(ISSUE_COLUMN).null_count == batch.rows_read
        assert batch.data.column(EXTRA_COLUMN).null_count == batch.rows_read  # `models` is left out on purpose


def test_store_loads_every_row(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert quarantined(batch) == [], batch.table.name


def test_tiered_and_dated_prices(batches: dict[str, RawBatch]) -> None:
    models = batches["genai_prices_models"]
    tiered, dated = rows_where(models, provider_id="anthropic", model_id="claude-opus-4-6")
    assert (tiered["price_index"], tiered["constraint"], tiered["input_mtok"], tiered["output_mtok"]) == (
        "0",
        None,
        "5",
        "25",
    )
    assert tiered["input_mtok_tiers"] == '[{"price": 10, "start": 200000}]'
    assert (dated["start_date"], dated["input_mtok"], dated["input_mtok_tiers"]) == ("2026-03-13", "5", None)
    assert dated["_row_key"] == "anthropic/claude-opus-4-6/1"
    before, after = rows_where(models, provider_id="openai", model_id="o3")
    assert (before["input_mtok"], after["input_mtok"], after["start_date"]) == ("10", "2", "2025-06-10")
    _, peak = rows_where(models, provider_id="deepseek", model_id="deepseek-chat")
    assert (peak["start_time"], peak["end_time"], peak["input_mtok"]) == ("00:30:00Z", "16:30:00Z", "0.27")
    (gpt4o,) = rows_where(models, provider_id="openai", model_id="gpt-4o")
    assert (gpt4o["input_mtok"], gpt4o["output_mtok"], gpt4o["cache_read_mtok"]) == ("2.5", "10", "1.25")
    assert gpt4o["context_window"] == "128000"


def test_provider(batches: dict[str, RawBatch]) -> None:
    (anthropic,) = rows_where(batches["genai_prices_providers"], id="anthropic")
    assert (anthropic["name"], anthropic["pricing_urls"]) == ("Anthropic", '["https://www.anthropic.com/pricing#api"]')
    assert anthropic["model_match"] == '{"contains": "claude"}'

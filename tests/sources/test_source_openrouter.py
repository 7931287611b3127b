"""The OpenRouter reader on the shipped snapshot: rows read, declared columns, what the store loads, known values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.openrouter import SOURCE
from tests.sources.support import assert_clean_batch, quarantined, rows_where


@pytest.fixture(scope="module")
def batch() -> RawBatch:
    (only,) = SOURCE.read(shipped_data_dir())
    return only


def test_registered_and_described() -> None:
    assert get_source("openrouter") is SOURCE
    assert (SOURCE.info.folder, SOURCE.info.licence, SOURCE.info.data_date) == ("models_dev", "MIT", "2026-05-15")
    assert "OpenRouter" in SOURCE.info.attribution


def test_rows_read(batch: RawBatch) -> None:
    # SOURCES.md counts 1 top-level key ("data"); the rows are its 364 models.
    assert (batch.table.name, batch.rows_read) == ("openrouter_models", 364)


def test_every_key_declared_and_no_row_issues(batch: RawBatch) -> None:
    assert_clean_batch(batch)


def test_store_loads_every_row(batch: RawBatch) -> None:
    assert quarantined(batch) == []


def test_known_values(batch: RawBatch) -> None:
    (gpt4o,) = rows_where(batch, id="openai/gpt-4o")
    assert (gpt4o["price_prompt"], gpt4o["price_completion"]) == ("0.0000025", "0.00001")  # USD per token
    assert (gpt4o["created"], gpt4o["context_length"]) == ("2024-05-13T00:00:00+00:00", "128000")
    assert (gpt4o["knowledge_cutoff"], gpt4o["pricing_variable"]) == ("2023-10-31", "false")
    assert gpt4o["hugging_face_id"] is None
    (granite,) = rows_where(batch, id="ibm-granite/granite-4.1-8b")
    assert granite["hugging_face_id"] == "ibm-granite/granite-4.1-8b"
    assert granite["price_input_cache_read"] == "0.00000005"
    (grok,) = rows_where(batch, id="x-ai/grok-4.1-fast")
    assert (grok["expiration_date"], grok["price_web_search"]) == ("2026-05-15", "0.005")


def test_router_prices_are_variable(batch: RawBatch) -> None:
    # OpenRouter gives the price "-1" for its three routers: NULL here, with pricing_variable set.
    variable = rows_where(batch, pricing_variable="true")
    assert sorted(r["id"] for r in variable) == ["openrouter/auto", "openrouter/bodybuilder", "openrouter/pareto-code"]
    assert all(r["price_prompt"] is None and r["price_completion"] is None for r in variable)

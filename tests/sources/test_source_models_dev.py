"""The models.dev reader on the shipped snapshot: rows read, declared columns, what the store loads, known values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import EXTRA_COLUMN, ISSUE_COLUMN, RawBatch
from avsi.sources.models_dev import SOURCE
from tests.sources.support import quarantined, rows_where

# = SOURCES.md (5,307 lines; 147 JSON keys; 231 list entries)
ROWS = {"models_dev_models": 5307, "models_dev_providers": 147, "models_dev_lab_models": 231}


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.table.name: b for b in SOURCE.read(shipped_data_dir())}


def test_registered_and_described() -> None:
    assert get_source("models_dev") is SOURCE
    assert SOURCE.info.licence == "MIT"
    assert SOURCE.info.data_date == "2026-07-02"
    assert "models.dev" in SOURCE.info.attribution


def test_rows_read(batches: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS


def test_every_key_declared_and_no_row_issues(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        names = [c.name for c in batch.table.columns]
        assert len(set(names)) == len(names)
        assert set(names) <= set(batch.data.column_names)
        assert batch.warnings == []
        assert batch.data.column(ISSUE_COLUMN).null_count == batch.rows_read
        assert batch.data.column(EXTRA_COLUMN).null_count == batch.rows_read  # every key is declared


def test_store_loads_all_but_impossible_dates(batches: dict[str, RawBatch]) -> None:
    assert quarantined(batches["models_dev_models"]) == [
        (593, "", "knowledge: not a valid date: 2025-02-31"),  # azure-cognitive-services/claude-haiku-4-5
        (689, "", "knowledge: not a valid date: 2025-02-31"),  # azure/claude-haiku-4-5
        (4438, "", "release_date: not a valid date: 2025-25-11"),  # scaleway/qwen3-embedding-8b
    ]
    assert quarantined(batches["models_dev_providers"]) == []
    assert quarantined(batches["models_dev_lab_models"]) == []


def test_known_model(batches: dict[str, RawBatch]) -> None:
    (gpt4o,) = rows_where(batches["models_dev_models"], provider_id="openai", model_id="gpt-4o")
    assert gpt4o["_row"] == 3487  # the line number
    assert (gpt4o["cost_input"], gpt4o["cost_output"], gpt4o["cost_cache_read"]) == ("2.5", "10.0", "1.25")
    assert (gpt4o["context_limit"], gpt4o["output_limit"]) == ("128000", "16384")
    assert (gpt4o["release_date"], gpt4o["knowledge"], gpt4o["open_weights"]) == ("2024-05-13", "2023-09", "false")
    assert gpt4o["input_modalities"] == '["text", "image", "pdf"]'
    (opus,) = rows_where(batches["models_dev_models"], provider_id="anthropic", model_id="claude-opus-4-7")
    assert (opus["cost_input"], opus["cost_cache_write"]) == ("5.0", "6.25")
    assert opus["experimental"] is not None and '"output": 150.0' in opus["experimental"]


def test_oddities_kept_as_given(batches: dict[str, RawBatch]) -> None:
    # frogbot gives 1970-01-01 (a Unix-epoch placeholder) as release date; it is a valid date, so it loads.
    (kimi,) = rows_where(batches["models_dev_models"], provider_id="frogbot", model_id="kimi-k2.5")
    assert kimi["release_date"] == "1970-01-01"
    # `interleaved` is either true or an object naming the field: kept whole, as JSON.
    interleaved = {r["interleaved"] for r in batches["models_dev_models"].data.to_pylist()}
    assert interleaved == {None, "true", '{"field": "reasoning_content"}', '{"field": "reasoning_details"}'}
    # Seven rows spell the cache prices differently (cached_input …): kept in their own columns.
    data = batches["models_dev_models"].data
    assert data.num_rows - data.column("cost_cached_input").null_count == 7


def test_provider_and_lab_model(batches: dict[str, RawBatch]) -> None:
    (openai,) = rows_where(batches["models_dev_providers"], provider_id="openai")
    assert (openai["name"], openai["env"], openai["_row_key"]) == ("OpenAI", '["OPENAI_API_KEY"]', "openai")
    (qwen,) = rows_where(batches["models_dev_lab_models"], lab_id="alibaba", model_id="qwen2-5-vl-72b-instruct")
    assert (qwen["release_date"], qwen["open_weights"], qwen["context_limit"]) == ("2024-09", "true", "131072")
    assert (
        qwen["weights"] == '[{"label": "Hugging Face", "url": "https://huggingface.co/Qwen/Qwen2.5-VL-72B-Instruct"}]'
    )

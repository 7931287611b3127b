"""The llmfit reader on the shipped snapshot: rows read, declared columns, what the store loads, known values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.llmfit import SOURCE
from tests.sources.support import assert_clean_batch, quarantined, rows_where


@pytest.fixture(scope="module")
def batch() -> RawBatch:
    (only,) = SOURCE.read(shipped_data_dir())
    return only


def test_registered_and_described() -> None:
    assert get_source("llmfit") is SOURCE
    assert (SOURCE.info.licence, SOURCE.info.data_date) == ("MIT", "2026-05-12")
    assert "AlexsJones/llmfit" in SOURCE.info.attribution


def test_rows_read(batch: RawBatch) -> None:
    assert (batch.table.name, batch.rows_read) == ("llmfit_models", 1852)  # = SOURCES.md


def test_every_key_declared_and_no_row_issues(batch: RawBatch) -> None:
    assert_clean_batch(batch)


def test_store_loads_every_row(batch: RawBatch) -> None:
    assert quarantined(batch) == []  # names are unique, so `name` is the key


def test_known_models(batch: RawBatch) -> None:
    (llama,) = rows_where(batch, name="meta-llama/Llama-3.1-8B-Instruct")
    assert (llama["provider"], llama["parameter_count"], llama["parameters"]) == ("Meta", "8.0B", "8030261248")
    assert (llama["min_ram_gb"], llama["recommended_ram_gb"], llama["min_vram_gb"]) == ("4.5", "7.5", "4.1")
    assert (llama["quantization"], llama["release_date"], llama["hf_downloads"], llama["hf_likes"]) == (
        "Q4_K_M",
        "2024-07-18",
        "9393633",
        "5804",
    )
    assert llama["gguf_sources"] == '[{"provider": "unsloth", "repo": "unsloth/Llama-3.1-8B-Instruct-GGUF"}]'
    # The smallest entry: a 1,629-parameter position bank found by llmfit's crawler.
    (tiny,) = rows_where(batch, name="brain-bzh/reve-positions")
    assert (tiny["parameters"], tiny["discovered"], tiny["release_date"]) == ("1629", "true", None)
    moe = rows_where(batch, is_moe="true")
    assert len(moe) == 356 and all(r["active_parameters"] is not None for r in moe)

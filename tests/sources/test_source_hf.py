"""The Hugging Face hub-stats reader on the shipped Parquet subset: rows, columns, what the store loads, values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.hf import SOURCE
from tests.sources.support import assert_clean_batch, quarantined, rows_where


@pytest.fixture(scope="module")
def batch() -> RawBatch:
    (only,) = SOURCE.read(shipped_data_dir())
    return only


def test_registered_and_described() -> None:
    assert get_source("hf") is SOURCE
    assert (SOURCE.info.folder, SOURCE.info.licence, SOURCE.info.data_date) == (
        "hf_hub_stats_subset",
        "Apache-2.0",
        "2026-06-05",
    )
    assert "cfahlgren1/hub-stats" in SOURCE.info.attribution and "unclear" in SOURCE.info.attribution


def test_rows_read(batch: RawBatch) -> None:
    assert (batch.table.name, batch.rows_read) == ("hf_models", 4167)  # = SOURCES.md
    assert batch.data.column("_row").to_pylist() == list(range(1, 4168))


def test_every_column_declared_and_no_row_issues(batch: RawBatch) -> None:
    assert_clean_batch(batch)


def test_store_loads_every_row(batch: RawBatch) -> None:
    assert quarantined(batch) == []


def test_known_repo(batch: RawBatch) -> None:
    (qwen,) = rows_where(batch, id="Qwen/Qwen1.5-MoE-A2.7B")
    assert (qwen["author"], qwen["created_at"], qwen["last_modified"]) == (
        "Qwen",
        "2024-02-29T04:52:16+00:00",
        "2024-04-18T11:58:22+00:00",
    )
    assert (qwen["downloads"], qwen["downloads_all_time"], qwen["likes"]) == ("184038", "1164144", "225")
    assert (qwen["parameters"], qwen["safetensors"]) == (
        "14315784192",
        '{"parameters": {"BF16": 14315784192}, "total": 14315784192}',
    )
    assert qwen["tags"] is not None and qwen["tags"].startswith('["transformers", "safetensors", "qwen2_moe"')
    assert qwen["card_data"] is not None and '"license_name": "tongyi-qianwen"' in qwen["card_data"]
    assert (qwen["base_model_relation"], qwen["base_models"]) == (None, None)


def test_lineage(batch: RawBatch) -> None:
    (zephyr,) = rows_where(batch, id="HuggingFaceH4/zephyr-7b-gemma-v0.1")
    assert (zephyr["base_model_relation"], zephyr["base_models"]) == (
        "finetune",
        '["HuggingFaceH4/zephyr-7b-gemma-sft-v0.1"]',
    )
    relations = batch.data.column("base_model_relation").to_pylist()
    counts = {r: relations.count(r) for r in ("finetune", "merge", "quantized", "adapter")}
    assert counts == {"finetune": 1401, "merge": 1116, "quantized": 49, "adapter": 20}

"""The LiteLLM reader on the shipped snapshots: rows read, declared columns, what the store loads, known values."""

from __future__ import annotations

import gzip
import json

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.litellm import HISTORY, PRICES, SOURCE, history_version
from tests.sources.support import assert_clean_batch, quarantined, rows_where

# SOURCES.md counts JSON keys, including `sample_spec` (documentation, not a model): rows read are one fewer.
ROWS = {
    "model_prices_and_context_window.json.gz": 4878 - 1,
    "history/model_prices_litellm-1.55.0.json.gz": 704 - 1,
    "history/model_prices_litellm-1.65.0.json.gz": 884 - 1,
    "history/model_prices_litellm-1.75.0.json.gz": 1257 - 1,
    "history/model_prices_litellm-1.85.0.json.gz": 2708 - 1,
    "history/model_prices_litellm-1.95.0.json.gz": 2979 - 1,
    "history/model_prices_litellm-1.100.0.json.gz": 3408 - 1,
}
# Prices entered per 1K or per 1M tokens by mistake (the current list has them right, e.g. jais-30b 3.2e-06).
WANDB_LATER = {
    "wandb/Qwen/Qwen3-235B-A22B-Instruct-2507", "wandb/Qwen/Qwen3-235B-A22B-Thinking-2507",
    "wandb/deepseek-ai/DeepSeek-R1-0528", "wandb/deepseek-ai/DeepSeek-V3-0324",
    "wandb/meta-llama/Llama-4-Scout-17B-16E-Instruct", "wandb/microsoft/Phi-4-mini-instruct", "wandb/zai-org/GLM-4.5",
}  # fmt: skip
WANDB_EARLIER = WANDB_LATER | {
    "wandb/Qwen/Qwen3-Coder-480B-A35B-Instruct", "wandb/deepseek-ai/DeepSeek-V3.1",
    "wandb/meta-llama/Llama-3.1-8B-Instruct", "wandb/meta-llama/Llama-3.3-70B-Instruct",
    "wandb/openai/gpt-oss-120b", "wandb/openai/gpt-oss-20b",
}  # fmt: skip
WATSONX = {"watsonx/bigscience/mt0-xxl-13b", "watsonx/core42/jais-13b-chat"}
QUARANTINED = {
    "model_prices_and_context_window.json.gz": set(),
    "history/model_prices_litellm-1.55.0.json.gz": set(),
    "history/model_prices_litellm-1.65.0.json.gz": set(),
    "history/model_prices_litellm-1.75.0.json.gz": {"azure_ai/jais-30b-chat"},
    "history/model_prices_litellm-1.85.0.json.gz": {"azure_ai/jais-30b-chat"} | WANDB_EARLIER | WATSONX,
    "history/model_prices_litellm-1.95.0.json.gz": {"azure_ai/jais-30b-chat"} | WANDB_EARLIER | WATSONX,
    "history/model_prices_litellm-1.100.0.json.gz": {"azure_ai/jais-30b-chat"} | WANDB_LATER | WATSONX,
}


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.file.removeprefix("litellm_prices/"): b for b in SOURCE.read(shipped_data_dir())}


def test_registered_and_described() -> None:
    assert get_source("litellm") is SOURCE
    assert (SOURCE.info.licence, SOURCE.info.folder) == ("MIT", "litellm_prices")
    assert "Berri AI" in SOURCE.info.attribution


def test_rows_read(batches: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS
    assert [b.table for b in batches.values()] == [PRICES] + [HISTORY] * 6


def test_sample_spec_is_not_a_row(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert "sample_spec" not in batch.data.column("model").to_pylist()
        assert batch.data.column("_row").to_pylist() == list(range(1, batch.rows_read + 1))


def test_every_key_declared_and_no_row_issues(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert_clean_batch(batch)


def test_history_version_and_key(batches: dict[str, RawBatch]) -> None:
    for name, batch in batches.items():
        versions = set(batch.data.column("litellm_version").to_pylist()) if batch.table is HISTORY else {None}
        assert versions == ({history_version(shipped_data_dir() / name)} if batch.table is HISTORY else {None})
        assert batch.data.column("model").to_pylist() == batch.data.column("_row_key").to_pylist()
    assert batches["history/model_prices_litellm-1.100.0.json.gz"].data.column("litellm_version")[0].as_py() == (
        "1.100.0"
    )


def test_store_quarantines_only_prices_given_in_the_wrong_unit(batches: dict[str, RawBatch]) -> None:
    for name, batch in batches.items():
        found = quarantined(batch)
        assert {key for _, key, _ in found} == QUARANTINED[name], name
        assert all("is above the maximum 0.001 (USD per token)" in reason for _, _, reason in found)
    (r1,) = quarantined(batches["history/model_prices_litellm-1.75.0.json.gz"])
    assert r1 == (
        240,
        "azure_ai/jais-30b-chat",
        "input_cost_per_token: 0.0032 is above the maximum 0.001 (USD per token)",
    )


def test_known_prices(batches: dict[str, RawBatch]) -> None:
    (old,) = rows_where(batches["history/model_prices_litellm-1.55.0.json.gz"], model="gpt-4o")
    assert (old["input_cost_per_token"], old["output_cost_per_token"]) == ("2.5e-06", "1e-05")
    assert float(old["input_cost_per_token"]) == 2.5e-06
    assert (old["cache_read_input_token_cost"], old["max_input_tokens"], old["litellm_provider"]) == (
        "1.25e-06",
        "128000",
        "openai",
    )
    (now,) = rows_where(batches["model_prices_and_context_window.json.gz"], model="gpt-4o")
    assert (now["input_cost_per_token"], now["input_cost_per_token_batches"]) == ("2.5e-06", "1.25e-06")
    assert (now["deprecation_date"], now["successor_model"]) == ("2027-01-14", "gpt-6-luna")
    (jais,) = rows_where(batches["model_prices_and_context_window.json.gz"], model="azure_ai/jais-30b-chat")
    assert (jais["input_cost_per_token"], jais["output_cost_per_token"]) == ("3.2e-06", "9.71e-06")


def test_typed_columns_fit_the_real_values() -> None:
    """Each typed column holds one kind of JSON value in the real data (numbers, booleans, objects/lists)."""
    path = shipped_data_dir() / "litellm_prices" / "model_prices_and_context_window.json.gz"
    data = json.loads(gzip.decompress(path.read_bytes()))
    kinds: dict[str, set[str]] = {}
    for key, entry in data.items():
        if key != "sample_spec":
            for field, value in entry.items():
                kind = {bool: "bool", int: "number", float: "number", dict: "json", list: "json"}.get(
                    type(value), "str"
                )
                kinds.setdefault(field, set()).add(kind)
    allowed = {"bool": {"bool"}, "int": {"number"}, "float": {"number"}, "json": {"json"}, "date": {"str"}}
    typed = [c for c in PRICES.columns if c.type != "text"]
    assert len(typed) == 95
    for column in typed:
        assert kinds.get(column.source_name, set()) <= allowed[column.type], column.name
    assert PRICES.column("input_cost_per_token").max == 0.001
    assert PRICES.column("input_dbu_cost_per_token").max is None  # Databricks units, not USD

"""The model-prices reader on the shipped snapshot: rows read, declared columns, what the store loads, values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.model_prices import SOURCE
from tests.sources.support import assert_clean_batch, quarantined, rows_where

# SOURCES.md counts the file's 10 top-level keys; the tables flatten three of them: 575 models of 32 labs with
# 1,579 priced periods over their tiers, 192 model statuses, 14 plans.
ROWS = {"model_prices_timeline": 1579, "model_prices_status": 192, "model_prices_plans": 14}


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.table.name: b for b in SOURCE.read(shipped_data_dir())}


def test_registered_and_described() -> None:
    assert get_source("model_prices") is SOURCE
    assert (SOURCE.info.licence, SOURCE.info.data_date) == ("MIT", "2026-10-26")
    assert "wakamex/model-prices" in SOURCE.info.attribution and "models.dev" in SOURCE.info.attribution


def test_rows_read(batches: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS
    assert {b.file for b in batches.values()} == {"model_prices/snapshot.json.gz"}


def test_every_key_declared_and_no_row_issues(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert_clean_batch(batch)


def test_store_loads_every_row(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert quarantined(batch) == [], batch.table.name


def test_rows_are_numbered_in_document_order(batches: dict[str, RawBatch]) -> None:
    timeline = batches["model_prices_timeline"].data
    assert timeline.column("_row").to_pylist() == list(range(1, 1580))
    assert timeline.column("_row_key")[0].as_py() == "ai21/jamba-large/standard/0"
    assert timeline.column("_row_key")[1578].as_py() == "zai/glm-5v-turbo/standard/0"


def test_gpt_4o_timeline(batches: dict[str, RawBatch]) -> None:
    gpt4o = rows_where(batches["model_prices_timeline"], provider="openai", model="gpt-4o", tier="standard")
    assert [(r["period"], r["start"], r["input"], r["output"], r["cache_read"]) for r in gpt4o] == [
        ("0", None, "2.5", "10.0", None),
        ("1", "2025-06-05T20:31:32Z", "2.5", "10.0", "1.25"),
        ("2", "2025-06-17T22:26:49Z", "2.5", "10.0", "1.25"),
        ("3", "2026-10-01T01:47:31Z", "2.5", "10.0", "1.25"),
    ]
    assert gpt4o[1]["valid_from_basis"] == "documented"
    assert gpt4o[1]["rate_source"] == "https://openai.com/index/api-prompt-caching/"
    assert (
        gpt4o[1]["recorded"] is not None
        and '"source": "https://github.com/sst/models.dev/commit/674c4a5e8c24"' in (gpt4o[1]["recorded"])
    )
    # A null `rates`: the batch tier was not offered before its first dated period.
    (first,) = rows_where(batches["model_prices_timeline"], provider="openai", model="gpt-4o", tier="batch", period="0")
    assert (first["input"], first["output"], first["valid_from"]) == (None, None, None)


def test_status_and_plans(batches: dict[str, RawBatch]) -> None:
    (turbo,) = rows_where(batches["model_prices_status"], provider="alibaba", model="qwen-turbo")
    assert (turbo["status"], turbo["_row_key"]) == ("deprecated", "alibaba/qwen-turbo")
    statuses = batches["model_prices_status"].data.column("status").to_pylist()
    assert (statuses.count("removed"), statuses.count("deprecated")) == (122, 70)
    (ultra,) = rows_where(batches["model_prices_plans"], provider="google", id="ultra")
    assert (ultra["usd_per_month"], ultra["valid_until"], ultra["checked"]) == (
        "249.99",
        "2026-05-19T00:00:00Z",
        "2026-09-30",
    )

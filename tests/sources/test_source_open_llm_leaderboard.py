"""The Open LLM Leaderboard reader on the shipped snapshots: rows read, row rules, keys and known values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.open_llm_leaderboard import SOURCE
from avsi.sources.readers import read_csv
from tests.sources.support import quarantined_reasons as quarantined
from tests.sources.support import rows_where

ROWS = {"open_llm_leaderboard_v1": 7169, "open_llm_leaderboard_v2": 4576}  # = SOURCES.md


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.table.name: b for b in SOURCE.read(shipped_data_dir())}


def test_registered_and_described() -> None:
    assert get_source("open_llm_leaderboard") is SOURCE
    assert (SOURCE.info.licence, SOURCE.info.data_date) == ("MPL-2.0", "2025-03-21")


def test_rows_read(batches: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS


def test_every_row_passes_the_rules(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert batch.warnings == []
        assert quarantined(batch) == [], batch.table.name


def test_declared_columns_are_the_file_headers() -> None:
    for source_file in SOURCE.files:
        header = read_csv(SOURCE.path(shipped_data_dir(), source_file.path)).header
        assert source_file.table.source_names == header
        names = [c.name for c in source_file.table.columns]
        assert len(set(names)) == len(names)


def test_v1_model_alone_is_not_unique(batches: dict[str, RawBatch]) -> None:
    models = [r["model"] for r in batches["open_llm_leaderboard_v1"].data.to_pylist()]
    assert len(set(models)) == 6811  # the same model evaluated in several precisions


def test_known_values_v1(batches: dict[str, RawBatch]) -> None:
    (row,) = rows_where(batches["open_llm_leaderboard_v1"], model="meta-llama/Meta-Llama-3-70B-Instruct")
    assert (row["average"], row["mmlu"], row["gsm8k"]) == ("77.88", "80.06", "85.44")
    assert (row["precision"], row["params_b"], row["hub_license"]) == ("float16", "70", "llama3")
    assert (row["hub_hearts"], row["date"]) == ("1203", "2024-04-18T17:05:16Z")
    # the suspicious flags, recorded as exported
    assert (row["merged"], row["flagged"], row["moe"]) == ("True", "True", "True")


def test_known_values_v2(batches: dict[str, RawBatch]) -> None:
    (row,) = rows_where(batches["open_llm_leaderboard_v2"], model_name="meta-llama/Meta-Llama-3-70B-Instruct")
    assert row["id"] == "meta-llama/Meta-Llama-3-70B-Instruct_bfloat16_7129260dd854a80eb10ace5f61c20324b472b31c_True"
    assert row["model_average_score"] == "36.3722241292701"
    assert row["evaluations_ifeval_normalized_score"] == "80.9907711538717"
    assert row["evaluations_mmlu_pro_value"] == "0.520694813829787"
    assert (row["metadata_params_billions"], row["metadata_hub_license"]) == ("70.554", "llama3")
    assert (row["metadata_upload_date"], row["metadata_submission_date"]) == ("2024-04-17", "2024-06-12")
    assert (row["metadata_base_model"], row["metadata_generation"]) == ("meta-llama/Meta-Llama-3-70B", "1.0")
    unknown = [
        r for r in batches["open_llm_leaderboard_v2"].data.to_pylist() if r["metadata_params_billions"] == "-1.0"
    ]
    assert len(unknown) == 3  # the leaderboard's "unknown" sentinel, allowed by the range

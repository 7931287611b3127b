"""The LMArena reader on the shipped snapshot: rows read, row rules, keys and known values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.lmarena import SOURCE
from avsi.sources.readers import read_csv
from tests.sources.support import quarantined_reasons as quarantined
from tests.sources.support import rows_where

ROWS = {"lmarena_text": 16012, "lmarena_vision": 344, "lmarena_image": 79}  # = SOURCES.md


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.table.name: b for b in SOURCE.read(shipped_data_dir())}


def test_registered_and_described() -> None:
    assert get_source("lmarena") is SOURCE
    assert SOURCE.info.licence == "MPL-2.0"
    assert SOURCE.info.data_date == "2025-08-04"
    assert "fboulnois/llm-leaderboard-csv" in SOURCE.info.attribution


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


def test_snapshot_model_is_not_unique_in_text_and_image(batches: dict[str, RawBatch]) -> None:
    yi = rows_where(batches["lmarena_text"], snapshot="2025-08-04", model="Yi-34B-Chat")
    assert [r["rank"] for r in yi] == ["200", "201"]
    imagen = rows_where(
        batches["lmarena_image"], snapshot="2025-08-01", model="Imagen-4.0-ultra-generate-preview-06-06"
    )
    assert [(r["rank"], r["votes"]) for r in imagen] == [("1", "22258"), ("4", "14223")]


def test_known_values(batches: dict[str, RawBatch]) -> None:
    (old,) = rows_where(batches["lmarena_text"], snapshot="2024-06-19", model="GPT-4o-2024-05-13")
    assert (old["rank"], old["arena_score"], old["arena_elo"], old["votes"]) == ("1", None, "1287.0", "42046")
    assert old["source_file"] == "csv/lmsys.csv"
    (new,) = rows_where(batches["lmarena_text"], snapshot="2025-08-04", model="GPT-4o-2024-05-13")
    assert (new["rank"], new["rank_stylectrl"], new["arena_score"], new["votes"]) == (
        "79",
        "74.0",
        "1302.0",
        "117747",
    )
    assert (new["organization"], new["license"], new["knowledge_cutoff"]) == (
        "OpenAI",
        "Proprietary",
        "2023/10",
    )
    (vision,) = rows_where(batches["lmarena_vision"], snapshot="2025-08-04", model="Gemini-2.5-Pro")
    assert (vision["rank"], vision["arena_score"], vision["votes"]) == ("1", "1317", "7681")
    (image,) = rows_where(batches["lmarena_image"], snapshot="2025-08-04", model="GPT-Image-1")
    assert (image["arena_score"], image["votes"], image["organization"]) == ("1134", "47190", "OpenAI")

"""The EU Open Source AI Index reader on the shipped snapshot: rows read, row rules, keys and known values."""

from __future__ import annotations

from collections import Counter

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.osai import SOURCE
from avsi.sources.readers import read_csv
from tests.sources.support import quarantined_reasons as quarantined
from tests.sources.support import rows_where


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.table.name: b for b in SOURCE.read(shipped_data_dir())}


def test_rows_read(batches: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS


def test_every_row_passes_the_rules(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert batch.warnings == []
        assert quarantined(batch) == [], batch.table.name


ROWS = {"osai_systems": 193, "osai_legacy": 46}  # = SOURCES.md


def test_registered_and_described() -> None:
    assert get_source("osai") is SOURCE
    assert (SOURCE.info.licence, SOURCE.info.data_date) == ("CC-BY-4.0", "2026-06-12")
    assert "10.5281/zenodo.15386042" in SOURCE.info.attribution


def test_declared_columns_are_the_file_headers() -> None:
    for source_file in SOURCE.files:
        header = read_csv(SOURCE.path(shipped_data_dir(), source_file.path)).header
        assert source_file.table.source_names == header
        names = [c.name for c in source_file.table.columns]
        assert len(set(names)) == len(names)


def test_known_systems(batches: dict[str, RawBatch]) -> None:
    (olmo,) = rows_where(batches["osai_systems"], system_name="OLMo")
    assert (olmo["org_name"], olmo["national_origin"]) == ("Ai2", "United States")
    assert (olmo["contributor_type"], olmo["system_releasedate"]) == ("Academic (Research institution)", "2025-12")
    assert (olmo["system_endmodellicense"], olmo["weights_endmodel_class"]) == ("Apache-2.0", "open")
    assert olmo["datasources_basemodel_class"] == "open"
    (r1,) = rows_where(batches["osai_systems"], system_name="DeepSeek R1")
    assert (r1["org_name"], r1["national_origin"], r1["system_releasedate"]) == ("DeepSeek", "China", "2025-01")
    assert (r1["weights_endmodel_class"], r1["datasources_basemodel_class"]) == ("open", "closed")
    origins = Counter(r["national_origin"] for r in batches["osai_systems"].data.to_pylist())
    assert (origins["United States"], origins["China"]) == (76, 57)  # as SOURCES.md says


def test_known_legacy_project(batches: dict[str, RawBatch]) -> None:
    (olmo,) = rows_where(batches["osai_legacy"], source_file="/projects/olmo-7b-instruct.yaml")
    assert (olmo["org_name"], olmo["project_license"], olmo["openness"]) == ("Ai2", "Apache 2.0", "12.5")
    assert (olmo["llmweights_class"], olmo["api_class"]) == ("open", "partial")

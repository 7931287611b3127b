"""The Model Openness Tool reader on the shipped snapshot: rows read, row rules, keys and known values."""

from __future__ import annotations

import json

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.mot import SOURCE
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


# SOURCES.md counts the two JSON files by their top-level keys (3 each); the tables hold the records of their
# `licenses` list, which SOURCES.md gives as 659 SPDX licences and 31 MOF licences.
ROWS = {"mot_models": 273, "mot_components": 1834, "mot_spdx_licenses": 659, "mot_mof_licenses": 31}


def test_registered_and_described() -> None:
    assert get_source("mot") is SOURCE
    assert (SOURCE.info.licence, SOURCE.info.data_date) == ("MIT", "2026-05-11")


def test_declared_columns_exist() -> None:
    for source_file in SOURCE.files[:2]:  # the CSV files: declared = header, in order
        header = read_csv(SOURCE.path(shipped_data_dir(), source_file.path)).header
        assert source_file.table.source_names == header
    for source_file in SOURCE.files[2:]:  # the JSON lists: every declared key occurs, and no other
        document = json.loads(SOURCE.path(shipped_data_dir(), source_file.path).read_text(encoding="utf-8"))
        keys = {k for record in document["licenses"] for k in record}
        assert keys == set(source_file.table.source_names)
    for table in SOURCE.tables:
        names = [c.name for c in table.columns]
        assert len(set(names)) == len(names)


def test_json_rows_are_list_positions(batches: dict[str, RawBatch]) -> None:
    spdx = batches["mot_spdx_licenses"].data.to_pydict()
    assert spdx["_row"][:3] == [1, 2, 3]
    assert (spdx["license_id"][0], spdx["_row"][-1]) == ("0BSD", 659)


def test_known_models(batches: dict[str, RawBatch]) -> None:
    (amber,) = rows_where(batches["mot_models"], file="Amber.yml")
    assert (amber["name"], amber["producer"], amber["date"], amber["version"]) == (
        "Amber",
        "LLM360",
        "2025-05-22",
        "7B",
    )
    assert (amber["license_distribution"], amber["n_components"], amber["n_components_with_license"]) == (
        "Apache-2.0",
        "16",
        "1",
    )
    # upstream copy-paste: the 72B file declares the 32B model's name
    (qwen72,) = rows_where(batches["mot_models"], file="Qwen2.5-72B-Instruct.yml")
    assert qwen72["name"] == "Qwen2.5-32B-Instruct"
    olmo = rows_where(batches["mot_components"], file="OLMo-7B.yml")
    assert len(olmo) == 13
    (paper,) = [r for r in olmo if r["component"] == "Research paper"]
    assert (paper["license"], paper["producer"]) == ("CC-BY-4.0", "Allen Institute for AI")


def test_known_licences(batches: dict[str, RawBatch]) -> None:
    (mit,) = rows_where(batches["mot_spdx_licenses"], license_id="MIT")
    assert (mit["name"], mit["is_osi_approved"], mit["is_fsf_libre"]) == ("MIT License", "true", "true")
    (cc0,) = rows_where(batches["mot_spdx_licenses"], license_id="CC0-1.0")
    assert (cc0["is_osi_approved"], cc0["is_fsf_libre"]) == ("false", "true")
    (bsd0,) = rows_where(batches["mot_spdx_licenses"], license_id="0BSD")
    assert bsd0["is_fsf_libre"] is None  # the key is absent from that record
    assert json.loads(bsd0["see_also"]) == [
        "http://landley.net/toybox/license.html",
        "https://opensource.org/licenses/0BSD",
    ]
    cc0_mof = rows_where(batches["mot_mof_licenses"], license_id="CC0-1.0")
    assert [r["content_type"] for r in cc0_mof] == ["data", "document"]
    (apache,) = rows_where(batches["mot_mof_licenses"], license_id="Apache-2.0")
    assert json.loads(apache["content_type"]) == ["code", "document"]

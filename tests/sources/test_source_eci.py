"""The Epoch benchmarks / ECI reader on the shipped snapshot: rows read, row rules, keys and known values."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from avsi import SchemaDriftError
from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.eci import EXTERNAL, EXTERNAL_PREFIX, HUB, SOURCE, score_text
from avsi.sources.readers import read_csv
from tests.sources.support import quarantined_reasons as quarantined
from tests.sources.support import rows_where


@pytest.fixture(scope="module")
def everything() -> list[RawBatch]:
    return list(SOURCE.read(shipped_data_dir()))


@pytest.fixture(scope="module")
def batches(everything: list[RawBatch]) -> dict[str, RawBatch]:
    """One batch per table except the external benchmarks (one batch per file): see `external`."""
    return {b.table.name: b for b in everything if b.table.name != "eci_external_benchmarks"}


@pytest.fixture(scope="module")
def external(everything: list[RawBatch]) -> dict[str, RawBatch]:
    """The external benchmark batches, by benchmark."""
    found = [b for b in everything if b.table.name == "eci_external_benchmarks"]
    return {b.file.split(EXTERNAL_PREFIX)[1].removesuffix(".csv"): b for b in found}


ROWS = {  # = SOURCES.md
    "eci_capabilities_index": 585,
    "eci_model_versions": 574,
    "eci_benchmark_runs": 541,
    "eci_benchmark_optim": 42,
    "eci_distilled_models": 170,
}
EXTERNAL_ROWS = {  # = SOURCES.md, per external_benchmark_<name>.csv
    "aider_polyglot": 68, "anli": 19, "arc_agi": 56, "arc_ai2": 144, "balrog": 27, "bbh": 89, "boolq": 206,
    "cadeval": 15, "csqa2": 10, "cybench": 12, "deepresearch": 13, "factorio_learning_environment": 9,
    "fictionlivebench": 60, "geobench": 29, "gsm8k": 234, "gso_bench": 14, "hellaswag": 135, "lambada": 80,
    "lech_mazur_writing": 46, "livebench": 64, "mcbench": 34, "metr": 30, "mmlu": 246, "openbookqa": 73,
    "os_world": 44, "osuniverse": 9, "piqa": 140, "scienceqa": 104, "simple_bench": 46, "superglue": 11,
    "terminal_bench": 61, "the_agent_company": 16, "triviaqa": 115, "videomme": 46, "vpct": 32, "weirdml": 77,
    "winogrande": 144,
}  # fmt: skip
FOLDER = shipped_data_dir() / "epoch_benchmarks"


def test_registered_and_described() -> None:
    assert get_source("eci") is SOURCE
    assert (SOURCE.info.licence, SOURCE.info.data_date) == ("CC-BY-4.0", "2026-04-10")
    assert [t.name for t in SOURCE.tables] == [*ROWS, "eci_external_benchmarks"]


def test_rows_read(batches: dict[str, RawBatch], external: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS
    assert {name: b.rows_read for name, b in external.items()} == EXTERNAL_ROWS
    assert sum(EXTERNAL_ROWS.values()) == 2558


def test_every_row_passes_the_rules(batches: dict[str, RawBatch], external: dict[str, RawBatch]) -> None:
    for batch in [*batches.values(), *external.values()]:
        assert batch.warnings == []
        assert quarantined(batch) == [], batch.file


def test_every_external_file_is_mapped() -> None:
    on_disk = {p.name for p in (FOLDER / HUB).glob(f"{EXTERNAL_PREFIX}*.csv")}
    assert on_disk == {f"{EXTERNAL_PREFIX}{name}.csv" for name in EXTERNAL}
    assert len(on_disk) == 37


def test_declared_columns_are_the_file_headers() -> None:
    for source_file in SOURCE.files:
        header = read_csv(SOURCE.path(shipped_data_dir(), source_file.path)).header
        if source_file.table.name == "eci_external_benchmarks":
            spec = EXTERNAL[Path(source_file.path).stem.removeprefix(EXTERNAL_PREFIX)]
            assert list(spec.headers) == header, source_file.path
            named = [spec.score, spec.link, spec.notes, spec.model_version, spec.source]
            assert all(h in header for h in named) and (spec.id is None or spec.id in header)
        else:
            assert source_file.table.source_names == header, source_file.path
    for table in SOURCE.tables:
        names = [c.name for c in table.columns]
        assert len(set(names)) == len(names)


def test_unmapped_external_file_is_schema_drift(tmp_path: Path) -> None:
    shutil.copytree(FOLDER, tmp_path / "epoch_benchmarks")
    new = tmp_path / "epoch_benchmarks" / HUB / f"{EXTERNAL_PREFIX}swe_lancer.csv"
    new.write_text("id,Model version,Score,Source,Source link,Notes\nrec1,o3,40%,x,y,\n", encoding="utf-8")
    with pytest.raises(SchemaDriftError, match=r"external_benchmark_swe_lancer\.csv"):
        list(SOURCE.read(tmp_path))


def test_missing_external_column_is_schema_drift(tmp_path: Path) -> None:
    shutil.copytree(FOLDER, tmp_path / "epoch_benchmarks")
    path = tmp_path / "epoch_benchmarks" / HUB / f"{EXTERNAL_PREFIX}vpct.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Correct", "Accuracy", 1), encoding="utf-8")
    with pytest.raises(SchemaDriftError, match=r"vpct\.csv: expected column\(s\) 'Correct' not found"):
        list(SOURCE.read(tmp_path))


def test_score_text() -> None:
    assert (score_text("52.8%"), score_text(" 100.00% "), score_text("88.0")) == ("52.8", "100.00", "88.0")
    assert (score_text(None), score_text("n/a")) == (None, "n/a")


def test_known_index_and_registry(batches: dict[str, RawBatch]) -> None:
    (gpt54,) = rows_where(batches["eci_capabilities_index"], model_version="gpt-5.4-2026-03-05_high")
    assert (gpt54["eci_score"], gpt54["release_date"], gpt54["organization"]) == (
        "155.973919568783",
        "2026-03-05",
        "OpenAI",
    )
    assert (gpt54["model_name"], gpt54["display_name"]) == ("GPT-5.4", "GPT-5.4 (high)")
    (gpt4o,) = rows_where(batches["eci_capabilities_index"], model_version="gpt-4o-2024-05-13")
    assert (gpt4o["eci_score"], gpt4o["country"], gpt4o["model_accessibility"]) == (
        None,
        "United States of America",
        "API access",
    )
    (version,) = rows_where(batches["eci_model_versions"], id="gpt-4o-2024-05-13")
    assert (version["model"], version["version_release_date"]) == ("GPT-4o", "2024-05-13")
    (run,) = rows_where(batches["eci_benchmark_runs"], id="V3YQtSEnQ3TPZEPPgkCKQM")
    assert (run["task"], run["model"], run["best_score"]) == ("GPQA diamond", "gpt-5.1_medium", "0.850")
    (aider,) = rows_where(batches["eci_benchmark_optim"], benchmark="Aider polyglot")
    assert (aider["optimized_for"], aider["is_coding"], aider["is_math"]) == ("TRUE", "TRUE", "FALSE")
    assert aider["benchmark_release_date"] == "2024-12-21"  # '2024/12/21' in the file
    (baichuan,) = rows_where(batches["eci_distilled_models"], model="Baichuan-2-13B-Base")
    assert (baichuan["distilled"], baichuan["confidence"]) == ("FALSE", "high")


def test_known_external_scores(external: dict[str, RawBatch]) -> None:
    first = external["aider_polyglot"].data.to_pylist()[0]
    assert (first["_row"], first["id"], first["model_version"]) == (1, "recusk6NHwVicJ6kW", "gpt-5-2025-08-07_high")
    assert (first["score"], first["score_column"]) == ("88.000", "Percent correct")  # text as in the file
    assert first["source"] == "Aider LLM Leaderboards"
    assert first["source_link"] == "https://aider.chat/docs/leaderboards/#polyglot-leaderboard"
    (phi,) = rows_where(external["anli"], model_version="Phi-3-mini-4k-instruct")
    assert (phi["_row"], phi["score"], phi["score_column"]) == (4, "52.8", "Score")
    original = json.loads(phi["row_json"])
    assert (original["Score"], original["Name"]) == ("52.8%", "Phi-3-mini 3.8b        ")  # untouched
    assert list(original) == list(EXTERNAL["anli"].headers)
    (metr,) = rows_where(external["metr"], model_version="claude-3-5-sonnet-20240620")
    assert (metr["score"], metr["score_column"]) == ("18.21683000", "Time horizon")  # minutes
    (writing,) = rows_where(external["lech_mazur_writing"], model_version="o3-2025-04-16_medium")
    assert (writing["id"], writing["score"]) == ("recaq2pSAD6GGfn5w", "8.39")  # 'ID' column, 0..10 scale
    cua = rows_where(external["os_world"], model_version="CUA")  # OpenAI CUA with 200 and with 15 steps
    assert [(r["_row"], r["id"], r["score"]) for r in cua] == [(1, None, "38.100"), (10, None, "19.700")]  # no id
    (tac,) = rows_where(external["the_agent_company"], id="recsHmIt77Rr4LD4D")
    assert (tac["model_version"], tac["score"]) == ("claude-3-5-sonnet-20241022", "24.0")
    assert tac["source_link"].startswith("https://github.com/TheAgentCompany")

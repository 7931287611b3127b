"""The normalised core on the real shipped data: units, provenance and a few facts anyone can check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from avsi import build_summary, list_releases


@pytest.fixture(scope="module")
def con(shipped_db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(shipped_db), read_only=True)


def test_per_source_counts_reconcile(shipped_db: Path) -> None:
    summary = build_summary(shipped_db)
    by_source = {s["source"]: s for s in summary["sources"]}
    assert len(by_source) == 15
    for s in by_source.values():
        assert s["rows_read"] == s["rows_loaded"] + s["rows_quarantined"]
    # The real snapshots: Epoch's four exports hold 4,846 rows, 15 of them repeated model names.
    assert (by_source["epoch"]["rows_read"], by_source["epoch"]["rows_quarantined"]) == (4846, 15)
    assert by_source["lmarena"]["rows_read"] == 16435
    assert by_source["epoch"]["licence"] == "CC-BY-4.0"
    assert summary["build"]["schema_version"] == "2"
    assert all(len(i["sha256"]) == 64 for i in summary["inputs"])


def test_gpt4o_prices_agree_in_usd_per_million(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        """SELECT source, input_usd_per_mtok, output_usd_per_mtok FROM prices
           WHERE (source, provider, model) IN (('litellm', 'openai', 'gpt-4o'), ('models_dev', 'openai', 'gpt-4o'),
                                               ('openrouter', 'openrouter', 'openai/gpt-4o'))
             AND coalesce(snapshot, '') IN ('litellm current', 'models.dev', 'openrouter')
           ORDER BY source"""
    ).fetchall()
    assert rows == [("litellm", 2.5, 10.0), ("models_dev", 2.5, 10.0), ("openrouter", 2.5, 10.0)]


def test_no_price_is_in_a_wrong_unit(con: duckdb.DuckDBPyConnection) -> None:
    # The dearest real list price is o1-pro's output at 600 USD per 1M tokens.
    assert con.execute("SELECT max(output_usd_per_mtok) FROM prices").fetchone() == (600.0,)
    assert con.execute("SELECT count(*) FROM prices WHERE input_usd_per_mtok < 0").fetchone() == (0,)


def test_epoch_release_as_given(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "SELECT organization, country, release_date, open_weights FROM model_releases "
        "WHERE source = 'epoch' AND source_id = 'DeepSeek-V3'"
    ).fetchone()
    assert row == ("DeepSeek", "China", dt.date(2024, 12, 24), True)  # Epoch says the 24th; ECI the 26th


def test_every_core_row_points_at_a_loaded_raw_row(con: duckdb.DuckDBPyConnection) -> None:
    orphans = con.execute(
        """SELECT count(*) FROM prices p
           WHERE p.source = 'litellm' AND NOT EXISTS (
               SELECT 1 FROM litellm_prices r WHERE r._file = p._file AND r._row = p._row
               UNION ALL SELECT 1 FROM litellm_price_history h WHERE h._file = p._file AND h._row = p._row)"""
    ).fetchone()
    assert orphans == (0,)


def test_openness_lineage_and_clusters(con: duckdb.DuckDBPyConnection) -> None:
    assert con.execute("SELECT count(*) FROM openness_judgements WHERE source = 'osai'").fetchone() == (193 * 12,)
    assert con.execute(
        "SELECT judgement FROM openness_judgements WHERE source = 'osai' AND system = 'OLMo' "
        "AND dimension = 'weights_endmodel'"
    ).fetchone() == ("open",)
    assert con.execute(
        "SELECT relation FROM lineage_edges WHERE source = 'hf' AND child = 'ibm-research/merlinite-7b'"
    ).fetchall() == [("finetune",)]
    assert con.execute("SELECT count(*) FROM compute_clusters").fetchone() == (786,)


def test_list_releases_gives_organisation_and_country(shipped_db: Path) -> None:
    models = list_releases(shipped_db, source="eci")
    assert len(models) == 585
    newest = list_releases(shipped_db, limit=3)
    assert [m["release_date"] for m in newest] == sorted((m["release_date"] for m in newest), reverse=True)
    glm = next(m for m in list_releases(shipped_db, source="epoch") if m["name"] == "GLM-5")
    assert (glm["organization"], glm["country"], glm["open_weights"]) == ("Z.ai (Zhipu AI)", "China", True)

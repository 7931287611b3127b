"""The Epoch AI infrastructure reader on the shipped snapshot: rows read, row rules, keys and known values."""

from __future__ import annotations

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import RawBatch
from avsi.sources.epoch_infrastructure import QUARTER_SALES_HEADERS, SOURCE, read_csv_unnamed, us_date
from avsi.sources.readers import read_csv
from tests.sources.support import quarantined_reasons as quarantined
from tests.sources.support import rows_where


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.table.name: b for b in SOURCE.read(shipped_data_dir())}


ROWS = {  # = SOURCES.md
    "epoch_gpu_clusters": 786,
    "epoch_ml_hardware": 170,
    "epoch_data_centers": 16,
    "epoch_data_center_timelines": 112,
    "epoch_ai_companies": 7,
    "epoch_ai_companies_compute_spend": 11,
    "epoch_ai_companies_funding_rounds": 36,
    "epoch_ai_companies_revenue_reports": 32,
    "epoch_ai_companies_staff_reports": 42,
    "epoch_ai_companies_usage_reports": 44,
    "epoch_nvidia_chip_timelines": 39,
    "epoch_nvidia_quarter_sales": 15,
}


def test_registered_and_described() -> None:
    assert get_source("epoch_infrastructure") is SOURCE
    assert (SOURCE.info.licence, SOURCE.info.data_date) == ("CC-BY-4.0", "2026-01-16")
    assert "Epoch AI" in SOURCE.info.attribution


def test_rows_read(batches: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS


def test_every_row_loads_but_one_with_an_impossible_date(batches: dict[str, RawBatch]) -> None:
    for name, batch in batches.items():
        assert batch.warnings == []
        expected = []
        if name == "epoch_ai_companies_compute_spend":
            # 'OpenAI 2025 cloud compute' was reported on '0202-07-30' (a typo upstream): genuinely bad
            expected = [(9, "report_date: 0202-07-30 is before 1900-01-01 (implausible)")]
        assert quarantined(batch) == expected, name


def test_declared_columns_are_the_file_headers() -> None:
    for source_file in SOURCE.files:
        path = SOURCE.path(shipped_data_dir(), source_file.path)
        if source_file.path == "ai_companies_revenue_reports.csv":
            # three blank header cells, which read_csv rejects as duplicates, named 'Unnamed: 3..5' instead
            assert path.read_text(encoding="utf-8").splitlines()[0].endswith("(normalize to annual),,,")
            header = read_csv_unnamed(path).header
        else:
            header = read_csv(path).header
        assert source_file.table.source_names == header, source_file.path
        names = [c.name for c in source_file.table.columns]
        assert len(set(names)) == len(names)


def test_quarter_sales_header_is_built_exactly() -> None:
    header = read_csv(SOURCE.path(shipped_data_dir(), "nvidia_quarter_sales_estimates.csv")).header
    assert list(QUARTER_SALES_HEADERS) == header
    assert len(header) == 94


def test_us_dates_become_iso() -> None:
    assert us_date("12/31/2022") == "2022-12-31"
    assert us_date("3/1/2023") == "2023-03-01"
    assert us_date("2025-07-28") == "2025-07-28"
    assert us_date("0202-07-30") == "0202-07-30"  # left as is, so the date rule judges it


def test_gpu_clusters(batches: dict[str, RawBatch]) -> None:
    rows = batches["epoch_gpu_clusters"].data.to_pylist()
    assert sum(r["name"] == "Anonymized Chinese System" for r in rows) == 257  # why the table has no key
    (colossus,) = rows_where(batches["epoch_gpu_clusters"], name="xAI Colossus Memphis Phase 2")
    assert (colossus["status"], colossus["owner"], colossus["country"]) == (
        "Existing",
        "xAI",
        "United States of America",
    )
    assert (colossus["h100_equivalents"], colossus["chip_quantity_primary"]) == ("200000.000002945", "150000.0")
    assert (colossus["first_operational_date"], colossus["power_capacity_mw"]) == ("2025-02-18", "280.28")
    assert colossus["hardware_cost"] == "7120201208.681584"


def test_hardware_and_data_centres(batches: dict[str, RawBatch]) -> None:
    (h100,) = rows_where(batches["epoch_ml_hardware"], hardware_name="NVIDIA H100 SXM5 80GB")
    assert (h100["manufacturer"], h100["release_date"], h100["release_price_usd"]) == (
        "NVIDIA",
        "2022-09-20",
        "33600.0",
    )
    assert (h100["tdp_w"], h100["tensor_fp16_bf16_performance_flop_s"]) == ("700.0", "989400000000000.0")
    assert h100["last_modified"] == "2025-11-14 18:27:23+00:00"
    rainier = "Anthropic-Amazon Project Rainier New Carlisle Indiana"
    (site,) = rows_where(batches["epoch_data_centers"], handle=rainier)
    assert (site["current_h100_equivalents"], site["current_power_mw"]) == ("471565.91580011166", "751")
    (step,) = rows_where(batches["epoch_data_center_timelines"], data_center=rainier, date="2025-11-23")
    assert (step["power_mw"], step["h100_equivalents"], step["buildings_operational"]) == (
        "751",
        "471565.9158",
        "11",
    )


def test_companies(batches: dict[str, RawBatch]) -> None:
    (openai,) = rows_where(batches["epoch_ai_companies"], name="OpenAI")
    assert openai["founding_date"] == "2015-12-01"  # '12/1/2015' in the file
    (revenue,) = rows_where(batches["epoch_ai_companies_revenue_reports"], company="OpenAI", date="2022-12-31")
    assert (revenue["revenue_amount_normalize_to_annual"], revenue["unnamed_3"]) == ("28000000", None)
    (series_f,) = rows_where(batches["epoch_ai_companies_funding_rounds"], id="Sep 2025 183B Series F")
    assert (series_f["company"], series_f["close_date"], series_f["funding_equity"]) == (
        "Anthropic",
        "2025-09-02",
        "13000000000",
    )
    assert series_f["valuation_post_money"] == "1.83E+11"
    (staff,) = rows_where(batches["epoch_ai_companies_staff_reports"], id="March 2025 160")
    assert (staff["company"], staff["staff_count"], staff["date"]) == ("DeepSeek", "160", "2025-03-14")
    wau = rows_where(batches["epoch_ai_companies_usage_reports"], id="ChatGPT 700M WAU")
    assert [(r["date"], r["active_users"]) for r in wau] == [("2025-07-15", "770000000"), ("2025-08-04", "700000000")]


def test_nvidia_sales(batches: dict[str, RawBatch]) -> None:
    (q,) = rows_where(batches["epoch_nvidia_quarter_sales"], quarter="FY26Q3")
    assert (q["total_h100_equiv"], q["total_h100_equiv_running_total"]) == ("2517470", "11358665")
    assert (q["h100_h200_quantity"], q["b300_quantity_95th"], q["start_date"]) == ("73801", "742519", "2025-07-28")
    (a100,) = rows_where(batches["epoch_nvidia_chip_timelines"], name="FY23Q1 - A100")
    assert (a100["of_units"], a100["compute_estimate_in_h100e_median"], a100["start_date"]) == (
        "226248",
        "70980",
        "2022-01-31",
    )

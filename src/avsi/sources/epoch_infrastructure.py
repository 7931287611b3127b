"""Epoch AI infrastructure data: AI supercomputers (GPU clusters), ML hardware, frontier data centres, the AI
companies hub and Nvidia AI-chip sales estimates.

Sources (see data/SOURCES.md): `gpu_clusters.csv.gz` is Epoch's "AI Supercomputers" export (via
Zanmadit/ai_hack_cast, 2025-11-01); `ml_hardware`, `data_centers`, `data_center_timelines` and `ai_companies*` are
Epoch exports (via sr3-k/data, 2025-12-14); all CC-BY 4.0 (Epoch AI). `nvidia_*` come from
github.com/epoch-research/ai-companies (2026-01-16), MIT (Epoch AI).

Two reading adjustments, both lossless: the AI-companies and data-centre-timeline exports write dates as US
M/D/YYYY ('12/31/2022'), which are rewritten to ISO ('2022-12-31') so they type as dates (any other value is left as
is, so a malformed date still fails the date rule); and `ai_companies_revenue_reports.csv` has three blank header
cells, named 'Unnamed: 3' .. 'Unnamed: 5' (as pandas and SOURCES.md name them) instead of being rejected as
duplicate names. `gpu_clusters` has no key: 257 rows are named "Anonymized Chinese System" (52 rows are exact
duplicates of another row).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

from avsi.exceptions import SourceFormatError
from avsi.sources.base import Column, Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.readers import TextRecords, read_csv, read_text
from avsi.sources.spec import col, columns, snake

GPU_CLUSTERS_HEADERS = (
    "Name", "Status", "Certainty", "Single cluster?", "Max OP/s (log)", "H100 equivalents",
    "Chip type (primary)", "Chip quantity (primary)", "Country", "Owner", "First Operational Date", "Note",
    "Sector", "Power Capacity (MW)", "Hardware Cost", "Location", "Users", "Hardware note", "Quote",
    "First Operational Date Note", "Certainty Note", "Energy Efficiency (log)", "Builds Upon",
    "Superseded by", "Possible Duplicate", "Possible Duplicate Of", "Chip type (secondary)",
    "Chip quantity (secondary)", "Total number of AI chips", "GPU Supplier (primary)",
    "GPU supplier (secondary)", "Include in Standard Analysis", "Exclude", "Rank when first operational",
    "16-bit OP/s (log)", "Max OP/s", "8-bit OP/s", "16-bit OP/s", "32-bit OP/s",
    "Calculated Power Capacity (MW)", "Reported Power Capacity (MW)", "Energy Efficiency",
    "Calculated Cost", "Reported Cost", "Reported Cost (Inflation adjusted)", "Cost Quote", "Noteworthy",
    "Decommissioned Date (if applicable)", "Largest existing cluster when first operational",
    "% of largest cluster when first operational", "Source 1", "Source 2", "Source 3", "Source 4",
    "Source 5",
)  # fmt: skip
ML_HARDWARE_HEADERS = (
    "Hardware name", "Manufacturer", "Type", "Notes", "Release date", "Release price (USD)",
    "FP64 (double precision) performance (FLOP/s)", "FP32 (single precision) performance (FLOP/s)",
    "FP16 (half precision) performance (FLOP/s)", "TF32 (TensorFloat-32) performance (FLOP/s)",
    "Tensor-FP16/BF16 performance (FLOP/s)", "INT16 performance (OP/s)", "INT8 performance (OP/s)",
    "INT4 performance (OP/s)", "Memory size per board (Byte)", "Memory bandwidth (byte/s)",
    "Intranode bandwidth (byte/s)", "Internode bandwidth (bit/s)", "Die Size (mm^2)", "TDP (W)",
    "Base clock (MHz)", "Boost clock (MHz)", "Memory clock (MHz)", "Memory bus (bit)", "Tensor cores",
    "Process size (nm)", "Foundry", "Transistors (millions)", "Link to datasheet", "Source for the price",
    "ML models", "Last modified", "Max performance", "Energy efficiency", "FP8 performance (FLOP/s)",
    "FP4 performance (FLOP/s)", "Total processing performance (bit-OP/s)", "Price-performance", "ML OP/s",
)  # fmt: skip
DATA_CENTERS_HEADERS = (
    "Handle", "Title", "Project", "Sentinel satellite timelapse", "Address", "Latitude", "Longitude",
    "Owner", "Users", "Investors", "Construction companies", "Energy companies", "Current H100 equivalents",
    "Current power (MW)", "Current total capital cost (2025 USD billions)",
)  # fmt: skip
DATA_CENTER_TIMELINES_HEADERS = (
    "Date", "Data center", "Construction status", "Power (MW)", "H100 equivalents", "Buildings operational",
    "Total capital cost (2025 USD billions)", "Compute cost (2025 USD billions)",
    "Construction cost (2025 USD billions)", "Building area (square feet)", "Site area (square feet)",
    "Water use (MGD)", "Performance (8-bit OP/s)",
)  # fmt: skip
COMPANIES_HEADERS = (
    "Name", "Organization (from Organizations)", "Company type", "Product Domain(s)", "Founding date",
    "Founding source/notes",
)  # fmt: skip
COMPUTE_SPEND_HEADERS = (
    "Id", "Notes", "Company", "Amount", "Category", "Period type", "Date", "Report date", "Confidence",
    "Source Type", "Exclude from graph view", "Inference compute spend", "R&D compute spend",
    "Total compute spend",
)  # fmt: skip
FUNDING_ROUNDS_HEADERS = (
    "Id", "Company", "Close date", "Status", "Funding (equity)", "Funding (debt)", "Valuation (post-money)",
    "Report date", "Notes", "Type", "Confidence", "Exclude from graph view",
)  # fmt: skip
REVENUE_REPORTS_HEADERS = (
    "Company", "Date", "Revenue amount (normalize to annual)", "Unnamed: 3", "Unnamed: 4", "Unnamed: 5",
)  # fmt: skip
STAFF_REPORTS_HEADERS = (
    "Id", "Company", "Staff count", "Date", "Source 1", "Source 2", "Notes", "Type", "Division name",
    "Source type", "Confidence", "Graph note",
)  # fmt: skip
USAGE_REPORTS_HEADERS = (
    "Id", "Company", "Active users", "Active users time period", "Daily tokens", "Daily messages", "Date",
    "Report date", "Source 1", "Source 2", "Graph note", "Notes", "Source type", "Product", "Confidence",
    "Exclude from graph view",
)  # fmt: skip
CHIP_TIMELINES_HEADERS = (
    "Name", "Chip manufacturer", "Start date", "End date", "Compute estimate in H100e (median)",
    "H100e (5th percentile)", "H100e (95th percentile)", "# of Units", "Source / Link", "Notes",
    "Power estimate (TDP in GW)", "Chip type", "Last Modified By", "Last Modified", "Cost estimate (USD)",
    "Select",
)  # fmt: skip

# nvidia_quarter_sales_estimates.csv: 94 columns, a regular pattern over the chips (the test checks that this is
# exactly the file's header). Quantities per chip, then H100-equivalents per chip ('H100/H200' written 'H100H200'),
# each with 5th/95th percentiles, then the same as running totals.
CHIPS = ("A100", "H100/H200", "A800", "H800", "H20", "B200", "B300")
_H100E = tuple(f"Total_{chip.replace('/', '')}_in_H100e" for chip in CHIPS)
_PCT = ("_5th", "_95th")


def _sales_block(running: str) -> list[str]:
    quantities = [f"{chip}_quantity{running}{p}" for chip in CHIPS for p in ("", *_PCT)]
    totals = [f"Total_H100_equiv{running}", *(f"{t}{running}" for t in _H100E)]
    bounds = [f"Total_H100_equiv{p}{running}" for p in _PCT] + [f"{t}{p}{running}" for t in _H100E for p in _PCT]
    return quantities + totals + bounds


QUARTER_SALES_HEADERS = ("Quarter", "decimal_year", *_sales_block(""), *_sales_block("_running_total"))
QUARTER_SALES_HEADERS += ("Start Date", "End Date")

# Column templates: the name is filled in from the header (snake case) unless given.
NAME = col("", required=True)
DATE = col("", "date")
PAST = col("", "date", not_future=True)  # a report, founding or decommissioning date
FLAG = col("", "bool")


def num(hi: float, lo: float = 0, type: str = "float", description: str = "") -> Column:
    return col("", type, min=lo, max=hi, description=description)


def _table(
    name: str, headers: tuple[str, ...], typed: dict[str, Column], key: tuple[str, ...], description: str
) -> TableSpec:
    named = {h: c if c.name else replace(c, name=snake(h)) for h, c in typed.items()}
    return TableSpec(name=name, columns=columns(headers, named), key=key, description=description)


GPU_CLUSTERS = _table(
    "epoch_gpu_clusters",
    GPU_CLUSTERS_HEADERS,
    {
        "Name": NAME,
        "H100 equivalents": num(1e9),
        "Chip quantity (primary)": num(1e8),
        "First Operational Date": DATE,  # planned clusters may carry a future date
        "Power Capacity (MW)": num(1e5),
        "Hardware Cost": num(1e13, description="USD"),
        "Possible Duplicate": FLAG,
        "Chip quantity (secondary)": num(1e8),
        "Total number of AI chips": num(1e8),
        "Include in Standard Analysis": FLAG,
        "Exclude": FLAG,
        "Rank when first operational": num(1e5, lo=1, type="int"),
        "Max OP/s": num(1e30),
        "8-bit OP/s": num(1e30),
        "16-bit OP/s": num(1e30),
        "32-bit OP/s": num(1e30),
        "Calculated Power Capacity (MW)": num(1e5),
        "Reported Power Capacity (MW)": num(1e5),
        "Calculated Cost": num(1e13, description="USD"),
        "Reported Cost": num(1e13, description="USD"),
        "Reported Cost (Inflation adjusted)": num(1e13, description="USD"),
        "Noteworthy": FLAG,
        "Decommissioned Date (if applicable)": PAST,
        "% of largest cluster when first operational": num(1),
    },
    (),
    "Epoch AI Supercomputers: 786 GPU clusters with owner, country, sector, chips, H100e, power and cost",
)
ML_HARDWARE = _table(
    "epoch_ml_hardware",
    ML_HARDWARE_HEADERS,
    {
        "Hardware name": NAME,
        "Release date": PAST,
        "Release price (USD)": num(1e7),
        **{h: num(1e20) for h in ML_HARDWARE_HEADERS if "performance (" in h and "bit-OP/s" not in h},
        "Memory size per board (Byte)": num(1e14),
        "Memory bandwidth (byte/s)": num(1e16),
        "TDP (W)": num(1e5),
        "Process size (nm)": num(1000),
        "Transistors (millions)": num(1e8),
        "Last modified": col("", "timestamp"),
        "Max performance": num(1e20),
        "ML OP/s": num(1e20),
    },
    ("hardware_name",),
    "Epoch ML Hardware: 170 accelerators with release date and price, FLOP/s by precision, memory, TDP",
)
DATA_CENTERS = _table(
    "epoch_data_centers",
    DATA_CENTERS_HEADERS,
    {
        "Handle": NAME,
        "Current H100 equivalents": num(1e9),
        "Current power (MW)": num(1e5),
        "Current total capital cost (2025 USD billions)": num(1e4),
    },
    ("handle",),
    "Epoch Frontier Data Centers: 16 sites with owner, users, investors, current H100e, power, capital cost",
)
DATA_CENTER_TIMELINES = _table(
    "epoch_data_center_timelines",
    DATA_CENTER_TIMELINES_HEADERS,
    {
        "Date": DATE,  # plans reach into 2029
        "Data center": NAME,
        "Power (MW)": num(1e5),
        "H100 equivalents": num(1e9),
        "Buildings operational": num(1e4, type="int"),
        **{h: num(1e4, description="2025 USD billions") for h in DATA_CENTER_TIMELINES_HEADERS if "USD bill" in h},
        "Performance (8-bit OP/s)": num(1e30),
    },
    ("data_center", "date"),
    "Time series of the frontier data centres: power, H100e and costs by date",
)
COMPANIES = _table(
    "epoch_ai_companies",
    COMPANIES_HEADERS,
    {"Name": NAME, "Founding date": PAST},
    ("name",),
    "Epoch AI companies hub: the companies of the financial series",
)
COMPUTE_SPEND = _table(
    "epoch_ai_companies_compute_spend",
    COMPUTE_SPEND_HEADERS,
    {
        "Company": NAME,
        "Amount": num(1e13, description="USD"),
        "Date": DATE,
        "Report date": PAST,
        "Exclude from graph view": FLAG,
        **{h: num(1e13, description="USD") for h in COMPUTE_SPEND_HEADERS if h.endswith("compute spend")},
    },
    ("id",),
    "Reported compute spend (inference, R&D, total) per company and period",
)
FUNDING_ROUNDS = _table(
    "epoch_ai_companies_funding_rounds",
    FUNDING_ROUNDS_HEADERS,
    {
        "Company": NAME,
        "Close date": DATE,
        "Funding (equity)": num(1e13, description="USD"),
        "Funding (debt)": num(1e13, description="USD"),
        "Valuation (post-money)": num(1e14, description="USD"),
        "Report date": PAST,
        "Exclude from graph view": FLAG,
    },
    ("id",),
    "Funding rounds: equity, debt, post-money valuation",
)
REVENUE_REPORTS = _table(
    "epoch_ai_companies_revenue_reports",
    REVENUE_REPORTS_HEADERS,
    {"Company": NAME, "Date": DATE, "Revenue amount (normalize to annual)": num(1e13, description="USD/year")},
    (),  # OpenAI has two reports for 12/31/2023 and for 12/31/2024
    "Annualised revenue reports per company and date",
)
STAFF_REPORTS = _table(
    "epoch_ai_companies_staff_reports",
    STAFF_REPORTS_HEADERS,
    {"Company": NAME, "Staff count": num(1e7, type="int"), "Date": PAST},
    ("id",),
    "Staff counts per company (or division) and date",
)
USAGE_REPORTS = _table(
    "epoch_ai_companies_usage_reports",
    USAGE_REPORTS_HEADERS,
    {
        "Company": NAME,
        "Active users": num(1e11),
        "Daily tokens": num(1e16),
        "Daily messages": num(1e13),
        "Date": DATE,
        "Report date": PAST,
        "Exclude from graph view": FLAG,
    },
    ("id", "date"),  # the Id labels 'ChatGPT 700M WAU' and 'Meta AI 1B MAU' are each used for two dates
    "Active users, daily tokens and messages per product and date",
)
CHIP_TIMELINES = _table(
    "epoch_nvidia_chip_timelines",
    CHIP_TIMELINES_HEADERS,
    {
        "Name": NAME,
        "Start date": DATE,
        "End date": DATE,
        "Compute estimate in H100e (median)": num(1e10),
        "H100e (5th percentile)": num(1e10),
        "H100e (95th percentile)": num(1e10),
        "# of Units": num(1e10),
        "Power estimate (TDP in GW)": num(1e4),
        "Last Modified": col("", "timestamp"),
        "Cost estimate (USD)": num(1e13),
    },
    ("name",),
    "Nvidia AI-chip shipments per fiscal quarter and chip, in units and H100-equivalents",
)
QUARTER_SALES = _table(
    "epoch_nvidia_quarter_sales",
    QUARTER_SALES_HEADERS,
    {
        "Quarter": NAME,
        "decimal_year": num(2100, lo=2000),
        **{h: num(1e10) for h in QUARTER_SALES_HEADERS[2:-2]},
        "Start Date": DATE,
        "End Date": DATE,
    },
    ("quarter",),
    "Nvidia AI-chip sales estimates per fiscal quarter, by chip, with 5th/95th percentiles and running totals",
)

# Columns written as US dates (M/D/YYYY), per file.
US_DATES: dict[str, tuple[str, ...]] = {
    "ai_companies.csv": ("Founding date",),
    "ai_companies_compute_spend.csv": ("Date", "Report date"),
    "ai_companies_funding_rounds.csv": ("Close date", "Report date"),
    "ai_companies_revenue_reports.csv": ("Date",),
    "ai_companies_staff_reports.csv": ("Date",),
    "ai_companies_usage_reports.csv": ("Date", "Report date"),
    "data_center_timelines.csv": ("Date",),
}
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def us_date(value: str) -> str:
    """'12/31/2022' -> '2022-12-31'; any other value unchanged."""
    match = _US_DATE.match(value.strip())
    return f"{match[3]}-{int(match[1]):02d}-{int(match[2]):02d}" if match else value


def read_csv_unnamed(path: Path) -> TextRecords:
    """Like `read_csv`, but a blank header cell is named 'Unnamed: <position>' (0-based, as pandas does)."""
    reader = csv.reader(io.StringIO(read_text(path, "CSV"), newline=""))
    try:
        header = [h.strip() or f"Unnamed: {i}" for i, h in enumerate(next(reader))]
        rows = [rec for rec in reader if rec and not (len(rec) == 1 and not rec[0].strip())]  # skip blank lines
    except (StopIteration, csv.Error) as exc:
        raise SourceFormatError(path, f"malformed CSV ({exc})") from exc
    records: list[list[str | None]] = [[v if v != "" else None for v in rec] for rec in rows]
    issues: list[str | None] = [
        None if len(rec) == len(header) else f"record has {len(rec)} fields, header has {len(header)}"
        for rec in records
    ]
    return TextRecords(header, records, list(range(1, len(records) + 1)), [None] * len(records), issues)


class EpochInfrastructure(Source):
    info = SourceInfo(
        name="epoch_infrastructure",
        title="Epoch AI — AI supercomputers, ML hardware, data centres, AI companies, AI-chip sales",
        folder="epoch_infrastructure",
        licence="CC-BY-4.0",
        attribution=(
            'Epoch AI, "Data on AI Supercomputers", "Data on Machine Learning Hardware", "Frontier Data Centers" '
            'and "Data on AI Companies", https://epoch.ai/data (CC BY 4.0); AI-chip sales estimates: Epoch AI, '
            "https://github.com/epoch-research/ai-companies (MIT)"
        ),
        url="https://epoch.ai/data",
        data_date="2026-01-16",
    )
    files = (
        SourceFile("gpu_clusters.csv.gz", GPU_CLUSTERS),
        SourceFile("ml_hardware.csv", ML_HARDWARE),
        SourceFile("data_centers.csv", DATA_CENTERS),
        SourceFile("data_center_timelines.csv", DATA_CENTER_TIMELINES),
        SourceFile("ai_companies.csv", COMPANIES),
        SourceFile("ai_companies_compute_spend.csv", COMPUTE_SPEND),
        SourceFile("ai_companies_funding_rounds.csv", FUNDING_ROUNDS),
        SourceFile("ai_companies_revenue_reports.csv", REVENUE_REPORTS),
        SourceFile("ai_companies_staff_reports.csv", STAFF_REPORTS),
        SourceFile("ai_companies_usage_reports.csv", USAGE_REPORTS),
        SourceFile("nvidia_chip_timelines.csv", CHIP_TIMELINES),
        SourceFile("nvidia_quarter_sales_estimates.csv", QUARTER_SALES),
    )

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        records = read_csv_unnamed(path) if source_file.table is REVENUE_REPORTS else read_csv(path)
        for header in US_DATES.get(source_file.path, ()):
            if header not in records.header:
                continue  # reported as schema drift when the batch is built
            i = records.header.index(header)
            for rec in records.records:
                value = rec[i] if i < len(rec) else None
                if value is not None:
                    rec[i] = us_date(value)
        return records


SOURCE = EpochInfrastructure()

"""model-prices — dated list-price timelines for the first-party APIs of 32 labs (OpenAI, Anthropic, DeepSeek …).

Source: PyPI wheel `model-prices` 0.0.5 (github.com/wakamex/model-prices), file `model_prices/snapshot.json`,
updated 2026-10-26 and built from models.dev commit 4a77c904; MIT licence (package) + MIT (models.dev data).
`prices` nests provider → model → tier ('standard', 'batch', 'flex' …) → a list of periods, each
{rates: {input, output, cache_read, …, source, valid_from, valid_from_basis} | null, start}; rates are USD per 1M
tokens and a null `rates` means the tier was not offered in that period. One file fills three tables: the
timeline (one row per provider × model × tier × period), the model `status` (deprecated/removed) and the
subscription `plans`. The other top-level keys (aliases, bases, estimates, schedules …) are not loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from avsi.sources._nested import expect, hoist_undeclared, parent_paths
from avsi.sources.base import Column, RawBatch, Source, SourceFile, SourceInfo, TableSpec, batch_from_records
from avsi.sources.readers import TextRecords, read_json, records_from_objects
from avsi.sources.spec import col, columns

SCHEMA_VERSION = 1  # the snapshot's `schema`; another value is reported as a warning
# USD per 1M tokens; the dearest real rate is 600 (o1-pro output), 1,000 catches a rate entered per 1K tokens.
MAX_USD_PER_MTOK = 1_000.0

Objects = list[tuple[int, str | None, Any]]


def _rate(name: str, what: str) -> Column:
    return col(name, "float", min=0, max=MAX_USD_PER_MTOK, description=f"USD per 1M {what}")


TIMELINE_HEADERS = (
    "provider", "model", "tier", "period", "start", "rates.input", "rates.output", "rates.cache_read",
    "rates.cache_write", "rates.cache_write_1h_multiple", "rates.tiers", "rates.model", "rates.source",
    "rates.valid_from", "rates.valid_from_basis", "recorded",
)  # fmt: skip
TIMELINE = TableSpec(
    name="model_prices_timeline",
    columns=columns(
        TIMELINE_HEADERS,
        {
            "provider": col("provider", required=True),
            "model": col("model", required=True),
            "tier": col("tier", required=True, description="standard, batch, flex, fast, thinking, ultrafast"),
            "period": col("period", "int", required=True, min=0, description="0-based index in the tier's list"),
            # When the period starts (null for the first one); an announced change may lie in the future.
            "start": col("start", "timestamp"),
            "rates.input": _rate("input", "input tokens"),
            "rates.output": _rate("output", "output tokens"),
            "rates.cache_read": _rate("cache_read", "cached input tokens read"),
            "rates.cache_write": _rate("cache_write", "input tokens written to the cache (5 min)"),
            "rates.cache_write_1h_multiple": col(
                "cache_write_1h_multiple", "float", min=0, max=100, description="1-hour cache write ÷ input rate"
            ),
            "rates.tiers": col("rate_tiers", "json", description="context-size tiers: [{above, input, output …}]"),
            "rates.model": col("rate_model", description="the upstream model id the rates were taken from"),
            "rates.source": col("rate_source", description="models.dev commit or cited pricing page"),
            "rates.valid_from": col("valid_from", "timestamp", description="since when the rates are known"),
            "rates.valid_from_basis": col("valid_from_basis", description="models.dev commit, documented …"),
            "recorded": col("recorded", "json", description="the rates models.dev recorded, when corrected"),
        },
    ),
    key=("provider", "model", "tier", "period"),
    description="First-party API list prices over time: one row per provider × model × tier × period",
)
STATUS = TableSpec(
    name="model_prices_status",
    columns=columns(
        ("provider", "model", "status"),
        {
            "provider": col("provider", required=True),
            "model": col("model", required=True),
            "status": col("status", required=True, description="deprecated or removed"),
        },
    ),
    key=("provider", "model"),
    description="Models their lab has deprecated or removed",
)
PLANS = TableSpec(
    name="model_prices_plans",
    columns=columns(
        ("provider", "id", "name", "usd_per_month", "valid_from", "valid_until", "checked", "source", "note"),
        {
            "provider": col("provider", required=True),
            "id": col("id", required=True),
            "usd_per_month": col("usd_per_month", "float", min=0, max=10_000),
            "valid_from": col("valid_from", "timestamp"),
            "valid_until": col("valid_until", "timestamp"),
            "checked": col("checked", "date", not_future=True),
        },
    ),
    key=("provider", "id"),
    description="Consumer subscription plans (Claude Pro, ChatGPT Plus …) and their monthly price",
)


def _timeline(prices: Mapping[str, Any], fields: list[str]) -> Objects:
    """One object per period, numbered 1, 2 … in document order; a level that is not the expected JSON object or
    list becomes one row with that value, which the reader reports as a row issue."""
    parents = parent_paths(fields)
    out: Objects = []

    def add(key: str, obj: Any) -> None:
        out.append((len(out) + 1, key, hoist_undeclared(obj, fields, parents)))

    for provider, models in prices.items():
        if not isinstance(models, Mapping):
            add(provider, models)
            continue
        for model, tiers in models.items():
            if not isinstance(tiers, Mapping):
                add(f"{provider}/{model}", tiers)
                continue
            for tier, periods in tiers.items():
                if not isinstance(periods, list):
                    add(f"{provider}/{model}/{tier}", periods)
                    continue
                for i, period in enumerate(periods):
                    if isinstance(period, Mapping):
                        period = {**period, "provider": provider, "model": model, "tier": tier, "period": i}
                    add(f"{provider}/{model}/{tier}/{i}", period)
    return out


def _status(status: Mapping[str, Any]) -> Objects:
    out: Objects = []
    for provider, models in status.items():
        if not isinstance(models, Mapping):
            out.append((len(out) + 1, provider, models))
            continue
        for model, value in models.items():
            out.append((len(out) + 1, f"{provider}/{model}", {"provider": provider, "model": model, "status": value}))
    return out


class ModelPrices(Source):
    info = SourceInfo(
        name="model_prices",
        title="model-prices — dated price timelines for first-party AI APIs",
        folder="model_prices",
        licence="MIT",
        attribution=(
            "model-prices 0.0.5 by wakamex (github.com/wakamex/model-prices), MIT licence; built from models.dev "
            "data (github.com/sst/models.dev @ 4a77c904), MIT licence; keep both copyright and permission notices"
        ),
        url="https://github.com/wakamex/model-prices",
        data_date="2026-10-26",
    )
    files = (
        SourceFile("snapshot.json.gz", TIMELINE),
        SourceFile("snapshot.json.gz", STATUS),
        SourceFile("snapshot.json.gz", PLANS),
    )

    def read(self, data_dir: Path) -> Iterator[RawBatch]:
        """The one file, parsed once, as three batches (timeline, status, plans)."""
        relative = self.files[0].path
        path = self.path(data_dir, relative)
        doc = expect(path, read_json(path), dict, "the document")
        warnings = []
        if doc.get("schema") != SCHEMA_VERSION:
            warnings.append(f"{self.rel(relative)}: schema {doc.get('schema')!r}, expected {SCHEMA_VERSION}")
        for source_file in self.files:
            batch = batch_from_records(
                self.name, source_file.table, path, self.rel(relative), self.records(source_file.table, path, doc)
            )
            batch.warnings.extend(warnings)
            yield batch

    def records(self, table: TableSpec, path: Path, doc: Mapping[str, Any]) -> TextRecords:
        fields = table.source_names
        if table is TIMELINE:
            objects = _timeline(expect(path, doc.get("prices"), dict, "'prices'"), fields)
        elif table is STATUS:
            objects = _status(expect(path, doc.get("status"), dict, "'status'"))
        else:
            plans = expect(path, doc.get("plans"), list, "'plans'")
            objects = [(i, None, plan) for i, plan in enumerate(plans, start=1)]
        return records_from_objects(path, objects, fields)

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        return self.records(source_file.table, path, expect(path, read_json(path), dict, "the document"))


SOURCE = ModelPrices()

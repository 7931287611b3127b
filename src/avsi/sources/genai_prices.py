"""Pydantic genai-prices — prices of 1,442 models at 34 providers, with dated price changes and context tiers.

Source: github.com/pydantic/genai-prices `prices/data.json` @ 47df840a (2026-08-21), MIT licence, © Pydantic
Services Inc. The file is a list of providers, each with its `models`. A model's `prices` is either one object
(input_mtok, output_mtok, cache_read_mtok … each a number or {"base": n, "tiers": [{start, price}]}) or a list of
{constraint, prices} entries (a dated change: constraint {start_date}; or a time-of-day window). One row per
provider × model × price entry; base prices are USD per 1M tokens, tiers and constraints are kept as JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from avsi.sources._nested import expect, hoist_undeclared, parent_paths
from avsi.sources.base import Column, RawBatch, Source, SourceFile, SourceInfo, TableSpec, batch_from_records
from avsi.sources.readers import TextRecords, read_json, records_from_objects
from avsi.sources.spec import col, columns

# USD per 1M tokens; the dearest real price is 600 (o1-pro output), 1,000 catches a price entered per 1K tokens.
MAX_USD_PER_MTOK = 1_000.0
PRICE_KEYS = (
    "input_mtok", "output_mtok", "cache_read_mtok", "cache_write_mtok", "input_audio_mtok", "output_audio_mtok",
    "cache_audio_read_mtok",
)  # fmt: skip

PROVIDER_HEADERS = (
    "id", "name", "pricing_urls", "api_pattern", "model_match", "provider_match", "extractors", "price_comments",
    "fallback_model_providers",
)  # fmt: skip
PROVIDERS = TableSpec(
    name="genai_prices_providers",
    columns=columns(
        PROVIDER_HEADERS,
        {
            "id": col("id", required=True),
            "pricing_urls": col("pricing_urls", "json"),
            "model_match": col("model_match", "json", description="rule matching model names to this provider"),
            "provider_match": col("provider_match", "json"),
            "extractors": col("extractors", "json", description="how to read token usage from API responses"),
            "fallback_model_providers": col("fallback_model_providers", "json"),
        },
    ),
    key=("id",),
    description="The providers of genai-prices (their models are in genai_prices_models)",
)


def _price(key: str) -> dict[str, Column]:
    name = key.removesuffix("_mtok")
    return {
        f"prices.{key}": col(f"{name}_mtok", "float", min=0, max=MAX_USD_PER_MTOK, description="USD per 1M tokens"),
        f"prices.{key}_tiers": col(f"{name}_mtok_tiers", "json", description="[{start: tokens, price}]"),
    }


MODEL_HEADERS = (
    "provider_id", "id", "price_index", "name", "description", "match", "context_window", "deprecated",
    "price_comments", "constraint", "constraint.start_date", "constraint.start_time", "constraint.end_time",
    *(f"prices.{k}{suffix}" for k in PRICE_KEYS for suffix in ("", "_tiers")), "prices.requests_kcount",
)  # fmt: skip
MODELS = TableSpec(
    name="genai_prices_models",
    columns=columns(
        MODEL_HEADERS,
        {
            "provider_id": col("provider_id", required=True),
            "id": col("model_id", required=True),
            "price_index": col("price_index", "int", required=True, min=0, description="0-based; 0 if one price"),
            "match": col("match", "json", description="rule matching model names"),
            "context_window": col("context_window", "int", min=0, max=1e9),
            "deprecated": col("deprecated", "bool"),
            "constraint": col("constraint", "json", description="when this price applies (null: the default)"),
            # The date a price change takes effect: an announced change may lie in the future.
            "constraint.start_date": col("start_date", "date"),
            "constraint.start_time": col("start_time", description="time-of-day window start (UTC)"),
            "constraint.end_time": col("end_time", description="time-of-day window end (UTC)"),
            **{h: c for k in PRICE_KEYS for h, c in _price(k).items()},
            "prices.requests_kcount": col("requests_kcount", "float", min=0, description="USD per 1,000 requests"),
        },
    ),
    key=("provider_id", "model_id", "price_index"),
    description="Model prices at each provider: one row per provider × model × price entry (USD per 1M tokens)",
)


def _flat_prices(prices: Any) -> Any:
    """{k: n} stays; {k: {"base": n, "tiers": [...]}} becomes {k: n, k_tiers: [...]}. Anything else is kept as it
    is, so a value that is not a number fails its column's type visibly."""
    if not isinstance(prices, Mapping):
        return prices
    out: dict[str, Any] = {}
    for key, value in prices.items():
        if isinstance(value, Mapping) and "base" in value and set(value) <= {"base", "tiers"}:
            out[key] = value["base"]
            out[f"{key}_tiers"] = value.get("tiers")
        else:
            out[key] = value
    return out


def _model_rows(path: Path, providers: list[Any], fields: list[str]) -> list[tuple[int, str | None, Any]]:
    """One object per provider × model × price entry, numbered 1, 2 … in document order."""
    parents = parent_paths(fields)
    out: list[tuple[int, str | None, Any]] = []
    for provider in providers:
        if not isinstance(provider, Mapping):
            continue  # reported as a row issue of genai_prices_providers
        pid = provider.get("id")
        for model in expect(path, provider.get("models", []), list, f"'models' of provider {pid!r}"):
            if not isinstance(model, Mapping):
                out.append((len(out) + 1, f"{pid}/?", model))
                continue
            base = {k: v for k, v in model.items() if k != "prices"}
            prices = model.get("prices")
            entries = prices if isinstance(prices, list) else [{"prices": prices}]
            for i, entry in enumerate(entries):
                key = f"{pid}/{model.get('id')}/{i}"
                if not isinstance(entry, Mapping):
                    out.append((len(out) + 1, key, entry))
                    continue
                obj = {
                    **base,
                    **entry,
                    "provider_id": pid,
                    "price_index": i,
                    "prices": _flat_prices(entry.get("prices")),
                }
                out.append((len(out) + 1, key, hoist_undeclared(obj, fields, parents)))
    return out


class GenaiPrices(Source):
    info = SourceInfo(
        name="genai_prices",
        title="Pydantic genai-prices",
        folder="genai_prices",
        licence="MIT",
        attribution=(
            "genai-prices (github.com/pydantic/genai-prices) prices/data.json @ "
            "47df840a5ab10bbcffb8e5ac01b9899032245d1b, © Pydantic Services Inc., MIT licence; "
            "keep the copyright and permission notice"
        ),
        url="https://github.com/pydantic/genai-prices",
        data_date="2026-08-21",
    )
    files = (SourceFile("data.json.gz", PROVIDERS), SourceFile("data.json.gz", MODELS))

    def read(self, data_dir: Path) -> Iterator[RawBatch]:
        """The one file, parsed once, as two batches (providers, models)."""
        relative = self.files[0].path
        path = self.path(data_dir, relative)
        providers = expect(path, read_json(path), list, "the document")
        for source_file in self.files:
            records = self.records(source_file.table, path, providers)
            yield batch_from_records(self.name, source_file.table, path, self.rel(relative), records)

    def records(self, table: TableSpec, path: Path, providers: list[Any]) -> TextRecords:
        fields = table.source_names
        if table is PROVIDERS:
            # A provider's `models` fill genai_prices_models; they are left out here rather than kept as an extra.
            objects = [
                (i, None, {k: v for k, v in p.items() if k != "models"} if isinstance(p, Mapping) else p)
                for i, p in enumerate(providers, start=1)
            ]
            return records_from_objects(path, objects, fields)
        return records_from_objects(path, _model_rows(path, providers, fields), fields)

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        return self.records(source_file.table, path, expect(path, read_json(path), list, "the document"))


SOURCE = GenaiPrices()

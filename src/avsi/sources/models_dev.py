"""models.dev — the open catalogue of AI models per provider: prices, limits, modalities, release dates.

Source: github.com/anomalyco/models.dev (the sst/models.dev catalogue) @ f3fc6922 (2026-07-02), MIT licence. The
shipped files are a lossless flattening of its TOML files: `models.jsonl.gz` (one model × provider per line, nested
`cost`/`limit`/`modalities`; prices in USD per 1M tokens), `providers.json` (keyed by provider id) and
`lab_models.json` (the canonical lab model cards). The OpenRouter list in the same folder is the `openrouter` source.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from avsi.sources._nested import expect, hoist_undeclared, parent_paths
from avsi.sources.base import Column, Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.readers import TextRecords, read_json, read_jsonl, records_from_objects
from avsi.sources.spec import col, columns

# USD per 1M tokens. The dearest real price is o1-pro output at 600; 1,000 leaves room and still catches a price
# entered per 1K tokens or per request by mistake.
MAX_USD_PER_MTOK = 1_000.0
MAX_TOKENS = 1e9  # context/output limits; the real maximum is a 99,999,999 placeholder ("unlimited")


def _price(name: str, what: str) -> Column:
    return col(name, "float", min=0, max=MAX_USD_PER_MTOK, description=f"USD per 1M {what}")


def _limit(name: str, what: str) -> Column:
    return col(name, "int", min=0, max=MAX_TOKENS, description=what)


MODEL_HEADERS = (
    "provider_id", "model_id", "symlink_to", "name", "family", "release_date", "last_updated", "knowledge", "status",
    "attachment", "reasoning", "temperature", "tool_call", "structured_output", "open_weights", "interleaved",
    "reasoning_options", "base_model", "base_model_omit", "cost.input", "cost.output", "cost.cache_read",
    "cost.cache_write", "cost.reasoning", "cost.input_audio", "cost.output_audio", "cost.cached_input",
    "cost.cached_write", "cost.cache_input", "cost.image", "cost.request", "cost.citation", "cost.tiers",
    "limit.context", "limit.input", "limit.output", "modalities.input", "modalities.output", "provider.npm",
    "provider.api", "provider.shape", "experimental",
)  # fmt: skip

# Shared by the per-provider models and the lab model cards.
COMMON_TYPED: dict[str, Column] = {
    "release_date": col("release_date", "date", not_future=True),
    "last_updated": col("last_updated", "date", not_future=True),
    "knowledge": col("knowledge", "date", description="training data cutoff (YYYY-MM or YYYY-MM-DD)"),
    "attachment": col("attachment", "bool"),
    "reasoning": col("reasoning", "bool"),
    "temperature": col("temperature", "bool"),
    "tool_call": col("tool_call", "bool"),
    "structured_output": col("structured_output", "bool"),
    "open_weights": col("open_weights", "bool"),
    "limit.context": _limit("context_limit", "context window, tokens"),
    "limit.input": _limit("input_limit", "maximum input tokens"),
    "limit.output": _limit("output_limit", "maximum output tokens"),
    "modalities.input": col("input_modalities", "json"),
    "modalities.output": col("output_modalities", "json"),
}

MODEL_TYPED: dict[str, Column] = {
    **COMMON_TYPED,
    "provider_id": col("provider_id", required=True),
    "model_id": col("model_id", required=True),
    "interleaved": col("interleaved", "json", description="true, or {field: ...} naming the reasoning field"),
    "reasoning_options": col("reasoning_options", "json"),
    "base_model_omit": col("base_model_omit", "json"),
    "cost.input": _price("cost_input", "input tokens"),
    "cost.output": _price("cost_output", "output tokens"),
    "cost.cache_read": _price("cost_cache_read", "cached input tokens read"),
    "cost.cache_write": _price("cost_cache_write", "input tokens written to the cache"),
    "cost.reasoning": _price("cost_reasoning", "reasoning tokens"),
    "cost.input_audio": _price("cost_input_audio", "audio input tokens"),
    "cost.output_audio": _price("cost_output_audio", "audio output tokens"),
    # Three rare spellings of the cache prices that some provider files use instead of cache_read/cache_write.
    "cost.cached_input": _price("cost_cached_input", "cached input tokens (alternative key)"),
    "cost.cached_write": _price("cost_cached_write", "cache writes (alternative key)"),
    "cost.cache_input": _price("cost_cache_input", "cached input tokens (alternative key)"),
    "cost.image": col("cost_image", "float", min=0, description="USD per image (as given by the provider)"),
    "cost.request": col("cost_request", "float", min=0, description="USD per request"),
    "cost.citation": col("cost_citation", "float", min=0, description="USD per citation unit"),
    "cost.tiers": col("cost_tiers", "json", description="context-size price tiers, USD per 1M tokens"),
    "experimental": col("experimental", "json", description="experimental modes (e.g. fast) with their prices"),
}

MODELS = TableSpec(
    name="models_dev_models",
    columns=columns(MODEL_HEADERS, MODEL_TYPED),
    key=("provider_id", "model_id"),
    description="One row per model × provider of models.dev: prices (USD per 1M tokens), limits, modalities",
)

PROVIDER_HEADERS = ("provider_id", "name", "env", "npm", "doc", "api")
PROVIDERS = TableSpec(
    name="models_dev_providers",
    columns=columns(
        PROVIDER_HEADERS,
        {
            "provider_id": col("provider_id", required=True, description="the JSON key"),
            "name": col("name"),
            "env": col("env", "json", description="environment variables holding the API key"),
        },
    ),
    key=("provider_id",),
    description="The providers (hosts) of models.dev: name, API base URL, docs, SDK package",
)

LAB_HEADERS = (
    "lab_id", "model_id", "name", "family", "release_date", "last_updated", "knowledge", "license", "attachment",
    "reasoning", "temperature", "tool_call", "structured_output", "open_weights", "limit.context", "limit.input",
    "limit.output", "modalities.input", "modalities.output", "weights", "links", "benchmarks",
)  # fmt: skip
LAB_MODELS = TableSpec(
    name="models_dev_lab_models",
    columns=columns(
        LAB_HEADERS,
        {
            **COMMON_TYPED,
            "lab_id": col("lab_id", required=True),
            "model_id": col("model_id", required=True),
            "weights": col("weights", "json", description="links to the weights, e.g. the Hugging Face repo"),
            "links": col("links", "json"),
            "benchmarks": col("benchmarks", "json", description="self-reported benchmark scores"),
        },
    ),
    key=("lab_id", "model_id"),
    description="Canonical model cards per lab (models.dev `models/`): release date, open weights, weights links",
)


class ModelsDev(Source):
    info = SourceInfo(
        name="models_dev",
        title="models.dev — open catalogue of AI models, providers and prices",
        folder="models_dev",
        licence="MIT",
        attribution=(
            "models.dev (github.com/anomalyco/models.dev, formerly sst/models.dev) @ f3fc692299671838c7c65fd8126bf"
            "84d81a2e817, MIT licence; keep its copyright and permission notice"
        ),
        url="https://models.dev",
        data_date="2026-07-02",
    )
    files = (
        SourceFile("models.jsonl.gz", MODELS),
        SourceFile("providers.json", PROVIDERS),
        SourceFile("lab_models.json", LAB_MODELS),
    )

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        table = source_file.table
        fields = table.source_names
        parents = parent_paths(fields)
        objects: Iterator[tuple[int, str | None, Any]]
        if table is MODELS:
            # Row number = line number in the JSON-lines file.
            objects = ((n, None, hoist_undeclared(obj, fields, parents)) for n, obj in read_jsonl(path))
        elif table is PROVIDERS:
            data = expect(path, read_json(path), dict, "the document")
            objects = (
                (i, key, {**value, "provider_id": key} if isinstance(value, Mapping) else value)
                for i, (key, value) in enumerate(data.items(), start=1)
            )
        else:
            data = expect(path, read_json(path), list, "the document")
            objects = ((i, None, hoist_undeclared(obj, fields, parents)) for i, obj in enumerate(data, start=1))
        return records_from_objects(path, objects, fields)


SOURCE = ModelsDev()

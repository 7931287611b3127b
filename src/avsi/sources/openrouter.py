"""OpenRouter model list (a verbatim /api/v1/models dump): aggregator prices, context lengths, Hugging Face ids.

Source: `models.json` of the models.dev repository @ c2c5cc8f (2026-05-15), shipped in the models_dev folder as
`openrouter_models_snapshot.json.gz` ({"data": [...]}); MIT licence as part of models.dev, data from OpenRouter.
Prices are USD *per token*, given as decimal strings. OpenRouter's routers (openrouter/auto ...) carry the price
"-1", meaning "whatever the routed model costs": the reader turns those into NULL and sets `pricing_variable`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from avsi.sources._nested import expect, hoist_undeclared, parent_paths, unix_to_iso
from avsi.sources.base import Column, Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.readers import TextRecords, read_json, records_from_objects
from avsi.sources.spec import col, columns

# USD per token. The dearest real price is 0.00015 (o1-pro-class prompt); 0.001 (= 1,000 USD per 1M tokens) still
# catches a price given per 1K or per 1M tokens by mistake.
MAX_USD_PER_TOKEN = 0.001
VARIABLE_PRICE = "-1"  # OpenRouter's marker for a price that depends on the routed model
PRICING_VARIABLE = "pricing_variable"  # added by the reader

HEADERS = (
    "id", "canonical_slug", "hugging_face_id", "name", "created", "description", "context_length",
    "architecture.modality", "architecture.input_modalities", "architecture.output_modalities",
    "architecture.tokenizer", "architecture.instruct_type", "pricing.prompt", "pricing.completion",
    "pricing.input_cache_read", "pricing.input_cache_write", "pricing.internal_reasoning", "pricing.image",
    "pricing.audio", "pricing.web_search", PRICING_VARIABLE, "top_provider.context_length",
    "top_provider.max_completion_tokens", "top_provider.is_moderated", "per_request_limits", "supported_parameters",
    "default_parameters", "supported_voices", "knowledge_cutoff", "expiration_date", "links",
)  # fmt: skip


def _per_token(name: str, what: str) -> Column:
    return col(name, "float", min=0, max=MAX_USD_PER_TOKEN, description=f"USD per {what}")


TYPED: dict[str, Column] = {
    "id": col("id", required=True, description="OpenRouter model id, e.g. openai/gpt-4o"),
    "hugging_face_id": col("hugging_face_id", description="Hugging Face repo of the weights (open models)"),
    "created": col("created", "timestamp", not_future=True, description="added to OpenRouter (from unix seconds)"),
    "context_length": col("context_length", "int", min=0, max=1e9),
    "architecture.input_modalities": col("input_modalities", "json"),
    "architecture.output_modalities": col("output_modalities", "json"),
    "pricing.prompt": _per_token("price_prompt", "input token"),
    "pricing.completion": _per_token("price_completion", "output token"),
    "pricing.input_cache_read": _per_token("price_input_cache_read", "cached input token read"),
    "pricing.input_cache_write": _per_token("price_input_cache_write", "input token written to the cache"),
    "pricing.internal_reasoning": _per_token("price_internal_reasoning", "reasoning token"),
    "pricing.image": _per_token("price_image", "image input token"),
    "pricing.audio": _per_token("price_audio", "audio input token"),
    "pricing.web_search": col("price_web_search", "float", min=0, max=10, description="USD per web search"),
    PRICING_VARIABLE: col(PRICING_VARIABLE, "bool", description="a price was -1: depends on the routed model"),
    "top_provider.context_length": col("top_provider_context_length", "int", min=0, max=1e9),
    "top_provider.max_completion_tokens": col("top_provider_max_completion_tokens", "int", min=0, max=1e9),
    "top_provider.is_moderated": col("top_provider_is_moderated", "bool"),
    "per_request_limits": col("per_request_limits", "json"),
    "supported_parameters": col("supported_parameters", "json"),
    "default_parameters": col("default_parameters", "json"),
    "supported_voices": col("supported_voices", "json"),
    "knowledge_cutoff": col("knowledge_cutoff", "date"),
    # A deprecation date: it lies in the future legitimately.
    "expiration_date": col("expiration_date", "date"),
    "links": col("links", "json"),
}

MODELS = TableSpec(
    name="openrouter_models",
    columns=columns(HEADERS, TYPED),
    key=("id",),
    description="OpenRouter models (May 2026): prices in USD per token, context length, Hugging Face id",
)


def _with_variable_prices(obj: Any) -> Any:
    """The model with its "-1" prices set to None and `pricing_variable` saying whether there were any."""
    if not isinstance(obj, Mapping):
        return obj
    pricing = obj.get("pricing")
    if not isinstance(pricing, Mapping):
        return {**obj, PRICING_VARIABLE: False}
    variable = any(str(v).strip() == VARIABLE_PRICE for v in pricing.values())
    cleaned = {k: (None if str(v).strip() == VARIABLE_PRICE else v) for k, v in pricing.items()}
    return {**obj, "pricing": cleaned, PRICING_VARIABLE: variable}


class OpenRouter(Source):
    info = SourceInfo(
        name="openrouter",
        title="OpenRouter model list (snapshot in models.dev)",
        folder="models_dev",
        licence="MIT",
        attribution=(
            "OpenRouter model list (openrouter.ai/api/v1/models) as committed in models.dev (github.com/anomalyco/"
            "models.dev) models.json @ c2c5cc8f21d590edb2f52219d20016606c0d00df, MIT licence (models.dev); "
            "model data from OpenRouter"
        ),
        url="https://openrouter.ai/api/v1/models",
        data_date="2026-05-15",
    )
    files = (SourceFile("openrouter_models_snapshot.json.gz", MODELS),)

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        fields = source_file.table.source_names
        parents = parent_paths(fields)
        doc = expect(path, read_json(path), dict, "the document")
        data = expect(path, doc.get("data"), list, "'data'")
        objects = []
        for i, obj in enumerate(data, start=1):
            obj = _with_variable_prices(obj)
            if isinstance(obj, Mapping):
                obj = {**obj, "created": unix_to_iso(obj.get("created"))}
            objects.append((i, None, hoist_undeclared(obj, fields, parents)))
        return records_from_objects(path, objects, fields, required_keys=("id", "pricing"))


SOURCE = OpenRouter()

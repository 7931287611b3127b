"""LiteLLM model prices and context windows: the current price list and six older releases (the history).

Source: PyPI wheels of `litellm` (file `litellm/model_prices_and_context_window_backup.json`, the same content as
model_prices_and_context_window.json in github.com/BerriAI/litellm), MIT licence, © Berri AI. Current: 1.110.2
(~Nov 2026); history: 1.55.0 (~Dec 2024) … 1.100.0 (Sep 2026). Each file is a JSON object keyed by model route
(e.g. "gpt-4o", "bedrock/…"); prices are USD *per token* (per image, second, character … where the key says so).
The current list fills `litellm_prices`; all history files fill one table, `litellm_price_history`, with the
release in `litellm_version`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from avsi.exceptions import SourceFormatError
from avsi.sources._nested import expect
from avsi.sources.base import Column, RawBatch, Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.readers import TextRecords, read_json, records_from_objects
from avsi.sources.spec import col, columns, snake

MODEL = "model"  # the JSON key (model route), added to each record by the reader
VERSION = "litellm_version"  # parsed from a history file name, added by the reader
DOC_KEY = "sample_spec"  # documents the schema; not a model
HISTORY_VERSIONS = ("1.55.0", "1.65.0", "1.75.0", "1.85.0", "1.95.0", "1.100.0")
HISTORY_NAME = re.compile(r"model_prices_litellm-(\d+(?:\.\d+)+)\.json(?:\.gz)?")

# USD per token. The dearest real price is o1-pro output at 0.0006 (600 USD per 1M tokens); 0.001 (1,000 USD per
# 1M) catches the prices entered per 1K or per 1M tokens by mistake, e.g. wandb/deepseek-ai/DeepSeek-R1-0528 at
# 0.135 per token in 1.85.0-1.100.0 or azure_ai/jais-30b-chat at 0.00971 (those rows are quarantined).
MAX_USD_PER_TOKEN = 0.001

# Every key seen in the current list and the six history files. The main ones (found 30+ times in some file) are
# typed; the rare ones (tier variants such as *_ultrafast, one-off flags) are declared as text, to keep the store's
# validation fast (typing all ~280 keys made it take ~15 s per file).
MAIN_KEYS = (
    "litellm_provider", "mode", "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
    "cache_creation_input_token_cost", "max_tokens", "max_input_tokens", "max_output_tokens",
    "deprecation_date", "deprecation_source", "successor_model", "alias_of", "source", "comment", "metadata",
    "bedrock_converse_supports_strict_tools", "bedrock_output_config_effort_ceiling",
    "cache_creation_input_token_cost_above_1hr", "cache_creation_input_token_cost_above_200k_tokens",
    "cache_creation_input_token_cost_above_272k_tokens",
    "cache_creation_input_token_cost_above_272k_tokens_priority", "cache_creation_input_token_cost_batches",
    "cache_creation_input_token_cost_flex", "cache_creation_input_token_cost_priority",
    "cache_read_input_audio_token_cost", "cache_read_input_image_token_cost",
    "cache_read_input_token_cost_above_200k_tokens", "cache_read_input_token_cost_above_272k_tokens",
    "cache_read_input_token_cost_above_272k_tokens_flex",
    "cache_read_input_token_cost_above_272k_tokens_priority", "cache_read_input_token_cost_batches",
    "cache_read_input_token_cost_flex", "cache_read_input_token_cost_priority", "default_reasoning_effort",
    "fedramp_uplift_multiplier", "google_maps_grounding_cost_per_query", "input_cost_per_audio_token",
    "input_cost_per_character", "input_cost_per_image", "input_cost_per_image_token", "input_cost_per_pixel",
    "input_cost_per_query", "input_cost_per_second", "input_cost_per_token_above_128k_tokens",
    "input_cost_per_token_above_200k_tokens", "input_cost_per_token_above_272k_tokens",
    "input_cost_per_token_above_272k_tokens_batches", "input_cost_per_token_above_272k_tokens_flex",
    "input_cost_per_token_above_272k_tokens_priority", "input_cost_per_token_batches",
    "input_cost_per_token_cache_hit", "input_cost_per_token_flex", "input_cost_per_token_priority",
    "input_cost_per_video_per_second", "input_dbu_cost_per_token", "max_audio_length_hours",
    "max_audio_per_prompt", "max_images_per_prompt", "max_pdf_size_mb", "max_video_length",
    "max_videos_per_prompt", "output_cost_per_audio_token", "output_cost_per_character",
    "output_cost_per_image", "output_cost_per_image_token", "output_cost_per_pixel",
    "output_cost_per_reasoning_token", "output_cost_per_second", "output_cost_per_second_1080p",
    "output_cost_per_second_480p", "output_cost_per_second_720p", "output_cost_per_token_above_128k_tokens",
    "output_cost_per_token_above_200k_tokens", "output_cost_per_token_above_272k_tokens",
    "output_cost_per_token_above_272k_tokens_batches", "output_cost_per_token_above_272k_tokens_flex",
    "output_cost_per_token_above_272k_tokens_priority", "output_cost_per_token_batches",
    "output_cost_per_token_flex", "output_cost_per_token_priority", "output_dbu_cost_per_token",
    "output_vector_size", "prompt_cache_min_tokens", "provider_specific_entry", "reasoning_contexts",
    "reasoning_effort_levels", "reasoning_modes", "regional_endpoint_uplift_multiplier", "rpm",
    "search_context_cost_per_query", "search_free_requests", "supported_endpoints", "supported_modalities",
    "supported_output_modalities", "supports_adaptive_thinking", "supports_assistant_prefill",
    "supports_audio_input", "supports_audio_output", "supports_bedrock_native_structured_output",
    "supports_bedrock_native_structured_output_by_default", "supports_computer_use",
    "supports_embedding_image_input", "supports_forced_tool_use", "supports_function_calling",
    "supports_max_reasoning_effort", "supports_mid_conversation_system", "supports_minimal_reasoning_effort",
    "supports_native_streaming", "supports_native_structured_output", "supports_none_reasoning_effort",
    "supports_output_config", "supports_parallel_function_calling", "supports_parallel_tool_use_config",
    "supports_pdf_input", "supports_prompt_cache_breakpoint", "supports_prompt_caching", "supports_reasoning",
    "supports_response_schema", "supports_sampling_params", "supports_service_tier",
    "supports_system_messages", "supports_tool_choice", "supports_tool_search", "supports_url_context",
    "supports_video_input", "supports_vision", "supports_web_search", "supports_xhigh_reasoning_effort",
    "thinking_always_on", "thinking_on_by_default", "tiered_pricing", "token_count_model",
    "tool_use_system_prompt_tokens", "tpm", "use_openai_responses_path", "web_search_billing_unit",
)  # fmt: skip
RARE_KEYS = (
    "annotation_cost_per_page", "annotation_cost_per_page_batches", "audio_transcription_config",
    "cache_creation_input_audio_token_cost", "cache_creation_input_token_cost_above_100k_tokens",
    "cache_creation_input_token_cost_above_100k_tokens_batches", "cache_creation_input_token_cost_above_12hr",
    "cache_creation_input_token_cost_above_12hr_above_272k_tokens",
    "cache_creation_input_token_cost_above_12hr_above_272k_tokens_batches",
    "cache_creation_input_token_cost_above_12hr_above_272k_tokens_flex",
    "cache_creation_input_token_cost_above_12hr_above_272k_tokens_priority",
    "cache_creation_input_token_cost_above_12hr_above_272k_tokens_ultrafast",
    "cache_creation_input_token_cost_above_12hr_batches", "cache_creation_input_token_cost_above_12hr_flex",
    "cache_creation_input_token_cost_above_12hr_priority",
    "cache_creation_input_token_cost_above_12hr_ultrafast",
    "cache_creation_input_token_cost_above_1hr_above_100k_tokens",
    "cache_creation_input_token_cost_above_1hr_above_200k_tokens",
    "cache_creation_input_token_cost_above_272k_tokens_batches",
    "cache_creation_input_token_cost_above_272k_tokens_decisions",
    "cache_creation_input_token_cost_above_272k_tokens_flex",
    "cache_creation_input_token_cost_above_272k_tokens_ultrafast", "cache_creation_input_token_cost_decisions",
    "cache_creation_input_token_cost_ultrafast", "cache_read_input_audio_token_cost_batches",
    "cache_read_input_audio_token_cost_flex", "cache_read_input_audio_token_cost_priority",
    "cache_read_input_token_cost_above_100k_tokens", "cache_read_input_token_cost_above_100k_tokens_batches",
    "cache_read_input_token_cost_above_200k_tokens_batches",
    "cache_read_input_token_cost_above_200k_tokens_flex",
    "cache_read_input_token_cost_above_200k_tokens_priority", "cache_read_input_token_cost_above_256k_tokens",
    "cache_read_input_token_cost_above_272k_tokens_batches",
    "cache_read_input_token_cost_above_272k_tokens_decisions",
    "cache_read_input_token_cost_above_272k_tokens_ultrafast", "cache_read_input_token_cost_above_32k_tokens",
    "cache_read_input_token_cost_above_512k_tokens", "cache_read_input_token_cost_balanced",
    "cache_read_input_token_cost_decisions", "cache_read_input_token_cost_per_audio_token",
    "cache_read_input_token_cost_ultrafast", "citation_cost_per_token", "code_interpreter_cost_per_session",
    "cost_per_second", "explicit_cache_read_input_token_cost", "gemini_audio_only_live", "gemini_native_audio",
    "guardrail_cost_per_unit", "input_cost_per_audio_per_second",
    "input_cost_per_audio_per_second_above_128k_tokens", "input_cost_per_audio_token_above_200k_tokens",
    "input_cost_per_audio_token_above_200k_tokens_batches",
    "input_cost_per_audio_token_above_200k_tokens_flex",
    "input_cost_per_audio_token_above_200k_tokens_priority", "input_cost_per_audio_token_batches",
    "input_cost_per_audio_token_flex", "input_cost_per_audio_token_priority",
    "input_cost_per_character_above_128k_tokens", "input_cost_per_image_above_128k_tokens",
    "input_cost_per_image_token_batches", "input_cost_per_request", "input_cost_per_text_message",
    "input_cost_per_token_above_100k_tokens", "input_cost_per_token_above_100k_tokens_batches",
    "input_cost_per_token_above_200k_tokens_batches", "input_cost_per_token_above_200k_tokens_flex",
    "input_cost_per_token_above_200k_tokens_priority", "input_cost_per_token_above_256k_tokens",
    "input_cost_per_token_above_272k_tokens_decisions", "input_cost_per_token_above_272k_tokens_ultrafast",
    "input_cost_per_token_above_32k_tokens", "input_cost_per_token_above_512k_tokens",
    "input_cost_per_token_balanced", "input_cost_per_token_batch_requests", "input_cost_per_token_decisions",
    "input_cost_per_token_ultrafast", "input_cost_per_video_per_second_above_128k_tokens",
    "input_cost_per_video_per_second_above_15s_interval", "input_cost_per_video_per_second_above_8s_interval",
    "input_cost_per_video_token", "input_cost_per_video_token_batches", "max_document_chunks_per_query",
    "max_query_tokens", "max_tokens_per_document_chunk", "ocr_cost_per_credit", "ocr_cost_per_page",
    "ocr_cost_per_page_batches", "off_peak_pricing", "output_cost_per_character_above_128k_tokens",
    "output_cost_per_image_0.5K", "output_cost_per_image_1024", "output_cost_per_image_1536",
    "output_cost_per_image_1K", "output_cost_per_image_2K", "output_cost_per_image_4K",
    "output_cost_per_image_512", "output_cost_per_image_above_1024_and_1024_pixels",
    "output_cost_per_image_above_1024_and_1024_pixels_and_premium_image",
    "output_cost_per_image_above_512_and_512_pixels",
    "output_cost_per_image_above_512_and_512_pixels_and_premium_image", "output_cost_per_image_premium_image",
    "output_cost_per_image_token_batches", "output_cost_per_image_token_priority", "output_cost_per_second_2k",
    "output_cost_per_second_4k", "output_cost_per_second_768p", "output_cost_per_token_above_100k_tokens",
    "output_cost_per_token_above_100k_tokens_batches", "output_cost_per_token_above_200k_tokens_batches",
    "output_cost_per_token_above_200k_tokens_flex", "output_cost_per_token_above_200k_tokens_priority",
    "output_cost_per_token_above_256k_tokens", "output_cost_per_token_above_272k_tokens_decisions",
    "output_cost_per_token_above_272k_tokens_ultrafast", "output_cost_per_token_above_32k_tokens",
    "output_cost_per_token_above_512k_tokens", "output_cost_per_token_balanced",
    "output_cost_per_token_decisions", "output_cost_per_token_ultrafast", "output_cost_per_video_per_second",
    "output_cost_per_video_token", "output_db_cost_per_token", "regional_processing_uplift_multiplier_eu",
    "regional_processing_uplift_multiplier_us", "rpd", "rules", "supported_audio_formats", "supported_regions",
    "supported_resolutions", "supports_anthropic_compaction", "supports_anthropic_thinking_payload",
    "supports_bedrock_converse_tool_result_images",
    "supports_bedrock_runtime_chat_completions_inline_reasoning",
    "supports_bedrock_runtime_chat_completions_response_format",
    "supports_bedrock_runtime_chat_completions_tools_with_reasoning", "supports_box_questions",
    "supports_code_execution", "supports_continuation", "supports_fast_mode", "supports_file_search",
    "supports_image_input", "supports_image_size", "supports_legacy_thinking", "supports_low_reasoning_effort",
    "supports_multimodal", "supports_nova_canvas_image_edit", "supports_preset", "supports_regex_lookaround",
    "supports_speed", "supports_thinking_cache_preservation", "token_count_framing",
    "token_count_responses_framing", "token_count_responses_tool_framing", "token_count_tokenizer",
    "token_count_tool_framing", "uses_embed_content", "vertex_ai_audio_api",
)  # fmt: skip
KEYS = MAIN_KEYS + RARE_KEYS

# How the main keys are typed (besides per-token prices, other costs and deprecation_date, matched by name).
JSON_KEYS = frozenset({
    "metadata", "search_context_cost_per_query", "token_count_model", "provider_specific_entry", "reasoning_contexts",
    "reasoning_effort_levels", "reasoning_modes", "search_free_requests", "tiered_pricing", "supported_endpoints",
    "supported_modalities", "supported_output_modalities",
})  # fmt: skip
# Only the main capability flags are typed bool: each bool column costs the store ~80 ms per file to validate
# (typing all ~100 supports_* flags took ~15 s per file). The other flags stay text ("true"/"false").
BOOL_KEYS = frozenset({
    "supports_function_calling", "supports_vision", "supports_reasoning", "supports_prompt_caching",
    "supports_response_schema", "supports_web_search",
})  # fmt: skip
TOKEN_LIMIT_KEYS = frozenset({"max_tokens", "max_input_tokens", "max_output_tokens"})
INT_KEYS = frozenset({
    "max_images_per_prompt", "max_audio_per_prompt", "max_videos_per_prompt", "max_pdf_size_mb", "max_video_length",
    "output_vector_size", "prompt_cache_min_tokens", "tool_use_system_prompt_tokens", "rpm", "tpm",
})  # fmt: skip
FLOAT_KEYS = frozenset({"max_audio_length_hours", "fedramp_uplift_multiplier", "regional_endpoint_uplift_multiplier"})
PER_TOKEN = re.compile(r"cost_per_((audio|image|video|reasoning)_)?token(_|$)|_token_cost")
NOT_USD = re.compile(r"dbu?_cost")  # Databricks prices are in DBUs, not USD


def _typed(key: str) -> Column | None:
    """The typed column of a LiteLLM key, or None to keep it as text."""
    name = snake(key)
    if key in JSON_KEYS:
        return col(name, "json")
    if key in BOOL_KEYS:
        return col(name, "bool")
    if key in TOKEN_LIMIT_KEYS:
        return col(name, "int", min=0, max=1e9, description="tokens")
    if key in INT_KEYS:
        return col(name, "int", min=0)
    if key in FLOAT_KEYS:
        return col(name, "float", min=0)
    if key == "deprecation_date":
        return col(name, "date", description="when the provider retires the model (may lie in the future)")
    if PER_TOKEN.search(key) and not NOT_USD.search(key):
        return col(name, "float", min=0, max=MAX_USD_PER_TOKEN, description="USD per token")
    if "cost" in key:
        return col(name, "float", min=0, description="USD (or DBU) per the unit the key names")
    return None


TYPED: dict[str, Column] = {k: c for k in MAIN_KEYS if (c := _typed(k)) is not None}
MODEL_COLUMN = col(MODEL, required=True, description="the JSON key: LiteLLM's model route, e.g. bedrock/…")

PRICES = TableSpec(
    name="litellm_prices",
    columns=columns((MODEL, *KEYS), {MODEL: MODEL_COLUMN, **TYPED}),
    key=(MODEL,),
    description="LiteLLM's current prices (USD per token) and context windows, one row per model route",
)
HISTORY = TableSpec(
    name="litellm_price_history",
    columns=columns(
        (VERSION, MODEL, *KEYS),
        {
            VERSION: col(VERSION, required=True, description="LiteLLM release of the price file"),
            MODEL: MODEL_COLUMN,
            **TYPED,
        },
    ),
    key=(VERSION, MODEL),
    description="Older LiteLLM price lists (1.55.0 … 1.100.0), one row per release × model route",
)


def history_version(path: Path) -> str:
    """'1.55.0' for .../model_prices_litellm-1.55.0.json.gz."""
    match = HISTORY_NAME.fullmatch(path.name)
    if match is None:
        raise SourceFormatError(path, "cannot read the LiteLLM version from the file name")
    return match.group(1)


class LiteLLM(Source):
    info = SourceInfo(
        name="litellm",
        title="LiteLLM model prices and context windows (current + history)",
        folder="litellm_prices",
        licence="MIT",
        attribution=(
            "LiteLLM model_prices_and_context_window.json (github.com/BerriAI/litellm, PyPI litellm 1.110.2 and "
            "1.55.0–1.100.0), © Berri AI, MIT licence; keep the copyright and permission notice"
        ),
        url="https://github.com/BerriAI/litellm",
        # 1.110.2 was published ~Nov 2026 (no exact date recorded); its newest dated model id is 2026-09-29.
        data_date="2026-09-29",
    )
    files = (
        SourceFile("model_prices_and_context_window.json.gz", PRICES),
        *(SourceFile(f"history/model_prices_litellm-{v}.json.gz", HISTORY) for v in HISTORY_VERSIONS),
    )

    def read(self, data_dir: Path) -> Iterator[RawBatch]:
        """One batch per file (each history file its own batch of the one history table); a history file that is
        not declared here is not loaded, and said so in a warning."""
        declared = {sf.path for sf in self.files}
        history_dir = data_dir / self.info.folder / "history"
        unknown = sorted(
            p.name
            for p in (history_dir.glob("model_prices_litellm-*.json*") if history_dir.is_dir() else ())
            if f"history/{p.name}" not in declared
        )
        for batch in super().read(data_dir):
            if unknown and batch.table is HISTORY:
                batch.warnings.append(f"history file(s) not declared in avsi, not loaded: {', '.join(unknown)}")
                unknown = []
            yield batch

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        table = source_file.table
        version = history_version(path) if table is HISTORY else None
        data = expect(path, read_json(path), dict, "the document")
        objects = []
        row = 0
        for key, value in data.items():
            if key == DOC_KEY:
                # `sample_spec` documents the schema (its values are descriptions such as "one of: chat, …"), it is
                # not a model: it is neither a row nor counted as read (so rows read = JSON keys - 1).
                continue
            row += 1
            obj = value
            if isinstance(value, Mapping):
                # No LiteLLM entry has a `model` field of its own; the JSON key is also kept as the row key.
                obj = {**value, MODEL: key} if version is None else {**value, MODEL: key, VERSION: version}
            objects.append((row, key, obj))
        return records_from_objects(path, objects, table.source_names)


SOURCE = LiteLLM()

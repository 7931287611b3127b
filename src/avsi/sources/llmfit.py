"""llmfit — a catalogue of 1,852 Hugging Face LLMs with the hardware needed to run them locally.

Source: github.com/AlexsJones/llmfit `llmfit-core/data/hf_models.json` @ 5bdc9df9 (2026-05-12), MIT licence. A JSON
list: per model its provider, parameter count (total, and active for MoE), minimum/recommended RAM and minimum VRAM
at its default quantization (mostly Q4_K_M), context length, architecture, HF downloads/likes and release date.
"""

from __future__ import annotations

from pathlib import Path

from avsi.sources._nested import expect
from avsi.sources.base import Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.readers import TextRecords, read_json, records_from_objects
from avsi.sources.spec import col, columns

MAX_PARAMETERS = 1e13  # the largest real count is 1.6e12
MAX_GB = 100_000.0  # memory in GB; the largest real requirement is 1,491 GB

HEADERS = (
    "name", "provider", "parameter_count", "parameters_raw", "min_ram_gb", "recommended_ram_gb", "min_vram_gb",
    "quantization", "format", "context_length", "use_case", "capabilities", "pipeline_tag", "architecture",
    "hf_downloads", "hf_likes", "release_date", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
    "head_dim", "hidden_size", "vocab_size", "moe_intermediate_size", "shared_expert_intermediate_size",
    "is_moe", "num_experts", "active_experts", "active_parameters", "gguf_sources", "_discovered",
)  # fmt: skip

MODELS = TableSpec(
    name="llmfit_models",
    columns=columns(
        HEADERS,
        {
            "name": col("name", required=True, description="Hugging Face repo id"),
            "provider": col("provider", description="the lab or uploader, e.g. Alibaba, unsloth"),
            "parameter_count": col("parameter_count", description="as displayed, e.g. 8.0B"),
            "parameters_raw": col("parameters", "int", min=1, max=MAX_PARAMETERS, description="total parameters"),
            "min_ram_gb": col("min_ram_gb", "float", min=0, max=MAX_GB),
            "recommended_ram_gb": col("recommended_ram_gb", "float", min=0, max=MAX_GB),
            "min_vram_gb": col("min_vram_gb", "float", min=0, max=MAX_GB),
            "context_length": col("context_length", "int", min=1, max=1e9),
            "capabilities": col("capabilities", "json"),
            "hf_downloads": col("hf_downloads", "int", min=0),
            "hf_likes": col("hf_likes", "int", min=0),
            "release_date": col("release_date", "date", not_future=True),
            "num_hidden_layers": col("num_hidden_layers", "int", min=0),
            "num_attention_heads": col("num_attention_heads", "int", min=0),
            "num_key_value_heads": col("num_key_value_heads", "int", min=0),
            "head_dim": col("head_dim", "int", min=0),
            "hidden_size": col("hidden_size", "int", min=0),
            "vocab_size": col("vocab_size", "int", min=0),
            "moe_intermediate_size": col("moe_intermediate_size", "int", min=0),
            "shared_expert_intermediate_size": col("shared_expert_intermediate_size", "int", min=0),
            "is_moe": col("is_moe", "bool"),
            "num_experts": col("num_experts", "int", min=1),
            "active_experts": col("active_experts", "int", min=1),
            "active_parameters": col("active_parameters", "int", min=1, max=MAX_PARAMETERS),
            "gguf_sources": col("gguf_sources", "json"),
            "_discovered": col("discovered", "bool", description="found by llmfit's Hub crawler"),
        },
    ),
    key=("name",),
    description="HF LLMs with parameters and the RAM/VRAM needed to self-host them (llmfit)",
)


class Llmfit(Source):
    info = SourceInfo(
        name="llmfit",
        title="llmfit — Hugging Face LLM catalogue with hardware requirements",
        folder="llmfit",
        licence="MIT",
        attribution=(
            "llmfit by AlexsJones (github.com/AlexsJones/llmfit) llmfit-core/data/hf_models.json @ "
            "5bdc9df9d8e28168fdc4650741be71b715a11fc6, MIT licence; keep the copyright and permission notice"
        ),
        url="https://github.com/AlexsJones/llmfit",
        data_date="2026-05-12",
    )
    files = (SourceFile("hf_models.json.gz", MODELS),)

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        data = expect(path, read_json(path), list, "the document")
        objects = ((i, None, obj) for i, obj in enumerate(data, start=1))
        return records_from_objects(path, objects, source_file.table.source_names, required_keys=("name",))


SOURCE = Llmfit()

"""Hugging Face Hub metadata for 4,167 model repos (a subset in the cfahlgren1/hub-stats schema).

Source: github.com/evaleval/eval-card-registry `curation/hub_stats_frozen.parquet` @ 2b227945 (2026-06-05), rows
frozen from the Hugging Face dataset cfahlgren1/hub-stats (createdAt ≤ 2026-04-22, lastModified ≤ 2026-05-20).
Licence: the upstream dataset is Apache-2.0; the registry repository has no licence file, so the selection's own
licence is unclear (keep the Apache notice; treat the selection as unlicensed until cleared). Only leaderboard-
relevant and major-lab models: NOT a full Hub snapshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from avsi.sources._nested import hoist_undeclared, parent_paths
from avsi.sources.base import Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.readers import TextRecords, read_parquet, records_from_objects
from avsi.sources.spec import col, columns

HEADERS = (
    "id", "author", "createdAt", "lastModified", "downloads", "downloadsAllTime", "likes", "trendingScore", "tags",
    "cardData", "safetensors", "safetensors.total", "gguf", "baseModels.relation", "baseModels.models",
    "pipeline_tag", "library_name",
)  # fmt: skip

MODELS = TableSpec(
    name="hf_models",
    columns=columns(
        HEADERS,
        {
            "id": col("id", required=True, description="Hugging Face repo id, author/name"),
            "author": col("author"),
            "createdAt": col("created_at", "timestamp", not_future=True),
            "lastModified": col("last_modified", "timestamp", not_future=True),
            "downloads": col("downloads", "int", min=0, description="downloads in the last 30 days"),
            "downloadsAllTime": col("downloads_all_time", "int", min=0),
            "likes": col("likes", "int", min=0),
            "trendingScore": col("trending_score", "float", min=0),
            "tags": col("tags", "json", description="list of Hub tags (license:…, arxiv:…, library …)"),
            "cardData": col("card_data", "json", description="model card front matter (license, base_model …)"),
            "safetensors": col("safetensors", "json", description="{parameters: {dtype: count}, total}"),
            "safetensors.total": col("parameters", "int", min=1, max=1e13, description="total parameters"),
            "gguf": col("gguf", "json"),
            "baseModels.relation": col("base_model_relation", description="finetune, merge, quantized, adapter"),
            "baseModels.models": col("base_models", "json", description="list of base model repo ids"),
            "pipeline_tag": col("pipeline_tag"),
            "library_name": col("library_name"),
        },
    ),
    key=("id",),
    description="Hugging Face Hub stats for 4.2k model repos: downloads, likes, tags, parameters, lineage",
)


def _iso(value: Any) -> Any:
    """A timestamp as ISO text; the Hub's naive timestamps are UTC."""
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()
    return value


def _hub_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A Parquet row as a JSON-like object: times as ISO text, the safetensors dtypes without the null ones (the
    Parquet struct has a field for every dtype of any row), base models as their repo ids (the Hub's internal
    `_id`s are dropped)."""
    out = {k: _iso(v) for k, v in row.items()}
    safetensors = row.get("safetensors")
    if isinstance(safetensors, Mapping):
        params = safetensors.get("parameters")
        if isinstance(params, Mapping):
            params = {dtype: n for dtype, n in params.items() if n is not None}
        out["safetensors"] = {**safetensors, "parameters": params}
    base = row.get("baseModels")
    if isinstance(base, Mapping) and isinstance(base.get("models"), list):
        ids = [m.get("id") if isinstance(m, Mapping) else m for m in base["models"]]
        out["baseModels"] = {**base, "models": ids}
    return out


class HubStats(Source):
    info = SourceInfo(
        name="hf",
        title="Hugging Face Hub model stats (subset of cfahlgren1/hub-stats)",
        folder="hf_hub_stats_subset",
        licence="Apache-2.0",
        attribution=(
            "Hugging Face Hub metadata from the dataset cfahlgren1/hub-stats (Apache-2.0), as selected in "
            "github.com/evaleval/eval-card-registry curation/hub_stats_frozen.parquet @ "
            "2b227945f13afe2da9ba2d71d98781f27d324eb1. The selection's own licence is unclear (the registry has no "
            "licence file): keep the Apache-2.0 notice of the upstream dataset"
        ),
        url="https://huggingface.co/datasets/cfahlgren1/hub-stats",
        data_date="2026-06-05",
    )
    files = (SourceFile("hub_stats_frozen.parquet", MODELS),)

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        fields = source_file.table.source_names
        parents = parent_paths(fields)
        rows = read_parquet(path).to_pylist()
        objects = ((i, None, hoist_undeclared(_hub_row(row), fields, parents)) for i, row in enumerate(rows, start=1))
        return records_from_objects(path, objects, fields, required_keys=("id",))


SOURCE = HubStats()

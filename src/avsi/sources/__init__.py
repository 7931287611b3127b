"""One module per data source; `SOURCES` lists them in build order, by the names of the command-line contract."""

from __future__ import annotations

import importlib

from avsi.exceptions import UsageError
from avsi.sources.base import Column, RawBatch, Source, SourceFile, SourceInfo, TableSpec

# contract name -> module under avsi.sources (several names may share a module)
SOURCE_MODULES: dict[str, str] = {
    "epoch": "epoch",
    "eci": "eci",
    "epoch_infrastructure": "epoch_infrastructure",
    "models_dev": "models_dev",
    "openrouter": "openrouter",
    "litellm": "litellm",
    "model_prices": "model_prices",
    "genai_prices": "genai_prices",
    "lmarena": "lmarena",
    "open_llm_leaderboard": "open_llm_leaderboard",
    "osai": "osai",
    "mot": "mot",
    "hf": "hf",
    "llmfit": "llmfit",
    "legislation": "legislation",
}
SOURCE_NAMES: tuple[str, ...] = tuple(SOURCE_MODULES)


def get_source(name: str) -> Source:
    """The source of that contract name (e.g. 'epoch', 'litellm')."""
    if name not in SOURCE_MODULES:
        raise UsageError(f"unknown source {name!r}; known: {', '.join(SOURCE_NAMES)}")
    module = importlib.import_module(f"avsi.sources.{SOURCE_MODULES[name]}")
    source: Source = module.SOURCE
    return source


def all_sources() -> list[Source]:
    return [get_source(name) for name in SOURCE_NAMES]


__all__ = [
    "SOURCE_NAMES",
    "Column",
    "RawBatch",
    "Source",
    "SourceFile",
    "SourceInfo",
    "TableSpec",
    "all_sources",
    "get_source",
]

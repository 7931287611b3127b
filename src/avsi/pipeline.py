"""The derived stages every build runs after loading the raw tables and the normalised core, in order.

Each stage takes the open build connection (inside the build's transaction) and returns a small summary dict that
the build report keeps under the stage's name. A stage failing fails the build, and the previous database stays.
Stages are imported when they run: they read databases through `avsi.store`, which imports this module lazily.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import duckdb

StageFunction = Callable[[duckdb.DuckDBPyConnection], dict[str, Any]]

# (name, "module:function"), in the order they run. Later stages may read the tables of earlier ones.
STAGES: list[tuple[str, str]] = [
    ("identity", "avsi.resolve.identity:build_identity"),
    ("licences", "avsi.licences.stage:build_licence_stage"),
    ("hub", "avsi.hub.stage:build_hub_stage"),  # the scores read its derivative counts
    ("scores", "avsi.score.stage:build_score_stage"),
]


def stage_function(target: str) -> StageFunction:
    """The function a "module:function" stage target names."""
    module_name, _, function_name = target.partition(":")
    function: StageFunction = getattr(importlib.import_module(module_name), function_name)
    return function

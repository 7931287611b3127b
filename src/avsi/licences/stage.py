"""The licence stage of a build: the knowledge-base tables, then one licence per canonical model."""

from __future__ import annotations

from typing import Any

import duckdb

from avsi.licences.assign import build_model_licences
from avsi.licences.inventory import build_licence_tables


def build_licence_stage(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Fill the licence tables; returns the model licence coverage figures."""
    build_licence_tables(con)
    return build_model_licences(con)

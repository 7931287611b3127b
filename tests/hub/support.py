"""What the hub tests share: the shipped subset, its normalised rows, comparing result tables, a tiny hub writer."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from avsi.config import shipped_data_dir
from avsi.hub.loader import hub_batches
from avsi.hub.synthetic import OUTPUT
from avsi.hub.tables import KEYS

SUBSET = shipped_data_dir() / "hf_hub_stats_subset" / "hub_stats_frozen.parquet"


def subset_rows() -> pa.Table:
    return pa.Table.from_batches(list(hub_batches(SUBSET)))


def sorted_rows(table: pa.Table, name: str) -> list[dict[str, Any]]:
    def key(row: dict[str, Any]) -> tuple[tuple[bool, str], ...]:
        return tuple((row[k] is None, str(row[k])) for k in KEYS[name])

    return sorted(table.to_pylist(), key=key)


def differences(
    a: Mapping[str, pa.Table], b: Mapping[str, pa.Table], skip: tuple[str, ...] = ("hub_info",)
) -> list[str]:
    """Every cell where two sets of hub tables differ (floats to 1e-9, rows in key order)."""
    found: list[str] = []
    assert set(a) == set(b)
    for name in sorted(set(a) - set(skip)):
        assert a[name].schema == b[name].schema, name
        rows_a, rows_b = sorted_rows(a[name], name), sorted_rows(b[name], name)
        if len(rows_a) != len(rows_b):
            found.append(f"{name}: {len(rows_a)} rows vs {len(rows_b)}")
            continue
        for x, y in zip(rows_a, rows_b, strict=True):
            for column, value in x.items():
                other = y[column]
                same = (math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-9)
                        if isinstance(value, float) and isinstance(other, float) else value == other)  # fmt: skip
                if not same:
                    found.append(f"{name}.{column}: {value!r} vs {other!r} in {x}")
    return found


def write_hub(path: Path, rows: list[dict[str, Any]]) -> Path:
    """A hub-stats parquet file from hand-written rows (id, author, tags, baseModels, cardData …)."""
    full = [{name: row.get(name) for name in OUTPUT.names} for row in rows]
    pq.write_table(pa.Table.from_pylist(full, schema=OUTPUT), path)
    return path


def based(relation: str, *parents: str) -> dict[str, Any]:
    return {"relation": relation, "models": [{"_id": None, "id": p} for p in parents]}

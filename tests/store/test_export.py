"""`avsi export`: every table as Parquet or CSV with a manifest that says where each number comes from."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from avsi.exceptions import UsageError
from avsi.store.export import export_database


def test_export_parquet_and_csv(shipped_db: Path, tmp_path: Path) -> None:
    manifest = export_database(shipped_db, "parquet", tmp_path / "pq", ["models", "model_scores", "sources"])
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        models = con.execute("SELECT count(*) FROM models").fetchone()
    assert models is not None
    assert pq.read_table(tmp_path / "pq" / "models.parquet").num_rows == models[0]
    files = {f["table"]: f for f in manifest["files"]}
    assert files["models"]["rows"] == models[0] and len(files["models"]["sha256"]) == 64
    written = json.loads((tmp_path / "pq" / "manifest.json").read_text())
    assert written["scores"]["methodology_version"] == "2026.2"
    licences = {s["name"]: s["licence"] for s in written["sources"]}
    assert licences["epoch"] == "CC-BY-4.0" and len(licences) == 15
    export_database(shipped_db, "csv", tmp_path / "csv", ["sources"])
    header = (tmp_path / "csv" / "sources.csv").read_text().splitlines()[0]
    assert header.startswith("name,title,licence,attribution")


def test_export_refuses_unknown_tables_and_formats(shipped_db: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no table named 'nope'"):
        export_database(shipped_db, "parquet", tmp_path / "x", ["nope"])
    with pytest.raises(UsageError, match="unknown format 'xlsx'"):
        export_database(shipped_db, "xlsx", tmp_path / "x")
    assert not (tmp_path / "x").exists()

"""`avsi hub build|stats|models`: recompute from a dump into a built database, atomically; read the results back."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import avsi
from avsi.cli import app
from avsi.exceptions import StoreError
from avsi.hub import store
from avsi.hub.synthetic import generate_hub
from avsi.hub.tables import SCHEMAS

runner = CliRunner()


@pytest.fixture
def db(shipped_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "avsi.duckdb"
    shutil.copy(shipped_db, copy)
    return copy


def fingerprint(db: Path) -> str:
    """A hash of every hub table's rows."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        digest = hashlib.sha256()
        for name in sorted(SCHEMAS):
            if name != "hub_info":
                rows = con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
                digest.update(repr(rows).encode())
        return digest.hexdigest()
    finally:
        con.close()


def test_build_from_a_dump_then_stats_and_models(db: Path, tmp_path: Path) -> None:
    before = fingerprint(db)
    dump = generate_hub(tmp_path / "dump.parquet", 1500, seed=2)
    result = runner.invoke(app, ["hub", "build", "--input", str(dump), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["engine"] == "duckdb" and report["input"] == str(dump)
    assert report["stats"]["repos"] == 1500 and report["tables"]["hub_repos"] == 1500
    assert fingerprint(db) != before

    result = runner.invoke(app, ["hub", "stats", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["info"]["input"] == str(dump) and summary["stats"]["repos"] == 1500
    assert sum(s["repos"] for s in summary["sectors"]) == 1500

    # Back to the shipped subset (the default input): the same tables as the build made.
    result = runner.invoke(app, ["hub", "build", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["stats"]["edges"] == 5272
    assert fingerprint(db) == before

    result = runner.invoke(app, ["hub", "models", "--sort", "by_other_orgs", "--limit", "3", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    top = json.loads(result.stdout)
    assert len(top) == 3 and top[0]["by_other_orgs"] >= top[1]["by_other_orgs"] >= top[2]["by_other_orgs"]
    assert top == avsi.hub_models(db, sort="by_other_orgs", limit=3)


def test_bad_requests_fail_cleanly_and_change_nothing(db: Path, tmp_path: Path) -> None:
    before = fingerprint(db)
    for args, message in (
        (["--engine", "oracle"], "unknown engine"),
        (["--input", str(tmp_path / "missing.parquet")], "not found"),
        (["--master", "local[2]"], "Spark engine"),
    ):
        result = runner.invoke(app, ["hub", "build", "--db", str(db), "--json", *args])
        assert result.exit_code == 1 and result.stdout == "" and message in result.stderr, args
    result = runner.invoke(app, ["hub", "models", "--sort", "nonsense", "--db", str(db)])
    assert result.exit_code == 1 and "unknown sort" in result.stderr
    result = runner.invoke(app, ["hub", "stats", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "avsi build" in result.stderr
    assert fingerprint(db) == before


def test_a_failure_while_writing_leaves_the_database_as_it_was(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = fingerprint(db)
    real_ddl = store.ddl
    written: list[str] = []

    def failing_ddl(name: str) -> str:  # the third table cannot be created
        written.append(name)
        if len(written) == 3:
            raise RuntimeError("disk full")
        return real_ddl(name)

    monkeypatch.setattr(store, "ddl", failing_ddl)
    dump = generate_hub(tmp_path / "dump.parquet", 800, seed=4)
    with pytest.raises(RuntimeError, match="disk full"):
        avsi.build_hub(db, dump)
    assert len(written) == 3
    monkeypatch.undo()
    assert fingerprint(db) == before


def test_a_database_another_process_writes_is_left_alone(db: Path) -> None:
    before = fingerprint(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); "
         "time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="lock"):
            avsi.build_hub(db)  # the engine attaches the database to write into it
        with pytest.raises(StoreError, match="lock"):
            store.write_database(db, {})  # the path the Spark engine's results take
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert fingerprint(db) == before

"""The command line as outside scripts call it: `--json` prints one JSON document, errors go to stderr."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from avsi.cli import app

runner = CliRunner()


def test_build_json_then_models_json(mini_data: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    result = runner.invoke(app, ["build", "--data", str(mini_data), "--source", "epoch", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows_read"] == 80 and report["rows_quarantined"] == 0
    assert report["sources"] == [{"source": "epoch", "rows_read": 80, "rows_loaded": 80, "rows_quarantined": 0}]

    result = runner.invoke(app, ["releases", "--db", str(db), "--json"])
    assert result.exit_code == 0
    releases = json.loads(result.stdout)
    solar = next(m for m in releases if m["name"] == "Solar Open 100B")
    assert solar["organization"] == "Upstage"
    assert solar["country"] == "Korea (Republic of)"
    assert solar["release_date"] == "2025-12-31"
    assert solar["parameters"] == 102e9
    for key in ("id", "name", "organization", "country", "open_weights", "parameters", "release_date"):
        assert key in solar

    result = runner.invoke(app, ["models", "--db", str(db), "--json"])
    assert result.exit_code == 0
    (model,) = [m for m in json.loads(result.stdout) if m["id"] == "solar-open-100b"]
    assert (model["organization"], model["country"], model["bloc"]) == ("Upstage", "KR", "OTHER")
    for key in ("id", "name", "organization", "country", "bloc", "open_weights", "parameters", "active_parameters",
                "release_date", "licence", "aliases"):  # fmt: skip
        assert key in model


def test_build_table_output_reconciles(mini_data: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--data", str(mini_data), "--source", "epoch", "--db", str(tmp_path / "b")])
    assert result.exit_code == 0
    assert "epoch" in result.stdout and "80" in result.stdout


def test_models_without_database_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["models", "--db", str(tmp_path / "none.duckdb"), "--json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no avsi database at" in result.stderr and "avsi build" in result.stderr


def test_unknown_source_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--source", "wikipedia", "--db", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert "unknown source 'wikipedia'" in result.stderr


def test_broken_file_names_it_and_keeps_previous_database(mini_data: Path, tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    assert runner.invoke(app, ["build", "--data", str(mini_data), "--source", "epoch", "--db", str(db)]).exit_code == 0
    before = db.read_bytes()
    (mini_data / "epoch_ai_models" / "notable_ai_models.csv.gz").write_bytes(b"<html>502 Bad Gateway</html>")
    result = runner.invoke(app, ["build", "--data", str(mini_data), "--source", "epoch", "--db", str(db), "--json"])
    assert result.exit_code == 1
    assert "notable_ai_models.csv.gz" in result.stderr and "not a valid gzip" in result.stderr
    assert db.read_bytes() == before


def test_quarantine_command_lists_reasons(mini_data: Path, tmp_path: Path) -> None:
    from tests.conftest import edit_csv_gz

    def dup(rows: list[list[str]]) -> list[list[str]]:
        return [*rows, rows[1]]

    edit_csv_gz(mini_data / "epoch_ai_models" / "all_ai_models.csv.gz", dup)
    db = tmp_path / "q.duckdb"
    runner.invoke(app, ["build", "--data", str(mini_data), "--source", "epoch", "--db", str(db)])
    result = runner.invoke(app, ["quarantine", "--db", str(db), "--json"])
    rows = json.loads(result.stdout)
    assert [(r["file"], r["row_number"], r["field"]) for r in rows] == [
        ("epoch_ai_models/all_ai_models.csv.gz", 21, "model")
    ]
    assert rows[0]["reason"] == "model: duplicate key (model=Solar Open 100B) first seen at row 1"

"""`resolve` and `model` on the real shipped data, in the JSON shapes DESIGN.md gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from avsi import UsageError
from avsi.cli import app
from avsi.resolve import get_model, resolution_report, resolve_batch, resolve_name

runner = CliRunner()


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        ("deepseek-ai/DeepSeek-V3", "hf", "deepseek-v3"),
        ("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "litellm", "llama-3.3-70b"),
        ("gpt-4o-mini-2024-07-18", "litellm", "gpt-4o-mini"),
        ("claude-3-5-sonnet-20240620", None, "claude-3.5-sonnet"),
        ("mistral-large-2407", "lmarena", "mistral-large-2"),
        ("Qwen/Qwen2.5-72B-Instruct", "hf", "qwen2.5-instruct-72b"),
    ],
)
def test_resolve_known_names(shipped_db: Path, name: str, source: str | None, expected: str) -> None:
    result = resolve_name(shipped_db, name, source)
    assert result["id"] == expected
    assert set(result) >= {"query", "source", "id", "confidence", "candidates"}
    assert 0.5 < result["confidence"] <= 1.0


def test_unknown_name_gives_null_and_candidates(shipped_db: Path) -> None:
    result = resolve_name(shipped_db, "Llama 3.2-405B", None)  # no such size
    assert result["id"] is None and result["confidence"] == 0.0
    assert any(c["id"].startswith("llama-3.2") for c in result["candidates"])


def test_model_json_shape(shipped_db: Path) -> None:
    model = get_model(shipped_db, "DeepSeek-V3")
    assert (model["id"], model["organization"], model["country"], model["bloc"]) == (
        "deepseek-v3",
        "DeepSeek",
        "CN",
        "CN",
    )
    assert model["open_weights"] is True and model["release_date"] == "2024-12-24"
    assert "deepseek-ai/DeepSeek-V3" in model["aliases"]["hf"]
    for key in ("parameters", "active_parameters", "licence", "scores", "axes", "coverage", "evidence"):
        assert key in model
    with pytest.raises(UsageError, match="no model matches"):
        get_model(shipped_db, "a model nobody made")


def test_multi_organisation_model_keeps_every_bloc(shipped_db: Path) -> None:
    model = get_model(shipped_db, "Falcon 180B")  # a UAE lab; one bloc only
    assert model["bloc"] == "OTHER"
    mixed = get_model(shipped_db, "BLOOM-176B")
    assert len(mixed["organizations"]) >= 1
    assert mixed["bloc"] in mixed["blocs"]


def test_batch_in_input_order(shipped_db: Path, tmp_path: Path) -> None:
    batch = tmp_path / "names.csv"
    batch.write_text("source,name\nhf,deepseek-ai/DeepSeek-V3\nlitellm,gpt-4o\n,Nonexistent-Model-9000\n")
    results = resolve_batch(shipped_db, batch)
    assert [r["id"] for r in results] == ["deepseek-v3", "gpt-4o", None]
    cli = runner.invoke(app, ["resolve", "--batch", str(batch), "--db", str(shipped_db), "--json"])
    assert cli.exit_code == 0 and [r["id"] for r in json.loads(cli.stdout)] == ["deepseek-v3", "gpt-4o", None]


def test_batch_with_bad_source_names_row_and_field(shipped_db: Path, tmp_path: Path) -> None:
    batch = tmp_path / "bad.csv"
    batch.write_text("source,name\nhf,x\nwikipedia,y\n")
    cli = runner.invoke(app, ["resolve", "--batch", str(batch), "--db", str(shipped_db), "--json"])
    assert cli.exit_code == 1 and "row 2, field 'source'" in cli.stderr


def test_report_covers_every_source(shipped_db: Path) -> None:
    report = {r["source"]: r for r in resolution_report(shipped_db)}
    assert report["epoch"]["share_names_resolved"] == 1.0
    assert 0 < report["litellm"]["share_names_resolved"] < 1
    assert all(len(r["unmatched"]) <= 10 for r in report.values())

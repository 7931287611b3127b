"""`avsi licence` on the shipped build: a licence's flags, the unknown strings with their counts, the open-weight
models without a licence id, the family rules, the coverage; and the licence shape of `avsi model --json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from avsi import licence_coverage_summary, models_without_licence, unknown_licence_strings
from avsi.cli import app
from avsi.licences import FLAG_NAMES

runner = CliRunner()

DESIGN_FLAGS = {
    "commercial_use", "derivatives", "redistribution", "attribution", "use_restrictions", "user_cap",
    "geographic_exclusion", "output_restrictions", "copyleft", "osi_approved",
}  # fmt: skip


def _json(args: list[str]) -> Any:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_licence_id_json() -> None:
    record = _json(["licence", "kimi-modified-mit", "--json"])
    assert record["id"] == "kimi-modified-mit" and list(record["flags"]) == list(FLAG_NAMES)
    assert record["flags"]["attribution"]["value"] is True and record["flags"]["user_cap"]["value"] is False
    assert record["flags"]["attribution"]["source"].startswith("https://huggingface.co/moonshotai/")
    assert _json(["licence", "llama3.1", "--json"])["id"] == "llama-3.1-community"  # a Hub tag works too


def test_unknown_strings_with_counts(shipped_db: Path) -> None:
    rows = _json(["licence", "--unknown", "--json", "--db", str(shipped_db)])
    by_string = {r["string"]: r for r in rows}
    assert rows == unknown_licence_strings(shipped_db)
    assert [r["n_rows"] for r in rows] == sorted((r["n_rows"] for r in rows), reverse=True)
    assert by_string["other"]["n_rows"] == 1381 and set(by_string["other"]["sources"]) == {"hf", "open_llm_leaderboard"}
    assert by_string["modified-mit"]["reason"].startswith("Ambiguous")
    assert by_string["modified-mit"]["open_weight_models_without_licence"] == 2  # MiniMax M2.1 and M2.5
    assert "Apache" not in by_string  # maps to the version-less apache-family entry since 2026.2
    assert len(_json(["licence", "--unknown", "--json", "--limit", "3", "--db", str(shipped_db)])) == 3


def test_missing_models_and_coverage(shipped_db: Path) -> None:
    missing = _json(["licence", "--missing", "--json", "--db", str(shipped_db)])
    coverage = _json(["licence", "--coverage", "--json", "--db", str(shipped_db)])
    assert coverage == licence_coverage_summary(shipped_db)
    assert len(missing) == coverage["open_weight_without_licence"] == len(models_without_licence(shipped_db))
    ids = {m["id"] for m in missing}
    assert {"minimax-m2.1", "u-net"} <= ids and "kimi-k2" not in ids
    m21 = next(m for m in missing if m["id"] == "minimax-m2.1")
    assert {c["string"] for c in m21["candidates"]} >= {"modified-mit"}  # what the data says, for review
    assert next(m for m in missing if m["id"] == "u-net")["candidates"] == []


def test_family_rules_report(shipped_db: Path) -> None:
    rules = _json(["licence", "--families", "--json", "--db", str(shipped_db)])
    kimi = next(r for r in rules if r["rule"] == "kimi-k2")
    assert kimi["licence"] == "kimi-modified-mit" and "kimi-k2" in kimi["assigned_by_rule"]


def test_usage_errors_exit_1() -> None:
    assert runner.invoke(app, ["licence"]).exit_code == 1
    assert runner.invoke(app, ["licence", "MIT", "--unknown"]).exit_code == 1
    unknown = runner.invoke(app, ["licence", "no-such-licence-xyz", "--json"])
    assert unknown.exit_code == 1 and unknown.stdout == ""


def test_model_json_has_the_design_licence_shape(shipped_db: Path) -> None:
    model = _json(["model", "kimi-k2", "--json", "--db", str(shipped_db)])
    licence = model["licence"]
    assert licence["id"] == "kimi-modified-mit"
    assert set(licence["flags"]) >= DESIGN_FLAGS
    assert all(v is None or isinstance(v, bool) for v in licence["flags"].values())
    assert licence["found_in"]["source"] == "avsi_family_rule"
    gpt = _json(["model", "gpt-oss-120b", "--json", "--db", str(shipped_db)])["licence"]
    assert (gpt["id"], gpt["flags"]["osi_approved"]) == ("Apache-2.0", True)
    assert gpt["found_in"]["source"] != "avsi_family_rule"  # the data says it; the gpt-oss rule only agrees

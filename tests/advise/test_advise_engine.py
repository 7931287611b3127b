"""The sovereignty advisor on the shipped data: what it admits, what it leaves out and why, costs and ranking."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from avsi.advise import Facts, UnknownModelError, advise_facts, load_facts, parse_constraints
from avsi.advise.rules import hardware_rules
from avsi.cli import app
from avsi.exceptions import UsageError

NEEDS = ["commercial_use", "no_geographic_exclusion"]


@pytest.fixture(scope="module")
def facts(shipped_db: Path) -> Facts:
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        return load_facts(con)
    finally:
        con.close()


def run(facts: Facts, limit: int | None = 20, **values: Any) -> list[dict[str, Any]]:
    return advise_facts(facts, parse_constraints(values), limit=limit)


def eligible(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["rank"] is not None]


def test_llama_4_is_left_out_on_a_24_gib_gpu_with_the_eu_clause_named(facts: Facts) -> None:
    rows = run(facts, gpu_memory_gib=24, licence_needs=NEEDS, explain=["llama-4-scout", "llama-4-maverick"])
    by_id = {r["id"]: r for r in rows}
    for model_id in ("llama-4-scout", "llama-4-maverick"):
        r = by_id[model_id]
        assert r["rank"] is None and r["eligible"] is False
        assert set(r["excluded_by"]) == {"hardware", "licence"}
        assert r["fits_hardware"] is False and r["memory_gib"]["4"] > 24
        assert r["licence"] == "llama-4-community" and r["licence_fit"] is False
        (clause,) = r["failing_clauses"]
        assert (clause["need"], clause["flag"], clause["value"]) == ("no_geographic_exclusion",
                                                                    "geographic_exclusion", True)  # fmt: skip
        assert "European Union" in clause["clause"] and clause["url"].startswith("https://")
        assert "European Union" in r["reason"] and "24 GiB" in r["reason"]
    assert by_id["llama-4-scout"]["monthly_cost_api"] is not None  # it is sold through APIs all the same


def test_with_room_to_spare_the_licence_clause_alone_rules_llama_4_out(facts: Facts) -> None:
    rows = run(facts, deployment="eu_cloud", licence_needs=["no_geographic_exclusion"], explain=["llama-4-scout"])
    scout = next(r for r in rows if r["id"] == "llama-4-scout")
    assert scout["excluded_by"] == ["licence"]
    assert scout["fits_hardware"] is None and scout["monthly_cost_self_hosted"] is not None
    without = run(facts, deployment="eu_cloud", explain=["llama-4-scout"])
    assert next(r for r in without if r["id"] == "llama-4-scout")["rank"] is not None


def test_every_eligible_model_meets_every_constraint(facts: Facts) -> None:
    rows = run(facts, limit=None, gpu_memory_gib=24, licence_needs=NEEDS)
    ok = eligible(rows)
    assert len(ok) > 20
    assert [r["rank"] for r in ok] == list(range(1, len(ok) + 1))
    assert [r["score"] for r in ok] == sorted((r["score"] for r in ok), reverse=True)
    for r in ok:
        m = facts.models[r["id"]]
        assert m.open_weights is True and r["fits_hardware"] is True and r["licence_fit"] is True
        assert r["memory_gib"][str(r["precision_bits"])] <= 24
        flags = facts.flags(m.licence_id)
        assert flags["commercial_use"][0] is True and flags["geographic_exclusion"][0] is False
    assert {r["id"] for r in rows if r["rank"] is None}.isdisjoint(r["id"] for r in ok)


def test_the_best_precision_that_fits_is_chosen(facts: Facts) -> None:
    for r in eligible(run(facts, limit=None, gpu_memory_gib=24)):
        bits = r["precision_bits"]
        higher = [b for b in (16, 8) if b > bits]
        assert all(r["memory_gib"][str(b)] > 24 for b in higher), r["id"]
    only16 = eligible(run(facts, limit=None, gpu_memory_gib=24, bits=16))
    assert only16 and all(r["precision_bits"] == 16 and r["memory_gib"]["16"] <= 24 for r in only16)


def test_api_cost_is_the_cheapest_blended_price_of_the_prices_table(facts: Facts, shipped_db: Path) -> None:
    rows = run(facts, deployment="any_api", monthly_tokens=50_000_000, explain=["gpt-4o", "deepseek-v3"])
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        for model_id in ("gpt-4o", "deepseek-v3"):
            r = next(x for x in rows if x["id"] == model_id)
            cheapest = con.execute(
                """SELECT min(0.75 * coalesce(p.input_usd_per_mtok, p.output_usd_per_mtok)
                              + 0.25 * coalesce(p.output_usd_per_mtok, p.input_usd_per_mtok))
                   FROM prices p JOIN model_aliases a ON a.source = p.source
                        AND a.name IN (p.model, p.provider || '/' || p.model)
                   WHERE a.model_id = ? AND (p.source <> 'litellm' OR p.snapshot = 'litellm current')
                     AND (p.tier IS NULL OR p.tier = 'standard')
                     AND 0.75 * coalesce(p.input_usd_per_mtok, p.output_usd_per_mtok)
                         + 0.25 * coalesce(p.output_usd_per_mtok, p.input_usd_per_mtok) > 0""",
                [model_id],
            ).fetchone()
            assert cheapest is not None and cheapest[0] is not None
            assert r["monthly_cost_api"] == pytest.approx(cheapest[0] * 50, abs=0.01)
            assert r["cheapest_api"]["blended_usd_per_mtok"] == pytest.approx(cheapest[0], abs=1e-4)
    finally:
        con.close()
    gpt = next(r for r in rows if r["id"] == "gpt-4o")
    assert gpt["rank"] is not None and gpt["fits_hardware"] is None  # closed weights are fine through an API
    assert run(facts, deployment="on_premises", explain=["gpt-4o"])[-1]["excluded_by"] == ["weights"]


def test_self_hosted_cost_follows_the_hardware_rules(facts: Facts) -> None:
    hw = hardware_rules()
    small = run(facts, hardware_class="server-48gb", monthly_tokens=1_000_000, explain=["mistral-small-3.2"])
    big = run(facts, hardware_class="server-48gb", monthly_tokens=10**12, explain=["mistral-small-3.2"])
    s = next(r for r in small if r["id"] == "mistral-small-3.2")
    b = next(r for r in big if r["id"] == "mistral-small-3.2")
    gpu = hw.gpus["l40s"]
    assert s["hardware"] == {"gpu": gpu.name, "count": 1, "replicas": 1, "usd_per_gpu_hour": gpu.usd_per_hour}
    assert s["monthly_cost_self_hosted"] == pytest.approx(gpu.usd_per_hour * hw.throughput.hours_per_month)
    assert b["hardware"]["replicas"] > 1
    assert b["monthly_cost_self_hosted"] == pytest.approx(s["monthly_cost_self_hosted"] * b["hardware"]["replicas"])


def test_origin_capability_and_sector_constraints(facts: Facts) -> None:
    eu = eligible(run(facts, limit=None, deployment="any_api", origins=["EU"]))
    assert eu and {r["origin"]["bloc"] for r in eu} == {"EU"}
    strong = eligible(run(facts, limit=None, deployment="any_api", min_capability=90))
    assert strong and all(r["capability"]["percentile"] >= 90 for r in strong)
    plain = eligible(run(facts, limit=None, gpu_memory_gib=48))
    preferred = eligible(run(facts, limit=None, gpu_memory_gib=48, prefer_origins=["EU"]))
    first_eu = [next(i for i, r in enumerate(rows) if r["origin"]["bloc"] == "EU") for rows in (plain, preferred)]
    assert first_eu[1] <= first_eu[0]
    code = eligible(run(facts, limit=None, gpu_memory_gib=48, sector="code"))
    tied = [r for r in code if r["sector_fit"]]
    assert tied and all("code" in facts.models[r["id"]].sectors or facts.models[r["id"]].sector_derivatives.get("code")
                        for r in tied)  # fmt: skip
    assert code.index(tied[0]) < len(code) - len([r for r in code if not r["sector_fit"]])


def test_reasons_in_dutch(facts: Facts) -> None:
    rows = advise_facts(facts, parse_constraints({"gpu_memory_gib": 24, "explain": ["llama-4-scout"]}), 3, "nl")
    assert rows[0]["reason"].startswith("Past in uw 24 GiB")
    assert next(r for r in rows if r["id"] == "llama-4-scout")["reason"].startswith("Valt af:")


def test_bad_constraints_are_usage_errors(facts: Facts) -> None:
    for values, field in (({"bits": 3}, "bits"), ({"sector": "astrology"}, "sector"), ({"gpu_memory_gib": 0}, "gpu"),
                          ({"licence_needs": ["free_lunch"]}, "licence_needs"), ({"colour": "red"}, "colour"),
                          ({"languages": ["dutch"]}, "languages")):  # fmt: skip
        with pytest.raises(UsageError, match=field):
            parse_constraints(values)
    with pytest.raises(UnknownModelError, match="no-such-model"):
        run(facts, explain=["no-such-model"])


def test_cli_json_is_the_library(shipped_db: Path, facts: Facts) -> None:
    runner = CliRunner()
    args = ["advise", "--db", str(shipped_db), "--gpu-memory", "24", "--need", "commercial_use",
            "--need", "no_geographic_exclusion", "--limit", "5", "--json"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == run(facts, limit=5, gpu_memory_gib=24, licence_needs=NEEDS)
    for key in ("id", "name", "rank", "fits_hardware", "monthly_cost_self_hosted", "monthly_cost_api",
                "licence_fit", "failing_clauses", "reason"):  # fmt: skip
        assert key in json.loads(result.stdout)[0]
    bad = runner.invoke(app, ["advise", "--db", str(shipped_db), "--bits", "3", "--json"])
    assert bad.exit_code == 1 and bad.stdout == "" and "bits" in bad.stderr

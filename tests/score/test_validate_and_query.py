"""`avsi validate`, `avsi compare` and the scores on `avsi model` / `avsi models`, on the shipped build."""

from __future__ import annotations

from pathlib import Path

import pytest

from avsi import get_model, list_models
from avsi.exceptions import UsageError
from avsi.score.query import compare
from avsi.score.validate import validate


def test_validate_against_both_indices(shipped_db: Path) -> None:
    result = validate(shipped_db, worst=5)
    by_ref = {r["reference"]: r for r in result["results"]}
    # The two expert indices grade few models in common and barely agree: the ceiling our agreement is read against.
    both = result["indices_agreement"]
    assert both["models"] >= 10 and -1 <= both["spearman"] <= 1
    assert set(by_ref) == {"osai", "mot"}
    for ref, r in by_ref.items():
        assert r["left_out_source"] == ref
        assert r["models_compared"] > 50
        assert -1 <= r["spearman"] <= 1 and -1 <= r["kendall"] <= 1
        assert len(r["largest_disagreements"]) == 5
        worst = r["largest_disagreements"][0]
        assert worst["evidence"] and all(e["source"] != ref for e in worst["evidence"])  # left out means left out
        assert set(r["sub_scores"]) >= {"weights_access", "licence_openness"}


def test_compare_shape_and_errors(shipped_db: Path) -> None:
    rows = compare(shipped_db, by="bloc", year=2025)
    assert {r["group"] for r in rows} == {"CN", "US", "EU", "OTHER"}
    us = next(r for r in rows if r["group"] == "US")
    assert us["year"] == 2025 and us["n_models"] > 100
    assert set(us["scores"]) >= {"accessible", "imposing"} and set(us["axes"]) >= {"open_proprietary"}
    assert us["intervals"]["accessible"]["lo"] <= us["intervals"]["accessible"]["hi"]
    labs = compare(shipped_db, by="org")
    assert any(r["group"] == "OpenAI" for r in labs)
    with pytest.raises(UsageError, match="unknown grouping"):
        compare(shipped_db, by="planet")


def test_model_and_models_carry_scores(shipped_db: Path) -> None:
    model = get_model(shipped_db, "deepseek-v3")
    assert model["methodology_version"] == "2026.2"
    assert model["scores"]["ip_guarded"] is not None and model["scores"]["ip_guarded"] < 50
    assert set(model["axes"]) == {"open_proprietary", "affordable_commercial", "applied_agi",
                                  "collaborative_competitive", "governance_monopoly"}  # fmt: skip
    indicators = {e["indicator"] for e in model["evidence"]}
    assert {"weights_access", "training_compute", "blended_price"} <= indicators
    top = list_models(shipped_db, bloc="US", sort="ip_guarded", limit=3)
    assert all(m["scores"]["ip_guarded"] == 100 for m in top)
    with pytest.raises(UsageError, match="cannot sort by"):
        list_models(shipped_db, sort="coolness")

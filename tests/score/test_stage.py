"""The scoring stage on the shipped data: bounds, evidence behind every score, sane orderings, determinism."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from avsi.score.methodology import DEFAULT_PATH, load_methodology
from avsi.score.stage import score_database


@pytest.fixture(scope="module")
def con(shipped_db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(shipped_db), read_only=True)


def _score(con: duckdb.DuckDBPyConnection, model_id: str, dimension: str) -> float | None:
    row = con.execute(
        "SELECT score FROM model_scores WHERE model_id = ? AND dimension = ?", [model_id, dimension]
    ).fetchone()
    assert row is not None, (model_id, dimension)
    return row[0]


def test_bounds_intervals_and_ranks(con: duckdb.DuckDBPyConnection) -> None:
    bad = con.execute(
        """SELECT count(*) FILTER (WHERE score < 0 OR score > 100 OR lo > hi OR rank < 1 OR rank > n_ranked
                                     OR rank_lo > rank_hi OR coverage < 0 OR coverage > 1),
                  count(*) FILTER (WHERE score IS NOT NULL), count(DISTINCT model_id)
           FROM model_scores"""
    ).fetchone()
    assert bad is not None
    assert bad[0] == 0
    assert bad[1] > 10_000 and bad[2] == con.execute("SELECT count(*) FROM models").fetchone()[0]  # type: ignore[index]
    axes = con.execute("SELECT min(value), max(value), count(value) FROM model_axes").fetchone()
    assert axes is not None and -100 <= axes[0] < 0 < axes[1] <= 100 and axes[2] > 3_000


def test_every_score_has_its_evidence(con: duckdb.DuckDBPyConnection) -> None:
    missing = con.execute(
        """SELECT count(*) FROM model_scores s WHERE s.score IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM indicator_values v WHERE v.model_id = s.model_id AND v.dimension = s.dimension
               AND v.source IS NOT NULL AND v.evidence IS NOT NULL)"""
    ).fetchone()
    assert missing == (0,)


def test_known_models_land_where_their_facts_say(con: duckdb.DuckDBPyConnection) -> None:
    # GPT-4o: closed weights sold by API; Mistral 7B: Apache-2.0 weights.
    assert _score(con, "gpt-4o", "ip_guarded") == 100
    assert _score(con, "mistral-7b", "ip_guarded") == 0
    assert (_score(con, "gpt-4o", "accessible") or 0) < 30 < (_score(con, "mistral-7b", "accessible") or 0)
    assert (_score(con, "llama-3.1-405b", "infrastructure_oriented") or 0) > 90
    assert (_score(con, "mistral-7b", "infrastructure_oriented") or 100) < 60
    # Llama 3.1's licence caps monthly users: the evidence says so, from the licence knowledge base.
    cap = con.execute(
        "SELECT raw_text, field FROM indicator_values WHERE model_id = 'llama-3.1-405b' AND indicator = 'user_cap'"
    ).fetchone()
    assert cap is not None and cap[0] == "true" and "llama" in cap[1]


def test_bloc_aggregates_and_comparisons(con: duckdb.DuckDBPyConnection) -> None:
    blocs = con.execute(
        """SELECT group_id, n_models FROM group_scores WHERE group_kind = 'bloc' AND year IS NULL
           AND weighting = 'unweighted' AND measure = 'accessible' ORDER BY group_id"""
    ).fetchall()
    assert [b for b, _ in blocs] == ["CN", "EU", "OTHER", "US"]
    assert all(n > 100 for _, n in blocs)
    shares = con.execute("SELECT id, share_of_draws, draws FROM score_comparisons").fetchall()
    assert len(shares) == len(load_methodology().uncertainty.comparisons)
    assert all(0 <= s <= 1 and d == 2000 for _, s, d in shares if s is not None)


def test_same_inputs_same_hash_and_a_changed_weight_is_recorded(shipped_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(shipped_db, db)
    with duckdb.connect(str(db)) as con:
        before = con.execute("SELECT score_hash, inputs_hash FROM score_info").fetchone()
        again = score_database(con, load_methodology(), draws=200)
        # fewer draws change only the intervals; the same draws give the same hash
        assert score_database(con, load_methodology(), draws=200)["score_hash"] == again["score_hash"]
        data = yaml.safe_load(DEFAULT_PATH.read_text())
        data["indicators"][0]["weight"] = 0.8
        changed = tmp_path / "m.yaml"
        changed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        other = load_methodology(changed)
        result = score_database(con, other, draws=200)
        info = con.execute("SELECT methodology_hash, inputs_hash FROM score_info").fetchone()
    assert before is not None and info is not None
    assert result["score_hash"] != again["score_hash"]
    assert info[0] == other.sha256 != load_methodology().sha256
    assert info[1] != before[1]  # the inputs hash covers the methodology file

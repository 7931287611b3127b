"""Lineage: edges by kind, closure, depth, cycles, dangling references and self-loops, on a hand-made hub where
every figure is known, then on the real subset (its counts, and the derivatives of each canonical model recomputed
independently from the edge table)."""

from __future__ import annotations

import json
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from avsi.hub.engine import Engine, engine_session
from avsi.hub.lineage import strongly_connected
from avsi.hub.loader import hub_reader
from avsi.hub.pipeline import compute
from avsi.hub.reference import REPO_MODELS, namespace_table
from tests.hub.support import based, write_hub

ROOT = "meta-llama/Llama-3.1-8B"


def tiny_hub(path: Path) -> Path:
    """12 rows: a root, its fine-tunes, an adapter, a quantisation, a merge with a deleted base, a self-loop, a
    two-repo cycle, lineage written only in a card (in other letter case), a repeated id and an isolated repo."""
    return write_hub(path, [
        {"id": ROOT, "author": "meta-llama", "downloads": 1000, "tags": ["license:llama3.1"]},
        {"id": "alice/Llama-Med", "author": "alice", "downloads": 100, "tags": ["medical"],
         "baseModels": based("finetune", ROOT)},
        {"id": "bob/Med-LoRA", "author": "bob", "downloads": 10, "baseModels": based("adapter", "alice/Llama-Med")},
        {"id": "meta-llama/Llama-3.1-8B-Q4", "author": "meta-llama", "downloads": 50,
         "baseModels": based("quantized", ROOT)},
        {"id": "carol/Merge-1", "author": "carol", "downloads": 3,
         "baseModels": based("merge", "alice/Llama-Med", "bob/Med-LoRA", "ghost/Deleted-Model")},
        {"id": "dave/Self", "author": "dave", "downloads": 4, "baseModels": based("finetune", "dave/Self", ROOT)},
        {"id": "erin/P", "author": "erin", "downloads": 1, "baseModels": based("finetune", "erin/Q")},
        {"id": "erin/Q", "author": "erin", "downloads": 1, "baseModels": based("finetune", "erin/P")},
        {"id": "frank/Card-Only", "author": "frank", "downloads": 7,
         "cardData": json.dumps({"base_model": "META-LLAMA/llama-3.1-8b", "base_model_relation": "finetune"})},
        {"id": "alice/llama-med", "author": "alice", "downloads": 5, "baseModels": based("finetune", ROOT)},
        {"id": "gina/Korean-Chat", "author": "gina", "downloads": 20, "tags": ["ko"],
         "baseModels": based("finetune", "alice/Llama-Med")},
        {"id": "hank/Isolated", "author": "hank", "downloads": 9},
    ])  # fmt: skip


def tiny_references() -> tuple[pa.Table, pa.Table]:
    """The registry's namespaces; the root and its quantisation as the official repos of one canonical model."""
    keys = ["meta-llama/llama-3.1-8b", "meta-llama/llama-3.1-8b-q4"]
    models = pa.table(
        {"repo_key": keys, "model_id": ["llama-3.1-8b"] * 2, "preferred": [True, False]}, schema=REPO_MODELS
    )
    return namespace_table(None), models


def run_tiny(path: Path, engine: Engine | None = None) -> dict[str, pa.Table]:
    if engine is not None:
        return compute(engine, hub_reader(path), *tiny_references())
    with engine_session("duckdb") as session:
        return compute(session, hub_reader(path), *tiny_references())


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pa.Table]:
    return run_tiny(tiny_hub(tmp_path_factory.mktemp("hub") / "tiny.parquet"))


def by(table: pa.Table, column: str) -> dict[Any, dict[str, Any]]:
    return {r[column]: r for r in table.to_pylist()}


def test_tiny_hub_counts(tiny: dict[str, pa.Table]) -> None:
    stats = dict(zip(tiny["hub_stats"]["metric"].to_pylist(), tiny["hub_stats"]["value"].to_pylist(), strict=True))
    assert stats["input_rows"] == 12 and stats["repos"] == 11 and stats["duplicate_repos"] == 1
    assert stats["edges"] == 11 and stats["self_loops"] == 1 and stats["edges_from_cards"] == 1
    assert (stats["edges_fine_tune"], stats["edges_adapter"], stats["edges_quantisation"], stats["edges_merge"]) == (
        6, 1, 1, 3)  # fmt: skip
    assert (stats["dangling_edges"], stats["dangling_parents"]) == (1, 1)
    assert (stats["roots"], stats["external_roots"], stats["isolated_repos"]) == (2, 1, 1)
    assert (stats["cycles"], stats["nodes_in_cycles"], stats["unrooted_derivatives"]) == (1, 2, 2)
    assert stats["max_depth"] == 2


def test_tiny_hub_repos(tiny: dict[str, pa.Table]) -> None:
    repos = by(tiny["hub_repos"], "repo")
    assert repos["alice/Llama-Med"]["downloads"] == 100  # the repeated id keeps its most downloaded row
    assert {r: repos[r]["depth"] for r in repos} == {
        ROOT: 0, "alice/Llama-Med": 1, "bob/Med-LoRA": 2, "meta-llama/Llama-3.1-8B-Q4": 1, "carol/Merge-1": 1,
        "dave/Self": 1, "erin/P": None, "erin/Q": None, "frank/Card-Only": 1, "gina/Korean-Chat": 2,
        "hank/Isolated": 0,
    }  # fmt: skip
    # The merge is 2 below the root and 1 below its deleted base, itself a root: depth is the shortest.
    assert repos["carol/Merge-1"]["roots"] == 2 and repos["carol/Merge-1"]["bases"] == 3
    assert repos[ROOT]["is_root"] and not repos["hank/Isolated"]["is_root"]
    assert repos["erin/P"]["in_cycle"] and not repos["dave/Self"]["in_cycle"]
    assert repos["frank/Card-Only"]["lineage_origin"] == "card" and repos["frank/Card-Only"]["kind"] == "fine-tune"
    assert (repos[ROOT]["model_id"], repos[ROOT]["bloc"], repos[ROOT]["org_id"]) == ("llama-3.1-8b", "US", "meta")
    assert {r: repos[r]["sector"] for r in ("alice/Llama-Med", "bob/Med-LoRA", "gina/Korean-Chat")} == {
        "alice/Llama-Med": "health", "bob/Med-LoRA": "health", "gina/Korean-Chat": "language"}  # fmt: skip


def test_tiny_hub_bases_and_model(tiny: dict[str, pa.Table]) -> None:
    bases = by(tiny["hub_bases"], "repo")
    assert set(bases) == {ROOT, "ghost/Deleted-Model"}
    root = bases[ROOT]
    assert (root["derivatives"], root["fine_tunes"], root["adapters"], root["quantisations"], root["merges"]) == (
        7, 4, 1, 1, 1)  # fmt: skip
    assert (root["by_other_orgs"], root["deriving_orgs"], root["sectors"], root["max_depth"]) == (6, 7, 2, 2)
    assert root["derivative_downloads"] == 100 + 10 + 50 + 3 + 4 + 7 + 20
    assert root["sector_entropy"] == pytest.approx(0.918295834)  # health 2, language 1
    ghost = bases["ghost/Deleted-Model"]
    assert ghost["external"] and ghost["is_root"] and ghost["derivatives"] == 1 and ghost["merges"] == 1
    (model,) = tiny["hub_model_derivatives"].to_pylist()
    assert model == {
        "model_id": "llama-3.1-8b", "hf_repo": ROOT, "derivatives": 6, "fine_tunes": 4, "adapters": 1,
        "quantisations": 0, "merges": 1, "by_other_orgs": 6, "deriving_orgs": 6, "sectors": 2,
        "sector_entropy": pytest.approx(0.918295834), "derivative_downloads": 100 + 10 + 3 + 4 + 7 + 20,
        "max_depth": 2,
    }  # fmt: skip
    detail = [r for r in tiny["hub_derivatives_by_base"].to_pylist() if r["base"] == ROOT]
    assert sum(r["n"] for r in detail) == 7
    assert [r for r in detail if r["bloc"] == "US"] == [
        {"base": ROOT, "kind": "quantisation", "country": "US", "bloc": "US", "sector": "general", "n": 1,
         "downloads": 50}]  # fmt: skip


def test_strongly_connected_components() -> None:
    assert strongly_connected([(1, 2), (2, 3), (3, 1), (3, 4), (5, 6), (6, 5), (7, 8)]) == [[1, 2, 3], [5, 6]]
    assert strongly_connected([(1, 2), (2, 3)]) == []
    chain = [(i, i + 1) for i in range(200_000)] + [(200_000, 0)]  # deep: no recursion
    (component,) = strongly_connected(chain)
    assert len(component) == 200_001


def test_real_subset_counts(shipped_db: Path) -> None:
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        stats = dict(con.execute("SELECT metric, value FROM hub_stats").fetchall())
    finally:
        con.close()
    assert stats["repos"] == 4167 and stats["derivatives"] == 2650 and stats["isolated_repos"] == 1245
    assert stats["edges"] == 5272 and stats["edges_from_cards"] == 77 and stats["self_loops"] == 7
    assert (stats["edges_fine_tune"], stats["edges_adapter"], stats["edges_quantisation"], stats["edges_merge"]) == (
        1452, 20, 54, 3746)  # fmt: skip
    assert (stats["dangling_edges"], stats["dangling_parents"]) == (1528, 957)
    assert (stats["roots"], stats["external_roots"]) == (1229, 957)
    assert (stats["cycles"], stats["unrooted_derivatives"], stats["max_depth"]) == (0, 0, 13)


def test_model_derivatives_match_an_independent_search(shipped_db: Path) -> None:
    """Each canonical model's derivatives, kinds and depth, recomputed by a plain BFS over `hub_edges`."""
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        edges = con.execute("SELECT lower(child), lower(parent), kind FROM hub_edges").fetchall()
        own = con.execute(
            "SELECT lower(repo), model_id FROM hub_repos WHERE model_id IS NOT NULL UNION "
            "SELECT lower(repo), model_id FROM hub_bases WHERE model_id IS NOT NULL"
        ).fetchall()
        rows = con.execute("SELECT * FROM hub_model_derivatives").to_arrow_table().to_pylist()
        described = con.execute("DESCRIBE hub_model_derivatives").fetchall()
    finally:
        con.close()
    assert [(c[0], c[1]) for c in described] == [
        ("model_id", "VARCHAR"), ("hf_repo", "VARCHAR"), ("derivatives", "INTEGER"), ("fine_tunes", "INTEGER"),
        ("adapters", "INTEGER"), ("quantisations", "INTEGER"), ("merges", "INTEGER"), ("by_other_orgs", "INTEGER"),
        ("deriving_orgs", "INTEGER"), ("sectors", "INTEGER"), ("sector_entropy", "DOUBLE"),
        ("derivative_downloads", "BIGINT"), ("max_depth", "INTEGER"),
    ]  # fmt: skip
    children: dict[str, list[str]] = defaultdict(list)
    kind = {}
    for child, parent, k in edges:
        children[parent].append(child)
        kind[child] = k
    repos_of: dict[str, set[str]] = defaultdict(set)
    for repo, model in own:
        repos_of[model].add(repo)
    assert len(rows) > 50
    for row in rows:
        depth: dict[str, int] = {r: 0 for r in repos_of[row["model_id"]]}
        queue = deque(depth)
        while queue:
            node = queue.popleft()
            for c in children[node]:
                if c not in depth:
                    depth[c] = depth[node] + 1
                    queue.append(c)
        found = {n: d for n, d in depth.items() if n not in repos_of[row["model_id"]]}
        assert row["derivatives"] == len(found), row["model_id"]
        assert row["max_depth"] == max(found.values()), row["model_id"]
        assert row["merges"] == sum(kind[n] == "merge" for n in found), row["model_id"]
        assert row["fine_tunes"] + row["adapters"] + row["quantisations"] + row["merges"] == row["derivatives"]
        assert 0 <= row["by_other_orgs"] <= row["derivatives"] and 1 <= row["deriving_orgs"] <= row["derivatives"]
    llama = next(r for r in rows if r["model_id"] == "llama-3.1-8b")
    assert llama["derivatives"] > 300 and llama["by_other_orgs"] == llama["derivatives"]

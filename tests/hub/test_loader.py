"""The hub-stats loader on the real subset: lineage by kind and origin, licence and tag text, chunking, errors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from avsi.exceptions import SchemaDriftError, SourceFileMissing, SourceFormatError
from avsi.hub.loader import REPOS, count_rows, hub_batches
from avsi.hub.stage import raw_table_batches
from tests.hub.support import SUBSET, subset_rows


def test_subset_lineage_by_kind_and_origin() -> None:
    rows = subset_rows()
    assert rows.schema == REPOS
    assert rows.num_rows == count_rows(SUBSET) == 4167
    assert rows["ordinal"].to_pylist() == list(range(4167))
    kinds = Counter(zip(rows["kind"].to_pylist(), rows["lineage_origin"].to_pylist(), strict=True))
    # The Hub's resolved relations, then the cards' base_model for the repos the Hub resolved none for.
    assert kinds == {
        (None, None): 1511, ("fine-tune", "hub"): 1401, ("merge", "hub"): 1116, ("quantisation", "hub"): 49,
        ("adapter", "hub"): 20, ("fine-tune", "card"): 56, ("merge", "card"): 8, ("quantisation", "card"): 6,
    }  # fmt: skip
    bagel = rows.filter(pc.equal(rows["repo"], "jondurbin/bagel-dpo-34b-v0.5")).to_pylist()[0]
    assert (bagel["kind"], bagel["lineage_origin"], bagel["base_models"]) == (
        "fine-tune",
        "card",
        ["01-ai/yi-34b-200k"],
    )


def test_licence_is_the_first_licence_tag_and_tag_text_keeps_informative_tags() -> None:
    raw = pq.read_table(SUBSET, columns=["id", "tags"]).to_pylist()
    rows = {r["repo"]: r for r in subset_rows().to_pylist()}
    for r in raw:
        tags = r["tags"] or []
        first = next((t[len("license:") :] for t in tags if t.lower().startswith("license:")), None)
        assert rows[r["id"]]["licence"] == first
        words = rows[r["id"]]["tag_text"].split()
        assert not any(w.startswith(("base_model:", "license:", "region:", "arxiv:")) for w in words)
        assert "transformers" not in words and "safetensors" not in words
    moe = rows["Qwen/Qwen1.5-MoE-A2.7B"]
    assert (moe["licence"], moe["tag_text"], moe["namespace"]) == ("other", "qwen2_moe pretrained moe en", "Qwen")


def test_small_chunks_in_parallel_give_the_same_rows() -> None:
    whole = pa.Table.from_batches(list(hub_batches(SUBSET, batch_size=100_000, workers=1)))
    chunked = pa.Table.from_batches(list(hub_batches(SUBSET, batch_size=257, workers=3)))
    assert chunked.num_rows == whole.num_rows
    assert chunked.equals(whole)


def test_the_build_stage_reads_the_same_rows_as_the_loader(shipped_db: Path) -> None:
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        from_table = pa.Table.from_batches(list(raw_table_batches(con)), schema=REPOS)
    finally:
        con.close()
    assert from_table.equals(subset_rows())


def test_broken_inputs_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceFileMissing):
        list(hub_batches(tmp_path / "nope.parquet"))
    fake = tmp_path / "fake.parquet"
    fake.write_text("id,author\nx/y,x\n")
    with pytest.raises(SourceFormatError):
        list(hub_batches(fake))
    no_id = tmp_path / "no_id.parquet"
    pq.write_table(pa.table({"author": ["x"], "downloads": [1], "tags": [["a"]]}), no_id)
    with pytest.raises(SchemaDriftError, match="id"):
        list(hub_batches(no_id))

"""The hub stage of a build: the hub tables from the build's own Hugging Face rows (`hf_models`), on DuckDB.

The raw table is turned back into the hub-stats shape so the loader's normalisation applies unchanged; the tables
are written inside the build's transaction. A build without the `hf` source gets the tables empty.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import duckdb
import pyarrow as pa

from avsi.hub.api import stats_of
from avsi.hub.engine import engine_session
from avsi.hub.loader import REPOS, normalise_batch
from avsi.hub.pipeline import compute
from avsi.hub.reference import namespace_table, repo_model_table
from avsi.hub.sectors import load_rules
from avsi.hub.store import info_table, now, write_tables
from avsi.hub.tables import empty_results
from avsi.store.rows import table_names

# The build's raw Hub table in the shape of a hub-stats dump, so the same normalisation applies.
RAW_TABLE_SQL = """
SELECT id, author, downloads, likes, CAST(tags AS VARCHAR[]) AS tags, CAST(card_data AS VARCHAR) AS cardData,
       CASE WHEN base_models IS NULL AND base_model_relation IS NULL THEN NULL
            ELSE {'relation': base_model_relation,
                  'models': list_transform(CAST(base_models AS VARCHAR[]), x -> {'_id': NULL::VARCHAR, 'id': x})}
       END AS baseModels,
       pipeline_tag, library_name
FROM hf_models ORDER BY _row
"""


def raw_table_batches(con: duckdb.DuckDBPyConnection) -> Iterator[pa.RecordBatch]:
    """The build's `hf_models` rows as `REPOS` batches."""
    first = 0
    for batch in con.execute(RAW_TABLE_SQL).to_arrow_table().to_batches(max_chunksize=65_536):
        yield normalise_batch(batch, first)
        first += batch.num_rows


def build_hub_stage(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Build stage: the hub tables from the build's own `hf_models` rows, on DuckDB; returns the main counts."""
    started = time.perf_counter()
    rules = load_rules()
    results = empty_results()
    if "hf_models" in table_names(con):
        namespaces = namespace_table(con)
        reader = pa.RecordBatchReader.from_batches(REPOS, raw_table_batches(con))
        with engine_session("duckdb", threads=1) as engine:
            results = compute(engine, reader, namespaces, repo_model_table(con, namespaces), rules)
    seconds = time.perf_counter() - started
    results["hub_info"] = info_table({"engine": "duckdb", "input": "hf_models (this build)", "built_at": now(),
                                      "seconds": f"{seconds:.3f}", "sector_rules_version": rules.version,
                                      "sector_rules_sha256": rules.sha256})  # fmt: skip
    write_tables(con, results)
    stats = stats_of(results)
    keep = ("repos", "edges", "roots", "dangling_edges", "cycles", "self_loops", "canonical_models", "max_depth")
    return {k: stats.get(k, 0) for k in keep}

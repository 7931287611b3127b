"""The hub analysis as library functions: `build_hub` (any hub-stats dump, DuckDB or Spark, into a built database)
and the readers the CLI and web pages use. The build stage is `avsi.hub.stage`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from avsi.config import default_data_dir, shipped_data_dir
from avsi.exceptions import SourceFileMissing
from avsi.hub.engine import DuckDBEngine, engine_session
from avsi.hub.loader import hub_reader
from avsi.hub.pipeline import compute_outputs
from avsi.hub.reference import namespace_table, repo_model_table
from avsi.hub.sectors import load_rules
from avsi.hub.store import info_table, now, read_models, read_summary, write_attached, write_database
from avsi.hub.tables import SCHEMAS
from avsi.store import open_database

SUBSET = Path("hf_hub_stats_subset") / "hub_stats_frozen.parquet"
DUCKDB_MEMORY = "2GB"


@dataclass
class HubReport:
    """What a hub run read and found: the counts of `hub_stats`, the sources and the time it took."""

    db_path: Path | None
    input: str
    engine: str
    seconds: float
    stats: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)  # rows per table written

    def to_dict(self) -> dict[str, object]:
        return {"db": str(self.db_path) if self.db_path else None, "input": self.input, "engine": self.engine,
                "seconds": round(self.seconds, 3), "stats": self.stats, "tables": self.tables}  # fmt: skip


def default_input() -> Path:
    """The hub-stats parquet `avsi hub build` reads by default: the refreshed data's, else the shipped subset."""
    for folder in (default_data_dir(), shipped_data_dir()):
        if (folder / SUBSET).is_file():
            return folder / SUBSET
    raise SourceFileMissing(shipped_data_dir() / SUBSET, "the shipped hub-stats subset is missing")


def stats_of(results: dict[str, pa.Table]) -> dict[str, int]:
    table = results["hub_stats"]
    return dict(zip(table["metric"].to_pylist(), table["value"].to_pylist(), strict=True))


def build_hub(
    db_path: Path | str,
    input_path: Path | str | None = None,
    engine: str = "duckdb",
    master: str | None = None,
    **options: Any,
) -> HubReport:
    """Recompute the hub tables from a hub-stats parquet file or folder (default: the shipped subset) on DuckDB or
    Spark, and replace them in the database at `db_path` atomically (the canonical models and organisations come
    from that database, which must be built). `options` go to the engine: DuckDB's `threads` and `memory_limit`
    (default 2GB, beyond which it spills to disk), Spark's `partitions`."""
    if engine == "duckdb":
        options.setdefault("memory_limit", DUCKDB_MEMORY)
    started = time.perf_counter()
    db = Path(db_path)
    source = Path(input_path) if input_path is not None else default_input()
    rules = load_rules()
    con = open_database(db)
    try:
        namespaces = namespace_table(con)
        repo_models = repo_model_table(con, namespaces)
    finally:
        con.close()
    with engine_session(engine, master, **options) as session:
        outputs = compute_outputs(session, hub_reader(source), namespaces, repo_models, rules)
        run = {"engine": engine + (f" {master}" if master else ""), "input": str(source), "built_at": now()}
        rule_info = {"sector_rules_version": rules.version, "sector_rules_sha256": rules.sha256}
        info = info_table({**run, "seconds": f"{time.perf_counter() - started:.3f}", **rule_info})
        if isinstance(session, DuckDBEngine):  # straight from the engine into the database
            write_attached(session, db, outputs, info)
            tables = _row_counts(db)
        else:
            results = {**outputs.collect(session), "hub_info": info}
            write_database(db, results)
            tables = {name: t.num_rows for name, t in results.items()}
    return HubReport(db, str(source), engine, time.perf_counter() - started, outputs.stats, tables)


def _row_counts(db: Path) -> dict[str, int]:
    con = open_database(db)
    try:
        counts = {}
        for name in SCHEMAS:
            row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            counts[name] = int(row[0]) if row else 0
        return counts
    finally:
        con.close()


def hub_summary(db_path: Path | str) -> dict[str, Any]:
    """The hub figures of a built database: counts (edges, roots, cycles, dangling …), how and when they were
    computed, and the repos and derivatives per sector."""
    return read_summary(db_path)


def hub_models(db_path: Path | str, sort: str = "derivatives", limit: int | None = 20) -> list[dict[str, Any]]:
    """Canonical models by their Hub derivatives (`hub_model_derivatives`), largest first by `sort`."""
    return read_models(db_path, sort, limit)

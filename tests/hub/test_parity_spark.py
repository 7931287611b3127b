"""The same pipeline on DuckDB and on Apache Spark (local[2]): every output table equal, on the real subset, on a
small synthetic hub and on the hand-made one with cycles, self-loops and dangling references.

CI installs pyspark and Java (`make test`); one Spark session serves the whole module (~30-60 s on 2 cores).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from avsi.hub.engine import Engine, engine_session
from avsi.hub.loader import hub_reader
from avsi.hub.pipeline import compute
from avsi.hub.reference import namespace_table, repo_model_table
from avsi.hub.synthetic import generate_hub
from tests.hub.support import SUBSET, differences
from tests.hub.test_lineage import run_tiny, tiny_hub

pytest.importorskip("pyspark")
pytestmark = [
    pytest.mark.slow,
    # PySpark's py4j leaves its data sockets to the garbage collector: not ours to close.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.skipif(shutil.which("java") is None and not os.environ.get("JAVA_HOME"), reason="Spark needs Java"),
]


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    with engine_session("spark", "local[2]") as engine:
        yield engine


@pytest.fixture(scope="module")
def references(shipped_db: Path) -> tuple[pa.Table, pa.Table]:
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        namespaces = namespace_table(con)
        return namespaces, repo_model_table(con, namespaces)
    finally:
        con.close()


def both(spark: Engine, path: Path, references: tuple[pa.Table, pa.Table]) -> tuple[dict[str, pa.Table], ...]:
    with engine_session("duckdb") as duck:
        on_duckdb = compute(duck, hub_reader(path), *references)
    return on_duckdb, compute(spark, hub_reader(path), *references)


def test_real_subset_same_on_both_engines(spark: Engine, references: tuple[pa.Table, pa.Table]) -> None:
    on_duckdb, on_spark = both(spark, SUBSET, references)
    assert on_duckdb["hub_repos"].num_rows == 4167 and on_duckdb["hub_model_derivatives"].num_rows > 50
    assert differences(on_duckdb, on_spark) == []


def test_synthetic_hub_same_on_both_engines(
    spark: Engine, references: tuple[pa.Table, pa.Table], tmp_path: Path
) -> None:
    path = generate_hub(tmp_path / "hub.parquet", 3000, seed=11)
    on_duckdb, on_spark = both(spark, path, references)
    stats = dict(zip(on_duckdb["hub_stats"]["metric"].to_pylist(), on_duckdb["hub_stats"]["value"].to_pylist(),
                     strict=True))  # fmt: skip
    assert stats["repos"] == 3000 and stats["cycles"] >= 1 and stats["dangling_edges"] > 0
    assert differences(on_duckdb, on_spark) == []


def test_hand_made_hub_same_on_both_engines(spark: Engine, tmp_path: Path) -> None:
    path = tiny_hub(tmp_path / "tiny.parquet")
    on_duckdb, on_spark = run_tiny(path), run_tiny(path, spark)
    assert on_spark["hub_model_derivatives"]["derivatives"].to_pylist() == [6]
    assert differences(on_duckdb, on_spark) == []

"""The engines the hub pipeline runs on: embedded DuckDB (default) or Apache Spark, both behind Ibis.

The pipeline (`avsi.hub.pipeline`) is written once against Ibis expressions; an engine only says how data gets in
(a stream of Arrow batches from the loader, small reference tables), how an intermediate result is kept as a named
table (the closure is computed level by level, with one compiled query run again on renamed tables) and how results
come out (Arrow tables).

Spark is an optional extra (`avsi[spark]`). `master` is `local[2]` by default or a cluster URL (`spark://…`,
`yarn`, `k8s://…`); locally `SPARK_LOCAL_IP` defaults to 127.0.0.1 and the warehouse is a temporary folder.
Intermediate Spark results are local checkpoints: computed once, their lineage cut, so each level stays cheap.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import duckdb
import ibis  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]
import pyarrow as pa
import pyarrow.parquet as pq

from avsi.exceptions import SourceFormatError, UsageError
from avsi.hub.tables import ENGINES

EngineName = Literal["duckdb", "spark"]


class Engine:
    """An Ibis backend and the few operations the pipeline needs beyond expressions."""

    name: EngineName
    backend: Any  # an Ibis backend (its type depends on the engine)

    def __init__(self) -> None:
        self._counter = 0

    def fresh(self) -> str:
        """A new table name."""
        self._counter += 1
        return f"_avsi_hub_{self._counter}"

    def compile(self, expr: ir.Table) -> str:
        return str(self.backend.compile(expr))

    def ingest(self, name: str, reader: pa.RecordBatchReader) -> ir.Table:
        """A table filled from a stream of batches, without holding the stream in memory."""
        raise NotImplementedError

    def upload(self, name: str, table: pa.Table) -> ir.Table:
        """A small reference table (namespaces, canonical models, cycles)."""
        raise NotImplementedError

    def run(self, sql: str, name: str, schema: ibis.Schema | None = None, level: bool = False) -> ir.Table:
        """The query's result kept as table `name` (replacing any table of that name), with the column types of
        `schema` when given (an engine may type an expression differently from Ibis, e.g. Spark's row_number).
        `level`: one level of an iteration, computed now and cut from the levels before (on Spark)."""
        raise NotImplementedError

    def materialise(self, expr: ir.Table, name: str | None = None) -> ir.Table:
        """The expression computed once and kept as a table."""
        return self.run(self.compile(expr), name or self.fresh(), expr.schema())

    def count(self, table: ir.Table | str) -> int:
        """The rows of a kept table (by table or name)."""
        return self._count(table if isinstance(table, str) else table.get_name())

    def _count(self, name: str) -> int:
        raise NotImplementedError

    def append(self, target: str, source: str) -> None:
        """Add the rows of kept table `source` to kept table `target`."""
        raise NotImplementedError

    def is_empty(self, name: str) -> bool:
        """Whether a kept table has no rows."""
        return self.count(name) == 0

    def rename(self, source: str, target: str) -> None:
        """Kept table `source` becomes `target` (replacing it)."""
        raise NotImplementedError

    def drop(self, name: str) -> None:
        """Forget a kept table (frees its memory)."""
        raise NotImplementedError

    def collect(self, expr: ir.Table) -> pa.Table:
        """The expression's rows as an Arrow table with the expression's schema."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the engine's resources."""


class DuckDBEngine(Engine):
    """An in-memory DuckDB that spills to a temporary folder beyond its memory limit."""

    name: EngineName = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None) -> None:
        super().__init__()
        self._tmp = tempfile.mkdtemp(prefix="avsi-hub-duckdb-")
        config: dict[str, Any] = {"temp_directory": self._tmp, "preserve_insertion_order": False}
        if threads:
            config["threads"] = threads
        if memory_limit:
            config["memory_limit"] = memory_limit
        self.backend = ibis.duckdb.connect(**config)
        self.con = self.backend.con

    def ingest(self, name: str, reader: pa.RecordBatchReader) -> ir.Table:
        self.con.register(f"_{name}_stream", reader)
        try:
            self.con.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT * FROM "_{name}_stream"')
        except duckdb.Error as exc:  # the reader's own error, as DuckDB passes it on
            raise SourceFormatError("hub input", str(exc).split("Unknown error: ")[-1].strip()) from exc
        finally:
            self.con.unregister(f"_{name}_stream")
        return self.backend.table(name)

    def upload(self, name: str, table: pa.Table) -> ir.Table:
        self.con.register(f"_{name}_upload", table)
        try:
            self.con.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT * FROM "_{name}_upload"')
        finally:
            self.con.unregister(f"_{name}_upload")
        return self.backend.table(name)

    def run(self, sql: str, name: str, schema: ibis.Schema | None = None, level: bool = False) -> ir.Table:
        self.con.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS {sql}')
        return self.backend.table(name)

    def _count(self, name: str) -> int:
        row = self.con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        return int(row[0]) if row else 0

    def append(self, target: str, source: str) -> None:
        self.con.execute(f'INSERT INTO "{target}" SELECT * FROM "{source}"')

    def rename(self, source: str, target: str) -> None:
        self.con.execute(f'DROP TABLE IF EXISTS "{target}"')
        self.con.execute(f'ALTER TABLE "{source}" RENAME TO "{target}"')

    def drop(self, name: str) -> None:
        self.con.execute(f'DROP TABLE IF EXISTS "{name}"')

    def collect(self, expr: ir.Table) -> pa.Table:
        arrow: pa.Table = self.con.execute(self.compile(expr)).to_arrow_table()
        return arrow.cast(expr.schema().to_pyarrow())

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.backend.disconnect()
        shutil.rmtree(self._tmp, ignore_errors=True)


class SparkEngine(Engine):
    """A Spark session (local[2] unless a master URL is given); inputs are staged as parquet for Spark to read."""

    name: EngineName = "spark"

    def __init__(self, master: str | None = None, partitions: int | None = None) -> None:
        super().__init__()
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise UsageError("the Spark engine needs the spark extra: pip install 'avsi[spark]'") from exc
        master = master or "local[2]"
        local = master.startswith("local")
        if local:
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        self._tmp = tempfile.mkdtemp(prefix="avsi-hub-spark-")
        builder = (
            SparkSession.builder.master(master)
            .appName("avsi-hub")
            .config("spark.sql.warehouse.dir", str(Path(self._tmp) / "warehouse"))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(partitions or (2 if local else 200)))
            .config("spark.default.parallelism", str(partitions or (2 if local else 200)))
            .config("spark.sql.adaptive.enabled", "true")
            # Constraint propagation fails on unions of checkpointed levels (a level is computed from the others)
            # and only serves optimisations the pipeline does not need.
            .config("spark.sql.constraintPropagation.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={self._tmp}")
        )
        self.session = builder.getOrCreate()
        self.session.sparkContext.setLogLevel("ERROR")
        self.backend = ibis.pyspark.connect(self.session)
        self._frames: dict[str, Any] = {}
        self._all: list[Any] = []

    def _keep(self, name: str, frame: Any) -> ir.Table:
        # A replaced frame may still feed another (a closure level feeds the union of levels): all are released
        # when the engine closes.
        frame.createOrReplaceTempView(name)
        self._frames[name] = frame
        self._all.append(frame)
        return self.backend.table(name)

    def _stage(self, name: str, batches: Iterator[pa.RecordBatch], schema: pa.Schema) -> ir.Table:
        path = Path(self._tmp) / f"{name}.parquet"
        with pq.ParquetWriter(str(path), schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
        return self._keep(name, self.session.read.parquet(str(path)))

    def ingest(self, name: str, reader: pa.RecordBatchReader) -> ir.Table:
        return self._stage(name, iter(reader), reader.schema)

    def upload(self, name: str, table: pa.Table) -> ir.Table:
        return self._stage(name, iter(table.to_batches()), table.schema)

    def run(self, sql: str, name: str, schema: ibis.Schema | None = None, level: bool = False) -> ir.Table:
        frame = self.session.sql(sql)
        if schema is not None:
            from ibis.backends.pyspark.datatypes import PySparkType  # type: ignore[import-untyped]

            wanted = {n: PySparkType.from_ibis(t) for n, t in schema.items()}
            frame = frame.select(*[
                frame[f.name].cast(wanted[f.name]).alias(f.name) if f.name in wanted and f.dataType != wanted[f.name]
                else frame[f.name] for f in frame.schema.fields
            ])  # fmt: skip
        # Computed now and its lineage cut (a local checkpoint): each closure level is a plan of its own instead of
        # all the levels before it, and the final queries read kept tables, not their whole history.
        return self._keep(name, frame.localCheckpoint(eager=True))

    def _count(self, name: str) -> int:
        return int(self._frames[name].count())

    def append(self, target: str, source: str) -> None:
        # A union of checkpointed levels: its plan grows by one leaf per level, nothing is recomputed.
        self._keep(target, self._frames[target].unionByName(self._frames[source]))

    def is_empty(self, name: str) -> bool:
        return bool(self._frames[name].isEmpty())

    def rename(self, source: str, target: str) -> None:
        frame = self._frames.pop(source)
        self.session.catalog.dropTempView(source)
        self._keep(target, frame)

    def drop(self, name: str) -> None:
        self._frames.pop(name, None)
        with contextlib.suppress(Exception):
            self.session.catalog.dropTempView(name)

    def collect(self, expr: ir.Table) -> pa.Table:
        arrow: pa.Table = self.session.sql(self.compile(expr)).toArrow()
        return arrow.cast(expr.schema().to_pyarrow())

    def close(self) -> None:
        for name in self._frames:
            with contextlib.suppress(Exception):
                self.session.catalog.dropTempView(name)
        for frame in self._all:
            with contextlib.suppress(Exception):
                frame.unpersist()
        self._frames.clear()
        self._all.clear()
        shutil.rmtree(self._tmp, ignore_errors=True)


def open_engine(name: str = "duckdb", master: str | None = None, **options: Any) -> Engine:
    """An engine by name: 'duckdb' (options: threads, memory_limit) or 'spark' (master URL, partitions)."""
    if name == "duckdb":
        if master:
            raise UsageError("--master is for the Spark engine")
        return DuckDBEngine(**options)
    if name == "spark":
        return SparkEngine(master, **options)
    raise UsageError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")


@contextlib.contextmanager
def engine_session(name: str = "duckdb", master: str | None = None, **options: Any) -> Iterator[Engine]:
    """`open_engine` as a context manager that closes the engine."""
    engine = open_engine(name, master, **options)
    try:
        yield engine
    finally:
        engine.close()

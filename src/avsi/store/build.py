"""Building the database atomically: everything goes into a temporary file that replaces the old one at the end.

A build killed at any moment leaves the previous database as it was: the old file is only ever replaced by
`os.replace`, which is atomic, and only after the new database is complete, checkpointed and closed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from avsi import _version
from avsi.config import default_data_dir
from avsi.exceptions import DatabaseMissing, SourceFileMissing, StoreError
from avsi.sources import all_sources, get_source
from avsi.sources.base import RawBatch, Source
from avsi.store.core import build_core
from avsi.store.migrations import migrate, schema_version
from avsi.store.schema import raw_table_ddl
from avsi.store.validate import LoadCounts, PreparedBatches, check_prepared, load_prepared, prepare_batches

ProgressCallback = Callable[[str, int, int], None]  # (message, step done, steps total)


@dataclass(frozen=True)
class FileReport:
    source: str
    file: str
    raw_table: str
    rows_read: int
    rows_loaded: int
    rows_quarantined: int


@dataclass
class BuildReport:
    """What a build read, loaded and quarantined, per source and per file."""

    db_path: Path
    data_dir: Path
    files: list[FileReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    build_id: str = ""
    derived: dict[str, dict[str, Any]] = field(default_factory=dict)  # each derived stage's summary, by name
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage: load, core, then each derived one

    @property
    def identity(self) -> dict[str, Any]:
        return self.derived.get("identity", {})

    @property
    def licences(self) -> dict[str, Any]:
        return self.derived.get("licences", {})

    def by_source(self) -> dict[str, tuple[int, int, int]]:
        totals: dict[str, tuple[int, int, int]] = {}
        for f in self.files:
            r, lo, q = totals.get(f.source, (0, 0, 0))
            totals[f.source] = (r + f.rows_read, lo + f.rows_loaded, q + f.rows_quarantined)
        return totals

    @property
    def totals(self) -> tuple[int, int, int]:
        return (
            sum(f.rows_read for f in self.files),
            sum(f.rows_loaded for f in self.files),
            sum(f.rows_quarantined for f in self.files),
        )

    def to_dict(self) -> dict[str, object]:
        read, loaded, quarantined = self.totals
        return {
            "db": str(self.db_path),
            "data_dir": str(self.data_dir),
            "build_id": self.build_id,
            "seconds": round(self.seconds, 3),
            "rows_read": read,
            "rows_loaded": loaded,
            "rows_quarantined": quarantined,
            "sources": [
                {"source": s, "rows_read": r, "rows_loaded": lo, "rows_quarantined": q}
                for s, (r, lo, q) in self.by_source().items()
            ],
            "files": [f.__dict__ for f in self.files],
            "warnings": self.warnings,
            **self.derived,
            "stages": {k: round(v, 3) for k, v in self.stages.items()},
        }


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the session settings avsi relies on (UTC)."""
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("SET TimeZone = 'UTC'")
    return con


def _temp_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.building-{os.getpid()}")


def _remove_stale_temps(db_path: Path) -> None:
    """Temporary files of builds that were killed: remove those whose process is gone."""
    for stale in db_path.parent.glob(f".{db_path.name}.building-*"):
        pid_text = stale.name.rsplit("-", 1)[-1].removesuffix(".wal")
        alive = False
        if pid_text.isdigit() and int(pid_text) != os.getpid():
            try:
                os.kill(int(pid_text), 0)
                alive = True
            except ProcessLookupError:
                alive = False
            except PermissionError:
                alive = True
        if not alive:
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()


def build(
    db_path: Path | str,
    data_dir: Path | str | None = None,
    sources: Sequence[str] | None = None,
    progress: ProgressCallback | None = None,
    today: dt.date | None = None,
    data_label: str | None = None,
) -> BuildReport:
    """Build the database at `db_path` from the snapshots in `data_dir` (default: the shipped ones).

    Every row of every file is loaded or quarantined; the report says how many of each per source and file.
    On any error the previous database at `db_path` is left untouched. `data_label` is the data folder recorded
    in the build record when it differs from where the files were read (a refresh's staging folder).
    """
    started = time.perf_counter()
    db_path = Path(db_path)
    data = Path(data_dir) if data_dir is not None else default_data_dir()
    if not data.is_dir():
        raise SourceFileMissing(data, "data folder not found")
    chosen: list[Source] = [get_source(s) for s in sources] if sources else all_sources()
    today = today or dt.datetime.now(dt.UTC).date()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(db_path)
    tmp = _temp_path(db_path)
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    report = BuildReport(db_path=db_path, data_dir=data)
    report.build_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    total_files = sum(len(s.files) for s in chosen)
    done = 0
    try:
        con = connect(tmp)
        try:
            # FSST string compression roughly doubles the time to write the database (~0.5 s of a build) for ~3%
            # of its size; the other methods (dictionary, RLE, bit packing …) still apply.
            with contextlib.suppress(duckdb.Error):  # (a setting older DuckDB versions may not have)
                con.execute("SET disabled_compression_methods = 'fsst'")
            migrate(con)
            # Transactions, not statements, are committed (each commit writes to disk): one per source, then one
            # for the rest of the build.
            con.execute("BEGIN TRANSACTION")
            inputs: list[tuple[object, ...]] = []
            # Three stages overlap: a thread reads the files (Python work), another checks each table's rows on
            # a connection of its own (DuckDB work, which releases the GIL), and this one inserts them. The checks
            # and inserts are many small queries: with a core busy reading, one DuckDB thread each is quicker
            # than threads competing for the other core.
            con.execute("SET threads = 1")
            with (
                contextlib.closing(_checker()) as checker,
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="avsi-check") as checks,
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="avsi-read") as pool,
            ):
                reads = [pool.submit(_read_all, source, data, today, checks, checker) for source in chosen]
                for source, future in zip(chosen, reads, strict=True):
                    _record_source(con, source)
                    for checked in future.result():
                        prepared = checked.result()
                        table_batches = prepared.batches
                        if progress:
                            progress(f"{source.name}: {table_batches[0].table.name}", done, total_files)
                        con.execute(raw_table_ddl(table_batches[0].table))
                        counts = load_prepared(con, prepared)
                        for batch in table_batches:
                            inputs.append(_input_row(batch, data, counts[batch.file]))
                            c = counts[batch.file]
                            report.files.append(
                                FileReport(batch.source, batch.file, batch.table.name, c.rows_read, c.rows_loaded,
                                           c.rows_quarantined)
                            )  # fmt: skip
                            for warning in batch.warnings:
                                con.execute(
                                    "INSERT INTO build_warnings VALUES (?, ?, ?)", [source.name, batch.file, warning]
                                )
                                report.warnings.append(warning)
                            done += 1
                    # Committed source by source: writing one to disk overlaps reading and checking the next.
                    con.execute("COMMIT")
                    con.execute("BEGIN TRANSACTION")
            con.execute("RESET threads")
            _record_inputs(con, inputs)
            con.execute("COMMIT")  # writing the raw tables to disk is part of loading them
            report.stages["load"] = time.perf_counter() - started
            con.execute("BEGIN TRANSACTION")
            if progress:
                progress("normalised core", done, total_files)
            build_core(con)
            report.stages["core"] = time.perf_counter() - started - report.stages["load"]
            # The derived stages (identity, licences, ...) listed in avsi.pipeline, each timed and summarised.
            from avsi.pipeline import STAGES, stage_function

            for name, target in STAGES:
                if progress:
                    progress(name, done, total_files)
                mark = time.perf_counter()
                report.derived[name] = stage_function(target)(con)
                report.stages[name] = time.perf_counter() - mark
            report.seconds = time.perf_counter() - started
            _record_build(con, report, data_label or str(data))
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        _fsync(tmp)
        db_path.with_name(db_path.name + ".wal").unlink(missing_ok=True)
        os.replace(tmp, db_path)
        _fsync_dir(db_path.parent)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    if progress:
        progress("done", total_files, total_files)
    return report


def _record_source(con: duckdb.DuckDBPyConnection, source: Source) -> None:
    info = source.info
    con.execute(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
        [info.name, info.title, info.licence, info.attribution, info.url, info.data_date],
    )


def _checker() -> duckdb.DuckDBPyConnection:
    """The checking thread's own in-memory connection, where it checks the rows read (set up as `connect`)."""
    con = connect(":memory:")
    con.execute("SET threads = 1")
    return con


def _read_all(
    source: Source, data: Path, today: dt.date, checks: ThreadPoolExecutor, checker: duckdb.DuckDBPyConnection
) -> list[Future[PreparedBatches]]:
    """A source's files read and grouped by raw table (in the reading thread), each table then checked in the
    checking thread (with its own connection) while the next is read."""
    return [
        checks.submit(check_prepared, checker, prepare_batches(table_batches, today))
        for table_batches in _by_table(list(source.read(data)))
    ]


def _by_table(batches: list[RawBatch]) -> list[list[RawBatch]]:
    """Batches grouped by raw table, in first-seen order (a table's files are checked in one pass)."""
    groups: dict[str, list[RawBatch]] = {}
    for batch in batches:
        groups.setdefault(batch.table.name, []).append(batch)
    return list(groups.values())


def _input_row(batch: RawBatch, data: Path, counts: LoadCounts) -> tuple[object, ...]:
    """A `build_inputs` row: the file, its hash and size, and what became of its rows."""
    size = (data / batch.file).stat().st_size
    return (batch.source, batch.file, batch.sha256, size, batch.table.name, counts.rows_read, counts.rows_loaded,
            counts.rows_quarantined)  # fmt: skip


def _record_inputs(con: duckdb.DuckDBPyConnection, rows: list[tuple[object, ...]]) -> None:
    """The `build_inputs` rows, in one statement."""
    if rows:
        con.execute(
            "INSERT INTO build_inputs VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows)),
            [value for row in rows for value in row],
        )


def _record_build(con: duckdb.DuckDBPyConnection, report: BuildReport, data: str) -> None:
    read, loaded, quarantined = report.totals
    info = {
        "build_id": report.build_id,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "avsi_version": _version.__version__,
        "duckdb_version": duckdb.__version__,
        "python_version": platform.python_version(),
        "schema_version": str(schema_version(con)),
        "data_dir": data,
        "seconds": f"{report.seconds:.3f}",
        "rows_read": str(read),
        "rows_loaded": str(loaded),
        "rows_quarantined": str(quarantined),
    }
    con.executemany("INSERT INTO build_info VALUES (?, ?)", list(info.items()))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        _fsync(path)


def open_database(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a built database, or a clear error if there is none."""
    path = Path(db_path)
    if not path.is_file():
        raise DatabaseMissing(f"no avsi database at {path}; run `avsi build` first")
    try:
        return connect(path, read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the database at {path}: {exc}") from exc

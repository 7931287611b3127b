"""What a source is: files, the tables they fill, the typed columns of those tables, and provenance.

A source module declares its tables as data (`TableSpec` of `Column`s) and yields `RawBatch`es: every row of a file
as text, numbered, with the file's hash. The store then types and checks each row against the spec; a row that fails
goes to quarantine with its reason, so loaded + quarantined always equals read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow as pa

from avsi.exceptions import SchemaDriftError, SourceFileMissing
from avsi.sources.readers import TextRecords, read_csv

ColumnType = Literal["text", "int", "float", "bool", "date", "timestamp", "json"]
ROW_COLUMN = "_row"  # 1-based record number in the file (data rows, header excluded) or list index
KEY_COLUMN = "_row_key"  # the JSON object key a record came from, when the file is keyed
EXTRA_COLUMN = "_extra"  # undeclared columns, kept as JSON so nothing is lost
ISSUE_COLUMN = "_issue"  # a problem the reader found with the record itself (e.g. wrong number of fields)


@dataclass(frozen=True)
class Column:
    """One column of a raw table: where it comes from and what a valid value is."""

    name: str
    source: str | None = None  # header or key in the file; defaults to `name`
    type: ColumnType = "text"
    required: bool = False
    min: float | None = None
    max: float | None = None
    not_future: bool = False  # a date or time that may not lie after the build date
    description: str = ""

    @property
    def source_name(self) -> str:
        return self.source if self.source is not None else self.name


@dataclass(frozen=True)
class TableSpec:
    """A raw table: its columns, its unique key and a line saying what it holds."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    description: str = ""

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def source_names(self) -> list[str]:
        return [c.source_name for c in self.columns]


@dataclass
class RawBatch:
    """The rows of one file for one table, as text, with provenance."""

    source: str
    table: TableSpec
    file: str  # path relative to the data folder, as recorded in provenance
    sha256: str
    data: pa.Table  # one string column per declared column, plus _row, _row_key and _extra
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return int(self.data.num_rows)


@dataclass(frozen=True)
class SourceInfo:
    """Who publishes a source, under which licence, how to cite it, and how old the shipped copy is."""

    name: str
    title: str
    folder: str
    licence: str
    attribution: str
    url: str
    data_date: str  # ISO date of the shipped snapshot's data


@dataclass(frozen=True)
class SourceFile:
    """One file of a source (path relative to the source's folder) and the raw table it fills."""

    path: str
    table: TableSpec


class Source:
    """Base for the per-source modules: `info`, its files, and how a file becomes text records.

    Most sources are CSV files and need nothing more than `info` and `files`; JSON and Parquet sources override
    `extract` to flatten their records.
    """

    info: SourceInfo
    files: tuple[SourceFile, ...] = ()

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def tables(self) -> tuple[TableSpec, ...]:
        return tuple(f.table for f in self.files)

    def read(self, data_dir: Path) -> Iterator[RawBatch]:
        for source_file in self.files:
            path = self.path(data_dir, source_file.path)
            records = self.extract(source_file, path)
            yield batch_from_records(self.name, source_file.table, path, self.rel(source_file.path), records)

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        return read_csv(path)

    def path(self, data_dir: Path, relative: str) -> Path:
        """The file of this source under `data_dir`, which must exist."""
        path = data_dir / self.info.folder / relative
        if not path.is_file():
            raise SourceFileMissing(path, f"missing file for source '{self.name}'")
        return path

    def rel(self, relative: str) -> str:
        return f"{self.info.folder}/{relative}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def batch_from_records(
    source: str,
    table: TableSpec,
    path: Path,
    relative: str,
    records: TextRecords,
    sha256: str | None = None,
) -> RawBatch:
    """Turn text records into a RawBatch, checking their header against the spec.

    A declared column missing from the header is schema drift (an error naming the file and the column); an
    undeclared one is kept in `_extra` and reported as a warning, so nothing is lost.
    """
    header = records.header
    positions = {name: i for i, name in enumerate(header)}
    missing = [c.source_name for c in table.columns if c.source_name not in positions]
    if missing:
        raise SchemaDriftError(
            path, f"expected column(s) {', '.join(repr(m) for m in missing)} not found (table {table.name})"
        )
    declared = set(table.source_names)
    extras = [name for name in header if name not in declared]
    cells = records.columns()  # short records (already flagged as row issues) padded with nulls
    n = len(records.row_numbers)
    arrays: dict[str, pa.Array] = {}
    for col in table.columns:
        arrays[col.name] = cells[positions[col.source_name]]
    if extras:
        extra_cols = [(name, cells[positions[name]].to_pylist()) for name in extras]
        arrays[EXTRA_COLUMN] = pa.array(
            [_extras_json({n: values[r] for n, values in extra_cols if values[r] is not None}) for r in range(n)],
            type=pa.string(),
        )
    else:
        arrays[EXTRA_COLUMN] = pa.nulls(n, pa.string())
    arrays[ISSUE_COLUMN] = pa.array(records.row_issues, type=pa.string())
    arrays[KEY_COLUMN] = pa.array(records.row_keys, type=pa.string())
    arrays[ROW_COLUMN] = pa.array(records.row_numbers, type=pa.int64())
    warnings = [f"{relative}: undeclared column(s) kept in {EXTRA_COLUMN}: {', '.join(extras)}"] if extras else []
    return RawBatch(
        source=source,
        table=table,
        file=relative,
        sha256=sha256 or sha256_file(path),
        data=pa.table(arrays),
        warnings=warnings,
    )


def _extras_json(values: dict[str, str | None]) -> str | None:
    return json.dumps(values, ensure_ascii=False) if values else None

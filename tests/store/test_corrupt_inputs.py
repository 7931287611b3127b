"""Each way a source file can be broken, with the exact outcome: a clear error naming the file, or the bad rows
quarantined with their field and reason while every other row loads. Starts from 20-row slices of real Epoch data.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from avsi import SchemaDriftError, SourceFileMissing, SourceFormatError, build
from tests.conftest import edit_csv_gz, read_csv_gz

ALL = "epoch_ai_models/all_ai_models.csv.gz"


def _set(row: int, header: str, value: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def edit(rows: list[list[str]]) -> list[list[str]]:
        rows[row][rows[0].index(header)] = value
        return rows

    return edit


@dataclass
class Rows:
    """Expected counts for all_ai_models.csv.gz and the quarantine row(s) it should produce."""

    read: int
    loaded: int
    quarantined: list[tuple[int, str, str]]  # (row number, field, text in the reason)


@dataclass
class Fails:
    error: type[Exception]
    message: str


def corrupt_file(edit: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], None]:
    return lambda data: edit_csv_gz(data / ALL, edit)


def raw_bytes(content: bytes, gz: bool = True) -> Callable[[Path], None]:
    def write(data: Path) -> None:
        (data / ALL).write_bytes(gzip.compress(content, mtime=0) if gz else content)

    return write


def truncate(data: Path) -> None:
    blob = (data / ALL).read_bytes()
    (data / ALL).write_bytes(blob[: len(blob) // 2])


def latin1(data: Path) -> None:
    text = gzip.decompress((data / ALL).read_bytes()).decode("utf-8")
    text = text.replace("Upstage", "Upstäge", 1)
    (data / ALL).write_bytes(gzip.compress(text.encode("latin-1", errors="replace"), mtime=0))


def drop_column(name: str) -> Callable[[list[list[str]]], list[list[str]]]:
    def edit(rows: list[list[str]]) -> list[list[str]]:
        i = rows[0].index(name)
        return [r[:i] + r[i + 1 :] for r in rows]

    return edit


def add_column(rows: list[list[str]]) -> list[list[str]]:
    return [[*rows[0], "Carbon footprint"]] + [[*r, "12 t"] for r in rows[1:]]


def duplicate_row(rows: list[list[str]]) -> list[list[str]]:
    return [*rows, list(rows[3])]


def short_last_row(rows: list[list[str]]) -> list[list[str]]:
    return [*rows, ["Half a model", "Language", "Chat"]]


def duplicate_header(rows: list[list[str]]) -> list[list[str]]:
    rows[0][1] = "Model"
    return rows


def blank_lines(data: Path) -> None:
    text = gzip.decompress((data / ALL).read_bytes()).decode("utf-8")
    (data / ALL).write_bytes(gzip.compress((text + "\n\n\n").encode(), mtime=0))


def header_only(rows: list[list[str]]) -> list[list[str]]:
    return rows[:1]


def missing(data: Path) -> None:
    (data / ALL).unlink()


Case = tuple[str, Callable[[Path], None], Rows | Fails]

CASES: list[Case] = [
    ("missing file", missing, Fails(SourceFileMissing, "all_ai_models.csv.gz: missing file for source 'epoch'")),
    ("truncated gzip", truncate, Fails(SourceFormatError, "truncated gzip stream")),
    ("wrong encoding", latin1, Fails(SourceFormatError, "not valid UTF-8")),
    ("empty file", raw_bytes(b""), Fails(SourceFormatError, "empty file")),
    ("not gzip at all", raw_bytes(b"Model,Domain\nx,y\n", gz=False), Fails(SourceFormatError, "not a valid gzip")),
    ("html instead of csv", raw_bytes(b"<!DOCTYPE html><html><body>Rate limited</body></html>"),
     Fails(SourceFormatError, "HTML/XML where CSV was expected")),
    ("missing column", corrupt_file(drop_column("Parameters")),
     Fails(SchemaDriftError, "expected column(s) 'Parameters' not found")),
    ("duplicate header", corrupt_file(duplicate_header), Fails(SchemaDriftError, "duplicate column name(s)")),
    ("extra column is kept, not lost", corrupt_file(add_column), Rows(20, 20, [])),
    ("header only", corrupt_file(header_only), Rows(0, 0, [])),
    ("blank lines are not records", blank_lines, Rows(20, 20, [])),
    ("wrong type", corrupt_file(_set(2, "Parameters", "about seven billion")),
     Rows(20, 19, [(2, "parameters", "parameters: not a valid float: about seven billion")])),
    ("negative parameter count", corrupt_file(_set(3, "Parameters", "-7000000000")),
     Rows(20, 19, [(3, "parameters", "is below the minimum 1")])),
    ("absurd parameter count", corrupt_file(_set(4, "Parameters", "3e21")),
     Rows(20, 19, [(4, "parameters", "is above the maximum 1e+15")])),
    ("date in the future", corrupt_file(_set(5, "Publication date", "2031-06-01")),
     Rows(20, 19, [(5, "publication_date", "2031-06-01 is in the future")])),
    ("implausibly old date", corrupt_file(_set(6, "Publication date", "1799-01-01")),
     Rows(20, 19, [(6, "publication_date", "is before 1900-01-01")])),
    ("malformed date", corrupt_file(_set(7, "Publication date", "31/12/2024")),
     Rows(20, 19, [(7, "publication_date", "not a valid date: 31/12/2024")])),
    ("missing required name", corrupt_file(_set(8, "Model", "  ")),
     Rows(20, 19, [(8, "model", "model: required value is missing")])),
    ("bad boolean", corrupt_file(_set(9, "Open model weights?", "maybe")),
     Rows(20, 19, [(9, "open_model_weights", "not a valid bool: maybe")])),
    ("infinite compute", corrupt_file(_set(10, "Training compute (FLOP)", "inf")),
     Rows(20, 19, [(10, "training_compute_flop", "not a valid float: inf")])),
    ("duplicated key", corrupt_file(duplicate_row),
     Rows(21, 20, [(21, "model", "duplicate key (model=")])),
    ("truncated last line", corrupt_file(short_last_row),
     Rows(21, 20, [(21, "_row", "record has 3 fields, header has 57")])),
]  # fmt: skip


def _build(data: Path, db: Path) -> None:
    build(db, data_dir=data, sources=["epoch"])


@pytest.mark.parametrize(("name", "corrupt", "expected"), CASES, ids=[c[0] for c in CASES])
def test_corrupted_input(
    name: str, corrupt: Callable[[Path], None], expected: Rows | Fails, mini_data: Path, tmp_path: Path
) -> None:
    corrupt(mini_data)
    db = tmp_path / "avsi.duckdb"
    if isinstance(expected, Fails):
        with pytest.raises(expected.error) as info:
            _build(mini_data, db)
        assert expected.message in str(info.value)
        assert ALL.split("/")[-1] in str(info.value) or "all_ai_models" in str(info.value)
        assert not db.exists(), "a failed build must not leave a database behind"
        assert not list(tmp_path.glob(".avsi.duckdb.building-*")), "temporary files are cleaned up"
        return
    _build(mini_data, db)
    con = duckdb.connect(str(db), read_only=True)
    read, loaded, quarantined = con.execute(
        "SELECT rows_read, rows_loaded, rows_quarantined FROM build_inputs WHERE file = ?", [ALL]
    ).fetchone() or (None, None, None)
    assert (read, loaded) == (expected.read, expected.loaded)
    assert quarantined == len(expected.quarantined)
    assert con.execute("SELECT count(*) FROM epoch_all_models").fetchone() == (expected.loaded,)
    rows = con.execute(
        "SELECT row_number, field, reason FROM quarantine WHERE file = ? ORDER BY row_number", [ALL]
    ).fetchall()
    assert len(rows) == len(expected.quarantined)
    for (row, field, reason), (want_row, want_field, want_text) in zip(rows, expected.quarantined, strict=True):
        assert (row, field) == (want_row, want_field)
        assert want_text in reason


def test_extra_column_values_are_kept_in_extra(mini_data: Path, tmp_path: Path) -> None:
    edit_csv_gz(mini_data / ALL, add_column)
    report = build(tmp_path / "a.duckdb", data_dir=mini_data, sources=["epoch"])
    assert report.warnings == [f"{ALL}: undeclared column(s) kept in _extra: Carbon footprint"]
    con = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    assert con.execute("SELECT DISTINCT _extra->>'Carbon footprint' FROM epoch_all_models").fetchall() == [("12 t",)]
    assert con.execute("SELECT message FROM build_warnings").fetchall() == [(report.warnings[0],)]


def test_quarantine_keeps_the_raw_row(mini_data: Path, tmp_path: Path) -> None:
    edit_csv_gz(mini_data / ALL, _set(2, "Parameters", "about seven billion"))
    build(tmp_path / "a.duckdb", data_dir=mini_data, sources=["epoch"])
    con = duckdb.connect(str(tmp_path / "a.duckdb"), read_only=True)
    model = read_csv_gz(mini_data / ALL)[2][0]
    raw = con.execute("SELECT raw->>'Model', raw->>'Parameters', source, raw_table FROM quarantine").fetchone()
    assert raw == (model.strip(), "about seven billion", "epoch", "epoch_all_models")

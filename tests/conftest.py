"""Shared fixtures: small real data folders and helpers to break them."""

from __future__ import annotations

import csv
import gzip
import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A data folder holding 20-row slices of the real Epoch exports (see fixtures/README.md)."""
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    return data


def read_csv_gz(path: Path) -> list[list[str]]:
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def write_csv_gz(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))


def edit_csv_gz(path: Path, edit: Callable[[list[list[str]]], list[list[str]]]) -> None:
    write_csv_gz(path, edit(read_csv_gz(path)))


@pytest.fixture(scope="session")
def shipped_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full build of the shipped snapshots, shared by the tests that only read it."""
    from avsi import build

    db = tmp_path_factory.mktemp("shipped") / "avsi.duckdb"
    build(db)
    return db

"""The LMArena reader on the shipped snapshot: rows read, row rules, keys and known values."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime
from typing import Any

import pytest

from avsi.config import shipped_data_dir
from avsi.sources import get_source
from avsi.sources.base import ISSUE_COLUMN, Column, RawBatch
from avsi.sources.lmarena import SOURCE
from avsi.sources.readers import read_csv

# --- a stand-in for the store's row rules (type, range, required, not_future, key), as briefed ---
_BOOLS = {"true", "false", "yes", "no", "1", "0", "y", "n"}
_INT = re.compile(r"^[+-]?\d+(\.0*)?$")
_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _problem(column: Column, raw: str | None, today: date) -> str | None:
    text = raw.strip() if raw is not None else ""
    if not text:
        return "required value missing" if column.required else None
    number: float | None = None
    day: date | None = None
    try:
        if column.type == "int":
            if not _INT.match(text):
                return f"not an integer: {text!r}"
            number = float(text)
        elif column.type == "float":
            number = float(text)
        elif column.type == "bool" and text.lower() not in _BOOLS:
            return f"not a boolean: {text!r}"
        elif column.type == "date":
            head = text if _DAY.match(text) else datetime.fromisoformat(text).date().isoformat()
            day = date.fromisoformat(head + {4: "-01-01", 7: "-01", 10: ""}[len(head)])
        elif column.type == "timestamp":
            day = datetime.fromisoformat(text).date()
        elif column.type == "json":
            json.loads(text)
    except ValueError:
        return f"not a {column.type}: {text!r}"
    if number is not None and column.min is not None and number < column.min:
        return f"{number} below {column.min}"
    if number is not None and column.max is not None and number > column.max:
        return f"{number} above {column.max}"
    if day is not None and column.not_future and day > today:
        return f"{day} is in the future"
    return None


def rule_problems(batch: RawBatch) -> list[str]:
    """Every way a row of the batch would fail the store's rules (empty when all rows load)."""
    data: dict[str, list[Any]] = batch.data.to_pydict()
    problems = [f"row {r}: {i}" for r, i in zip(data["_row"], data[ISSUE_COLUMN], strict=True) if i]
    today = date.today()
    for column in batch.table.columns:
        for r, raw in zip(data["_row"], data[column.name], strict=True):
            problem = _problem(column, raw, today)
            if problem:
                problems.append(f"row {r}: {column.name}: {problem}")
    if batch.table.key:
        keys = zip(*((v.strip() if v else v for v in data[k]) for k in batch.table.key), strict=True)
        problems += [f"duplicate key {k}" for k, n in Counter(keys).items() if n > 1]
    return problems


# --- the source ---

ROWS = {"lmarena_text": 16012, "lmarena_vision": 344, "lmarena_image": 79}  # = SOURCES.md


@pytest.fixture(scope="module")
def batches() -> dict[str, RawBatch]:
    return {b.table.name: b for b in SOURCE.read(shipped_data_dir())}


def rows_where(batch: RawBatch, **match: str) -> list[dict[str, Any]]:
    return [r for r in batch.data.to_pylist() if all(r[k] == v for k, v in match.items())]


def test_registered_and_described() -> None:
    assert get_source("lmarena") is SOURCE
    assert SOURCE.info.licence == "MPL-2.0"
    assert SOURCE.info.data_date == "2025-08-04"
    assert "fboulnois/llm-leaderboard-csv" in SOURCE.info.attribution


def test_rows_read(batches: dict[str, RawBatch]) -> None:
    assert {name: b.rows_read for name, b in batches.items()} == ROWS


def test_every_row_passes_the_rules(batches: dict[str, RawBatch]) -> None:
    for batch in batches.values():
        assert batch.warnings == []
        assert rule_problems(batch) == [], batch.table.name


def test_declared_columns_are_the_file_headers() -> None:
    for source_file in SOURCE.files:
        header = read_csv(SOURCE.path(shipped_data_dir(), source_file.path)).header
        assert source_file.table.source_names == header
        names = [c.name for c in source_file.table.columns]
        assert len(set(names)) == len(names)


def test_snapshot_model_is_not_unique_in_text_and_image(batches: dict[str, RawBatch]) -> None:
    yi = rows_where(batches["lmarena_text"], snapshot="2025-08-04", model="Yi-34B-Chat")
    assert [r["rank"] for r in yi] == ["200", "201"]
    imagen = rows_where(
        batches["lmarena_image"], snapshot="2025-08-01", model="Imagen-4.0-ultra-generate-preview-06-06"
    )
    assert [(r["rank"], r["votes"]) for r in imagen] == [("1", "22258"), ("4", "14223")]


def test_known_values(batches: dict[str, RawBatch]) -> None:
    (old,) = rows_where(batches["lmarena_text"], snapshot="2024-06-19", model="GPT-4o-2024-05-13")
    assert (old["rank"], old["arena_score"], old["arena_elo"], old["votes"]) == ("1", None, "1287.0", "42046")
    assert old["source_file"] == "csv/lmsys.csv"
    (new,) = rows_where(batches["lmarena_text"], snapshot="2025-08-04", model="GPT-4o-2024-05-13")
    assert (new["rank"], new["rank_stylectrl"], new["arena_score"], new["votes"]) == (
        "79",
        "74.0",
        "1302.0",
        "117747",
    )
    assert (new["organization"], new["license"], new["knowledge_cutoff"]) == (
        "OpenAI",
        "Proprietary",
        "2023/10",
    )
    (vision,) = rows_where(batches["lmarena_vision"], snapshot="2025-08-04", model="Gemini-2.5-Pro")
    assert (vision["rank"], vision["arena_score"], vision["votes"]) == ("1", "1317", "7681")
    (image,) = rows_where(batches["lmarena_image"], snapshot="2025-08-04", model="GPT-Image-1")
    assert (image["arena_score"], image["votes"], image["organization"]) == ("1134", "47190", "OpenAI")

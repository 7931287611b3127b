"""The file readers: one clear error per way a file can be broken, and row problems as row issues."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from avsi import SchemaDriftError, SourceFormatError
from avsi.sources.readers import read_csv, read_json, read_jsonl, read_parquet, records_from_objects, to_text


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def test_html_where_json_expected(tmp_path: Path) -> None:
    path = _write(tmp_path / "prices.json", b"\n  <!DOCTYPE html>\n<html><title>Just a moment...</title></html>")
    with pytest.raises(SourceFormatError, match=r"prices\.json: HTML/XML where JSON was expected"):
        read_json(path)


def test_truncated_json(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.json.gz", gzip.compress(b'{"gpt-4o": {"input_cost_per_token": 2.5e-06}, "o1": {"in'))
    with pytest.raises(SourceFormatError, match=r"p\.json\.gz: truncated JSON"):
        read_json(path)


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.json", b'{\n  "a": 1,\n  "b": tru\n}\n')
    with pytest.raises(SourceFormatError, match=r"malformed JSON at line 3, column 8"):
        read_json(path)


def test_jsonl_bad_line_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.jsonl", b'{"a": 1}\n{"a": 2\n')
    with pytest.raises(SourceFormatError, match=r"m\.jsonl: malformed JSON on line 2"):
        list(read_jsonl(path))


def test_empty_json(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="empty file"):
        read_json(_write(tmp_path / "e.json", b"  \n"))


def test_parquet_that_is_not_parquet(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match=r"h\.parquet: not a readable Parquet file"):
        read_parquet(_write(tmp_path / "h.parquet", b"PAR1 but not really"))


def test_csv_bom_and_crlf(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.csv", "\ufeffModel,Score\r\nA,1\r\n\r\nB,\r\n".encode())
    records = read_csv(path)
    assert records.header == ["Model", "Score"]
    assert records.records == [["A", "1"], ["B", None]]
    assert records.row_numbers == [1, 2]
    assert records.row_issues == [None, None]


def test_records_from_objects_flags_non_objects_and_keeps_extras(tmp_path: Path) -> None:
    objects = [(1, "gpt-4o", {"cost": {"input": 2.5}, "mode": "chat", "new_field": [1]}), (2, "broken", "oops")]
    records = records_from_objects(tmp_path / "x.json", objects, ["cost.input", "mode"])
    assert records.header == ["cost.input", "mode", "new_field"]
    assert records.records[0] == ["2.5", "chat", "[1]"]
    assert records.row_issues == [None, "record broken is a JSON str, expected an object"]
    assert records.row_keys == ["gpt-4o", "broken"]


def test_records_from_objects_schema_drift(tmp_path: Path) -> None:
    with pytest.raises(SchemaDriftError, match=r"expected key\(s\) 'model_id' not found in any record"):
        records_from_objects(tmp_path / "m.json", [(1, None, {"id": "x"})], ["id"], required_keys=["model_id"])


def test_to_text() -> None:
    assert [to_text(v) for v in (None, True, False, "", "a", 3, 2.5, float("nan"), {"b": 1, "a": [2]})] == [
        None, "true", "false", None, "a", "3", "2.5", None, json.dumps({"a": [2], "b": 1}),
    ]  # fmt: skip

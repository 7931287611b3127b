"""The private helpers of the JSON source modules: undeclared nested keys are kept, unix time becomes ISO text."""

from __future__ import annotations

from pathlib import Path

import pytest

from avsi.exceptions import SourceFormatError
from avsi.sources._nested import expect, hoist_undeclared, parent_paths, unix_to_iso
from avsi.sources.readers import records_from_objects

FIELDS = ["id", "cost.input", "limit", "a.b.c"]


def test_parent_paths() -> None:
    assert parent_paths(FIELDS) == ["cost", "a", "a.b"]


def test_undeclared_nested_keys_become_extras() -> None:
    obj = {"id": "m", "cost": {"input": 1, "citation": 2}, "limit": {"x": 1}, "a": {"b": {"c": 1, "d": 2}, "e": 3}}
    hoisted = hoist_undeclared(obj, FIELDS)
    assert hoisted == {**obj, "cost.citation": 2, "a.b.d": 2, "a.e": 3}  # `limit` is declared whole
    records = records_from_objects(Path("x.json"), [(1, None, hoisted)], FIELDS)
    assert records.header == [*FIELDS, "cost.citation", "a.e", "a.b.d"]
    assert records.records == [["m", "1", '{"x": 1}', "1", "2", "3", "2"]]


def test_scalar_where_an_object_was_expected_is_kept() -> None:
    assert hoist_undeclared({"id": "m", "cost": 5}, FIELDS) == {"id": "m", "cost": 5, "cost.__value__": 5}
    assert hoist_undeclared({"id": "m"}, FIELDS) == {"id": "m"}
    assert hoist_undeclared([1, 2], FIELDS) == [1, 2]


def test_unix_to_iso() -> None:
    assert unix_to_iso(1778613011) == "2026-05-12T19:10:11+00:00"
    assert unix_to_iso("soon") == "soon"
    assert unix_to_iso(True) is True
    assert unix_to_iso(10**20) == 10**20


def test_expect() -> None:
    assert expect(Path("x.json"), [1], list, "the document") == [1]
    with pytest.raises(SourceFormatError, match=r"x\.json: the document is a JSON list, expected a JSON object"):
        expect(Path("x.json"), [1], dict, "the document")

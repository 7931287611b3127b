"""Reading files into text records, with one clear error per way a file can be broken.

Every reader names the file in its error; row-level problems (a record with the wrong number of fields) are not
errors but row issues, so the record is quarantined with its reason instead of being dropped.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from avsi.exceptions import SchemaDriftError, SourceFormatError

csv.field_size_limit(1 << 26)


@dataclass
class TextRecords:
    """Header + records as text, with 1-based record numbers and per-record problems (None when fine)."""

    header: list[str]
    records: list[list[str | None]]
    row_numbers: list[int]
    row_keys: list[str | None]
    row_issues: list[str | None]


def _open_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except EOFError as exc:
            raise SourceFormatError(path, "truncated gzip stream (the file ends before its end marker)") from exc
        except (gzip.BadGzipFile, zlib.error, OSError) as exc:
            raise SourceFormatError(path, f"not a valid gzip file ({exc})") from exc
    return raw


def _decode(path: Path, raw: bytes, expected: str) -> str:
    if not raw.strip():
        raise SourceFormatError(path, "empty file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceFormatError(
            path, f"not valid UTF-8 (byte {exc.start}, line {line}); expected {expected} encoded as UTF-8"
        ) from exc
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body")):
        raise SourceFormatError(path, f"HTML/XML where {expected} was expected (starts with {text.lstrip()[:30]!r})")
    return text


def read_text(path: Path, expected: str = "text") -> str:
    return _decode(path, _open_bytes(path), expected)


def read_csv(path: Path) -> TextRecords:
    """A CSV file (optionally gzipped) as text records; empty cells become None."""
    text = read_text(path, "CSV")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise SourceFormatError(path, f"no CSV header ({exc})") from exc
    header = [h.strip() for h in header]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise SchemaDriftError(path, f"duplicate column name(s) in header: {', '.join(map(repr, dupes))}")
    width = len(header)
    records: list[list[str | None]] = []
    issues: list[str | None] = []
    try:
        for rec in reader:
            if not rec or (len(rec) == 1 and not rec[0].strip()):
                continue  # a blank line is not a record
            issue = None
            if len(rec) != width:
                issue = f"record has {len(rec)} fields, header has {width} (truncated or misquoted line)"
            records.append([v if v != "" else None for v in rec])
            issues.append(issue)
    except csv.Error as exc:
        raise SourceFormatError(path, f"malformed CSV after record {len(records)}: {exc}") from exc
    if text and not text.endswith(("\n", "\r")) and records and issues[-1] is None:
        # A file cut mid-line can still parse; a final record without its newline is suspicious only if short.
        pass
    return TextRecords(header, records, list(range(1, len(records) + 1)), [None] * len(records), issues)


def read_json(path: Path) -> Any:
    """A JSON document (optionally gzipped); a clear error for empty, HTML, truncated or malformed files."""
    text = read_text(path, "JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        if exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string"):
            raise SourceFormatError(path, f"truncated JSON (ends unexpectedly at {where})") from exc
        raise SourceFormatError(path, f"malformed JSON at {where}: {exc.msg}") from exc


def read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """JSON lines: (line number, object); a bad line is an error naming the line."""
    text = read_text(path, "JSON lines")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as exc:
            raise SourceFormatError(path, f"malformed JSON on line {lineno}: {exc.msg}") from exc


def read_parquet(path: Path, columns: Sequence[str] | None = None) -> pa.Table:
    try:
        return pq.read_table(path, columns=list(columns) if columns else None)
    except (pa.ArrowInvalid, OSError) as exc:
        raise SourceFormatError(path, f"not a readable Parquet file ({exc})") from exc
    except KeyError as exc:  # pragma: no cover - pyarrow raises ArrowInvalid for unknown columns today
        raise SchemaDriftError(path, f"column {exc} not found") from exc


def to_text(value: Any) -> str | None:
    """A JSON value as the text the store types again: None stays None, containers become JSON."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, float):
        return None if math.isnan(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def get_path(obj: Mapping[str, Any], dotted: str) -> Any:
    """`obj['a']['b']` for 'a.b'; None when any step is absent."""
    cur: Any = obj
    for part in dotted.split("."):
        if not isinstance(cur, Mapping) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _walk(value: Any, parts: list[str]) -> Any:
    for part in parts:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def records_from_objects(
    path: Path,
    objects: Iterable[tuple[int, str | None, Any]],
    fields: Sequence[str],
    required_keys: Sequence[str] = (),
) -> TextRecords:
    """Records from JSON objects: `objects` yields (row number, key, object); `fields` are dotted paths.

    The header is `fields` plus every other top-level key seen (kept as extras). An object that is not a JSON object
    becomes a row issue; a key in `required_keys` absent from every object is schema drift.
    """
    rows: list[tuple[int, str | None, Any]] = list(objects)
    extra_keys: list[str] = []
    seen: set[str] = set()
    tops = {f.split(".")[0] for f in fields}
    present: set[str] = set()
    for _, _, obj in rows:
        if isinstance(obj, dict):
            for k in obj:
                present.add(k)
                if k not in tops and k not in seen:
                    seen.add(k)
                    extra_keys.append(k)
    absent = [k for k in required_keys if rows and k not in present]
    if absent:
        raise SchemaDriftError(path, f"expected key(s) {', '.join(map(repr, absent))} not found in any record")
    header = list(fields) + extra_keys
    # Look keys up per object (a few dozen) rather than per declared field (hundreds, mostly absent).
    simple: dict[str, int] = {}
    nested: dict[str, list[tuple[list[str], int]]] = {}
    for i, f in enumerate(fields):
        top, _, rest = f.partition(".")
        if rest:
            nested.setdefault(top, []).append((rest.split("."), i))
        else:
            simple[top] = i
    for j, k in enumerate(extra_keys, start=len(fields)):
        simple[k] = j
    records: list[list[str | None]] = []
    issues: list[str | None] = []
    width = len(header)
    for _, key, obj in rows:
        record: list[str | None] = [None] * width
        records.append(record)
        if not isinstance(obj, dict):
            issues.append(f"record {key or ''} is a JSON {type(obj).__name__}, expected an object".replace("  ", " "))
            continue
        for k, value in obj.items():
            if k in simple:
                record[simple[k]] = to_text(value)
            for parts, i in nested.get(k, ()):
                record[i] = to_text(_walk(value, parts))
        issues.append(None)
    return TextRecords(header, records, [r for r, _, _ in rows], [k for _, k, _ in rows], issues)


@contextmanager
def open_text_stream(path: Path) -> Iterator[IO[str]]:
    """A text stream over a possibly gzipped file, for the few readers that stream."""
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            yield fh
    else:
        with path.open("r", encoding="utf-8") as fh:
            yield fh

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
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from avsi.exceptions import SchemaDriftError, SourceFormatError

csv.field_size_limit(1 << 26)


class TextRecords:
    """Header + records as text, with 1-based record numbers and per-record problems (None when fine).

    The cells are held either as records (one list per record, as read: a record flagged in `row_issues` may be
    short or long) or, when a reader builds them so, as columns (one string array per header name, all as long as
    the file has records), which spares the transposition. Either form is derived from the other on demand; once
    `records` has been asked for, the records are the data (callers may edit them in place).
    """

    def __init__(
        self,
        header: list[str],
        records: list[list[str | None]] | None,
        row_numbers: list[int],
        row_keys: list[str | None],
        row_issues: list[str | None],
        *,
        columns: list[pa.Array] | None = None,
    ) -> None:
        if (records is None) == (columns is None):
            raise ValueError("TextRecords needs either records or columns")
        self.header = header
        self._records = records
        self._columns = columns
        self.row_numbers = row_numbers
        self.row_keys = row_keys
        self.row_issues = row_issues

    @property
    def records(self) -> list[list[str | None]]:
        if self._records is None:
            columns = [column.to_pylist() for column in self._columns or ()]
            if columns:
                self._records = [list(rec) for rec in zip(*columns, strict=True)]
            else:
                self._records = [[] for _ in self.row_numbers]
            self._columns = None
        return self._records

    @records.setter
    def records(self, records: list[list[str | None]]) -> None:
        self._records = records
        self._columns = None

    def columns(self) -> list[pa.Array]:
        """One string array per header name; short records are padded with nulls, long ones cut to the header."""
        if self._columns is not None:
            return self._columns
        width = len(self.header)
        rows = self.records
        padded = [rec if len(rec) == width else (list(rec) + [None] * width)[:width] for rec in rows]
        transposed: list[Sequence[str | None]] = list(zip(*padded, strict=True)) if padded else [()] * width
        return [pa.array(values, type=pa.string()) for values in transposed]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TextRecords):
            return NotImplemented
        return (self.header, self.records, self.row_numbers, self.row_keys, self.row_issues) == (
            other.header,
            other.records,
            other.row_numbers,
            other.row_keys,
            other.row_issues,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"TextRecords(header={self.header!r}, records={len(self.row_numbers)})"


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
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise SourceFormatError(path, f"no CSV header ({exc})") from exc
    header = [h.strip() for h in header]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise SchemaDriftError(path, f"duplicate column name(s) in header: {', '.join(map(repr, dupes))}")
    width = len(header)
    columns = _arrow_csv_columns(text[stream.tell() :], width)
    if columns is not None:
        n = len(columns[0])
        return TextRecords(header, None, list(range(1, n + 1)), [None] * n, [None] * n, columns=columns)
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


def _arrow_csv_columns(body: str, width: int) -> list[pa.Array] | None:
    """The records after the header as string columns, parsed by Arrow's (multi-threaded) CSV reader, or None when
    the file needs the `csv` module's reading: any record with the wrong number of fields (a row issue, with its
    record number), a parse error, a NUL character, a byte-order mark right after the header, or a single-column
    file (where a line of blanks is skipped).

    Arrow parses a well-formed file exactly as the `csv` module does (excel dialect, fields may span lines, blank
    lines skipped, empty cells None); anything else goes the slow way, so row issues and errors stay as they are.
    """
    if width < 2 or "\x00" in body or body.startswith("\ufeff"):  # (Arrow would drop a byte-order mark here)
        return None
    names = [f"f{i}" for i in range(width)]
    invalid: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append(row.actual_columns)
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            # A record longer than a block fails here, so any field over the csv module's limit goes its way too.
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=",",
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=True,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowException, ValueError, OSError):
        return None
    if invalid or table.num_columns != width:
        return None
    return [column.combine_chunks() for column in table.columns]


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


_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)  # json.dumps with these options, reused


def to_text(value: Any) -> str | None:
    """A JSON value as the text the store types again: None stays None, containers become JSON."""
    kind = type(value)  # the exact JSON types first (the common case), then the general rules
    if kind is str:
        return value if value != "" else None
    if kind is float:
        return None if math.isnan(value) else repr(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
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
    return _JSON.encode(value)


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
    tops = {f.split(".")[0] for f in fields}
    keys: dict[str, Any] = {}  # every top-level key, in first-seen order
    for _, _, obj in rows:
        if isinstance(obj, dict):
            keys.update(obj)
    extra_keys = [k for k in keys if k not in tops]
    absent = [k for k in required_keys if rows and k not in keys]
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
    # Built column by column: a column no record has stays all-null without a value per record.
    plan = {k: (simple.get(k), nested.get(k, [])) for k in {*simple, *nested}}
    unplanned: tuple[None, list[tuple[list[str], int]]] = (None, [])
    n = len(rows)
    values: list[list[str | None] | None] = [None] * len(header)
    issues: list[str | None] = []
    for r, (_, key, obj) in enumerate(rows):
        if not isinstance(obj, dict):
            issues.append(f"record {key or ''} is a JSON {type(obj).__name__}, expected an object".replace("  ", " "))
            continue
        for k, value in obj.items():
            at, parts_at = plan.get(k, unplanned)
            if at is not None:
                column = values[at]
                if column is None:
                    column = values[at] = [None] * n
                kind = type(value)  # the common JSON types inline, the rest as `to_text` says
                if kind is str:
                    column[r] = value if value != "" else None
                elif kind is float:
                    column[r] = repr(value) if value == value else None  # NaN is the float unequal to itself
                elif kind is bool:
                    column[r] = "true" if value else "false"
                elif kind is int:
                    column[r] = str(value)
                else:
                    column[r] = to_text(value)
            for parts, i in parts_at:
                column = values[i]
                if column is None:
                    column = values[i] = [None] * n
                column[r] = to_text(_walk(value, parts))
        issues.append(None)
    columns = [pa.nulls(n, pa.string()) if v is None else pa.array(v, type=pa.string()) for v in values]
    return TextRecords(header, None, [r for r, _, _ in rows], [k for _, k, _ in rows], issues, columns=columns)

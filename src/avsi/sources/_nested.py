"""Small helpers shared by the JSON source modules (private; not a source).

`records_from_objects` keeps undeclared *top-level* keys as extras, but a key nested under a declared parent (say
`cost.citation` when only `cost.input` is declared) would be silently dropped. `hoist_undeclared` copies such
leaves to top-level keys named by their dotted path, so they land in `_extra` and nothing is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from avsi.exceptions import SourceFormatError
from avsi.sources.readers import get_path

VALUE_SUFFIX = ".__value__"  # where a non-object found at a declared parent path is kept


def parent_paths(fields: Sequence[str]) -> list[str]:
    """Every proper prefix of the dotted fields ('a.b.c' -> 'a', 'a.b'), in first-seen order."""
    out: list[str] = []
    for f in fields:
        parts = f.split(".")
        for i in range(1, len(parts)):
            prefix = ".".join(parts[:i])
            if prefix not in out:
                out.append(prefix)
    return out


def hoist_undeclared(obj: Any, fields: Sequence[str], parents: Sequence[str] | None = None) -> Any:
    """`obj` plus a top-level 'a.b' key for each value under a declared parent 'a' that no field covers.

    A parent that is itself declared (e.g. a whole-object json column) keeps its children and is skipped. A
    parent holding a scalar or a list instead of an object is kept as 'a.__value__'. Non-objects pass through
    unchanged (the reader reports them as row issues).
    """
    if not isinstance(obj, Mapping):
        return obj
    declared = set(fields)
    parent_list = parent_paths(fields) if parents is None else list(parents)
    parent_set = set(parent_list)
    extra: dict[str, Any] = {}
    for parent in parent_list:
        if parent in declared:
            continue
        value = get_path(obj, parent)
        if value is None:
            continue
        if not isinstance(value, Mapping):
            extra[parent + VALUE_SUFFIX] = value
            continue
        for key, child in value.items():
            path = f"{parent}.{key}"
            if path not in declared and path not in parent_set:
                extra[path] = child
    if not extra:
        return obj
    return {**obj, **extra}


def unix_to_iso(value: Any) -> Any:
    """Unix seconds as ISO 8601 UTC text; anything else unchanged (so a bad value fails typing visibly)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    try:
        return dt.datetime.fromtimestamp(value, tz=dt.UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return value


def expect(path: Path, value: Any, kind: type, what: str) -> Any:
    """`value` if it is a `kind` (dict or list), else a SourceFormatError naming the file."""
    if not isinstance(value, kind):
        name = "object" if kind is dict else "list"
        raise SourceFormatError(path, f"{what} is a JSON {type(value).__name__}, expected a JSON {name}")
    return value

"""Small helpers to declare a table's columns: every header of the file, typed where avsi uses it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from avsi.sources.base import Column


def snake(header: str) -> str:
    """'Training compute (FLOP)' -> 'training_compute_flop'; '95_pct_ci' -> 'ci95' style stays readable."""
    name = re.sub(r"[^0-9a-zA-Z]+", "_", header.strip()).strip("_").lower()
    if name and name[0].isdigit():
        name = f"c_{name}"
    return name or "unnamed"


def columns(headers: Sequence[str], typed: Mapping[str, Column] | None = None) -> tuple[Column, ...]:
    """One column per header, in file order: those in `typed` as given, the rest as optional text.

    `typed` maps a header to its Column; the Column's `source` is filled in from the header.
    """
    typed = dict(typed or {})
    out: list[Column] = []
    for header in headers:
        spec = typed.pop(header, None)
        if spec is None:
            out.append(Column(name=snake(header), source=header))
        else:
            out.append(
                Column(
                    name=spec.name,
                    source=header,
                    type=spec.type,
                    required=spec.required,
                    min=spec.min,
                    max=spec.max,
                    not_future=spec.not_future,
                    description=spec.description,
                )
            )
    if typed:
        raise ValueError(f"typed columns not among the headers: {sorted(typed)}")
    return tuple(out)


def col(name: str, type: str = "text", **kwargs: object) -> Column:
    """Shorthand for a typed Column whose source header is filled in by `columns`."""
    return Column(name=name, type=type, **kwargs)  # type: ignore[arg-type]

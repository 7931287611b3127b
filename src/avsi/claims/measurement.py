"""What one claim's measurement returns: figures, coverage, chart rows and the notes a reader needs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from avsi.claims.data import Context
from avsi.claims.stats import Figure


@dataclass
class Measurement:
    figures: dict[str, Figure]
    coverage: dict[str, Any]
    chart_data: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


def coverage(unit: str, with_data: int, total: int, note: str, **by: Any) -> dict[str, Any]:
    """How many units (models, labs, systems ...) had the data the claim needs, out of how many."""
    out: dict[str, Any] = {
        "unit": unit,
        "with_data": with_data,
        "total": total,
        "share": round(with_data / total, 4) if total else None,
        "note": note,
    }
    out.update(by)
    return out


def since(rows: Iterable[Mapping[str, Any]], params: Mapping[str, Any], key: str = "since") -> list[dict[str, Any]]:
    """Rows released on or after params[key] (an ISO date)."""
    import datetime as dt

    start = dt.date.fromisoformat(str(params[key]))
    return [dict(r) for r in rows if r["release_date"] is not None and r["release_date"] >= start]


def flags(rows: Iterable[Mapping[str, Any]], bloc: str, key: str, by: str = "bloc") -> list[float]:
    """0/1 values of a boolean field for the rows of one bloc (in field `by`) where the field is known."""
    return [1.0 if r[key] else 0.0 for r in rows if r[by] == bloc and r[key] is not None]


def share_rows(
    ctx: Context, rows: list[dict[str, Any]], key: str, group: str, blocs: Iterable[str], **extra: Any
) -> list[dict[str, Any]]:
    """Chart rows: per bloc, the share of rows where `key` is true, with its interval and n."""
    out = []
    for bloc in blocs:
        fig = ctx.boot.mean(flags(rows, bloc, key))
        if fig.n:
            out.append(
                {"bloc": bloc, "group": group, "share": fig.value, "lo": fig.lo, "hi": fig.hi, "n": fig.n, **extra}
            )
    return out

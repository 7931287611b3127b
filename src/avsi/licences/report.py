"""Read a built database for the licence reports: unknown strings with their counts, open-weight models without a
licence id and what the data says about them, family rules against the data, and the coverage figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from avsi.exceptions import StoreError
from avsi.licences.assign import model_licence_coverage
from avsi.licences.families import family_rule_agreement
from avsi.store import open_database
from avsi.store.rows import table_names


def _need(tables: set[str], *names: str) -> None:
    missing = [n for n in names if n not in tables]
    if missing:
        raise StoreError(f"the database has no {', '.join(missing)} table; rebuild it with `avsi build`")


def unknown_licence_strings(db_path: Path | str, limit: int | None = None) -> list[dict[str, Any]]:
    """Every licence string of the data that maps to no licence, most frequent first: its rows over all sources and
    fields, where it occurs, why it is not mapped, and how many open-weight models without a licence id carry it."""
    con = open_database(db_path)
    try:
        _need(table_names(con), "licence_strings", "model_licence_evidence", "model_licences", "models")
        rows = con.execute(
            """WITH blocked AS (
                   SELECT e.string, count(DISTINCT e.model_id) AS n
                   FROM model_licence_evidence e JOIN models m ON m.id = e.model_id
                   LEFT JOIN model_licences l ON l.model_id = e.model_id
                   WHERE m.open_weights AND l.model_id IS NULL GROUP BY 1)
               SELECT s.string, sum(s.n_rows)::BIGINT, list(DISTINCT s.source ORDER BY s.source),
                      list(DISTINCT s.raw_table || '.' || s.field ORDER BY s.raw_table || '.' || s.field),
                      min(s.reason), coalesce(any_value(b.n), 0)
               FROM licence_strings s LEFT JOIN blocked b ON b.string = s.string
               WHERE s.licence_id IS NULL GROUP BY s.string ORDER BY 2 DESC, 1 LIMIT ?""",
            [limit if limit is not None else 1 << 31],
        ).fetchall()
    finally:
        con.close()
    return [
        {"string": s, "n_rows": int(n), "sources": list(src), "fields": list(fields), "reason": reason,
         "open_weight_models_without_licence": int(blocked)}
        for s, n, src, fields, reason, blocked in rows
    ]  # fmt: skip


def models_without_licence(db_path: Path | str, limit: int | None = None) -> list[dict[str, Any]]:
    """Open-weight canonical models with no licence id, newest first, with every candidate the build saw for them
    (each unmapped: a placeholder, a note that names no licence, an unknown licence ...)."""
    con = open_database(db_path)
    try:
        _need(table_names(con), "models", "model_licences", "model_licence_evidence")
        rows = con.execute(
            """SELECT m.id, m.name, m.organization, m.release_date, m.accessibility,
                      list({'source': e.source, 'string': e.string, 'where': e.where_found} ORDER BY e.priority)
                          FILTER (WHERE e.model_id IS NOT NULL)
               FROM models m LEFT JOIN model_licences l ON l.model_id = m.id
               LEFT JOIN model_licence_evidence e ON e.model_id = m.id
               WHERE m.open_weights AND l.model_id IS NULL
               GROUP BY ALL ORDER BY m.release_date DESC NULLS LAST, m.id LIMIT ?""",
            [limit if limit is not None else 1 << 31],
        ).fetchall()
    finally:
        con.close()
    return [
        {"id": i, "name": n, "organization": o, "release_date": d.isoformat() if d else None, "accessibility": a,
         "candidates": list(c or [])}
        for i, n, o, d, a, c in rows
    ]  # fmt: skip


def licence_family_rules(db_path: Path | str) -> list[dict[str, Any]]:
    """Each family rule of `families.yaml` with the models it covers and whether the data agrees with it."""
    con = open_database(db_path)
    try:
        _need(table_names(con), "models", "model_organisations", "model_licences")
        return family_rule_agreement(con)
    finally:
        con.close()


def licence_coverage_summary(db_path: Path | str) -> dict[str, Any]:
    """The open-weight coverage figures of the build (see `avsi.licences.assign.model_licence_coverage`)."""
    con = open_database(db_path)
    try:
        _need(table_names(con), "models", "model_licences", "model_licence_evidence")
        return model_licence_coverage(con)
    finally:
        con.close()

"""Questions about identity asked of a built database: resolve a name, resolve many, coverage, one model."""

from __future__ import annotations

import csv
import datetime as dt
import functools
from pathlib import Path
from typing import Any

import duckdb

from avsi.exceptions import SourceFormatError, UsageError
from avsi.licences import licence_flags
from avsi.resolve.names import parse
from avsi.resolve.resolver import Canonical, Resolver
from avsi.score.methodology import AXES, DIMENSIONS
from avsi.score.query import empty_scores, evidence_of, has_scores, score_record, scores_of
from avsi.sources import SOURCE_NAMES
from avsi.store.build import open_database


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _check_source(source: str | None) -> None:
    if source is not None and source not in SOURCE_NAMES:
        raise UsageError(f"unknown source {source!r}; known: {', '.join(SOURCE_NAMES)}")


@functools.lru_cache(maxsize=4)
def _resolver(db_key: str, build_id: str) -> Resolver:
    """The resolver over a database's canonical models (cached per database build)."""
    con = open_database(db_key)
    try:
        resolver = Resolver(
            Canonical(i, n, parse(n), frozenset(o or [])) for i, n, o in con.execute(
                "SELECT m.id, m.name, list(mo.org_id) FILTER (WHERE mo.org_id IS NOT NULL) FROM models m "
                "LEFT JOIN model_organisations mo ON mo.model_id = m.id GROUP BY m.id, m.name ORDER BY m.id"
            ).fetchall()
        )  # fmt: skip
        for repo, model_id in con.execute(
            "SELECT hf_repo, id FROM models WHERE hf_repo IS NOT NULL UNION ALL "
            "SELECT name, model_id FROM model_aliases WHERE source IN ('hf', 'llmfit') AND model_id IS NOT NULL"
        ).fetchall():
            resolver.link_hf(repo, model_id)
        return resolver
    finally:
        con.close()


def _build_id(con: duckdb.DuckDBPyConnection) -> str:
    row = con.execute("SELECT value FROM build_info WHERE key = 'build_id'").fetchone()
    return str(row[0]) if row else ""


def _resolve(con: duckdb.DuckDBPyConnection, db: str, name: str, source: str | None) -> dict[str, Any]:
    stored = None
    if source is not None:
        stored = con.execute(
            "SELECT model_id, confidence, method FROM model_aliases WHERE source = ? AND name = ?", [source, name]
        ).fetchone()
    match = _resolver(db, _build_id(con)).resolve(name, source)
    result = match.to_dict()
    if stored is not None:
        result["id"], result["confidence"], result["method"] = stored[0], round(float(stored[1]), 3), stored[2]
    return result


def resolve_name(db_path: Path | str, name: str, source: str | None = None) -> dict[str, Any]:
    """The canonical model a source's name refers to: {query, source, id (or None), confidence, candidates}."""
    _check_source(source)
    con = open_database(db_path)
    try:
        return _resolve(con, str(db_path), name, source)
    finally:
        con.close()


def resolve_batch(db_path: Path | str, csv_path: Path | str) -> list[dict[str, Any]]:
    """Resolve every (source, name) row of a CSV with columns `source,name`, in input order."""
    path = Path(csv_path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceFormatError(path, f"cannot read the batch file ({exc})") from exc
    if rows and not {"source", "name"} <= set(rows[0]):
        raise SourceFormatError(path, f"needs columns 'source' and 'name', has {sorted(rows[0])}")
    con = open_database(db_path)
    try:
        out = []
        for i, row in enumerate(rows, start=1):
            source = (row.get("source") or "").strip() or None
            if source is not None and source not in SOURCE_NAMES:
                raise SourceFormatError(path, f"row {i}, field 'source': unknown source {source!r}")
            out.append(_resolve(con, str(db_path), (row.get("name") or "").strip(), source))
        return out
    finally:
        con.close()


def _nearest(resolver: Resolver, name: str, source: str | None) -> list[dict[str, Any]]:
    return [{"id": i, "score": round(s, 1)} for i, s in resolver.resolve(name, source).candidates[:3]]


def resolution_report(db_path: Path | str, unmatched_per_source: int = 10) -> list[dict[str, Any]]:
    """Per source: distinct names and rows, the share that resolve, and the most frequent unmatched names with
    their nearest candidates."""
    con = open_database(db_path)
    try:
        summary = con.execute(
            """SELECT source, count(*), count(model_id), sum(n_rows), sum(n_rows) FILTER (WHERE model_id IS NOT NULL)
               FROM model_aliases GROUP BY source ORDER BY source"""
        ).fetchall()
        resolver = _resolver(str(db_path), _build_id(con))
        report = []
        for source, names, resolved, rows, rows_resolved in summary:
            unmatched = con.execute(
                "SELECT name, n_rows FROM model_aliases WHERE source = ? AND model_id IS NULL "
                "ORDER BY n_rows DESC, name LIMIT ?",
                [source, unmatched_per_source],
            ).fetchall()
            report.append({
                "source": source, "names": names, "names_resolved": resolved,
                "share_names_resolved": round(resolved / names, 4) if names else None,
                "rows": int(rows or 0), "rows_resolved": int(rows_resolved or 0),
                "share_rows_resolved": round((rows_resolved or 0) / rows, 4) if rows else None,
                "unmatched": [{"name": n, "rows": int(r), "candidates": _nearest(resolver, n, source)}
                              for n, r in unmatched],
            })  # fmt: skip
        return report
    finally:
        con.close()


BLOCS = ("CN", "US", "EU", "OTHER")


def list_models(
    db_path: Path | str,
    bloc: str | None = None,
    source: str | None = None,
    limit: int | None = None,
    sort: str | None = None,
) -> list[dict[str, Any]]:
    """Canonical models with organisation, country, bloc, licence, scores and axes, and their names by source;
    `bloc` keeps one bloc, `source` the models a source names; newest first, or by `sort` (a dimension or axis,
    highest first, unmeasured models last)."""
    if bloc is not None and bloc not in BLOCS:
        raise UsageError(f"unknown bloc {bloc!r}; use one of {', '.join(BLOCS)}")
    if sort is not None and sort not in (*DIMENSIONS, *AXES):
        raise UsageError(f"cannot sort by {sort!r}; use a dimension or axis: {', '.join((*DIMENSIONS, *AXES))}")
    _check_source(source)
    con = open_database(db_path)
    try:
        sql = """
            SELECT m.id, m.name, m.organization, m.country, m.bloc, m.blocs, m.open_weights, m.parameters,
                   m.active_parameters, m.release_date, m.accessibility, l.licence_id,
                   (SELECT map_from_entries(list({'k': source, 'v': names}))
                    FROM (SELECT source, list(name ORDER BY name) AS names FROM model_aliases a
                          WHERE a.model_id = m.id GROUP BY source)) AS aliases
            FROM models m LEFT JOIN model_licences l ON l.model_id = m.id
            WHERE (? IS NULL OR m.bloc = ?)
              AND (? IS NULL OR EXISTS (SELECT 1 FROM model_aliases a WHERE a.model_id = m.id AND a.source = ?))
        """
        params: list[Any] = [bloc, bloc, source, source]
        if sort is not None and has_scores(con):
            table, column = ("model_scores", "dimension") if sort in DIMENSIONS else ("model_axes", "axis")
            value = "score" if table == "model_scores" else "value"
            sql += (f" ORDER BY (SELECT {value} FROM {table} t WHERE t.model_id = m.id AND t.{column} = ?)"
                    " DESC NULLS LAST, m.id")  # fmt: skip
            params.append(sort)
        else:
            sql += " ORDER BY m.release_date DESC NULLS LAST, m.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description]
        fetched = cur.fetchall()
        scored = scores_of(con, [r[0] for r in fetched])
        out = []
        flags: dict[str, dict[str, bool | None]] = {}
        for row in fetched:
            model = {k: _plain(v) for k, v in zip(names, row, strict=True)}
            licence_id = model.pop("licence_id")
            if licence_id and licence_id not in flags:
                flags[licence_id] = {n: r.value for n, r in licence_flags(licence_id).items()}
            model["licence"] = {"id": licence_id, "flags": flags[licence_id]} if licence_id else None
            model["aliases"] = dict(model["aliases"] or {})
            model.update(scored.get(model["id"]) or empty_scores())
            out.append(model)
        return out
    finally:
        con.close()


def _model_licence(con: duckdb.DuckDBPyConnection, model_id: str) -> dict[str, Any] | None:
    """The model's licence id with its flags (true/false/null) and, per flag, the clause that decides it."""
    row = con.execute(
        "SELECT licence_id, source, string, where_found, conflicting FROM model_licences WHERE model_id = ?",
        [model_id],
    ).fetchone()
    if row is None:
        return None
    licence_id, source, string, where, conflicting = row
    readings = licence_flags(licence_id)
    return {
        "id": licence_id,
        "flags": {name: reading.value for name, reading in readings.items()},
        "evidence": {name: {"clause": r.evidence, "url": r.source} for name, r in readings.items()},
        "found_in": {"source": source, "string": string, "where": where},
        "conflicting": list(conflicting or []),
    }


def get_model(db_path: Path | str, name_or_id: str) -> dict[str, Any]:
    """One canonical model: identity, facts and the names each source uses for it."""
    con = open_database(db_path)
    try:
        row = con.execute("SELECT id FROM models WHERE id = ?", [name_or_id]).fetchone()
        model_id = row[0] if row else _resolve(con, str(db_path), name_or_id, None)["id"]
        if model_id is None:
            raise UsageError(f"no model matches {name_or_id!r}; try `avsi resolve {name_or_id!r}` for candidates")
        cur = con.execute(
            """SELECT id, name, organization, country, bloc, blocs, eu27, open_weights, parameters, active_parameters,
                      release_date, accessibility, hf_repo, origin_source, origin_name FROM models WHERE id = ?""",
            [model_id],
        )
        names = [d[0] for d in cur.description]
        values = cur.fetchone()
        assert values is not None
        model: dict[str, Any] = {k: _plain(v) for k, v in zip(names, values, strict=True)}
        aliases: dict[str, list[str]] = {}
        for source, name in con.execute(
            "SELECT source, name FROM model_aliases WHERE model_id = ? ORDER BY source, name", [model_id]
        ).fetchall():
            aliases.setdefault(source, []).append(name)
        model["aliases"] = aliases
        model["organizations"] = [
            {"name": n, "org_id": o, "country": c, "bloc": b, "category": cat}
            for n, o, c, b, cat in con.execute(
                "SELECT name, org_id, country, bloc, category FROM model_organisations WHERE model_id = ? "
                "ORDER BY position",
                [model_id],
            ).fetchall()
        ]
        model["licence"] = _model_licence(con, model_id)
        scored = scores_of(con, [model_id]).get(model_id) or empty_scores()
        model.update(scored)
        record = score_record(con)
        model["methodology_version"] = record["methodology_version"] if record else None
        model["evidence"] = [
            {"indicator": f, "source": model["origin_source"], "field": f, "value": model[f]}
            for f in ("organization", "country", "release_date", "parameters", "open_weights")
            if model[f] is not None
        ] + evidence_of(con, model_id)
        return model
    finally:
        con.close()

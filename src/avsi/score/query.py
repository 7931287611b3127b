"""Reading scores back: per model (with evidence), per group (`avsi compare`), and the scoring record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from avsi.exceptions import UsageError
from avsi.score.methodology import AXES, DIMENSIONS
from avsi.store import open_database
from avsi.store.rows import table_names

GROUP_KINDS = ("bloc", "org")


def has_scores(con: duckdb.DuckDBPyConnection) -> bool:
    return "model_scores" in table_names(con)


def scores_of(con: duckdb.DuckDBPyConnection, model_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Per model: scores and axes (null when not measurable), coverage per dimension, and their intervals."""
    if not has_scores(con):
        return {}
    where = "" if model_ids is None else "WHERE model_id IN (SELECT unnest(?))"
    params: list[Any] = [] if model_ids is None else [model_ids]
    out: dict[str, dict[str, Any]] = {}
    for model_id, dim, score, coverage, n, confidence, lo, hi, rank, rank_lo, rank_hi, n_ranked in con.execute(
        f"SELECT model_id, dimension, score, coverage, n_indicators, confidence, lo, hi, rank, rank_lo, rank_hi, "
        f"n_ranked FROM model_scores {where}",
        params,
    ).fetchall():
        entry = out.setdefault(model_id, empty_scores())
        entry["scores"][dim] = score
        entry["coverage"][dim] = coverage
        entry["confidence"][dim] = confidence
        if score is not None:
            entry["intervals"][dim] = {"lo": lo, "hi": hi}
            entry["ranks"][dim] = {"rank": rank, "lo": rank_lo, "hi": rank_hi, "of": n_ranked, "indicators": n}
    for model_id, axis, value, lo, hi in con.execute(
        f"SELECT model_id, axis, value, lo, hi FROM model_axes {where}", params
    ).fetchall():
        entry = out.setdefault(model_id, empty_scores())
        entry["axes"][axis] = value
        if value is not None:
            entry["intervals"][axis] = {"lo": lo, "hi": hi}
    return out


def empty_scores() -> dict[str, Any]:
    """The score fields of a model with no score rows: every score and axis null, coverage 0."""
    return {
        "scores": dict.fromkeys(DIMENSIONS),
        "axes": dict.fromkeys(AXES),
        "coverage": dict.fromkeys(DIMENSIONS, 0.0),
        "confidence": dict.fromkeys(DIMENSIONS),
        "intervals": {},
        "ranks": {},
    }


def evidence_of(con: duckdb.DuckDBPyConnection, model_id: str) -> list[dict[str, Any]]:
    """Every indicator value behind a model's scores: where it came from and what it was."""
    if "indicator_values" not in table_names(con):
        return []
    rows = con.execute(
        """SELECT indicator, dimension, source, field, coalesce(raw_text, raw_value::VARCHAR), raw_value, normalised,
                  evidence
           FROM indicator_values WHERE model_id = ? ORDER BY dimension NULLS LAST, indicator""",
        [model_id],
    ).fetchall()
    return [
        {"indicator": ind, "dimension": dim, "source": src, "field": fld, "value": text if num is None else num,
         "normalised": norm, "row": ev}
        for ind, dim, src, fld, text, num, norm, ev in rows
    ]  # fmt: skip


def score_record(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The methodology version and hashes the scores were made with."""
    if "score_info" not in table_names(con):
        return None
    cur = con.execute("SELECT * FROM score_info")
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None


def compare(
    db_path: Path | str, by: str = "bloc", year: int | None = None, weighting: str = "unweighted"
) -> list[dict[str, Any]]:
    """Aggregates of the A's, I's and axes per bloc or lab (one year, or all years when `year` is None)."""
    if by not in GROUP_KINDS:
        raise UsageError(f"unknown grouping {by!r}; use one of {', '.join(GROUP_KINDS)}")
    if weighting not in ("unweighted", "weighted"):
        raise UsageError(f"unknown weighting {weighting!r}; use unweighted or weighted")
    con = open_database(db_path)
    try:
        if not has_scores(con):
            raise UsageError("this database has no scores; rebuild it with `avsi build`")
        rows = con.execute(
            """SELECT group_id, measure, score, lo, hi, n_models FROM group_scores
               WHERE group_kind = ? AND weighting = ? AND year IS NOT DISTINCT FROM ?
               ORDER BY group_id, measure""",
            [by, weighting, year],
        ).fetchall()
        groups: dict[str, dict[str, Any]] = {}
        for group, measure, score, lo, hi, n in rows:
            entry = groups.setdefault(group, {
                "group": group, "group_kind": by, "year": year, "weighting": weighting, "n_models": 0,
                "scores": dict.fromkeys(DIMENSIONS), "axes": dict.fromkeys(AXES), "intervals": {}, "counts": {},
            })  # fmt: skip
            (entry["scores"] if measure in DIMENSIONS else entry["axes"])[measure] = score
            entry["intervals"][measure] = {"lo": lo, "hi": hi}
            entry["counts"][measure] = n
            entry["n_models"] = max(entry["n_models"], n)
        record = score_record(con)
        out = sorted(groups.values(), key=lambda g: (-g["n_models"], g["group"]))
        for entry in out:
            entry["methodology_version"] = record["methodology_version"] if record else None
        return out
    finally:
        con.close()


def comparisons(db_path: Path | str) -> list[dict[str, Any]]:
    """The headline bloc comparisons of the methodology and the share of Monte Carlo draws in which each holds."""
    con = open_database(db_path)
    try:
        if "score_comparisons" not in table_names(con):
            return []
        cur = con.execute("SELECT * FROM score_comparisons ORDER BY id")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()

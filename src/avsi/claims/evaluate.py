"""Evaluate the essay's claims on a built database: measure, apply the written rule, assemble the result."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb

from avsi.claims.data import Context
from avsi.claims.measurement import Measurement
from avsi.claims.measures import MEASURES
from avsi.claims.rules import decide
from avsi.claims.spec import ClaimSpec, claims_hash, load_claims
from avsi.claims.stats import Bootstrap, Figure, FigureView
from avsi.exceptions import UsageError
from avsi.store import open_database


def claim_ids() -> list[str]:
    return [c.id for c in load_claims().claims]


def _select(ids: list[str] | None) -> list[ClaimSpec]:
    specs = load_claims().claims
    if not ids:
        return list(specs)
    known = {c.id: c for c in specs}
    by_number = {str(c.number): c for c in specs}
    chosen = []
    for key in ids:
        spec = known.get(key) or by_number.get(key)
        if spec is None:
            raise UsageError(f"unknown claim {key!r}; known: {', '.join(known)} (or their numbers 1-{len(specs)})")
        chosen.append(spec)
    return chosen


def claims_context(con: duckdb.DuckDBPyConnection) -> Context:
    """A context with the bootstrap settings of claims.yaml; share it with the report's charts to reuse queries."""
    b = load_claims().bootstrap
    return Context(con, Bootstrap(b.draws, b.level, b.seed))


def evaluate_connection(con: duckdb.DuckDBPyConnection, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Every claim (or those named by id or number) on an open connection, in the order of claims.yaml."""
    return evaluate_context(claims_context(con), ids)


def evaluate_context(ctx: Context, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """The same on a claims context (see `claims_context`)."""
    spec_file = load_claims()
    b = spec_file.bootstrap
    meta = {
        "version": spec_file.version,
        "claims_sha256": claims_hash(),
        "uncertainty": f"{round(b.level * 100)}% percentile bootstrap intervals, {b.draws} resamples, seed {b.seed}",
    }
    return [_evaluate_one(ctx, spec, meta) for spec in _select(ids)]


def evaluate_claims(db_path: Path | str, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Every claim of the essay tested on the database at db_path: verdict, figures, coverage, chart."""
    con = open_database(db_path)
    try:
        return evaluate_connection(con, ids)
    finally:
        con.close()


def _evaluate_one(ctx: Context, spec: ClaimSpec, meta: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        measured = MEASURES[spec.function](ctx, spec.params)
    except duckdb.CatalogException as exc:
        measured = Measurement(
            {},
            {"unit": "", "with_data": 0, "total": 0, "share": None, "note": str(exc)},
            [],
            [f"a table this claim reads is missing from the database: {exc}"],
        )
    rule = spec.parsed_rule()
    figures = {name: fig.to_dict() for name, fig in measured.figures.items()}
    if measured.figures:
        decision = decide(rule, figures)
        verdict, reason, checks = decision.verdict, decision.reason, decision.checks
        headline = _headline(spec.headline, measured.figures)
        if verdict == "not_testable" and measured.notes and decision.reason.startswith("a figure"):
            headline = "Not testable on this database: " + "; ".join(measured.notes)
    else:
        verdict, reason, checks = "not_testable", "; ".join(measured.notes), []
        headline = "not measured: " + reason
    chart = {"id": f"claim-{spec.number}", **spec.chart.model_dump(exclude_none=True), "data": measured.chart_data}
    return {
        "id": spec.id,
        "number": spec.number,
        "title": spec.title,
        "statement": spec.statement,
        "verdict": verdict,
        "headline": headline,
        "figures": figures,
        "coverage": measured.coverage,
        "chart": chart,
        "formulation": spec.formulation,
        "metric": spec.metric,
        "data": spec.data,
        "rule": {"text": spec.rule.text, "reason": reason, "checks": checks},
        "uncertainty": meta["uncertainty"],
        "caveats": spec.caveats,
        "notes": measured.notes,
        "methodology_version": meta["version"],
        "claims_sha256": meta["claims_sha256"],
        "seconds": round(time.perf_counter() - started, 3),
    }


def _headline(template: str, figures: dict[str, Figure]) -> str:
    return template.format(**{name: FigureView(fig) for name, fig in figures.items()}).strip()

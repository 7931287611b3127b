"""What the pages and the API derive from one database build, computed once per build and kept with it."""

from __future__ import annotations

import logging
import warnings
from typing import Any

from avsi.web.data import lineage_index, model_rows, model_scores
from avsi.web.db import Snapshot
from avsi.web.exports import table_list
from avsi.web.groups import labs

log = logging.getLogger("avsi.web")


def model_table(snap: Snapshot) -> list[dict[str, Any]]:
    """Every canonical model as a row of the model table (with its scores once the build has them)."""

    def compute() -> list[dict[str, Any]]:
        with snap.cursor() as cur:
            return model_rows(snap.facts, model_scores(cur, snap.tables))

    rows: list[dict[str, Any]] = snap.cached("model_table", compute)
    return rows


def lineage_of(snap: Snapshot) -> dict[str, dict[str, list[dict[str, Any]]]]:
    def compute() -> dict[str, dict[str, list[dict[str, Any]]]]:
        with snap.cursor() as cur:
            return lineage_index(cur)

    index: dict[str, dict[str, list[dict[str, Any]]]] = snap.cached("lineage", compute)
    return index


def labs_of(snap: Snapshot) -> list[dict[str, Any]]:
    def compute() -> list[dict[str, Any]]:
        with snap.cursor() as cur:
            return labs(cur, snap.facts)

    rows: list[dict[str, Any]] = snap.cached("labs", compute)
    return rows


def tables_of(snap: Snapshot) -> list[dict[str, Any]]:
    def compute() -> list[dict[str, Any]]:
        with snap.cursor() as cur:
            return [{**t, "csv": f"/api/v1/tables/{t['name']}?format=csv",
                     "parquet": f"/api/v1/tables/{t['name']}?format=parquet"} for t in table_list(cur)]  # fmt: skip

    rows: list[dict[str, Any]] = snap.cached("tables", compute)
    return rows


def claims_of(snap: Snapshot) -> list[dict[str, Any]] | None:
    """The essay's claims evaluated on this build (avsi.claims), or None where that package is not installed."""

    def compute() -> list[dict[str, Any]] | None:
        try:
            from avsi.claims import evaluate_connection
        except ImportError:
            return None
        with snap.cursor() as cur, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result: list[dict[str, Any]] = evaluate_connection(cur)
        for w in caught:  # a numerical warning must not take the page down; it goes to the log
            log.warning("evaluating the claims: %s", w.message)
        return result

    claims: list[dict[str, Any]] | None = snap.cached("claims", compute)
    return claims


def claim_charts(snap: Snapshot) -> dict[str, dict[str, Any]]:
    """claim id -> Vega-Lite spec of its chart, drawn by the report's `claim_chart` (none where it cannot be)."""

    def compute() -> dict[str, dict[str, Any]]:
        claims = claims_of(snap)
        if not claims:
            return {}
        try:
            from avsi.report.charts import claim_chart
        except ImportError:
            return {}
        specs: dict[str, dict[str, Any]] = {}
        for claim in claims:
            try:
                specs[claim["id"]] = claim_chart(claim).to_dict()
            except Exception as exc:  # one claim's chart failing must not take the page down
                log.warning("no chart for claim %s: %s", claim.get("id"), exc)
        return specs

    specs: dict[str, dict[str, Any]] = snap.cached("claim_charts", compute)
    return specs

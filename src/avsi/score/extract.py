"""Reading each indicator's raw values from the database, with the evidence behind every value.

Runs the extractors of `extractors.py` (the SQL that says where each indicator's data are) against a build, leaving
out the branches that read tables a partial build lacks, and adds per-country facts (GPU cluster capacity, the AI
governance regime) that two indicators read.
"""

from __future__ import annotations

import re

import duckdb
import pyarrow as pa

from avsi.resolve.registry import registry
from avsi.score.extractors import EXTRACTORS, MOT_RELEASED, Combine, Extractor
from avsi.score.methodology import Methodology
from avsi.store.rows import table_names

__all__ = ["EXTRACTORS", "MOT_RELEASED", "RAW_SCHEMA", "Extractor", "extract_raw", "extractor_combine"]

RAW_SCHEMA = pa.schema(
    [
        ("indicator", pa.string()),
        ("model_id", pa.string()),
        ("text", pa.string()),
        ("number", pa.float64()),
        ("source", pa.string()),
        ("field", pa.string()),
        ("evidence", pa.string()),
        ("priority", pa.int32()),
    ]
)


def _country_facts(con: duckdb.DuckDBPyConnection, present: set[str]) -> pa.Table:
    """Per country code: existing GPU cluster capacity and the strongest AI-governance regime in the tracker."""
    reg = registry()
    h100: dict[str, tuple[float, int]] = {}
    if "compute_clusters" in present:
        rows = con.execute(
            "SELECT country, sum(h100_equivalents), count(*) FROM compute_clusters "
            "WHERE status = 'Existing' AND h100_equivalents > 0 GROUP BY country"
        ).fetchall()
        for country, total, n in rows:
            code = reg.country_code(country)
            if code:
                old = h100.get(code, (0.0, 0))
                h100[code] = (old[0] + float(total), old[1] + int(n))
    governance: dict[str, tuple[str, str]] = {}
    international: list[str] = []
    if "legislation_frameworks" in present:
        frameworks = con.execute(
            "SELECT jurisdiction, name, type, status FROM legislation_frameworks "
            "WHERE status IN ('enacted', 'active', 'adopted')"
        ).fetchall()
        eu = reg.eu27_codes()
        for jurisdiction, name, kind, status in frameworks:
            national = reg.country_code(jurisdiction)
            codes: list[str] = eu if jurisdiction == "European Union" else [national] if national else []
            regime = "binding_regulation" if kind == "regulation" else "national_framework"
            if not codes and kind in ("principles", "declaration", "resolution", "framework"):
                international.append(name)
            for code in codes:
                if governance.get(code, ("", ""))[0] != "binding_regulation":
                    governance[code] = (regime, f"{name} ({jurisdiction}, {status})")
    if "legislation_us_states" in present:
        enacted = con.execute("SELECT count(*) FROM legislation_us_states WHERE status = 'enacted'").fetchone()
        if enacted and enacted[0] and "US" not in governance:
            governance["US"] = ("state_laws", f"{enacted[0]} enacted US state AI laws, no federal AI statute")
    rows_out: list[dict[str, object]] = []
    for code in sorted(set(h100) | set(governance) | set(reg.all_codes())):
        level: str | None = None
        evidence: str | None = None
        if code in governance:
            level, evidence = governance[code]
        elif international:
            level, evidence = "international_principles_only", "; ".join(sorted(set(international)))[:200]
        gpu: float | None = h100[code][0] if code in h100 else None
        clusters = h100[code][1] if code in h100 else 0
        rows_out.append({"code": code, "h100e": gpu, "clusters": clusters, "level": level, "evidence": evidence})
    return pa.Table.from_pylist(
        rows_out,
        schema=pa.schema(
            [("code", pa.string()), ("h100e", pa.float64()), ("clusters", pa.int64()), ("level", pa.string()),
             ("evidence", pa.string())]
        ),
    )  # fmt: skip


def extract_raw(con: duckdb.DuckDBPyConnection, methodology: Methodology) -> pa.Table:
    """Every candidate value of every indicator, one row per (indicator, model, source), with its evidence."""
    present = table_names(con)
    facts = _country_facts(con, present)  # noqa: F841 - read by DuckDB below
    con.execute("CREATE OR REPLACE TEMP TABLE country_facts AS SELECT * FROM facts")
    present.add("country_facts")
    parts: list[pa.Table] = []
    try:
        for ind in methodology.indicators:
            extractor = EXTRACTORS[ind.extract]
            available = [t for t in extractor.needs if t in present]
            if not available:
                continue
            sql = _only_available(extractor, present)
            params = [methodology.parameters[p] for p in _bound_params(extractor, present)]
            table = con.execute(sql, params).to_arrow_table()
            if table.num_rows == 0:
                continue
            table = table.rename_columns(["model_id", "text", "number", "source", "field", "evidence", "priority"])
            table = table.cast(RAW_SCHEMA.remove(0))
            parts.append(table.add_column(0, "indicator", pa.array([ind.id] * table.num_rows, pa.string())))
    finally:
        con.execute("DROP TABLE IF EXISTS country_facts")
    return pa.concat_tables(parts) if parts else RAW_SCHEMA.empty_table()


def _branches(extractor: Extractor) -> list[str]:
    """The UNION ALL branches of an extractor (top level only; each reads a subset of the tables)."""
    return [b for b in extractor.sql.split("UNION ALL") if b.strip()]


def _branch_ok(branch: str, extractor: Extractor, present: set[str]) -> bool:
    return all(t in present for t in extractor.needs if _mentions(branch, t))


def _mentions(sql: str, table: str) -> bool:
    return re.search(rf"\b{re.escape(table)}\b", sql) is not None


def _only_available(extractor: Extractor, present: set[str]) -> str:
    """The extractor's query without the branches that read a table this database lacks (a partial build)."""
    if all(t in present for t in extractor.needs):
        return extractor.sql
    if extractor.sql.lstrip().upper().startswith("WITH"):
        return "SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE false"
    kept = [b for b in _branches(extractor) if _branch_ok(b, extractor, present)]
    return " UNION ALL ".join(kept) if kept else "SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE false"


def _bound_params(extractor: Extractor, present: set[str]) -> tuple[str, ...]:
    return extractor.params if all(t in present for t in extractor.needs) else ()


def extractor_combine(extract: str) -> Combine:
    return EXTRACTORS[extract].combine

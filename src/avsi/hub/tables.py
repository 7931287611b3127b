"""The tables the hub stage writes into the database: their columns, types and meaning.

`hub_model_derivatives` is what the scoring stage reads (Applicable and collaboration indicators); the others are
the detail behind it. Every table is written even when the build has no Hub data (then empty).
"""

from __future__ import annotations

import pyarrow as pa

INT = pa.int32()
BIG = pa.int64()
STR = pa.string()
F64 = pa.float64()
BOOL = pa.bool_()

_AGGREGATES = [
    ("derivatives", INT),  # distinct repos built on it, directly or through others
    ("fine_tunes", INT),  # … of which fine-tunes (each derivative counted by its own relation)
    ("adapters", INT),
    ("quantisations", INT),
    ("merges", INT),
    ("by_other_orgs", INT),  # derivatives whose namespace is not the base's organisation
    ("deriving_orgs", INT),  # distinct organisations (registered ones) or namespaces among the derivatives
    ("sectors", INT),  # distinct sectors among the derivatives, `general` not counted
    ("sector_entropy", F64),  # Shannon entropy (bits, 9 decimals) of the derivatives' sectors, `general` not counted
    ("derivative_downloads", BIG),  # the derivatives' downloads (the dump's 30-day count)
    ("max_depth", INT),  # the longest shortest path from the base to a derivative
]

SCHEMAS: dict[str, pa.Schema] = {
    "hub_repos": pa.schema([
        ("repo", STR), ("namespace", STR), ("org_id", STR), ("country", STR), ("bloc", STR), ("kind", STR),
        ("sector", STR), ("licence", STR), ("downloads", BIG), ("likes", BIG), ("lineage_origin", STR),
        ("bases", INT),  # the bases it names (self-loops dropped)
        ("children", INT),  # the repos that name it as a base
        ("is_root", BOOL),  # has derivatives and no base
        ("depth", INT),  # shortest distance from a root: 0 for a repo without base; NULL if no root reaches it
        ("roots", INT),  # the roots it descends from
        ("in_cycle", BOOL),
        ("model_id", STR),  # the canonical model whose official repo this is
    ]),
    "hub_edges": pa.schema([
        ("child", STR), ("parent", STR), ("kind", STR), ("origin", STR),  # origin: hub (resolved) | card
        ("dangling", BOOL),  # the parent is not in the input
    ]),
    "hub_bases": pa.schema([
        ("repo", STR), ("namespace", STR), ("org_id", STR), ("country", STR), ("bloc", STR),
        ("is_root", BOOL), ("external", BOOL),  # external: named as a base but not in the input
        ("model_id", STR), *_AGGREGATES,
    ]),
    "hub_derivatives_by_base": pa.schema([
        ("base", STR), ("kind", STR), ("country", STR), ("bloc", STR), ("sector", STR), ("n", INT),
        ("downloads", BIG),
    ]),
    "hub_model_derivatives": pa.schema([("model_id", STR), ("hf_repo", STR), *_AGGREGATES]),
    "hub_sectors": pa.schema([("sector", STR), ("label", STR), ("repos", INT), ("derivatives", INT),
                              ("downloads", BIG)]),
    "hub_stats": pa.schema([("metric", STR), ("value", BIG)]),
    "hub_info": pa.schema([("key", STR), ("value", STR)]),
}  # fmt: skip

# Keys: each table has one row per key. The small tables are written in key order; the per-repo, per-edge and per-base
# ones (millions of rows on a full hub) in whatever order the engine gives.
KEYS: dict[str, list[str]] = {
    "hub_repos": ["repo"],
    "hub_edges": ["child", "parent"],
    "hub_bases": ["repo"],
    "hub_derivatives_by_base": ["base", "kind", "country", "bloc", "sector"],
    "hub_model_derivatives": ["model_id"],
    "hub_sectors": ["sector"],
    "hub_stats": ["metric"],
    "hub_info": ["key"],
}
UNORDERED = {"hub_repos", "hub_edges", "hub_bases", "hub_derivatives_by_base"}

# The engines and the sort orders of `avsi hub models` (here, light to import, for the command line).
ENGINES = ("duckdb", "spark")
SORTS = ("derivatives", "by_other_orgs", "deriving_orgs", "sectors", "sector_entropy", "derivative_downloads")

_DUCKDB_TYPES = {INT: "INTEGER", BIG: "BIGINT", STR: "VARCHAR", F64: "DOUBLE", BOOL: "BOOLEAN"}


def ddl(name: str) -> str:
    """CREATE TABLE for one hub table."""
    columns = ", ".join(f'"{f.name}" {_DUCKDB_TYPES[f.type]}' for f in SCHEMAS[name])
    return f'CREATE TABLE "{name}" ({columns})'


def empty_results() -> dict[str, pa.Table]:
    return {name: schema.empty_table() for name, schema in SCHEMAS.items()}

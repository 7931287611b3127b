"""Every licence string in a built database, counted per (source, table, field), and the licence tables.

`licence_inventory(con)` collects the strings; `build_licence_tables(con)` writes three tables:

- `licences`        (id, name, url, kind, kb_version): the knowledge base, plus one row per compound expression
                    seen in the data (kind `expression`, id `expression:<...>`, url NULL);
- `licence_flags`   (licence_id, flag, value, evidence, source_url): eleven rows per licence;
- `licence_strings` (source, raw_table, field, string, n_rows, licence_id, method, reason): every distinct string
                    with its count and what it maps to (licence_id NULL and a reason when unknown).

A model release gets its licence id by joining `model_releases.licence` to `licence_strings` on (source,
raw_table = 'model_releases', field = 'licence', string). Free-text notes (Epoch's accessibility notes, OSAI's
`licenses_notes`) are not licence strings and are not read; `sources.licence` is the licence of the data, not of a
model; the SPDX lists shipped by the Model Openness Tool (`mot_spdx_licenses`, `mot_mof_licenses`) are reference
lists, not licence statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from avsi.licences.kb import FLAG_NAMES, KnowledgeBase, load_kb
from avsi.licences.normalise import LicenceMatch, expression_flags, normalise
from avsi.store.rows import insert_rows, table_names


@dataclass(frozen=True)
class LicenceString:
    """One distinct licence string in one field of one table, with the number of rows that carry it."""

    source: str
    raw_table: str
    field: str
    string: str
    n_rows: int


# (table, field label, SQL expression yielding the string per row, source column). A table that a build did not
# load is skipped.
_CARD_LICENSE = "card_data->'license'"
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("model_releases", "licence", "licence", "source"),
    ("lmarena_text", "license", "license", "_source"),
    ("lmarena_vision", "license", "license", "_source"),
    ("lmarena_image", "license", "license", "_source"),
    ("open_llm_leaderboard_v1", "hub_license", "hub_license", "_source"),
    ("open_llm_leaderboard_v2", "metadata_hub_license", "metadata_hub_license", "_source"),
    ("models_dev_lab_models", "license", "license", "_source"),
    ("mot_models", "license_distribution", "license_distribution", "_source"),
    ("mot_models", "license_code", "license_code", "_source"),
    ("mot_models", "license_data", "license_data", "_source"),
    ("mot_models", "license_document", "license_document", "_source"),
    ("mot_components", "license", "license", "_source"),
    ("osai_systems", "system_endmodellicense", "system_endmodellicense", "_source"),
    ("osai_systems", "system_endmodel_license", "system_endmodel_license", "_source"),
    ("osai_legacy", "project_license", "project_license", "_source"),
)

# Hub tags `license:<tag>` and the model card's `license` (a string or a list) and `license_name`.
HF_SQL = f"""
SELECT _source, 'tags[license:*]' AS field, t AS s FROM (
    SELECT _source, unnest(CAST(tags AS VARCHAR[])) AS t FROM hf_models WHERE tags IS NOT NULL
) WHERE t ILIKE 'license:%'
UNION ALL
SELECT _source, 'card_data.license', card_data->>'license' FROM hf_models
WHERE json_type({_CARD_LICENSE}) = 'VARCHAR'
UNION ALL
SELECT _source, 'card_data.license', unnest(CAST({_CARD_LICENSE} AS VARCHAR[])) FROM hf_models
WHERE json_type({_CARD_LICENSE}) = 'ARRAY'
UNION ALL
SELECT _source, 'card_data.license_name', card_data->>'license_name' FROM hf_models
WHERE json_type(card_data->'license_name') = 'VARCHAR'
"""

# Licence-like columns that hold no model-licence string, and why (see the module docstring).
IGNORED_COLUMNS: frozenset[tuple[str, str]] = frozenset({
    ("mot_models", "n_components_with_license"),
    ("mot_spdx_licenses", "license_id"), ("mot_spdx_licenses", "is_deprecated_license_id"),
    ("mot_mof_licenses", "license_id"), ("mot_mof_licenses", "is_deprecated_license_id"),
    ("osai_legacy", "license_class"), ("osai_legacy", "license_link"), ("osai_legacy", "license_notes"),
    ("osai_systems", "licenses_class"), ("osai_systems", "licenses_link"), ("osai_systems", "licenses_notes"),
    ("sources", "licence"),
    ("licences", "id"), ("licence_flags", "licence_id"), ("licence_strings", "licence_id"),
    ("model_licences", "licence_id"), ("model_licence_evidence", "licence_id"),  # avsi's own derived tables
    ("hub_repos", "licence"),  # the hub stage's copy of the hf_models `license:` tag, read above
})  # fmt: skip


def unexplored_licence_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Columns named like a licence that the inventory neither reads nor deliberately ignores (should be empty)."""
    read = {(t, f) for t, f, _, _ in FIELDS} | {("hf_models", "card_data"), ("hf_models", "tags")}
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE column_name ILIKE '%licen%' ORDER BY ALL"
    ).fetchall()
    return [(t, c) for t, c in rows if (t, c) not in read and (t, c) not in IGNORED_COLUMNS]


def licence_inventory(con: duckdb.DuckDBPyConnection) -> list[LicenceString]:
    """Every non-NULL licence string of every source in the database, with its row count."""
    present = table_names(con)
    out: list[LicenceString] = []
    for table, field, expr, source_col in FIELDS:
        if table not in present:
            continue
        rows = con.execute(
            f"SELECT {source_col}, {expr}, count(*) FROM {table} WHERE {expr} IS NOT NULL GROUP BY ALL"
        ).fetchall()
        out += [LicenceString(str(src), table, field, str(s), int(n)) for src, s, n in rows]
    if "hf_models" in present:
        rows = con.execute(
            f"SELECT _source, field, s, count(*) FROM ({HF_SQL}) WHERE s IS NOT NULL GROUP BY ALL"
        ).fetchall()
        out += [LicenceString(str(src), "hf_models", str(f), str(s), int(n)) for src, f, s, n in rows]
    return sorted(out, key=lambda r: (r.source, r.raw_table, r.field, -r.n_rows, r.string))


class _Matcher:
    """normalise() memoised per (string, source) for one build."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._seen: dict[tuple[str, str | None], LicenceMatch] = {}

    def __call__(self, text: str, source: str | None) -> LicenceMatch:
        key = (text, source)
        if key not in self._seen:
            self._seen[key] = normalise(text, source, self.kb)
        return self._seen[key]


_DDL = """
CREATE OR REPLACE TABLE licences (
    id         VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    url        VARCHAR,
    kind       VARCHAR NOT NULL,
    kb_version VARCHAR NOT NULL
);
CREATE OR REPLACE TABLE licence_flags (
    licence_id VARCHAR NOT NULL,
    flag       VARCHAR NOT NULL,
    value      BOOLEAN,
    evidence   VARCHAR NOT NULL,
    source_url VARCHAR,
    PRIMARY KEY (licence_id, flag)
);
CREATE OR REPLACE TABLE licence_strings (
    source     VARCHAR NOT NULL,
    raw_table  VARCHAR NOT NULL,
    field      VARCHAR NOT NULL,
    string     VARCHAR NOT NULL,
    n_rows     BIGINT NOT NULL,
    licence_id VARCHAR,
    method     VARCHAR NOT NULL,
    reason     VARCHAR,
    PRIMARY KEY (source, raw_table, field, string)
);
"""


def build_licence_tables(con: duckdb.DuckDBPyConnection, kb: KnowledgeBase | None = None) -> dict[str, int]:
    """Create (or replace) `licences`, `licence_flags` and `licence_strings`; returns their row counts."""
    kb = kb if kb is not None else load_kb()
    match = _Matcher(kb)
    strings = licence_inventory(con)
    string_rows: list[tuple[Any, ...]] = []
    expressions: dict[str, str] = {}
    for s in strings:
        m = match(s.string, s.source)
        string_rows.append((s.source, s.raw_table, s.field, s.string, s.n_rows, m.id, m.method, m.reason))
        if m.id is not None and m.expression is not None:
            expressions[m.id] = m.expression
    licence_rows: list[tuple[Any, ...]] = [
        (lic.id, lic.name, lic.url, str(lic.kind), kb.version) for lic in kb.licences
    ]
    flag_rows: list[tuple[Any, ...]] = [
        (lic.id, name, f.value, f.evidence, f.source) for lic in kb.licences for name, f in lic.flags.items()
    ]
    for expr_id, expr in sorted(expressions.items()):
        licence_rows.append((expr_id, expr, None, "expression", kb.version))
        combined = expression_flags(expr, kb)
        flag_rows += [(expr_id, name, combined[name].value, combined[name].evidence, None) for name in FLAG_NAMES]
    con.execute(_DDL)
    insert_rows(con, "licences", licence_rows)
    insert_rows(con, "licence_flags", flag_rows)
    insert_rows(con, "licence_strings", string_rows)
    return {"licences": len(licence_rows), "licence_flags": len(flag_rows), "licence_strings": len(string_rows)}

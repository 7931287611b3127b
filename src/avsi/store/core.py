"""The normalised core, derived in SQL from the raw tables: model releases, organisations, prices (USD per 1M
tokens), capability scores, openness judgements, lineage edges and compute clusters.

Each part runs only when the raw tables it reads were built (a build may load a subset of the sources), and every
core row keeps `_file` and `_row`, the provenance of the raw row it came from.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


# Epoch: four overlapping exports; one row per model, from the fullest file that has it.
EPOCH_RELEASES = """
INSERT INTO model_releases
WITH merged AS (
    SELECT model, organization, country_of_organization AS country, publication_date, parameters,
           open_model_weights, model_accessibility, training_compute_flop, training_compute_cost_2023_usd,
           hugging_face_developer_id, _file, _row, 1 AS pref FROM epoch_all_models
    UNION ALL BY NAME
    SELECT model, organization, country_of_organization AS country, publication_date, parameters,
           open_model_weights, model_accessibility, training_compute_flop, training_compute_cost_2023_usd,
           NULL AS hugging_face_developer_id, _file, _row, 2 AS pref FROM epoch_notable_models
    UNION ALL BY NAME
    SELECT model, organization, country_of_organization AS country, publication_date, parameters,
           NULL AS open_model_weights, model_accessibility, training_compute_flop,
           NULL AS training_compute_cost_2023_usd, NULL AS hugging_face_developer_id, _file, _row, 3 AS pref
    FROM epoch_large_scale_models
    UNION ALL BY NAME
    SELECT model, organization, country_of_organization AS country, publication_date, parameters,
           open_model_weights, model_accessibility, training_compute_flop, training_compute_cost_2023_usd,
           NULL AS hugging_face_developer_id, _file, _row, 4 AS pref FROM epoch_frontier_models
)
SELECT 'epoch', model, model, organization, country, publication_date, parameters, NULL,
       coalesce(open_model_weights,
                CASE WHEN model_accessibility IS NULL THEN NULL
                     ELSE model_accessibility LIKE 'Open weights%' END),
       model_accessibility, NULL, training_compute_flop, training_compute_cost_2023_usd,
       hugging_face_developer_id, _file, _row
FROM merged
QUALIFY row_number() OVER (PARTITION BY model ORDER BY pref, _row) = 1
"""

ORGANISATIONS = """
INSERT INTO organisations
SELECT source, organization, country, count(*) FROM model_releases
WHERE organization IS NOT NULL
GROUP BY ALL
"""

# (tables that must exist, SQL) in order; later parts may read what earlier ones wrote.
PARTS: list[tuple[tuple[str, ...], str]] = [
    (("epoch_all_models", "epoch_notable_models", "epoch_large_scale_models", "epoch_frontier_models"),
     EPOCH_RELEASES),
]  # fmt: skip

FINAL_PARTS: list[tuple[tuple[str, ...], str]] = [((), ORGANISATIONS)]


def build_core(con: duckdb.DuckDBPyConnection, log: Callable[[str], None] | None = None) -> None:
    """Fill the core tables from whatever raw tables this build loaded."""
    present = _tables(con)
    for needed, sql in PARTS + FINAL_PARTS:
        if all(t in present for t in needed):
            con.execute(sql)
        elif log:
            log(f"core: skipped a part needing {', '.join(t for t in needed if t not in present)}")

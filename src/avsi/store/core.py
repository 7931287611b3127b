"""The normalised core, derived in SQL from the raw tables: model releases, organisations, prices (USD per 1M
tokens), capability scores, openness judgements, lineage edges and compute clusters.

Each part runs only when the raw tables it reads were built (a build may load a subset of the sources), and every
core row keeps `_file` and `_row`, the provenance of the raw row it came from.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from avsi.store.rows import table_names

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
       coalesce(open_model_weights, CASE WHEN model_accessibility IS NULL THEN NULL
                                         ELSE model_accessibility LIKE 'Open weights%' END),
       model_accessibility, NULL, training_compute_flop, training_compute_cost_2023_usd,
       NULL, _file, _row  -- Epoch's "Hugging Face developer id" is a namespace, not a repo
FROM merged
QUALIFY row_number() OVER (PARTITION BY model ORDER BY pref, _row) = 1
"""

OPEN_FROM_EPOCH_ACCESS = (
    "CASE WHEN {a} IS NULL THEN NULL ELSE {a} LIKE 'Open weights%' END"  # Epoch's access classes, verbatim
)

ECI_RELEASES = f"""
INSERT INTO model_releases
SELECT 'eci', model_version, coalesce(model_name, display_name, model_version), organization, country, release_date,
       NULL, NULL, {OPEN_FROM_EPOCH_ACCESS.format(a="model_accessibility")}, model_accessibility, NULL,
       training_compute_flop, NULL, NULL, _file, _row
FROM eci_capabilities_index
"""

HF_LINK = "regexp_extract({col}, 'huggingface\\.co/([^/?#\\s]+/[^/?#\\s\"]+)', 1)"

MODELS_DEV_RELEASES = f"""
INSERT INTO model_releases
SELECT 'models_dev', lab_id || '/' || model_id, coalesce(name, model_id), lab_id, NULL, release_date, NULL, NULL,
       open_weights, CASE WHEN open_weights THEN 'open weights' WHEN NOT open_weights THEN 'closed' END, license,
       NULL, NULL, nullif({HF_LINK.format(col="CAST(weights AS VARCHAR)")}, ''), _file, _row
FROM models_dev_lab_models
"""

OSAI_RELEASES = """
INSERT INTO model_releases
SELECT 'osai', system_name, system_name, org_name, national_origin, system_releasedate, NULL, NULL,
       CASE weights_endmodel_class WHEN 'open' THEN true WHEN 'closed' THEN false END,
       'weights (end model): ' || weights_endmodel_class, system_endmodellicense, NULL, NULL, NULL, _file, _row
FROM osai_systems
"""

MOT_RELEASES = f"""
INSERT INTO model_releases
SELECT 'mot', file, name || coalesce(' ' || version, ''), producer, NULL, date, NULL, NULL, NULL, NULL,
       license_distribution, NULL, NULL, nullif({HF_LINK.format(col="huggingface")}, ''), _file, _row
FROM mot_models
"""

LLMFIT_RELEASES = """
INSERT INTO model_releases
SELECT 'llmfit', name, name, provider, NULL, release_date, parameters, active_parameters, true,
       'weights on Hugging Face', NULL, NULL, NULL, name, _file, _row
FROM llmfit_models
"""

# Prices, all converted to USD per 1M tokens.
LITELLM_PRICES = """
INSERT INTO prices
SELECT 'litellm', litellm_provider, model, NULL, input_cost_per_token * 1e6, output_cost_per_token * 1e6,
       cache_read_input_token_cost * 1e6, NULL, 'litellm current', _file, _row
FROM litellm_prices WHERE input_cost_per_token IS NOT NULL OR output_cost_per_token IS NOT NULL
UNION ALL
SELECT 'litellm', litellm_provider, model, NULL, input_cost_per_token * 1e6, output_cost_per_token * 1e6,
       cache_read_input_token_cost * 1e6, NULL, 'litellm ' || litellm_version, _file, _row
FROM litellm_price_history WHERE input_cost_per_token IS NOT NULL OR output_cost_per_token IS NOT NULL
"""

MODELS_DEV_PRICES = """
INSERT INTO prices
SELECT 'models_dev', provider_id, model_id, NULL, cost_input, cost_output, cost_cache_read, NULL, 'models.dev',
       _file, _row
FROM models_dev_models WHERE cost_input IS NOT NULL OR cost_output IS NOT NULL
"""

OPENROUTER_PRICES = """
INSERT INTO prices
SELECT 'openrouter', 'openrouter', id, NULL, price_prompt * 1e6, price_completion * 1e6,
       price_input_cache_read * 1e6, CAST(created AS DATE), 'openrouter', _file, _row
FROM openrouter_models WHERE price_prompt IS NOT NULL OR price_completion IS NOT NULL
"""

MODEL_PRICES_PRICES = """
INSERT INTO prices
SELECT 'model_prices', provider, model, tier, input, output, cache_read, CAST(valid_from AS DATE), 'model-prices',
       _file, _row
FROM model_prices_timeline WHERE input IS NOT NULL OR output IS NOT NULL
"""

GENAI_PRICES = """
INSERT INTO prices
SELECT 'genai_prices', provider_id, model_id, CASE WHEN "constraint" IS NOT NULL THEN 'conditional' END,
       input_mtok, output_mtok, cache_read_mtok, start_date, 'genai-prices', _file, _row
FROM genai_prices_models WHERE input_mtok IS NOT NULL OR output_mtok IS NOT NULL
"""

CAPABILITY = {
    "eci_capabilities_index": """
        SELECT 'eci', model_version, 'ECI', eci_score, release_date, _file, _row
        FROM eci_capabilities_index WHERE eci_score IS NOT NULL""",
    "eci_external_benchmarks": """
        SELECT 'eci', model_version, benchmark, score, NULL, _file, _row
        FROM eci_external_benchmarks WHERE score IS NOT NULL AND model_version IS NOT NULL""",
    "eci_benchmark_runs": """
        SELECT 'eci', model, task, best_score, NULL, _file, _row
        FROM eci_benchmark_runs WHERE best_score IS NOT NULL AND task IS NOT NULL""",
    "lmarena_text": """
        SELECT 'lmarena', model, 'LMArena text', arena_score, snapshot, _file, _row
        FROM lmarena_text WHERE arena_score IS NOT NULL""",
    "lmarena_vision": """
        SELECT 'lmarena', model, 'LMArena vision', arena_score, snapshot, _file, _row
        FROM lmarena_vision WHERE arena_score IS NOT NULL""",
    "lmarena_image": """
        SELECT 'lmarena', model, 'LMArena text-to-image', arena_score, snapshot, _file, _row
        FROM lmarena_image WHERE arena_score IS NOT NULL""",
    "open_llm_leaderboard_v1": """
        SELECT 'open_llm_leaderboard', model, 'Open LLM Leaderboard v1 average', average, snapshot, _file, _row
        FROM open_llm_leaderboard_v1 WHERE average IS NOT NULL""",
    "open_llm_leaderboard_v2": """
        SELECT 'open_llm_leaderboard', model_name, 'Open LLM Leaderboard v2 average', model_average_score, snapshot,
               _file, _row
        FROM open_llm_leaderboard_v2 WHERE model_average_score IS NOT NULL AND model_name IS NOT NULL""",
}

OSAI_DIMENSIONS = (
    "datasources_basemodel", "datasources_endmodel", "weights_basemodel", "weights_endmodel", "trainingcode", "code",
    "hardware_architecture", "preprint", "paper", "modelcard", "datasheet", "licenses",
)  # fmt: skip

OSAI_JUDGEMENTS = "INSERT INTO openness_judgements\n" + "\nUNION ALL\n".join(
    f"SELECT 'osai', system_name, org_name, '{d}', {d}_class, "
    f"nullif(concat_ws(' | ', {d}_link, {d}_notes), ''), _file, _row FROM osai_systems"
    for d in OSAI_DIMENSIONS
)

MOT_JUDGEMENTS = """
INSERT INTO openness_judgements
SELECT 'mot', coalesce(c.model, m.name), m.producer, c.component, c.license, c.location, c._file, c._row
FROM mot_components c LEFT JOIN mot_models m USING (file)
"""

LINEAGE = {
    "hf_models": """
        SELECT 'hf', id, parent.unnest, base_model_relation, _file, _row
        FROM hf_models, unnest(CAST(base_models AS VARCHAR[])) AS parent
        WHERE base_models IS NOT NULL""",
    "open_llm_leaderboard_v2": """
        SELECT 'open_llm_leaderboard', model_name, metadata_base_model,
               CASE WHEN features_is_merged THEN 'merge' WHEN model_weight_type = 'Adapter' THEN 'adapter' END,
               _file, _row
        FROM open_llm_leaderboard_v2
        WHERE metadata_base_model IS NOT NULL AND model_name IS NOT NULL AND metadata_base_model <> model_name""",
    "models_dev_models": """
        SELECT 'models_dev', provider_id || '/' || model_id, base_model, NULL, _file, _row
        FROM models_dev_models WHERE base_model IS NOT NULL""",
    "epoch_all_models": """
        SELECT 'epoch', model, base_model, NULL, _file, _row
        FROM epoch_all_models WHERE base_model IS NOT NULL""",
}

CLUSTERS = """
INSERT INTO compute_clusters
SELECT name, owner, country, sector, status, first_operational_date, h100_equivalents, power_capacity_mw,
       chip_type_primary, chip_quantity_primary, _file, _row
FROM epoch_gpu_clusters
"""

ORGANISATIONS = """
INSERT INTO organisations
SELECT source, organization, country, count(*) FROM model_releases
WHERE organization IS NOT NULL
GROUP BY ALL
"""


def _insert(table: str, selects: dict[str, str]) -> list[tuple[tuple[str, ...], str]]:
    return [((raw,), f"INSERT INTO {table}\n{sql}") for raw, sql in selects.items()]


# (raw tables that must exist, SQL), in order; later parts may read what earlier ones wrote.
PARTS: list[tuple[tuple[str, ...], str]] = [
    (("epoch_all_models", "epoch_notable_models", "epoch_large_scale_models", "epoch_frontier_models"),
     EPOCH_RELEASES),
    (("eci_capabilities_index",), ECI_RELEASES),
    (("models_dev_lab_models",), MODELS_DEV_RELEASES),
    (("osai_systems",), OSAI_RELEASES),
    (("mot_models",), MOT_RELEASES),
    (("llmfit_models",), LLMFIT_RELEASES),
    (("litellm_prices", "litellm_price_history"), LITELLM_PRICES),
    (("models_dev_models",), MODELS_DEV_PRICES),
    (("openrouter_models",), OPENROUTER_PRICES),
    (("model_prices_timeline",), MODEL_PRICES_PRICES),
    (("genai_prices_models",), GENAI_PRICES),
    *_insert("capability_scores", CAPABILITY),
    (("osai_systems",), OSAI_JUDGEMENTS),
    (("mot_components", "mot_models"), MOT_JUDGEMENTS),
    *_insert("lineage_edges", LINEAGE),
    (("epoch_gpu_clusters",), CLUSTERS),
    ((), ORGANISATIONS),
]  # fmt: skip


def build_core(con: duckdb.DuckDBPyConnection, log: Callable[[str], None] | None = None) -> None:
    """Fill the core tables from whatever raw tables this build loaded."""
    present = table_names(con)
    for needed, sql in PARTS:
        if all(t in present for t in needed):
            con.execute(sql)
        elif log:
            log(f"core: skipped a part needing {', '.join(t for t in needed if t not in present)}")

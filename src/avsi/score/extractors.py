"""Where each indicator's raw values are in the database: one SQL query per extractor, and how rows combine.

Every query gives rows of (model_id, text, number, source, field, evidence, priority): a text value is mapped through
the indicator's `levels` table, a number is used as it is. Where several rows give a value for one model, `combine`
says how they become one: the row with the lowest priority (the most trusted source), or the lowest / highest number
(e.g. the cheapest price over all price lists). The methodology file names the extractor of each indicator; the SQL
here only says where the data are. `extract.py` runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Combine = Literal["first", "min", "max"]

# Canonical model id for a source's name.
_ALIAS = "JOIN model_aliases a ON a.source = '{source}' AND a.name = {name} AND a.model_id IS NOT NULL"

_OSAI_CLASS = """
    SELECT a.model_id, lower(s.{column}) AS text, NULL::DOUBLE AS num, 'osai' AS source,
           'osai_systems.{column}' AS field, 'osai_systems row ' || s._row AS evidence, 1 AS priority
    FROM osai_systems s JOIN model_aliases a ON a.source = 'osai' AND a.name = s.system_name
    WHERE a.model_id IS NOT NULL AND lower(s.{column}) IN ('open', 'partial', 'closed')"""

# The Model Openness Tool counts a component as released when it carries a licence, as the Model Openness Framework
# requires; "unlicensed", "Undisclosed", "Component not included", "Proprietary" or no licence do not count.
MOT_RELEASED = (
    "c.license IS NOT NULL AND c.license NOT ILIKE 'unlicensed' AND c.license NOT ILIKE '%undisclosed%' "
    "AND c.license NOT ILIKE '%not include%' AND c.license NOT ILIKE 'proprietary%'"
)
_MOT_COMPONENT = (
    """
    SELECT a.model_id,
           CASE WHEN EXISTS (SELECT 1 FROM mot_components c WHERE c.model = m.name AND c.component IN ({components})
                             AND """
    + MOT_RELEASED.replace("{", "{{").replace("}", "}}")
    + """)
                THEN 'open' ELSE 'closed' END AS text,
           NULL::DOUBLE AS num, 'mot' AS source, 'mot_components.component' AS field,
           'mot_models row ' || m._row || ' (' || m.name || ')' AS evidence, 2 AS priority
    FROM mot_models m JOIN model_aliases a ON a.source = 'mot' AND a.name = m.name
    WHERE a.model_id IS NOT NULL"""
)

# The licence candidates of each model (every licence string that mapped, by trust), with the knowledge-base flags.
_LICENCE_CANDIDATES = """
    SELECT e.model_id, e.licence_id, e.source, e.priority,
           e.source || ': ' || e.string || coalesce(' (' || e.where_found || ')', '') AS evidence
    FROM model_licence_evidence e WHERE e.licence_id IS NOT NULL"""

_LICENCE_FLAG = f"""
    SELECT c.model_id, lower(f.value::VARCHAR) AS text, NULL::DOUBLE AS num, c.source,
           'licence_flags.{{flag}} of ' || c.licence_id AS field, c.evidence, c.priority
    FROM ({_LICENCE_CANDIDATES}) c JOIN licence_flags f ON f.licence_id = c.licence_id AND f.flag = '{{flag}}'
    WHERE f.value IS NOT NULL"""

_BLENDED = """
    SELECT a.model_id, p.source, p.provider, p._row,
           greatest(? * p.input_usd_per_mtok + (1 - ?) * p.output_usd_per_mtok, ?) AS blended
    FROM prices p JOIN model_aliases a ON a.source = p.source AND a.name = p.model AND a.model_id IS NOT NULL
    WHERE p.input_usd_per_mtok IS NOT NULL AND p.output_usd_per_mtok IS NOT NULL
      AND (p.input_usd_per_mtok > 0 OR p.output_usd_per_mtok > 0)  -- 0/0 is a free preview or a gap, not a price
      AND coalesce(p.tier, 'standard') = 'standard'"""

_ECI = """
    SELECT a.model_id, max(c.score) AS eci, any_value(c._row) AS row
    FROM capability_scores c JOIN model_aliases a ON a.source = 'eci' AND a.name = c.model AND a.model_id IS NOT NULL
    WHERE c.source = 'eci' AND c.benchmark = 'ECI' GROUP BY a.model_id"""

_EPOCH_ACCESS = """
    CASE e.model_accessibility
        WHEN 'Open weights (unrestricted)' THEN 'open_unrestricted'
        WHEN 'Open weights (restricted use)' THEN 'open_restricted'
        WHEN 'Open weights (non-commercial)' THEN 'open_non_commercial'
        WHEN 'API access' THEN 'api'
        WHEN 'Hosted access (no API)' THEN 'hosted'
        WHEN 'Unreleased' THEN 'unreleased' END"""


@dataclass(frozen=True)
class Extractor:
    sql: str
    needs: tuple[str, ...]
    combine: Combine = "first"
    params: tuple[str, ...] = ()  # methodology parameters bound to the query's `?`, in order


def _licence_flag(flag: str) -> Extractor:
    return Extractor(_LICENCE_FLAG.format(flag=flag), ("model_licence_evidence", "licence_flags"))


EXTRACTORS: dict[str, Extractor] = {
    "accessibility": Extractor(
        f"""
        SELECT a.model_id, {_EPOCH_ACCESS} AS text, NULL::DOUBLE, 'epoch', 'epoch_all_models.model_accessibility',
               'epoch_all_models row ' || e._row, 1
        FROM epoch_all_models e {_ALIAS.format(source="epoch", name="e.model")}
        WHERE e.model_accessibility IS NOT NULL
        UNION ALL
        SELECT a.model_id, CASE lower(s.weights_endmodel_class) WHEN 'open' THEN 'open' WHEN 'partial' THEN
               'open_partial' ELSE 'closed' END, NULL, 'osai', 'osai_systems.weights_endmodel_class',
               'osai_systems row ' || s._row, 2
        FROM osai_systems s {_ALIAS.format(source="osai", name="s.system_name")}
        WHERE s.weights_endmodel_class IS NOT NULL
        UNION ALL
        SELECT a.model_id, CASE WHEN bool_or(m.open_weights) THEN 'open' ELSE 'api' END, NULL, 'models_dev',
               'models_dev_models.open_weights', 'models_dev_models rows ' || string_agg(m._row::VARCHAR, ',')[:60], 3
        FROM models_dev_models m {_ALIAS.format(source="models_dev", name="m.model_id")}
        WHERE m.open_weights IS NOT NULL GROUP BY a.model_id
        UNION ALL
        SELECT a.model_id, CASE WHEN EXISTS (SELECT 1 FROM mot_components c WHERE c.model = m.name
               AND c.component = 'Model parameters (Final)' AND {MOT_RELEASED}) THEN 'open' ELSE 'closed' END,
               NULL, 'mot',
               'mot_components.component', 'mot_models row ' || m._row, 4
        FROM mot_models m {_ALIAS.format(source="mot", name="m.name")}""",
        ("epoch_all_models", "osai_systems", "models_dev_models", "mot_models", "mot_components"),
    ),
    "licence_openness": Extractor(
        f"""
        SELECT c.model_id, NULL, 100.0 * avg(CASE
                   WHEN f.flag IN ('commercial_use', 'derivatives', 'redistribution', 'osi_approved')
                   THEN f.value::INT ELSE 1 - f.value::INT END), c.source, 'licence_flags of ' || c.licence_id,
               any_value(c.evidence), min(c.priority)
        FROM ({_LICENCE_CANDIDATES}) c JOIN licence_flags f ON f.licence_id = c.licence_id
        WHERE f.value IS NOT NULL AND f.flag IN ('commercial_use', 'derivatives', 'redistribution', 'osi_approved',
              'use_restrictions', 'user_cap', 'geographic_exclusion', 'output_restrictions')
        GROUP BY c.model_id, c.source, c.licence_id""",
        ("model_licence_evidence", "licence_flags"),
    ),
    "training_code": Extractor(
        _OSAI_CLASS.format(column="trainingcode_class")
        + " UNION ALL "
        + _MOT_COMPONENT.format(components="'Training code'")
        + f"""
        UNION ALL
        SELECT a.model_id, CASE e.training_code_accessibility WHEN 'Open source' THEN 'open'
               WHEN 'Unreleased' THEN 'closed' ELSE 'open_restricted' END, NULL, 'epoch',
               'epoch_all_models.training_code_accessibility', 'epoch_all_models row ' || e._row, 3
        FROM epoch_all_models e {_ALIAS.format(source="epoch", name="e.model")}
        WHERE e.training_code_accessibility IS NOT NULL""",
        ("osai_systems", "mot_models", "mot_components", "epoch_all_models"),
    ),
    "training_data": Extractor(
        _OSAI_CLASS.format(column="datasources_basemodel_class")
        + " UNION ALL "
        + _MOT_COMPONENT.format(components="'Datasets'")
        + f"""
        UNION ALL
        SELECT a.model_id, 'partial', NULL, 'hf', 'hf_models.card_data.datasets',
               'hf_models ' || any_value(h.id) || ' names its training datasets', 3
        FROM hf_models h {_ALIAS.format(source="hf", name="h.id")}
        WHERE json_array_length(h.card_data -> '$.datasets') > 0 GROUP BY a.model_id""",
        ("osai_systems", "mot_models", "mot_components", "hf_models"),
    ),
    "blended_price": Extractor(
        f"""
        SELECT model_id, NULL, min(blended), source, 'prices.input_usd_per_mtok, prices.output_usd_per_mtok',
               'cheapest in ' || source || ': ' || arg_min(provider || ' (prices row ' || _row || ')', blended), 1
        FROM ({_BLENDED}) GROUP BY model_id, source""",
        ("prices", "model_aliases"),
        combine="min",
        params=("price_input_share", "price_input_share", "price_floor_usd_per_mtok"),
    ),
    "price_per_capability": Extractor(
        f"""
        SELECT b.model_id, NULL, min(b.blended) / any_value(e.eci), 'eci', 'prices / capability_scores.ECI',
               'cheapest ' || arg_min(b.source || ' ' || b.provider, b.blended) || ' / ECI '
               || round(any_value(e.eci), 1), 1
        FROM ({_BLENDED}) b JOIN ({_ECI}) e USING (model_id) WHERE e.eci > 0 GROUP BY b.model_id""",
        ("prices", "capability_scores"),
        params=("price_input_share", "price_input_share", "price_floor_usd_per_mtok"),
    ),
    "self_host_memory": Extractor(
        f"""
        WITH measured AS (
            SELECT a.model_id, min(l.min_vram_gb) AS gb, 'llmfit' AS source, 'llmfit_models.min_vram_gb' AS field,
                   'llmfit_models ' || any_value(l.name) AS evidence, 1 AS priority
            FROM llmfit_models l {_ALIAS.format(source="llmfit", name="l.name")}
            WHERE l.min_vram_gb > 0 GROUP BY a.model_id
            UNION ALL
            SELECT id, parameters * 0.5 * ? / 1e9, origin_source, 'models.parameters (4-bit: 0.5 byte each)',
                   'parameters ' || parameters::BIGINT, 2
            FROM models WHERE open_weights AND parameters > 0)
        SELECT model_id, NULL, gb, source, field, evidence, priority FROM measured
        UNION ALL
        SELECT id, NULL, (SELECT max(gb) FROM measured), 'closed_weights', 'models.open_weights',
               'closed weights: cannot be self-hosted (worst observed value)', 3
        FROM models WHERE open_weights = false""",
        ("llmfit_models", "models"),
        params=("self_host_overhead",),
    ),
    "active_parameters": Extractor(
        """
        SELECT id, NULL, active_parameters, origin_source, 'models.active_parameters',
               'active parameters ' || active_parameters::BIGINT, 1
        FROM models WHERE active_parameters > 0""",
        ("models",),
    ),
    "capability_per_compute": Extractor(
        f"""
        WITH pairs AS (
            SELECT e.model_id, e.eci, log10(max(r.training_compute_flop)) AS lc
            FROM ({_ECI}) e JOIN model_aliases a ON a.model_id = e.model_id AND a.source = 'epoch'
            JOIN model_releases r ON r.source = 'epoch' AND r.name = a.name
            WHERE r.training_compute_flop > 0 GROUP BY e.model_id, e.eci),
        fit AS (SELECT regr_slope(eci, lc) AS slope, regr_intercept(eci, lc) AS intercept FROM pairs)
        SELECT model_id, NULL, eci - (intercept + slope * lc), 'eci', 'ECI vs log10 training FLOP',
               'ECI ' || round(eci, 1) || ' at 10^' || round(lc, 2) || ' FLOP', 1
        FROM pairs, fit""",
        ("capability_scores", "model_releases"),
    ),
    "derivatives": Extractor(
        """
        SELECT model_id, NULL, derivatives, 'hub', 'hub_model_derivatives.derivatives',
               'hub lineage of ' || hf_repo, 1
        FROM hub_model_derivatives WHERE model_id IS NOT NULL
        UNION ALL
        SELECT m.model_id, NULL, count(DISTINCT l.child), 'hf', 'lineage_edges.parent',
               'lineage_edges (' || string_agg(DISTINCT l.source, ', ') || ')', 2
        FROM (SELECT DISTINCT model_id, name FROM model_aliases WHERE source = 'hf' AND model_id IS NOT NULL) m
        LEFT JOIN lineage_edges l ON l.parent = m.name
        GROUP BY m.model_id""",
        ("hub_model_derivatives", "lineage_edges", "model_aliases"),
    ),
    "sector_spread": Extractor(
        """
        SELECT model_id, NULL, sectors, 'hub', 'hub_model_derivatives.sectors', 'hub derivatives of ' || hf_repo, 1
        FROM hub_model_derivatives WHERE model_id IS NOT NULL AND derivatives > 0""",
        ("hub_model_derivatives",),
    ),
    "inference_providers": Extractor(
        """
        SELECT a.model_id, NULL, count(DISTINCT lower(p.provider)), 'prices', 'prices.provider',
               string_agg(DISTINCT lower(p.provider), ', ')[:200], 1
        FROM prices p JOIN model_aliases a ON a.source = p.source AND a.name = p.model AND a.model_id IS NOT NULL
        WHERE p.provider IS NOT NULL GROUP BY a.model_id""",
        ("prices",),
    ),
    "downloads": Extractor(
        f"""
        SELECT a.model_id, NULL, sum(h.downloads), 'hf', 'hf_models.downloads',
               string_agg(h.id, ', ')[:200], 1
        FROM hf_models h {_ALIAS.format(source="hf", name="h.id")}
        WHERE h.downloads IS NOT NULL GROUP BY a.model_id
        UNION ALL
        SELECT a.model_id, NULL, max(l.hf_downloads), 'llmfit', 'llmfit_models.hf_downloads',
               'llmfit_models ' || any_value(l.name), 2
        FROM llmfit_models l {_ALIAS.format(source="llmfit", name="l.name")}
        WHERE l.hf_downloads IS NOT NULL GROUP BY a.model_id""",
        ("hf_models", "llmfit_models"),
    ),
    "model_card": Extractor(
        _OSAI_CLASS.format(column="modelcard_class")
        + " UNION ALL "
        + _MOT_COMPONENT.format(components="'Model card'")
        + f"""
        UNION ALL
        SELECT a.model_id, 'open', NULL, 'hf', 'hf_models.card_data', 'hf_models ' || any_value(h.id), 3
        FROM hf_models h {_ALIAS.format(source="hf", name="h.id")}
        WHERE h.card_data IS NOT NULL GROUP BY a.model_id""",
        ("osai_systems", "mot_models", "mot_components", "hf_models"),
    ),
    "technical_report": Extractor(
        """
        SELECT a.model_id, CASE WHEN 'open' IN (lower(s.paper_class), lower(s.preprint_class)) THEN 'open'
               WHEN 'partial' IN (lower(s.paper_class), lower(s.preprint_class)) THEN 'partial' ELSE 'closed' END,
               NULL, 'osai', 'osai_systems.paper_class, preprint_class', 'osai_systems row ' || s._row, 1
        FROM osai_systems s JOIN model_aliases a ON a.source = 'osai' AND a.name = s.system_name
        WHERE a.model_id IS NOT NULL AND coalesce(s.paper_class, s.preprint_class) IS NOT NULL
        UNION ALL """
        + _MOT_COMPONENT.format(components="'Technical report', 'Research paper'")
        + f"""
        UNION ALL
        SELECT a.model_id, 'open', NULL, 'epoch', 'epoch_all_models.reference',
               'epoch_all_models row ' || e._row || ': ' || e.reference[:80], 3
        FROM epoch_all_models e {_ALIAS.format(source="epoch", name="e.model")}
        WHERE e.reference IS NOT NULL""",
        ("osai_systems", "mot_models", "mot_components", "epoch_all_models"),
    ),
    "data_documentation": Extractor(
        _OSAI_CLASS.format(column="datasheet_class") + " UNION ALL " + _MOT_COMPONENT.format(components="'Data card'"),
        ("osai_systems", "mot_models", "mot_components"),
    ),
    "evaluation_disclosure": Extractor(
        _MOT_COMPONENT.format(components="'Evaluation results'").replace("2 AS priority", "1 AS priority")
        + f"""
        UNION ALL
        SELECT DISTINCT a.model_id, 'partial', NULL::DOUBLE, 'eci', 'capability_scores (eci benchmarks)',
               'benchmark results reported by Epoch', 2
        FROM capability_scores c {_ALIAS.format(source="eci", name="c.model")} WHERE c.source = 'eci'""",
        ("mot_models", "mot_components", "capability_scores"),
    ),
    "governance_regime": Extractor(
        """
        SELECT m.id, g.level, NULL, 'legislation', 'legislation_frameworks', g.evidence, 1
        FROM models m JOIN country_facts g ON g.code = split_part(m.country, ' / ', 1)
        WHERE g.level IS NOT NULL""",
        ("models", "country_facts"),
    ),
    "api_only": Extractor(
        """
        SELECT m.id, CASE WHEN m.open_weights THEN 'open_weights'
               WHEN EXISTS (SELECT 1 FROM prices p JOIN model_aliases a ON a.source = p.source AND a.name = p.model
                            WHERE a.model_id = m.id) THEN 'closed_paid_api' ELSE 'closed_no_api' END,
               NULL, m.origin_source, 'models.open_weights, prices', 'open_weights ' || m.open_weights, 1
        FROM models m WHERE m.open_weights IS NOT NULL""",
        ("models", "prices"),
    ),
    "proprietary_terms": Extractor(
        f"""
        SELECT c.model_id, CASE WHEN l.kind = 'proprietary' THEN 'proprietary'
               WHEN bool_or(f.flag = 'output_restrictions' AND f.value)
                    OR bool_or(f.flag = 'commercial_use' AND NOT f.value) THEN 'restrictive_custom'
               ELSE 'open_terms' END, NULL, c.source, 'licences.kind, licence_flags of ' || c.licence_id,
               any_value(c.evidence), min(c.priority)
        FROM ({_LICENCE_CANDIDATES}) c JOIN licences l ON l.id = c.licence_id
        LEFT JOIN licence_flags f ON f.licence_id = c.licence_id
        GROUP BY c.model_id, c.source, c.licence_id, l.kind""",
        ("model_licence_evidence", "licence_flags", "licences"),
    ),
    "training_cost": Extractor(
        f"""
        SELECT a.model_id, NULL, max(r.training_cost_usd), 'epoch', 'epoch_all_models.training_compute_cost_2023_usd',
               'model_releases row ' || any_value(r._row), 1
        FROM model_releases r {_ALIAS.format(source="epoch", name="r.name")}
        WHERE r.source = 'epoch' AND r.training_cost_usd > 0 GROUP BY a.model_id""",
        ("model_releases",),
    ),
    "lab_funding": Extractor(
        """
        SELECT mo.model_id, NULL, sum(f.funding_equity), 'epoch_infrastructure',
               'epoch_ai_companies_funding_rounds.funding_equity',
               f.company || ': ' || count(*) || ' funding rounds', 1
        FROM model_organisations mo JOIN epoch_ai_companies_funding_rounds f ON lower(f.company) = lower(mo.name)
        WHERE f.funding_equity > 0 AND mo.position = 0 GROUP BY mo.model_id, f.company""",
        ("model_organisations", "epoch_ai_companies_funding_rounds"),
    ),
    "price_premium": Extractor(
        f"""
        SELECT b.model_id, NULL,
               min(b.blended) / (? * any_value(m.active_parameters) * 1e6 / ? / 3600 * ?),
               'prices', 'prices / serving cost from models.active_parameters',
               'cheapest ' || arg_min(b.source || ' ' || b.provider, b.blended) || ' vs serving cost of '
               || round(any_value(m.active_parameters) / 1e9, 1) || 'B active parameters', 1
        FROM ({_BLENDED}) b JOIN models m ON m.id = b.model_id WHERE m.active_parameters > 0
        GROUP BY b.model_id""",
        ("prices", "models"),
        params=(
            "serving_flop_per_active_parameter",
            "serving_gpu_flop_per_second",
            "serving_gpu_usd_per_hour",
            "price_input_share",
            "price_input_share",
            "price_floor_usd_per_mtok",
        ),
    ),
    "training_compute": Extractor(
        f"""
        SELECT a.model_id, NULL, max(r.training_compute_flop), 'epoch', 'epoch_all_models.training_compute_flop',
               'model_releases row ' || any_value(r._row), 1
        FROM model_releases r {_ALIAS.format(source="epoch", name="r.name")}
        WHERE r.source = 'epoch' AND r.training_compute_flop > 0 GROUP BY a.model_id""",
        ("model_releases",),
    ),
    "parameters": Extractor(
        """
        SELECT id, NULL, parameters, origin_source, 'models.parameters', 'parameters ' || parameters::BIGINT, 1
        FROM models WHERE parameters > 0""",
        ("models",),
    ),
    "training_hardware": Extractor(
        f"""
        SELECT a.model_id, NULL, max(e.hardware_quantity), 'epoch', 'epoch_all_models.hardware_quantity',
               'epoch_all_models row ' || any_value(e._row) || ': ' || coalesce(any_value(e.training_hardware), ''), 1
        FROM epoch_all_models e {_ALIAS.format(source="epoch", name="e.model")}
        WHERE e.hardware_quantity > 0 GROUP BY a.model_id""",
        ("epoch_all_models",),
    ),
    "frontier": Extractor(
        f"""
        SELECT a.model_id, CASE WHEN bool_or(e.frontier_model) OR bool_or(e.model IN
               (SELECT model FROM epoch_frontier_models)) THEN 'frontier' ELSE 'not_frontier' END, NULL, 'epoch',
               'epoch_all_models.frontier_model, epoch_frontier_models', 'epoch_all_models row ' || any_value(e._row),
               1
        FROM epoch_all_models e {_ALIAS.format(source="epoch", name="e.model")} GROUP BY a.model_id""",
        ("epoch_all_models", "epoch_frontier_models"),
    ),
    "country_gpu_capacity": Extractor(
        """
        SELECT m.id, NULL, g.h100e, 'epoch_infrastructure', 'compute_clusters.h100_equivalents',
               g.clusters || ' existing clusters in ' || g.code, 1
        FROM models m JOIN country_facts g ON g.code = split_part(m.country, ' / ', 1)
        WHERE g.h100e IS NOT NULL""",
        ("models", "country_facts"),
    ),
    "licence_flag_use_restrictions": _licence_flag("use_restrictions"),
    "licence_flag_user_cap": _licence_flag("user_cap"),
    "licence_flag_geographic_exclusion": _licence_flag("geographic_exclusion"),
    "licence_flag_output_restrictions": _licence_flag("output_restrictions"),
    "licence_flag_derivatives": _licence_flag("derivatives"),
    "provider_exclusivity": Extractor(
        """
        SELECT a.model_id, NULL, 100.0 / count(DISTINCT lower(p.provider)), 'prices', 'prices.provider',
               count(DISTINCT lower(p.provider)) || ' providers', 1
        FROM prices p JOIN model_aliases a ON a.source = p.source AND a.name = p.model AND a.model_id IS NOT NULL
        WHERE p.provider IS NOT NULL GROUP BY a.model_id""",
        ("prices",),
    ),
    "derivatives_by_others": Extractor(
        """
        SELECT model_id, NULL, by_other_orgs, 'hub', 'hub_model_derivatives.by_other_orgs',
               'hub lineage of ' || hf_repo, 1
        FROM hub_model_derivatives WHERE model_id IS NOT NULL""",
        ("hub_model_derivatives",),
    ),
}

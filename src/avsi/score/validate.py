"""Agreement of the Accessible score with expert openness indices, each index left out of the inputs.

The European Open Source AI Index (OSAI) grades 14 openness dimensions of a system open / partial / closed; its own
ranking adds them up (open 1, partial 0.5, closed 0), which is the reference here. The Model Openness Tool (MOT) lists
the 17 components of the Model Openness Framework a model releases; the reference is the share released, and the
framework's class (III open model, II open tooling, I open science) reached. For each index, the Accessible score and
its sub-scores are recomputed without any value that came from that index, then compared by Spearman and Kendall
rank correlation; the largest disagreements are listed with the evidence behind both sides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import numpy as np
from scipy import stats

from avsi.score.compute import nominal_scores, pick_values
from avsi.score.extract import MOT_RELEASED, extract_raw
from avsi.score.methodology import DIMENSIONS, Methodology, default_methodology
from avsi.store import open_database
from avsi.store.rows import table_names

OSAI_CLASSES = (
    "datasources_basemodel", "datasources_endmodel", "weights_basemodel", "weights_endmodel", "trainingcode", "code",
    "hardware_architecture", "preprint", "paper", "modelcard", "datasheet", "licenses",
)  # fmt: skip
MOF_CLASS_III = ("Model architecture", "Model parameters (Final)", "Technical report", "Evaluation results",
                 "Model card", "Data card", "Sample model outputs")  # fmt: skip
MOF_CLASS_II = ("Training code", "Inference code", "Evaluation code", "Evaluation data",
                "Supporting libraries and tools")  # fmt: skip
MOF_CLASS_I = ("Research paper", "Datasets", "Data preprocessing code", "Model parameters (Intermediate)",
               "Model metadata")  # fmt: skip


def _osai_reference(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, str]]:
    grade = "CASE lower({c}_class) WHEN 'open' THEN 1 WHEN 'partial' THEN 0.5 WHEN 'closed' THEN 0 END"
    value = " + ".join(grade.format(c=c) for c in OSAI_CLASSES)
    graded = " + ".join(f"CASE WHEN lower({c}_class) IN ('open', 'partial', 'closed') THEN 1 ELSE 0 END"
                        for c in OSAI_CLASSES)  # fmt: skip
    rows = con.execute(
        f"""SELECT a.model_id, avg(({value}) / nullif({graded}, 0)), any_value(s.system_name)
            FROM osai_systems s JOIN model_aliases a ON a.source = 'osai' AND a.name = s.system_name
            WHERE a.model_id IS NOT NULL GROUP BY a.model_id"""
    ).fetchall()
    return {m: (float(v) * 100, f"OSAI {name}: {v * 100:.0f}% of graded dimensions open")
            for m, v, name in rows if v is not None}  # fmt: skip


def _mot_reference(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[float, str]]:
    rows = con.execute(
        """SELECT a.model_id, any_value(m.name), list(DISTINCT c.component)
           FROM mot_models m JOIN model_aliases a ON a.source = 'mot' AND a.name = m.name
           LEFT JOIN mot_components c ON c.model = m.name AND """
        + MOT_RELEASED
        + """
           WHERE a.model_id IS NOT NULL GROUP BY a.model_id"""
    ).fetchall()
    out: dict[str, tuple[float, str]] = {}
    every = (*MOF_CLASS_III, *MOF_CLASS_II, *MOF_CLASS_I)
    for model_id, name, components in rows:
        have = {c for c in components or [] if c}
        share = len(have & set(every)) / len(every)
        level = 0
        for required in (MOF_CLASS_III, MOF_CLASS_II, MOF_CLASS_I):
            if not set(required) <= have:
                break
            level += 1
        label = {0: "no class", 1: "Class III", 2: "Class II", 3: "Class I"}[level]
        out[model_id] = (share * 100, f"MOT {name}: {len(have & set(every))}/{len(every)} components, {label}")
    return out


def validate_against(
    con: duckdb.DuckDBPyConnection, methodology: Methodology, reference: str, worst: int = 10
) -> dict[str, Any]:
    """Accessible (and each Accessible indicator) against one expert index, recomputed without that index."""
    ids = [r[0] for r in con.execute("SELECT id FROM models ORDER BY id").fetchall()]
    ref = _osai_reference(con) if reference == "osai" else _mot_reference(con)
    table = pick_values(extract_raw(con, methodology), ids, methodology, exclude_sources=frozenset({reference}))
    scores, x = nominal_scores(table, methodology)
    acc = scores.dimensions[:, DIMENSIONS.index("accessible")]
    index = {m: i for i, m in enumerate(ids)}
    pairs = [(index[m], v) for m, (v, _) in ref.items() if m in index and not np.isnan(acc[index[m]])]
    result: dict[str, Any] = {
        "reference": reference,
        "left_out_source": reference,
        "models_in_reference": len(ref),
        "models_compared": len(pairs),
    }
    if len(pairs) < 3:
        return result | {"spearman": None, "kendall": None, "sub_scores": {}, "largest_disagreements": []}
    rows = np.array([p[0] for p in pairs])
    truth = np.array([p[1] for p in pairs])
    ours = acc[rows]
    result["spearman"] = round(float(stats.spearmanr(ours, truth).statistic), 4)
    result["kendall"] = round(float(stats.kendalltau(ours, truth).statistic), 4)
    sub: dict[str, Any] = {}
    for j, ind in enumerate(methodology.indicators):
        if ind.dimension != "accessible":
            continue
        col = x[rows, j]
        ok = ~np.isnan(col)
        if ok.sum() >= 3 and np.ptp(col[ok]) > 0 and np.ptp(truth[ok]) > 0:
            rho = float(stats.spearmanr(col[ok], truth[ok]).statistic)
            tau = float(stats.kendalltau(col[ok], truth[ok]).statistic)
            sub[ind.id] = {"n": int(ok.sum()), "spearman": round(rho, 4), "kendall": round(tau, 4)}
        else:
            sub[ind.id] = {"n": int(ok.sum()), "spearman": None, "kendall": None}
    result["sub_scores"] = sub
    # Disagreement: the gap between the two percentile ranks.
    ours_pct = stats.rankdata(ours) / len(ours) * 100
    truth_pct = stats.rankdata(truth) / len(truth) * 100
    gap = ours_pct - truth_pct
    names = dict(con.execute("SELECT id, name FROM models").fetchall())
    out = []
    for k in np.argsort(-np.abs(gap))[:worst]:
        i = int(rows[k])
        model_id = ids[i]
        evidence = [
            {"indicator": ind.id, "source": table.source[j][i], "field": table.field[j][i], "value": table.raw[j][i],
             "normalised": None if np.isnan(x[i, j]) else round(float(x[i, j]), 1)}
            for j, ind in enumerate(methodology.indicators)
            if ind.dimension == "accessible" and not np.isnan(table.values[i, j])
        ]  # fmt: skip
        out.append({
            "id": model_id, "name": names.get(model_id), "accessible": round(float(ours[k]), 1),
            "reference_score": round(float(truth[k]), 1), "percentile_gap": round(float(gap[k]), 1),
            "reference_evidence": ref[model_id][1], "evidence": evidence,
        })  # fmt: skip
    result["largest_disagreements"] = out
    return result


def validate(db_path: Path | str, methodology: Methodology | None = None, worst: int = 10) -> dict[str, Any]:
    """Agreement of Accessible with the OSAI index and with the Model Openness Tool, each left out in turn."""
    methodology = methodology or default_methodology()
    con = open_database(db_path)
    try:
        present = table_names(con)
        results = [
            validate_against(con, methodology, reference, worst)
            for reference, needed in (("osai", "osai_systems"), ("mot", "mot_models"))
            if needed in present
        ]
        out: dict[str, Any] = {
            "methodology_version": methodology.version,
            "methodology_hash": methodology.sha256,
            "results": results,
        }
        if {"osai_systems", "mot_models"} <= present:
            out["indices_agreement"] = indices_agreement(con)
        return out
    finally:
        con.close()


def indices_agreement(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """How far the two expert indices agree with each other on the models both grade: the ceiling to read our
    agreement against."""
    osai, mot = _osai_reference(con), _mot_reference(con)
    common = sorted(set(osai) & set(mot))
    if len(common) < 3:
        return {"models": len(common), "spearman": None, "kendall": None}
    a, b = [osai[m][0] for m in common], [mot[m][0] for m in common]
    return {
        "models": len(common),
        "spearman": round(float(stats.spearmanr(a, b).statistic), 4),
        "kendall": round(float(stats.kendalltau(a, b).statistic), 4),
    }

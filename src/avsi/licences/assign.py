"""One licence per canonical model, from the licence strings of every name the model goes by.

Candidates, in order of trust (lower priority wins):

1. the expert indices (the OSAI index, both of its licence columns, and the Model Openness Tool);
2. the model lab's own Hugging Face repo (its `license:` tag, or the card's `license_name` when the tag is `other`);
3. the licence Epoch's researchers name in their accessibility notes (read by `mentions.py`), then the licence of a
   Hub repo those notes link to, LMArena's licence column (text, vision and image arenas) and the licence models.dev
   lists for a lab's model;
4. the Open LLM Leaderboard's Hub licence (both leaderboard versions);
5. any other Hub repo of the model (third-party quantisations usually repeat the base model's licence);
6. `proprietary-api` for a model whose weights are closed and which is offered by API;
8. a curated family rule (`families.yaml`: organisation + model-name pattern -> the lab's published licence), for
   open-weight models only: below every string found in the data;
9. `no-licence` when Epoch's note says the open weights carry no licence ("no clear license") and names none.

The first candidate that maps to a knowledge-base id wins; every candidate is kept in `model_licence_evidence`, and
nothing is guessed: a model with no mapped candidate has no licence id.
"""

from __future__ import annotations

from typing import Any

import duckdb

from avsi.licences.families import FAMILY_PRIORITY, FAMILY_SOURCE, Families, family_candidates
from avsi.licences.kb import KnowledgeBase, load_kb
from avsi.licences.mentions import licence_absent, licence_mentioned, says_non_commercial
from avsi.licences.normalise import normalise
from avsi.store.rows import insert_rows, table_names

_HF_LICENCE = """CASE WHEN lower(h.card_data->>'license') = 'other' AND (h.card_data->>'license_name') IS NOT NULL
                    THEN h.card_data->>'license_name' ELSE h.card_data->>'license' END"""
_HF_REPO_IN_NOTE = r"huggingface\.co/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)"
NO_LICENCE_ID = "no-licence"
NO_LICENCE_PRIORITY = 9

# (priority, source, SQL giving model_id, licence string, where it was found). Lower priority wins.
CANDIDATES: list[tuple[int, str, tuple[str, ...], str]] = [
    (1, "osai", ("osai_systems",), """
        SELECT a.model_id, s.system_endmodellicense, 'osai_systems.system_endmodellicense row ' || s._row
        FROM osai_systems s JOIN model_aliases a ON a.source = 'osai' AND a.name = s.system_name
        WHERE a.model_id IS NOT NULL AND s.system_endmodellicense IS NOT NULL"""),
    (1, "osai", ("osai_systems",), """
        SELECT a.model_id, s.system_endmodel_license, 'osai_systems.system_endmodel_license row ' || s._row
        FROM osai_systems s JOIN model_aliases a ON a.source = 'osai' AND a.name = s.system_name
        WHERE a.model_id IS NOT NULL AND s.system_endmodel_license IS NOT NULL"""),
    (1, "mot", ("mot_models",), """
        SELECT a.model_id, m.license_distribution, 'mot_models.license_distribution row ' || m._row
        FROM mot_models m JOIN model_aliases a ON a.source = 'mot' AND a.name = m.name
        WHERE a.model_id IS NOT NULL AND m.license_distribution IS NOT NULL"""),
    (2, "hf", ("hf_models",), f"""
        SELECT a.model_id, {_HF_LICENCE}, 'hf_models ' || h.id
        FROM hf_models h JOIN model_aliases a ON a.source = 'hf' AND a.name = h.id
        JOIN models m ON m.id = a.model_id
        WHERE (h.card_data->>'license') IS NOT NULL
          AND (m.hf_repo = h.id OR a.variant IS NOT NULL)"""),
    (3, "epoch", ("epoch_all_models",), """
        SELECT a.model_id, e.accessibility_notes, 'epoch_all_models.accessibility_notes row ' || e._row
        FROM epoch_all_models e JOIN model_aliases a ON a.source = 'epoch' AND a.name = e.model
        WHERE a.model_id IS NOT NULL AND e.accessibility_notes IS NOT NULL"""),
    (3, "hf", ("epoch_all_models", "hf_models"), f"""
        SELECT DISTINCT a.model_id, {_HF_LICENCE},
               'hf_models ' || h.id || ' (linked from epoch_all_models.accessibility_notes row ' || e._row || ')'
        FROM epoch_all_models e JOIN model_aliases a ON a.source = 'epoch' AND a.name = e.model
        CROSS JOIN unnest(regexp_extract_all(e.accessibility_notes, '{_HF_REPO_IN_NOTE}', 1)) AS r(repo)
        JOIN hf_models h ON lower(h.id) = lower(r.repo)
        WHERE a.model_id IS NOT NULL AND (h.card_data->>'license') IS NOT NULL"""),
    (3, "lmarena", ("lmarena_text", "lmarena_vision", "lmarena_image"), """
        SELECT a.model_id, arg_max(l.license, l.snapshot), 'lmarena_' || arg_max(l.arena, l.snapshot)
               || '.license (latest snapshot)'
        FROM (SELECT model, license, snapshot, 'text' AS arena FROM lmarena_text
              UNION ALL SELECT model, license, snapshot, 'vision' FROM lmarena_vision
              UNION ALL SELECT model, license, snapshot, 'image' FROM lmarena_image) l
        JOIN model_aliases a ON a.source = 'lmarena' AND a.name = l.model
        WHERE a.model_id IS NOT NULL AND l.license IS NOT NULL GROUP BY a.model_id"""),
    (3, "models_dev", ("models_dev_lab_models",), """
        SELECT a.model_id, d.license, 'models_dev_lab_models.license row ' || d._row
        FROM models_dev_lab_models d
        JOIN model_aliases a ON a.source = 'models_dev' AND a.name = d.lab_id || '/' || d.model_id
        WHERE a.model_id IS NOT NULL AND d.license IS NOT NULL"""),
    (4, "open_llm_leaderboard", ("open_llm_leaderboard_v2",), """
        SELECT a.model_id, o.metadata_hub_license, 'open_llm_leaderboard_v2 ' || o.model_name
        FROM open_llm_leaderboard_v2 o
        JOIN model_aliases a ON a.source = 'open_llm_leaderboard' AND a.name = o.model_name
        WHERE a.model_id IS NOT NULL AND o.metadata_hub_license IS NOT NULL"""),
    (4, "open_llm_leaderboard", ("open_llm_leaderboard_v1",), """
        SELECT a.model_id, o.hub_license, 'open_llm_leaderboard_v1 ' || o.model
        FROM open_llm_leaderboard_v1 o
        JOIN model_aliases a ON a.source = 'open_llm_leaderboard' AND a.name = o.model
        WHERE a.model_id IS NOT NULL AND o.hub_license IS NOT NULL"""),
    (5, "hf", ("hf_models",), """
        SELECT a.model_id, (h.card_data->>'license'), 'hf_models ' || h.id || ' (other repo of the model)'
        FROM hf_models h JOIN model_aliases a ON a.source = 'hf' AND a.name = h.id
        WHERE a.model_id IS NOT NULL AND (h.card_data->>'license') IS NOT NULL"""),
    (6, "epoch", ("models",), """
        SELECT id, 'proprietary', 'closed weights; ' || coalesce('accessibility ' || accessibility, '')
               || ' sold by API (price lists)' FROM models m
        WHERE open_weights = false AND (accessibility ILIKE 'API%' OR accessibility ILIKE 'Hosted%' OR EXISTS (
            SELECT 1 FROM model_aliases a WHERE a.model_id = m.id
            AND a.source IN ('litellm', 'models_dev', 'openrouter', 'model_prices', 'genai_prices')))"""),
]  # fmt: skip

DDL = """
CREATE OR REPLACE TABLE model_licence_evidence (
    model_id   VARCHAR NOT NULL,
    priority   INTEGER NOT NULL,
    source     VARCHAR NOT NULL,
    string     VARCHAR NOT NULL,
    licence_id VARCHAR,
    where_found VARCHAR
);
CREATE OR REPLACE TABLE model_licences (
    model_id    VARCHAR PRIMARY KEY,
    licence_id  VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    string      VARCHAR NOT NULL,
    where_found VARCHAR,
    conflicting VARCHAR[]   -- other mapped licences seen for the model, for review
);
"""


Evidence = tuple[str, int, str, str, str | None, str]  # model, priority, source, string, licence id, where


def _string_candidates(con: duckdb.DuckDBPyConnection, kb: KnowledgeBase, present: set[str]) -> list[Evidence]:
    evidence: list[Evidence] = []
    mapped: dict[tuple[str, str], str | None] = {}  # the same strings recur thousands of times
    for priority, source, needed, sql in CANDIDATES:
        if not all(t in present for t in needed):
            continue
        for model_id, text, where in con.execute(sql).fetchall():
            if model_id and text:
                if (text, source) not in mapped:
                    # Epoch's notes are prose that names a licence; every other candidate is a licence string.
                    reader = licence_mentioned if priority == 3 and source == "epoch" else None
                    mapped[(text, source)] = reader(text, kb) if reader else normalise(text, source, kb).id
                evidence.append((model_id, priority, source, text, mapped[(text, source)], where))
    return _drop_contradicted(evidence, kb)


def _drop_contradicted(evidence: list[Evidence], kb: KnowledgeBase) -> list[Evidence]:
    """A model with several Epoch notes, one of which calls its weights non-commercial: a permissive licence named
    in another note (usually about code, or about a derived model the identity merged) is not the weights'."""
    non_commercial = {e[0] for e in evidence if e[2] == "epoch" and e[1] == 3 and says_non_commercial(e[3])}
    out = []
    for model_id, priority, source, text, licence_id, where in evidence:
        if (model_id in non_commercial and source == "epoch" and priority == 3 and licence_id is not None
                and kb.get(licence_id).flags.commercial_use.value):  # fmt: skip
            where = f"{where}; not used: another note of the model calls the weights non-commercial"
            licence_id = None
        out.append((model_id, priority, source, text, licence_id, where))
    return out


def _no_licence_candidates(con: duckdb.DuckDBPyConnection, kb: KnowledgeBase, present: set[str]) -> list[Evidence]:
    """Open-weight models whose Epoch note says the weights carry no licence (and names none)."""
    if not {"epoch_all_models", "models"} <= present or NO_LICENCE_ID not in kb:
        return []
    rows = con.execute(
        """SELECT DISTINCT a.model_id, e.accessibility_notes, e._row
           FROM epoch_all_models e JOIN model_aliases a ON a.source = 'epoch' AND a.name = e.model
           JOIN models m ON m.id = a.model_id
           WHERE m.open_weights AND regexp_matches(e.accessibility_notes, '(?i)\\bno\\b[^.]{0,30}licen')"""
    ).fetchall()
    return [
        (model_id, NO_LICENCE_PRIORITY, "epoch", f"no licence stated: {note}", NO_LICENCE_ID,
         f"epoch_all_models.accessibility_notes row {row}")
        for model_id, note, row in rows if licence_absent(note, kb)
    ]  # fmt: skip


def build_model_licences(
    con: duckdb.DuckDBPyConnection, kb: KnowledgeBase | None = None, families: Families | None = None
) -> dict[str, Any]:
    """Fill `model_licences` and `model_licence_evidence`; returns coverage figures."""
    kb = kb or load_kb()
    con.execute(DDL)
    present = table_names(con)
    evidence = _string_candidates(con, kb, present)
    if {"models", "model_organisations"} <= present:
        evidence += family_candidates(con, families)
    evidence += _no_licence_candidates(con, kb, present)
    best: dict[str, tuple[int, str, str, str, str]] = {}
    seen: dict[str, set[str]] = {}
    for model_id, priority, source, text, licence_id, where in sorted(evidence, key=lambda e: (e[0], e[1])):
        if licence_id is None:
            continue
        seen.setdefault(model_id, set()).add(licence_id)
        best.setdefault(model_id, (priority, licence_id, source, text, where))
    insert_rows(con, "model_licence_evidence", [list(e) for e in evidence])
    rows = [
        (m, lic, src, text, where, sorted(seen[m] - {lic})) for m, (_, lic, src, text, where) in sorted(best.items())
    ]
    insert_rows(con, "model_licences", [list(r) for r in rows])
    return model_licence_coverage(con)


def model_licence_coverage(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """How many canonical models, and how many open-weight ones, have a licence id, and where it came from.

    "Any licence string" counts the models with a candidate from the data (not a family rule, not the "no licence"
    reading); an open-weight model with no id stays counted in the denominator.
    """
    row = con.execute(
        """SELECT count(*), count(l.licence_id),
                  count(*) FILTER (WHERE m.open_weights), count(l.licence_id) FILTER (WHERE m.open_weights),
                  count(*) FILTER (WHERE m.open_weights AND e.model_id IS NOT NULL),
                  count(*) FILTER (WHERE m.open_weights AND l.source = $family),
                  count(*) FILTER (WHERE m.open_weights AND l.licence_id = $none)
           FROM models m LEFT JOIN model_licences l ON l.model_id = m.id
           LEFT JOIN (SELECT DISTINCT model_id FROM model_licence_evidence WHERE priority < $family_priority) e
                  ON e.model_id = m.id""",
        {"family": FAMILY_SOURCE, "none": NO_LICENCE_ID, "family_priority": FAMILY_PRIORITY},
    ).fetchone()
    assert row is not None
    models, with_id, open_models, open_with_id, open_with_string, by_rule, no_licence = (int(v) for v in row)

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    return {
        "models": models,
        "models_with_licence": with_id,
        "open_weight_models": open_models,
        "open_weight_with_licence": open_with_id,
        "open_weight_with_any_licence_string": open_with_string,
        "open_weight_licence_from_data": open_with_id - by_rule - no_licence,
        "open_weight_licence_from_family_rule": by_rule,
        "open_weight_no_licence_stated": no_licence,
        "open_weight_without_licence": open_models - open_with_id,
        "share_open_weight_with_licence": share(open_with_id, open_models),
        "share_open_weight_with_a_licence_text": share(open_with_id - no_licence, open_models),
        "share_open_weight_with_string_that_maps": share(open_with_id - by_rule - no_licence, open_with_string),
    }

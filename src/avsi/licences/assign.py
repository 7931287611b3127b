"""One licence per canonical model, from the licence strings of every name the model goes by.

Candidates, in order of trust: the expert indices (the OSAI index and the Model Openness Tool); the model lab's own
Hugging Face repo (its `license:` tag, or the card's `license_name` when the tag says `other`); the licence
Epoch's researchers name in their accessibility notes (read by `mentions.py`); LMArena's licence column; the Open
LLM Leaderboard's Hub licence; any other Hub repo of the model (third-party quantisations usually repeat the base
model's licence). A model whose weights are closed and which is offered by API gets `proprietary-api`. The first
candidate that maps to a knowledge-base id wins; every candidate is kept in `model_licence_evidence`, and nothing
is guessed: a model with no mapped candidate has no licence id.
"""

from __future__ import annotations

from typing import Any

import duckdb

from avsi.licences.kb import KnowledgeBase, load_kb
from avsi.licences.mentions import licence_mentioned
from avsi.licences.normalise import normalise
from avsi.store.rows import insert_rows, table_names

# (priority, source, SQL giving model_id, licence string, where it was found). Lower priority wins.
CANDIDATES: list[tuple[int, str, tuple[str, ...], str]] = [
    (1, "osai", ("osai_systems",), """
        SELECT a.model_id, s.system_endmodellicense, 'osai_systems.system_endmodellicense row ' || s._row
        FROM osai_systems s JOIN model_aliases a ON a.source = 'osai' AND a.name = s.system_name
        WHERE a.model_id IS NOT NULL AND s.system_endmodellicense IS NOT NULL"""),
    (1, "mot", ("mot_models",), """
        SELECT a.model_id, m.license_distribution, 'mot_models.license_distribution row ' || m._row
        FROM mot_models m JOIN model_aliases a ON a.source = 'mot' AND a.name = m.name
        WHERE a.model_id IS NOT NULL AND m.license_distribution IS NOT NULL"""),
    (2, "hf", ("hf_models",), """
        SELECT a.model_id,
               CASE WHEN lower((h.card_data->>'license')) = 'other' AND (h.card_data->>'license_name') IS NOT NULL
                    THEN (h.card_data->>'license_name') ELSE (h.card_data->>'license') END,
               'hf_models ' || h.id
        FROM hf_models h JOIN model_aliases a ON a.source = 'hf' AND a.name = h.id
        JOIN models m ON m.id = a.model_id
        WHERE (h.card_data->>'license') IS NOT NULL
          AND (m.hf_repo = h.id OR a.variant IS NOT NULL)"""),
    (3, "epoch", ("epoch_all_models",), """
        SELECT a.model_id, e.accessibility_notes, 'epoch_all_models.accessibility_notes row ' || e._row
        FROM epoch_all_models e JOIN model_aliases a ON a.source = 'epoch' AND a.name = e.model
        WHERE a.model_id IS NOT NULL AND e.accessibility_notes IS NOT NULL"""),
    (3, "lmarena", ("lmarena_text",), """
        SELECT a.model_id, arg_max(l.license, l.snapshot), 'lmarena_text.license (latest snapshot)'
        FROM lmarena_text l JOIN model_aliases a ON a.source = 'lmarena' AND a.name = l.model
        WHERE a.model_id IS NOT NULL AND l.license IS NOT NULL GROUP BY a.model_id"""),
    (4, "open_llm_leaderboard", ("open_llm_leaderboard_v2",), """
        SELECT a.model_id, o.metadata_hub_license, 'open_llm_leaderboard_v2 ' || o.model_name
        FROM open_llm_leaderboard_v2 o
        JOIN model_aliases a ON a.source = 'open_llm_leaderboard' AND a.name = o.model_name
        WHERE a.model_id IS NOT NULL AND o.metadata_hub_license IS NOT NULL"""),
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


def build_model_licences(con: duckdb.DuckDBPyConnection, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """Fill `model_licences` and `model_licence_evidence`; returns coverage figures."""
    kb = kb or load_kb()
    con.execute(DDL)
    present = table_names(con)
    evidence: list[tuple[str, int, str, str, str | None, str]] = []
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
    """How many canonical models, and how many open-weight ones, have a licence id."""
    row = con.execute(
        """SELECT count(*), count(l.licence_id),
                  count(*) FILTER (WHERE m.open_weights), count(l.licence_id) FILTER (WHERE m.open_weights),
                  count(*) FILTER (WHERE m.open_weights AND e.model_id IS NOT NULL)
           FROM models m LEFT JOIN model_licences l ON l.model_id = m.id
           LEFT JOIN (SELECT DISTINCT model_id FROM model_licence_evidence) e ON e.model_id = m.id"""
    ).fetchone()
    assert row is not None
    models, with_id, open_models, open_with_id, open_with_string = (int(v) for v in row)
    return {
        "models": models,
        "models_with_licence": with_id,
        "open_weight_models": open_models,
        "open_weight_with_licence": open_with_id,
        "open_weight_with_any_licence_string": open_with_string,
        "share_open_weight_with_licence": round(open_with_id / open_models, 4) if open_models else None,
        "share_open_weight_with_string_that_maps": (
            round(open_with_id / open_with_string, 4) if open_with_string else None
        ),
    }

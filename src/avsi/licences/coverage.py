"""How much of the data gets a licence id: per field, for open-weight model releases, and for Hub models.

Three honest measures, none of which counts a placeholder ("other", "unknown") as a licence:

- per (source, table, field): distinct strings and rows that map vs stay unknown;
- open-weight model releases (`model_releases.open_weights`): how many carry a licence string at all, and how many of
  those map; plus how many more a join of `hf_repo` to the Hub models' own licence would reach (an upper bound of
  what identity resolution could add, not something the build does);
- Hugging Face Hub models: the `license:*` tag alone, and the effective licence (the card's `license_name` when the
  tag is `other`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from avsi.licences.inventory import _Matcher, licence_inventory
from avsi.licences.kb import KnowledgeBase, load_kb
from avsi.store.rows import table_names


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def field_coverage(con: duckdb.DuckDBPyConnection, kb: KnowledgeBase | None = None) -> list[dict[str, Any]]:
    """Per (source, table, field): strings and rows mapped vs unknown, with the unknown strings and their counts."""
    match = _Matcher(kb if kb is not None else load_kb())
    acc: dict[tuple[str, str, str], dict[str, Any]] = defaultdict(
        lambda: {"strings": 0, "strings_mapped": 0, "rows": 0, "rows_mapped": 0, "unknown": []}
    )
    for s in licence_inventory(con):
        a = acc[(s.source, s.raw_table, s.field)]
        m = match(s.string, s.source)
        a["strings"] += 1
        a["rows"] += s.n_rows
        if m.mapped:
            a["strings_mapped"] += 1
            a["rows_mapped"] += s.n_rows
        else:
            a["unknown"].append({"string": s.string, "n_rows": s.n_rows, "reason": m.reason})
    return [
        {"source": src, "raw_table": t, "field": f, **a, "row_share_mapped": _share(a["rows_mapped"], a["rows"])}
        for (src, t, f), a in sorted(acc.items())
    ]


def _hf_effective(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None]]:
    """Hub model id (lower-case) -> (its `license:*` tag value, its effective licence string)."""
    rows = con.execute(
        """SELECT id,
                  (SELECT min(substr(t, 9)) FROM (SELECT unnest(CAST(tags AS VARCHAR[])) AS t)
                   WHERE t ILIKE 'license:%'),
                  CASE json_type(card_data->'license') WHEN 'VARCHAR' THEN card_data->>'license'
                       WHEN 'ARRAY' THEN card_data->'license'->>0 END,
                  card_data->>'license_name'
           FROM hf_models"""
    ).fetchall()
    out: dict[str, tuple[str | None, str | None]] = {}
    for model_id, tag, card, name in rows:
        lic = card or tag
        if name and (lic is None or lic.casefold() == "other"):
            lic = name
        out[str(model_id).casefold()] = (tag, lic)
    return out


def licence_coverage(con: duckdb.DuckDBPyConnection, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The coverage figures of this module's docstring, as one JSON-ready dict."""
    kb = kb if kb is not None else load_kb()
    match = _Matcher(kb)
    present = table_names(con)
    hub = _hf_effective(con) if "hf_models" in present else {}
    releases: dict[str, dict[str, int]] = {}
    if "model_releases" in present:
        rows = con.execute("SELECT source, licence, hf_repo FROM model_releases WHERE open_weights").fetchall()
        for source, licence, repo in rows:
            r = releases.setdefault(
                source, {"open_weight": 0, "with_string": 0, "mapped": 0, "mapped_or_via_hf_repo": 0}
            )
            r["open_weight"] += 1
            mapped = False
            if licence is not None:
                r["with_string"] += 1
                mapped = match(licence, source).mapped
                r["mapped"] += mapped
            if not mapped and repo and (hit := hub.get(str(repo).casefold())) and hit[1] is not None:
                mapped = match(hit[1], "hf").mapped
            r["mapped_or_via_hf_repo"] += mapped
    total = {
        k: sum(r[k] for r in releases.values())
        for k in ("open_weight", "with_string", "mapped", "mapped_or_via_hf_repo")
    }
    tagged = [(t, e) for t, e in hub.values() if t is not None]
    return {
        "kb_version": kb.version,
        "fields": field_coverage(con, kb),
        "open_weight_releases": {
            "by_source": releases,
            "total": total,
            "share_with_string": _share(total["with_string"], total["open_weight"]),
            "share_mapped": _share(total["mapped"], total["open_weight"]),
            "share_mapped_of_those_with_string": _share(total["mapped"], total["with_string"]),
            "share_mapped_or_via_hf_repo": _share(total["mapped_or_via_hf_repo"], total["open_weight"]),
        },
        "hf_models": {
            "models": len(hub),
            "with_license_tag": len(tagged),
            "tag_mapped": sum(match(t, "hf").mapped for t, _ in tagged),
            "effective_mapped": sum(e is not None and match(e, "hf").mapped for _, e in tagged),
            "share_tag_mapped": _share(sum(match(t, "hf").mapped for t, _ in tagged), len(tagged)),
            "share_effective_mapped": _share(
                sum(e is not None and match(e, "hf").mapped for _, e in tagged), len(tagged)
            ),
        },
    }

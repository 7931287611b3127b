"""Identity on our labelled set: 251 true matches and 100 hard non-matches, every name verbatim from the data
(tests/fixtures/resolve/README.md). Two names are the same model when they resolve to the same canonical id and
their variants do not conflict (an explicit base repo is not the instruct model)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

LABELS = Path(__file__).parents[1] / "fixtures" / "resolve" / "labelled_pairs.csv"


def _rows() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _same(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    (id_a, var_a), (id_b, var_b) = a, b
    return id_a is not None and id_a == id_b and not (var_a and var_b and var_a != var_b)


def test_precision_recall_and_hard_negative_merges(shipped_db: Path) -> None:
    con = duckdb.connect(str(shipped_db), read_only=True)
    aliases = {
        (s, n): (m, v)
        for s, n, m, v in con.execute("SELECT source, name, model_id, variant FROM model_aliases").fetchall()
    }
    rows = _rows()
    matches = [r for r in rows if r["label"] == "match"]
    nonmatches = [r for r in rows if r["label"] == "nonmatch"]
    assert len(matches) >= 150 and len(nonmatches) >= 50
    for r in rows:  # every labelled name is a name the build saw
        assert (r["source_a"], r["name_a"]) in aliases, r["name_a"]
        assert (r["source_b"], r["name_b"]) in aliases, r["name_b"]

    def same(r: dict[str, str]) -> bool:
        return _same(aliases[(r["source_a"], r["name_a"])], aliases[(r["source_b"], r["name_b"])])

    true_pos = sum(same(r) for r in matches)
    false_pos = sum(same(r) for r in nonmatches)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / len(matches)
    merge_rate = false_pos / len(nonmatches)
    print(f"precision {precision:.3f}  recall {recall:.3f}  hard-negative merges {merge_rate:.1%}")
    assert precision >= 0.98
    assert recall >= 0.95
    assert merge_rate <= 0.02


def test_every_bloc_is_represented() -> None:
    rows = _rows()
    blocs = {r["lab_bloc"] for r in rows if r["label"] == "match"}
    assert blocs == {"CN", "US", "EU", "OTHER"}

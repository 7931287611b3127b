"""Family rules (`families.yaml`) on the real shipped data: they fill gaps with the lab's published licence, rank
below every licence string the data gives, say so in the evidence, and never cover a model they do not name."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from avsi.licences import FAMILIES_PATH, FAMILY_SOURCE, LicenceKBError, family_rule_agreement, load_families, load_kb
from avsi.licences.families import Families


@pytest.fixture(scope="module")
def con(shipped_db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(shipped_db), read_only=True)


def _licence(con: duckdb.DuckDBPyConnection, model_id: str) -> tuple[str, str] | None:
    row = con.execute("SELECT licence_id, source FROM model_licences WHERE model_id = ?", [model_id]).fetchone()
    return (row[0], row[1]) if row else None


def test_the_file_validates_and_every_rule_names_a_known_licence_and_url() -> None:
    families = load_families()
    assert families is load_families()  # cached
    kb = load_kb()
    assert len(families.rules) >= 40
    for rule in families.rules:
        assert rule.licence in kb and rule.url.startswith("https://") and len(rule.why) >= 10, rule.id


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda r: r["rules"][0].update(licence="no-such-licence"), "not in the knowledge base"),
        (lambda r: r["rules"][0].update(models="llama-(7b"), "not a regular expression"),
        (lambda r: r["rules"][1].update(id=r["rules"][0]["id"]), "duplicate id"),
        (lambda r: r["rules"][0].pop("url"), "url"),
    ],
)
def test_a_broken_rule_file_is_a_clear_error(tmp_path: Path, edit: object, message: str) -> None:
    raw = yaml.safe_load(FAMILIES_PATH.read_text(encoding="utf-8"))
    edit(raw)  # type: ignore[operator]
    broken = tmp_path / "families.yaml"
    broken.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(LicenceKBError, match=message):
        load_families(broken)


@pytest.mark.parametrize(
    ("model_id", "licence_id"),
    [
        ("kimi-k2", "kimi-modified-mit"),  # the Hub says only "modified-mit", which three labs use for three texts
        ("gpt-2-1.5b", "openai-modified-mit"),  # Epoch: "modified MIT"
        ("llama-7b", "llama-1-research"),  # a note naming MIT is a fine-tune's; another says non-commercial
        ("opt-66b", "opt-175b-license"),  # the Hub says "other"
        ("deepseek-v4-flash", "MIT"),  # no licence string at all; its sibling V4-Pro is MIT on the Hub
        ("stylegan2", "nvidia-source-code-license-nc"),
    ],
)
def test_real_family_rule_assignments(con: duckdb.DuckDBPyConnection, model_id: str, licence_id: str) -> None:
    assert _licence(con, model_id) == (licence_id, FAMILY_SOURCE)
    where = con.execute(
        "SELECT priority, string, where_found FROM model_licence_evidence WHERE model_id = ? AND source = ?",
        [model_id, FAMILY_SOURCE],
    ).fetchall()
    assert len(where) == 1
    priority, string, found = where[0]
    assert priority == 8 and string.startswith("family rule ") and found.startswith("families.yaml rule ")
    assert "https://" in found  # the lab's licence URL travels with the evidence


def test_a_licence_string_of_the_data_beats_a_family_rule(con: duckdb.DuckDBPyConnection) -> None:
    # Qwen3-8B is covered by the qwen3 rule, but the Hub's own tag decides.
    assert _licence(con, "qwen3-8b") == ("Apache-2.0", "hf")
    rule = con.execute(
        "SELECT licence_id FROM model_licence_evidence WHERE model_id = 'qwen3-8b' AND source = ?", [FAMILY_SOURCE]
    ).fetchall()
    assert rule == [("Apache-2.0",)]  # recorded as a candidate, not used


def test_rules_never_cover_closed_or_unnamed_models(con: duckdb.DuckDBPyConnection) -> None:
    # Qwen3-Max matches the qwen3 pattern but its weights are closed: the API terms apply, not the rule.
    assert _licence(con, "qwen3-max") == ("proprietary-api", "epoch")
    closed = con.execute(
        """SELECT count(*) FROM model_licence_evidence e JOIN models m ON m.id = e.model_id
           WHERE e.source = ? AND NOT m.open_weights""",
        [FAMILY_SOURCE],
    ).fetchone()
    assert closed == (0,)
    # No string, no rule: no id, and the model stays in the coverage denominator.
    for model_id in ("minimax-m2.7", "u-net"):
        assert _licence(con, model_id) is None
        assert con.execute("SELECT open_weights FROM models WHERE id = ?", [model_id]).fetchone() == (True,)


def test_the_data_agrees_with_every_rule(con: duckdb.DuckDBPyConnection) -> None:
    report = {r["rule"]: r for r in family_rule_agreement(con)}
    assert set(report) == {r.id for r in load_families().rules}
    assert all(r["models"] > 0 for r in report.values())  # no dead rule
    # Where the data gives the licence itself, it says the same as the rule (a family id such as apache-family
    # agrees with its member Apache-2.0), with one exception the data itself gets wrong: LMArena lists the
    # open-weight Hunyuan-Large as "Proprietary".
    disagree = {(rule, m, lic) for rule, r in report.items() for m, lic in r["disagree"].items()}
    assert disagree == {("hunyuan", "hunyuan-large", "proprietary-api")}
    assert sum(len(r["agree"]) for r in report.values()) >= 90
    assert report["qwen3"]["agree"] and report["kimi-k2"]["assigned_by_rule"]


def test_rules_are_plain_data(tmp_path: Path) -> None:
    # A rule for a lab the registry does not list matches the lab's name as the data writes it.
    families = Families.model_validate({"version": "t", "rules": [
        {"id": "x", "org": "AI Sweden", "models": "gpt-sw3-.*", "licence": "ai-sweden-llm-license",
         "url": "https://example.org/licence", "why": "a test rule for the name match"},
    ]})  # fmt: skip
    rule = families.rules[0]
    assert rule.matches("gpt-sw3-40b", {"ai sweden"}) and not rule.matches("gpt-sw3-40b", {"meta"})
    assert not rule.matches("gpt-sw3", {"ai sweden"})  # the pattern must match the whole id

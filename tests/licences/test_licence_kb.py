"""The licence knowledge base file: it validates, every flag carries evidence and a URL, and the flags of well-known
licences say what their texts say."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from avsi.licences import FLAG_NAMES, KB_PATH, LicenceKBError, UnknownLicence, load_kb, parse_kb

ROOT = Path(__file__).resolve().parents[2]
SPDX_LIST = ROOT / "data" / "snapshots" / "model_openness_tool" / "licenses.json"

T, F, N = True, False, None

# Flag order: commercial_use, derivatives, redistribution, attribution, use_restrictions, user_cap,
# geographic_exclusion, output_restrictions, copyleft, osi_approved, osaid_compatible.
EXPECTED: dict[str, tuple[bool | None, ...]] = {
    "Apache-2.0": (T, T, T, T, F, F, F, F, F, T, T),
    "MIT": (T, T, T, T, F, F, F, F, F, T, T),
    "GPL-3.0-only": (T, T, T, T, F, F, F, F, T, T, T),
    "AGPL-3.0-only": (T, T, T, T, F, F, F, F, T, T, T),
    "CC-BY-4.0": (T, T, T, T, F, F, F, F, F, F, T),
    "CC-BY-SA-4.0": (T, T, T, T, F, F, F, F, T, F, T),
    "CC-BY-NC-4.0": (F, T, T, T, F, F, F, F, F, F, F),
    "CC-BY-NC-ND-4.0": (F, F, T, T, F, F, F, F, F, F, F),
    "CC0-1.0": (T, T, T, F, F, F, F, F, F, F, T),
    # Llama: the outputs ban of Llama 2 and 3 went with 3.1; the AUP's EU clause for multimodal models came with 3.2.
    "llama-2-community": (T, T, T, T, T, T, F, T, F, F, F),
    "llama-3-community": (T, T, T, T, T, T, F, T, F, F, F),
    "llama-3.1-community": (T, T, T, T, T, T, F, F, F, F, F),
    "llama-3.2-community": (T, T, T, T, T, T, T, F, F, F, F),
    "llama-3.3-community": (T, T, T, T, T, T, F, F, F, F, F),
    "llama-4-community": (T, T, T, T, T, T, T, F, F, F, F),
    "gemma-terms-of-use": (T, T, T, T, T, F, F, F, F, F, F),
    "tongyi-qianwen": (T, T, T, T, F, T, F, T, F, F, F),
    "qwen-license": (T, T, T, T, F, T, F, F, F, F, F),
    "qwen-research": (F, T, T, T, F, F, F, F, F, F, F),
    "deepseek-license": (T, T, T, T, T, F, F, F, F, F, F),
    "bigscience-openrail-m": (T, T, T, T, T, F, F, F, F, F, F),
    "creativeml-openrail-m": (T, T, T, T, T, F, F, F, F, F, F),
    "tii-falcon-180b": (T, T, T, T, T, F, F, F, F, F, F),
    "mistral-research-license": (F, T, T, T, F, F, F, N, N, F, F),
    "mistral-non-production-license": (F, T, T, T, F, F, F, N, N, F, F),
    "nvidia-open-model-license": (T, T, T, T, T, F, F, F, F, F, F),
    "tencent-hunyuan-community": (T, T, T, T, T, T, T, T, F, F, F),
    "stability-ai-community": (T, T, T, T, T, T, F, T, F, F, F),
    "databricks-open-model-license": (T, T, T, T, T, T, F, T, F, F, F),
    "minimax-model-license": (T, T, T, T, T, F, F, F, F, F, F),
    "proprietary-api": (T, F, F, N, T, F, N, T, F, F, F),
    # Added in 2026.2 for the open-weight models the data names them for.
    "kimi-modified-mit": (T, T, T, T, F, F, F, F, F, F, N),
    "openai-modified-mit": (T, T, T, T, F, F, F, F, F, F, T),
    "nvidia-source-code-license-nc": (F, T, T, T, F, F, F, F, F, F, F),
    "PolyForm-Noncommercial-1.0.0": (F, T, T, T, F, F, F, F, F, F, F),
    "hai-def-terms-of-use": (T, T, T, N, T, F, F, N, N, F, F),
    "nvidia-nemotron-open-model-license": (T, N, N, N, N, N, N, N, N, F, N),
    "apache-family": (T, T, T, T, F, F, F, F, F, N, N),
    "BSD-family": (T, T, T, T, F, F, F, F, F, N, N),
    "no-licence": (F, F, F, F, F, F, F, F, F, F, F),
}

# Licences the issue names: each must be in the base.
REQUIRED = [
    "Apache-2.0", "MIT", "BSD-3-Clause", "GPL-3.0-only", "AGPL-3.0-only", "CC-BY-4.0", "CC-BY-SA-4.0",
    "CC-BY-NC-4.0", "llama-2-community", "llama-3-community", "llama-3.1-community", "llama-3.2-community",
    "llama-3.3-community", "llama-4-community", "gemma-terms-of-use", "tongyi-qianwen", "qwen-license",
    "qwen-research", "deepseek-license", "yi-license", "baichuan-2-community", "internlm-license", "glm-4-license",
    "minimax-model-license", "tii-falcon-180b", "tii-falcon-2.0", "bigscience-openrail-m", "creativeml-openrail-m",
    "mistral-research-license", "mistral-non-production-license", "nvidia-open-model-license", "proprietary-api",
    "kimi-modified-mit", "nvidia-nemotron-open-model-license", "hai-def-terms-of-use", "no-licence",
]  # fmt: skip


def _raw() -> Any:
    return yaml.safe_load(KB_PATH.read_text(encoding="utf-8"))


def test_the_file_validates_and_is_versioned() -> None:
    kb = load_kb()
    assert kb.version == _raw()["version"] and kb.version
    assert len(kb.licences) >= 85
    assert load_kb() is kb  # cached
    for lic_id in REQUIRED:
        assert lic_id in kb, lic_id


def test_every_flag_has_evidence_and_a_url() -> None:
    for lic in load_kb().licences:
        assert [name for name, _ in lic.flags.items()] == list(FLAG_NAMES)
        assert lic.url.startswith(("https://", "http://")), lic.id
        for name, flag in lic.flags.items():
            assert flag.evidence.strip() and len(flag.evidence) <= 200, (lic.id, name)
            assert flag.source.startswith(("https://", "http://")), (lic.id, name)
    # and in the raw file too: no flag relies on a default
    for entry in _raw()["licences"]:
        for name in FLAG_NAMES:
            assert set(entry["flags"][name]) == {"value", "evidence", "source"}, (entry["id"], name)


@pytest.mark.parametrize("lic_id", sorted(EXPECTED))
def test_flags_of_well_known_licences(lic_id: str) -> None:
    assert tuple(load_kb().get(lic_id).flags.values().values()) == EXPECTED[lic_id]


def test_key_clauses_are_quoted() -> None:
    kb = load_kb()
    assert "700 million" in kb.get("llama-3.1-community").flags.user_cap.evidence
    assert "European Union" in kb.get("llama-3.2-community").flags.geographic_exclusion.evidence
    assert "European Union" in kb.get("llama-4-community").flags.geographic_exclusion.evidence
    assert "improve any other large language model" in kb.get("llama-2-community").flags.output_restrictions.evidence
    assert "100 million" in kb.get("tongyi-qianwen").flags.user_cap.evidence
    assert "Attachment A" in kb.get("deepseek-license").flags.use_restrictions.evidence
    assert "Prohibited Use Policy" in kb.get("gemma-terms-of-use").flags.use_restrictions.evidence
    assert "Hosting Use" in kb.get("tii-falcon-180b").flags.commercial_use.evidence
    assert "Research Purposes" in kb.get("mistral-research-license").flags.commercial_use.evidence
    assert "Non-Production" in kb.get("mistral-non-production-license").flags.commercial_use.evidence
    # Kimi K2: above 100 million MAU you must show the name, not buy another licence — an attribution duty, no cap.
    assert "100 million MAU" in kb.get("kimi-modified-mit").flags.attribution.evidence
    assert "display the name" in kb.get("kimi-modified-mit").flags.user_cap.evidence
    assert "non-commercially" in kb.get("nvidia-source-code-license-nc").flags.commercial_use.evidence
    assert "Clinical Use" in kb.get("hai-def-terms-of-use").flags.use_restrictions.evidence
    assert "copy, distribute, or modify" in kb.get("no-licence").flags.redistribution.evidence


def test_osi_approval_agrees_with_the_shipped_spdx_list() -> None:
    spdx = {lic["licenseId"]: lic for lic in json.loads(SPDX_LIST.read_text(encoding="utf-8"))["licenses"]}
    checked = 0
    for lic in load_kb().licences:
        if lic.id in spdx:
            assert lic.flags.osi_approved.value is bool(spdx[lic.id].get("isOsiApproved")), lic.id
            checked += 1
        elif lic.id in {"apache-family", "BSD-family"}:  # Apache-1.0 and BSD-4-Clause are not approved, the rest are
            assert lic.flags.osi_approved.value is None and "Depends on the" in lic.flags.osi_approved.evidence
        else:  # custom licences and families are not on the list; only the GPL family is OSI-approved throughout
            assert lic.flags.osi_approved.value is (lic.id == "GPL-family"), lic.id
    assert checked >= 25


def test_null_flags_say_why() -> None:
    nulls = [(lic.id, n, f) for lic in load_kb().licences for n, f in lic.flags.items() if f.value is None]
    assert nulls  # honest gaps exist (e.g. licences whose full text could not be checked)
    for lic_id, name, flag in nulls:
        assert len(flag.evidence) >= 10, (lic_id, name)


def test_lookup_by_id_is_case_insensitive_and_unknown_ids_fail() -> None:
    kb = load_kb()
    assert kb.get("apache-2.0").id == "Apache-2.0"
    with pytest.raises(UnknownLicence, match="no licence 'nope'"):
        kb.get("nope")


def _broken(edit: Any) -> Any:
    raw = copy.deepcopy(_raw())
    edit(raw)
    return raw


def _entry(raw: Any, lic_id: str) -> Any:
    return next(e for e in raw["licences"] if e["id"] == lic_id)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda r: _entry(r, "MIT")["flags"].pop("copyleft"), r"licence MIT, field flags\.copyleft: Field required"),
        (lambda r: _entry(r, "gemma-terms-of-use")["flags"]["user_cap"].update(value="maybe"),
         r"licence gemma-terms-of-use, field flags\.user_cap\.value"),
        (lambda r: _entry(r, "deepseek-license")["flags"]["derivatives"].update(source="see the text"),
         r"licence deepseek-license, field flags\.derivatives\.source: Value error, not a URL"),
        (lambda r: _entry(r, "Apache-2.0")["flags"]["attribution"].update(evidence="x" * 201),
         r"licence Apache-2.0, field flags\.attribution\.evidence"),
        (lambda r: _entry(r, "MIT").update(kind="permissive"), r"licence MIT, field kind"),
        (lambda r: _entry(r, "MIT")["aliases"].append("Apache 2.0"), r"alias 'Apache 2.0' already names Apache-2.0"),
        (lambda r: r["unmapped"].append({"string": "MIT license", "reason": "test"}), r"also an alias of MIT"),
        (lambda r: r.pop("version"), r"field version: Field required"),
    ],
)  # fmt: skip
def test_schema_errors_name_the_licence_and_field(edit: Any, message: str) -> None:
    with pytest.raises(LicenceKBError, match=message):
        parse_kb(_broken(edit))


def test_unreadable_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(LicenceKBError, match="cannot read"):
        load_kb(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: [unclosed\n", encoding="utf-8")
    with pytest.raises(LicenceKBError, match="not valid YAML"):
        load_kb(bad)

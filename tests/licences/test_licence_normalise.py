"""Licence strings as the sources write them map to exact ids, or are reported unknown with a reason: never guessed."""

from __future__ import annotations

import pytest

from avsi.licences import (
    EXPRESSION_PREFIX,
    FLAG_NAMES,
    UnknownLicence,
    expression_flags,
    licence_flags,
    licence_record,
    normalise,
)


@pytest.mark.parametrize(
    ("text", "source", "licence_id", "method"),
    [
        ("Apache 2.0", "lmarena", "Apache-2.0", "alias"),
        ("apache-2.0", None, "Apache-2.0", "alias"),
        ("apache-2.0", "hf", "Apache-2.0", "hub-tag"),
        ("Apache License 2.0", "osai", "Apache-2.0", "alias"),
        ("  APACHE \t 2.0 ", None, "Apache-2.0", "alias"),
        ("Apache 2.0 (model weights only)", "osai", "Apache-2.0", "alias"),
        ("MIT License", "osai", "MIT", "alias"),
        ("BSD-3", "mot", "BSD-3-Clause", "alias"),
        ("GPL-3.0", None, "GPL-3.0-only", "alias"),
        ("GNU General Public License v3.0", "osai", "GPL-3.0-only", "alias"),
        ("Llama 3.1 Community", "lmarena", "llama-3.1-community", "alias"),
        ("Llama 3.1 Community License Agreement", "osai", "llama-3.1-community", "alias"),
        ("Meta Llama 3 Community License", "osai", "llama-3-community", "alias"),
        ("Llama-3.3", "lmarena", "llama-3.3-community", "alias"),
        ("llama3.1", None, "llama-3.1-community", "hub-tag"),
        ("llama3.1", "open_llm_leaderboard", "llama-3.1-community", "hub-tag"),
        ("license:llama3.2", "hf", "llama-3.2-community", "hub-tag"),
        ("llama4", "hf", "llama-4-community", "hub-tag"),
        ("Qianwen LICENSE", "lmarena", "tongyi-qianwen", "alias"),
        ("tongyi-qianwen", "hf", "tongyi-qianwen", "hub-tag"),
        ("tongyi-qianwen-research", "mot", "tongyi-qianwen-research", "alias"),
        ("qwen", "hf", "qwen-license", "hub-tag"),
        ("qwen-research", "hf", "qwen-research", "hub-tag"),
        ("DeepSeek License Agreement", "osai", "deepseek-license", "alias"),
        ("Gemma", "lmarena", "gemma-terms-of-use", "alias"),
        ("gemma", "hf", "gemma-terms-of-use", "hub-tag"),
        ("MRL", "lmarena", "mistral-research-license", "alias"),
        ("mnpl", "hf", "mistral-non-production-license", "hub-tag"),
        ("Falcon-180B TII License", "mot", "tii-falcon-180b", "alias"),
        ("Propretary", "lmarena", "proprietary-api", "alias"),
        ("Proprietary", "lmarena", "proprietary-api", "alias"),
        ("cc-by-nc-sa-4.0", None, "CC-BY-NC-SA-4.0", "alias"),
        ("cc-by-nc-sa-4.0", "open_llm_leaderboard", "CC-BY-NC-SA-4.0", "hub-tag"),
        ("CC-BY-ND", "osai", "cc-by-nd", "alias"),
        ("creativeml-openrail-m", "hf", "creativeml-openrail-m", "hub-tag"),
        ("openrail++", "open_llm_leaderboard", "creativeml-openrail-plusplus-m", "hub-tag"),
        ("Apache-2.0 AND MIT", None, "expression:Apache-2.0 AND MIT", "spdx-expression"),
        ("apache-2.0 or mit", None, "expression:Apache-2.0 OR MIT", "spdx-expression"),
        ("MIT OR (Apache-2.0 AND GPL-3.0)", None, "expression:MIT OR (Apache-2.0 AND GPL-3.0-only)", "spdx-expression"),
        ("Apache-2.0 and Community License for Baichuan2 Model", "osai",
         "expression:Apache-2.0 AND baichuan-2-community", "spdx-expression"),
        ("CC-BY-NC-4.0 and C4AI acceptable use policy", "osai",
         "expression:CC-BY-NC-4.0 AND c4ai-acceptable-use-policy", "spdx-expression"),
        ("Stable-Diffusion-OpenRail++-M License and Apache-2.0 and CC-BY-NC-4.0", "osai",
         "expression:creativeml-openrail-plusplus-m AND Apache-2.0 AND CC-BY-NC-4.0", "spdx-expression"),
        # Version-less family names map to family entries that set only the flags every version shares.
        ("Apache", "osai", "apache-family", "alias"),
        ("BSD", "mot", "BSD-family", "alias"),
        ("Apache and CC-BY-4.0", "osai", "expression:apache-family AND CC-BY-4.0", "spdx-expression"),
        ("nvidia-nemotron-open-model-license", "hf", "nvidia-nemotron-open-model-license", "hub-tag"),
        ("health-ai-developer-foundations", "hf", "hai-def-terms-of-use", "hub-tag"),
        ("PolyForm Noncommercial License 1.0.0", None, "PolyForm-Noncommercial-1.0.0", "alias"),
        ("PolyForm-Noncommercial-1.0.0", None, "PolyForm-Noncommercial-1.0.0", "alias"),
    ],
)  # fmt: skip
def test_strings_that_map(text: str, source: str | None, licence_id: str, method: str) -> None:
    m = normalise(text, source)
    assert (m.id, m.method, m.reason) == (licence_id, method, None)
    assert m.mapped and m.text == text


@pytest.mark.parametrize(
    ("text", "source", "reason"),
    [
        ("other", "hf", "placeholder"),
        ("Other", "lmarena", "placeholder"),
        ("license:other", "hf", "placeholder"),
        ("unknown", "open_llm_leaderboard", "placeholder"),
        ("Non-commercial", "lmarena", "not a licence"),
        ("Open", "lmarena", "not a licence"),
        ("unlicensed", "mot", "without any licence"),
        ("Llama", "lmarena", "differ by version"),
        ("Meta Community License", "osai", "differ by version"),
        ("Qwen", "lmarena", "Qwen-Max"),
        ("Modified MIT", "lmarena", "different modified MIT"),
        ("Apache-like license", "osai", "not recognised"),
        ("modified-mit", "hf", "different modified MIT"),
        ("cc", "open_llm_leaderboard", "Creative Commons family"),
        ("", None, "empty"),
        ("   ", "lmarena", "empty"),
        (None, None, "empty"),
        ("license:", "hf", "empty"),
        ("Zlib", None, "not in the knowledge base: Zlib"),
        ("GPL-3.0-or-later", None, "not in the knowledge base: GPL-3.0-or-later"),
        ("Apache-2.0 and CC-BY-NC-4.0 and additional terms", "osai", "'additional terms'"),
        ("helpingai", "hf", "not recognised"),
        ("commercial use restrcitions; CC-BY-NC-SA-4.0", "mot", "not recognised"),
    ],
)  # fmt: skip
def test_strings_that_stay_unknown(text: str | None, source: str | None, reason: str) -> None:
    m = normalise(text, source)
    assert (m.id, m.method, m.expression) == (None, "unknown", None)
    assert m.reason is not None and reason in m.reason, m.reason
    assert not m.mapped


def test_hub_source_decides_an_ambiguous_name() -> None:
    # On the Hub `qwen` is the Qwen License's license_name; in LMArena "Qwen" also labels proprietary Qwen-Max.
    assert normalise("Qwen", "hf").id == "qwen-license"
    assert normalise("Qwen", "lmarena").id is None


def test_expression_flags_take_the_most_restrictive_part_for_and_the_least_for_or() -> None:
    both = expression_flags("Apache-2.0 AND CC-BY-NC-4.0")
    either = expression_flags("Apache-2.0 OR CC-BY-NC-4.0")
    assert both["commercial_use"].value is False and either["commercial_use"].value is True
    assert both["osaid_compatible"].value is False and either["osaid_compatible"].value is True
    # for restrictions true is the restrictive value
    assert expression_flags("Apache-2.0 AND gemma-terms-of-use")["use_restrictions"].value is True
    assert expression_flags("Apache-2.0 OR gemma-terms-of-use")["use_restrictions"].value is False
    assert expression_flags("MIT AND GPL-3.0-only")["copyleft"].value is True
    # a null part leaves the result open unless another part decides it
    assert expression_flags("MIT AND llama-1-research")["derivatives"].value is None
    assert expression_flags("MIT OR llama-1-research")["derivatives"].value is True
    assert expression_flags("MIT AND llama-1-research")["commercial_use"].value is False
    nested = expression_flags("MIT OR (Apache-2.0 AND CC-BY-NC-4.0)")
    assert nested["commercial_use"].value is True
    assert set(nested) == set(FLAG_NAMES)
    assert all(r.source is None and "AND takes the most restrictive" in r.evidence for r in nested.values())


def test_licence_flags_for_ids_and_expressions() -> None:
    flags = licence_flags("llama-3.2-community")
    assert flags["geographic_exclusion"].value is True
    assert flags["geographic_exclusion"].source.endswith("USE_POLICY.md")  # type: ignore[union-attr]
    m = normalise("Apache-2.0 and Community License for Baichuan2 Model")
    assert m.id is not None and m.id.startswith(EXPRESSION_PREFIX)
    assert licence_flags(m.id)["user_cap"].value is True  # Baichuan 2's daily-active-user condition
    with pytest.raises(UnknownLicence):
        licence_flags("no-such-licence")
    with pytest.raises(UnknownLicence):
        licence_flags("expression:MIT AND no-such-licence")


def test_licence_record_for_id_string_and_expression() -> None:
    rec = licence_record("llama-3.1-community")
    assert rec["id"] == "llama-3.1-community" and rec["match"] is None and rec["kb_version"]
    assert rec["flags"]["user_cap"]["value"] is True and "700 million" in rec["flags"]["user_cap"]["evidence"]
    by_string = licence_record("Llama 3.1 Community")
    assert by_string["id"] == "llama-3.1-community" and by_string["match"]["method"] == "alias"
    expr = licence_record("Apache-2.0 AND MIT")
    assert expr["kind"] == "expression" and expr["components"] == ["Apache-2.0", "MIT"]
    assert expr["flags"]["commercial_use"]["value"] is True
    with pytest.raises(UnknownLicence, match="placeholder"):
        licence_record("other")

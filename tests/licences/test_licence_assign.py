"""Licences of canonical models on the real shipped data, and licences named inside Epoch's notes."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from avsi.licences.assign import model_licence_coverage
from avsi.licences.mentions import licence_mentioned
from avsi.resolve import get_model


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Apache 2.0: https://github.com/google-research/ALBERT", "Apache-2.0"),  # Epoch, ALBERT
        ("LLAMA 3.2 COMMUNITY LICENSE AGREEMENT  https://github.com/meta-llama/llama-models", "llama-3.2-community"),
        ("Apache 2 for training and inference code https://x  CC BY-NC-SA 4.0 for weights", "CC-BY-NC-SA-4.0"),
        ("modified MIT license (capped by 100M MAU or $20M monthly revenue)", None),  # Kimi K2: not MIT
        ("Llama license https://huggingface.co/NousResearch/Hermes-3-Llama-3.1-70B", None),  # which Llama licence?
        ("no clear license https://github.com/OpenBMB/CPM-Live", None),
        ("MIT license", "MIT"),
        ("Trained by researchers at MIT and Harvard", None),  # the university, not the licence
        (None, None),
    ],
)
def test_licence_mentioned(note: str | None, expected: str | None) -> None:
    assert licence_mentioned(note) == expected


def test_model_licences_on_shipped_data(shipped_db: Path) -> None:
    assert get_model(shipped_db, "llama-3.1-70b")["licence"]["id"] == "llama-3.1-community"
    gpt = get_model(shipped_db, "gpt-4o")["licence"]
    assert gpt["id"] == "proprietary-api" and gpt["flags"]["redistribution"] is False
    llama = get_model(shipped_db, "llama-3.2-90b")["licence"]
    assert llama["flags"]["geographic_exclusion"] is True  # the multimodal Llama 3.2 excludes the EU
    assert llama["evidence"]["geographic_exclusion"]["url"].startswith("https://")
    deepseek = get_model(shipped_db, "deepseek-v3")["licence"]
    assert deepseek["id"] == "deepseek-license" and deepseek["flags"]["use_restrictions"] is True


def test_open_weight_licence_coverage_is_measured(shipped_db: Path) -> None:
    con = duckdb.connect(str(shipped_db), read_only=True)
    cov = model_licence_coverage(con)
    print(cov)
    # Measured on the shipped data: 1,042 of 1,435 open-weight canonical models get a licence id. The rest carry
    # no licence string in any source, or one the knowledge base deliberately does not guess.
    assert cov["open_weight_models"] == 1435
    assert cov["share_open_weight_with_licence"] >= 0.72

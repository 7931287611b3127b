"""Name parsing: the traps are versions, sizes and modifiers; snapshots, routes and quantisation are noise."""

from __future__ import annotations

import pytest

from avsi.resolve.names import parse

SAME = [
    ("Llama 3.1-70B", "together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo"),
    ("Llama 3.1-70B", "meta-llama/Llama-3.1-70B"),
    ("GPT-4o", "gpt-4o-2024-08-06"),
    ("Claude 3.5 Sonnet", "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0"),
    ("Claude Sonnet 4.5", "claude-sonnet-4-5-20250929_12K"),
    ("DeepSeek-V3", "DeepSeek-V3 (Mar 2025)"),
    ("DeepSeek-V3", "deepseek-ai/DeepSeek-V3-0324"),
    ("Llama 2-7B", "TheBloke/Llama-2-7B-GGUF"),
    ("Gemma 2 9B", "google/gemma-2-9b-it"),
    ("o3", "o3-2025-04-16_medium"),
    ("Gemini 2.5 Pro", "databricks/gemini-2-5-pro"),
    ("Grok 4.1 Fast", "openrouter/x-ai/grok-4.1-fast:free"),
    ("Phi-3-mini", "microsoft/Phi-3-mini-4k-instruct"),
]
DIFFERENT = [
    ("Qwen2-72B", "Qwen2.5-72B"),
    ("Llama 3.1-70B", "Llama 3.3-70B"),
    ("GPT-4o", "gpt-4o-mini"),
    ("DeepSeek-V3", "DeepSeek-V3.1"),
    ("DeepSeek-V3", "DeepSeek-R1"),
    ("Mixtral-8x7B", "Mixtral-8x22B"),
    ("Llama 3.1-8B", "Llama 3.1-70B"),
    ("mistral-small-2501", "mistral-small-2503"),
    ("Claude 3.5 Sonnet", "Claude 3.7 Sonnet"),
    ("Gemini 1.5 Pro", "Gemini 2.5 Pro"),
    ("Gemini 2.5 Pro", "Gemini 2.5 Flash"),
    ("Qwen3-235B-A22B", "Qwen3-VL-235B-A22B"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_model(a: str, b: str) -> None:
    assert parse(a).key == parse(b).key


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_models(a: str, b: str) -> None:
    assert parse(a).key != parse(b).key


def test_what_is_kept_aside() -> None:
    p = parse("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0")
    assert (p.snapshot, p.variant, p.quantised) == ("20240620", None, False)
    q = parse("TheBloke/Llama-2-7B-Chat-GGUF")
    assert (q.variant, q.quantised, q.sizes, q.versions) == ("instruct", True, ("7b",), ("2",))
    assert parse("Mistral-Small-24B-Instruct-2501").tag == "2501"
    assert parse("gpt-3.5-turbo-1106").snapshot == "1106"

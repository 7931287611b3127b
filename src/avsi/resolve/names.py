"""Model-name normalisation: from any source's spelling to a comparable key.

"together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo", "Llama 3.1-70B" and "meta-llama/Llama-3.1-70B" all
become family {llama}, version (3.1), size {70b}; the variant (instruct/base) is kept apart so that the policy in
docs/identity.md can decide whether it matters. Dated API snapshots ("-2024-08-06", "-20240620", "-0613"),
provider routes, quantisation and format suffixes ("-GGUF", "-AWQ", "-4bit") and reasoning-effort suffixes are
stripped and recorded; modifiers that make a different model ("mini", "pro", "flash", "coder", "vl") are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Bedrock/Vertex style "vendor." prefixes and cross-region inference prefixes.
_DOT_PREFIX = re.compile(
    r"^(?:(?:us|eu|apac|global|jp|au|ca)\.)?(?:anthropic|meta|amazon|mistral|cohere|ai21|deepseek|qwen|openai|"
    r"writer|twelvelabs|stability|google|moonshot|minimax|zai|luma)\.",
)
_ROUTE_SUFFIX = re.compile(r"(?::(?:free|extended|beta|nitro|floor|online|thinking|exacto)|-v\d+:\d+|:\d+)$")
_DATE_SUFFIX = re.compile(
    r"(?:[-_@ ](?:20\d\d-?[01]\d-?[0-3]\d)|[-_ ](?:0[1-9]|1[0-2])[0-3]\d"
    r"|\s*\((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{4}\))(?=$|[-_ ])"
)  # -2024-08-06, -20240620, @20240620, -0613 (OpenAI month-day), " (Mar 2025)" (Epoch)
_QUANT = {
    "gguf", "awq", "gptq", "exl2", "mlx", "fp8", "fp16", "bf16", "int4", "int8", "4bit", "8bit", "3bit", "2bit",
    "q4", "q5", "q6", "q8", "q4_k_m", "q5_k_m", "q8_0", "nf4", "bnb", "onnx", "ov", "openvino", "dynamic", "w4a16",
    "w8a8", "mxfp4", "nvfp4", "fp4", "quantized", "unsloth",
}  # fmt: skip
_EFFORT = re.compile(
    r"_(?:minimal|low|medium|high|xhigh|max|none|unknown|thinking|nothinking|\d+k)(?=$|_)|-web-app$|_web$"
)
_VARIANTS = {
    "instruct": "instruct", "chat": "instruct", "it": "instruct", "sft": "instruct", "base": "base",
    "pretrained": "base",
}  # fmt: skip
# Words that do not change which model is meant.
_NOISE = {"hf", "latest", "original", "model", "the", "ai", "llm", "v1", "release", "version", "new"}
# Organisation words that some sources put inside the model name ("Meta-Llama-3.1").
_ORG_WORDS = {"meta", "facebook", "mistralai"}
_SIZE = re.compile(r"^(?:\d+x)?\d+(?:\.\d+)?[bmt]$|^a\d+(?:\.\d+)?b$|^e\d+b$")
_CONTEXT = re.compile(r"^\d+k$")  # context window (4k, 128k): the same weights, not a different model
_VERSION = re.compile(r"^v?\d+(?:\.\d+)*[a-z]?$")
_YYMM = re.compile(r"^2[2-9](?:0[1-9]|1[0-2])$")  # Mistral-style release tags (2501 = January 2025)


@dataclass(frozen=True)
class ParsedName:
    """A model name taken apart."""

    original: str
    words: tuple[str, ...]  # family and modifier words, in order
    versions: tuple[str, ...]
    sizes: tuple[str, ...]
    tag: str | None  # a YYMM release tag, part of the identity
    variant: str | None  # instruct / base, or None when the name does not say
    snapshot: str | None  # a dated API snapshot that was stripped
    quantised: bool

    @property
    def key(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str | None]:
        """What must be equal for two names to be the same model (variant aside)."""
        return (tuple(sorted(set(self.words))), self.versions, tuple(sorted(self.sizes)), self.tag)

    @property
    def block(self) -> str:
        """Blocking key for fuzzy candidates: the first family word."""
        return self.words[0] if self.words else (self.versions[0] if self.versions else "")

    @property
    def text(self) -> str:
        """A canonical spelling, for fuzzy comparison."""
        return " ".join([*self.words, *self.versions, *self.sizes, *([self.tag] if self.tag else [])])


def last_segment(name: str) -> str:
    """The model part of a route: 'together_ai/meta-llama/Llama-3-70B' -> 'Llama-3-70B'."""
    name = name.strip()
    if name.startswith("ft:"):
        return name  # a fine-tuning price entry, kept whole so it never matches the base model
    return name.rsplit("/", 1)[-1]


def _split_alnum(token: str) -> list[str]:
    """'qwen2.5' -> ['qwen', '2.5']; short prefixes stay whole ('o3', 'v3', 'k2', 'r1', '4o')."""
    match = re.match(r"^([a-z]{2,})(\d+(?:\.\d+)*[a-z]?)$", token)
    if match and match.group(1) not in {"gpt"} | {"v"}:
        return [match.group(1), match.group(2)]
    if match:
        return [match.group(1), match.group(2)]
    return [token]


def parse(name: str) -> ParsedName:
    """Take a model name from any source apart into words, versions, sizes, tag, variant and snapshot."""
    original = name
    text = last_segment(name).lower()
    text = _DOT_PREFIX.sub("", text)
    text = _ROUTE_SUFFIX.sub("", text)
    snapshot = None
    match = _DATE_SUFFIX.search(text)
    if match:
        snapshot = match.group(0).strip("-_@ ")
        text = text[: match.start()] + text[match.end() :]
    text = _EFFORT.sub("", text)
    # "claude-3-5-sonnet" / "gemini-2-5-pro": a single digit, a dash, a single digit is a dotted version.
    text = re.sub(r"(?<![\d.])(\d)[-_](\d)(?![\d.]|\d*[bmkt]\b|x\d)", r"\1.\2", text)
    raw_tokens = [t for t in re.split(r"[-_\s/:,()]+", text) if t]
    tokens: list[str] = []
    for tok in raw_tokens:
        tokens.extend(_split_alnum(tok))
    words: list[str] = []
    versions: list[str] = []
    sizes: list[str] = []
    tag = None
    variant = None
    quantised = False
    for tok in tokens:
        if tok in _QUANT or re.match(r"^q\d(_k)?(_[msl0-9])?$", tok) or re.match(r"^i?q\d_", tok):
            quantised = True
        elif tok in _VARIANTS:
            variant = _VARIANTS[tok]
        elif _CONTEXT.match(tok) or (tok == "turbo" and variant is not None):
            continue  # context size, or a host's "-Instruct-Turbo" serving suffix
        elif _YYMM.match(tok):
            tag = tok
        elif _SIZE.match(tok):
            sizes.append(tok)
        elif _VERSION.match(tok):
            versions.append(tok.removeprefix("v") if re.match(r"^v\d", tok) else tok)
        elif tok in _NOISE:
            continue
        else:
            words.append(tok)
    if len(words) > 1:
        words = [w for w in words if w not in _ORG_WORDS]
    return ParsedName(
        original=original,
        words=tuple(words),
        versions=tuple(versions),
        sizes=tuple(sizes),
        tag=tag,
        variant=variant,
        snapshot=snapshot,
        quantised=quantised,
    )

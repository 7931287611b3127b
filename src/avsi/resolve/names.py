"""Model-name normalisation: from any source's spelling to comparable keys.

"together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo", "Llama 3.1-70B" and "meta-llama/Llama-3.1-70B" all
become words {llama}, version (3.1), size {70b}; the variant (instruct/base) is kept apart so that the policy in
docs/identity.md can decide whether it matters. Provider routes, quantisation and format suffixes, reasoning
effort and context sizes are stripped. Two keys come out:

- `full_key` keeps "soft" words (preview, exp, thinking, instant ...) and the month a dated snapshot was taken
  (from "-2024-08-06" or Epoch's " (Aug 2024)"): it tells Epoch's separate dated entries apart;
- `key` drops them: a dated or preview snapshot of a model is that model when no entry of its own exists.

Words that make a different model ("mini", "pro", "flash", "coder", "vl"), versions, sizes and Mistral-style
release tags ("2501") are in both keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Bedrock/Vertex style "vendor." prefixes and cross-region inference prefixes.
_DOT_PREFIX = re.compile(
    r"^(?:(?:us|eu|apac|global|jp|au|ca)\.)?(?:anthropic|meta|amazon|mistral|cohere|ai21|deepseek|qwen|openai|"
    r"writer|twelvelabs|stability|google|moonshot|minimax|zai|luma)\.",
)
_ROUTE_SUFFIX = re.compile(r"(?::(?:free|extended|beta|nitro|floor|online|thinking|exacto)|-v\d+:\d+|:\d+)$")
_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
_DATES = [
    # (pattern, how to read year and month) — the first that matches is stripped and recorded.
    re.compile(r"[-_@ ]\(?(?P<y>20\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)\)?(?=$|[-_ :])"),  # -2024-08-06, (20241022)
    re.compile(r"\s*\((?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (?P<y>20\d\d)\)"),
    re.compile(r"[-_ ]\(?(?P<m>0[1-9]|1[0-2])-(?P<y>20\d\d)\)?(?=$|[-_ ])"),  # -03-2025, (08-2024)
    re.compile(r"[-_ ](?P<m>0[1-9]|1[0-2])-?(?P<d>[0-3]\d)(?=$|[-_ ])"),  # -0613, -03-25 (month-day, no year)
    re.compile(r"[-_ ](?P<v>00\d)(?=$|[-_ ])"),  # Google's -001 / -002 revisions
]
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
# Words that never change which model is meant.
_NOISE = {"hf", "latest", "original", "model", "the", "ai", "llm", "release", "version", "new", "c4ai"}
# Words that name a snapshot or mode of a model: kept in the full key only.
_SOFT = {"preview", "exp", "experimental", "beta", "instant", "versatile", "thinking", "high", "low"}
# Organisation words some sources put inside the model name ("Meta-Llama-3.1", "Amazon Nova Pro").
_ORG_WORDS = {"meta", "facebook", "mistralai", "amazon", "nvidia", "cohere", "snowflake", "google", "ai21", "ibm",
              "microsoft", "alibaba", "tencent", "baidu", "xai", "openai", "anthropic"}  # fmt: skip
_SIZE = re.compile(r"^(?:\d+x)?\d+(?:\.\d+)?[bmt]$|^a\d+(?:\.\d+)?b$|^e\d+b$")
_IGNORED = re.compile(r"^\d+k$|^\d+e$")  # context window (4k, 128k) and expert count (128e): same model
_VERSION = re.compile(r"^v?\d+(?:\.\d+)*[a-z]?$")
_INITIAL = {"0.1", "1"}  # "-v0.1", "-v1": a first release, which the generic name already means
_YYMM = re.compile(r"^2[2-9](?:0[1-9]|1[0-2])$")  # YYMM: 2501 = January 2025
# Mistral's YYMM suffixes name distinct releases (Mistral Small 2501 is Small 3, 2503 is Small 3.1): a hard tag.
# Elsewhere (Qwen3-...-2507, Apertus-...-2509) a YYMM suffix dates a snapshot, like "-2024-08-06".
_TAGGED_FAMILIES = {"mistral", "ministral", "mixtral", "codestral", "devstral", "magistral", "pixtral", "voxtral"}
_UNSPLIT = {"ai21", "fp8", "bf16", "fp16", "fp32", "int4", "int8", "fp4", "mp3", "a2a"}


@dataclass(frozen=True)
class ParsedName:
    """A model name taken apart."""

    original: str
    words: tuple[str, ...]  # family and modifier words, in order
    soft: tuple[str, ...]  # snapshot / mode words (preview, thinking ...)
    versions: tuple[str, ...]
    sizes: tuple[str, ...]
    tag: str | None  # a YYMM release tag, part of the identity
    month: str | None  # YYMM of a dated snapshot, part of the full key only
    variant: str | None  # instruct / base, or None when the name does not say
    snapshot: str | None  # the date text that was stripped
    quantised: bool

    @property
    def key(self) -> tuple[object, ...]:
        """What must be equal for two names to be the same model (variant aside)."""
        return (tuple(sorted(set(self.words))), self.versions, tuple(sorted(self.sizes)), self.tag)

    @property
    def full_key(self) -> tuple[object, ...]:
        """The key plus snapshot words and month: tells dated and preview entries apart."""
        return (*self.key, tuple(sorted(set(self.soft))), self.month)

    @property
    def unsized_key(self) -> tuple[object, ...]:
        return (tuple(sorted(set(self.words))), self.versions, self.tag)

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
    """'qwen2.5' -> ['qwen', '2.5']; short prefixes stay whole ('o3', 'v3', 'k2', 'r1', '4o'), and so do format
    and vendor tokens ('fp8', 'ai21')."""
    if token in _UNSPLIT or token in _QUANT:
        return [token]
    match = re.match(r"^([a-z]{2,})(\d+(?:\.\d+)*[a-z]?)$", token)
    return [match.group(1), match.group(2)] if match else [token]


def _strip_dates(text: str) -> tuple[str, str | None, str | None]:
    for pattern in _DATES:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = None
        if groups.get("y") and (groups.get("m") or groups.get("mon")):
            mm = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"]]
            month = f"{groups['y'][2:]}{mm:02d}"
        return text[: match.start()] + text[match.end() :], match.group(0).strip("-_@ ()"), month
    return text, None, None


def _drop_aliases(text: str) -> str:
    """Epoch adds other names in parentheses: "Solar-10.7B (Solar Mini)", "Tulu 3 (Tülu 3) 70B". A parenthesis
    without digits, or repeating what is outside it, is dropped; "(72B)" in "Qwen2.5 Instruct (72B)" is kept."""

    def keep(match: re.Match[str]) -> str:
        inner = match.group(1)
        outside = set(re.split(r"[-_\s]+", text[: match.start()] + " " + text[match.end() :]))
        if not re.search(r"\d", inner) or set(re.split(r"[-_\s]+", inner)) <= outside:
            return " "
        return match.group(0)

    return re.sub(r"\(([^()]*)\)", keep, text)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def parse(name: str) -> ParsedName:
    """Take a model name from any source apart into words, versions, sizes, tag, variant and snapshot."""
    original = name
    text = _ascii(last_segment(name)).lower()
    text = _DOT_PREFIX.sub("", text)
    text = _ROUTE_SUFFIX.sub("", text)
    text = _EFFORT.sub("", text)
    text, snapshot, month = _strip_dates(text)
    text = _drop_aliases(text)
    # "claude-3-5-sonnet" / "gemini-2-5-pro": a single digit, a dash, a single digit is a dotted version.
    text = re.sub(r"(?<![\d.])(\d)[-_](\d)(?![\d.]|\d*[bmkte]\b|x\d)", r"\1.\2", text)
    text = re.sub(r"(\d+)b(\d)\b", r"\1.\2b", text)  # "bloom-7b1" is 7.1B
    text = re.sub(r"(?<![\d.])(\d)_(\d+[bm])\b", r"\1.\2", text)  # "Qwen-1_8B" is 1.8B
    text = text.replace("+", " plus ")  # "Command R+" is Command R Plus
    initial_release = bool(re.search(r"[-_ ]1\.0$", text))  # "Nova Pro 1.0"
    tokens: list[str] = []
    for tok in (t for t in re.split(r"[-_\s/:,()+]+", text) if t):
        tokens.extend(_split_alnum(tok))
    words: list[str] = []
    soft: list[str] = []
    versions: list[str] = []
    sizes: list[str] = []
    tag = None
    yymm = None
    variant = None
    quantised = False
    for tok in tokens:
        if tok in _QUANT or re.match(r"^q\d(_k)?(_[msl0-9])?$", tok) or re.match(r"^i?q\d_", tok):
            quantised = True
        elif tok in _VARIANTS:
            variant = _VARIANTS[tok]
        elif _IGNORED.match(tok) or (tok == "turbo" and variant is not None):
            continue  # context size, expert count, or a host's "-Instruct-Turbo" serving suffix
        elif _YYMM.match(tok):
            yymm = tok
        elif _SIZE.match(tok):
            sizes.append(tok)
        elif _VERSION.match(tok):
            version = tok.removeprefix("v") if re.match(r"^v\d", tok) else tok
            version = re.sub(r"^0+(\d)", r"\1", re.sub(r"\.0$", "", version))  # "4.0" is "4", "01" is "1"
            versions.append(version)
            initial_release = initial_release or (tok.startswith("v") and version in _INITIAL)
        elif tok in _NOISE:
            continue
        elif tok in _SOFT:
            soft.append(tok)
        else:
            words.append(tok)
    if len(words) > 1:
        words = [w for w in words if w not in _ORG_WORDS] or words
    if len(words) > 1 and words[0] == "open" and words[1] in _TAGGED_FAMILIES:
        words = words[1:]  # Mistral's API names: "open-mistral-7b", "open-mixtral-8x22b"
    if yymm and (set(words) & _TAGGED_FAMILIES):
        tag = yymm
    elif yymm and month is None:
        month = yymm
    if versions and versions[-1] in _INITIAL and (len(versions) > 1 or sizes or initial_release):
        versions = versions[:-1]  # "Mistral-7B-v0.1", "Nova Pro 1.0", "-v01": the first release of that model
    return ParsedName(
        original=original,
        words=tuple(words),
        soft=tuple(soft),
        versions=tuple(versions),
        sizes=tuple(sizes),
        tag=tag,
        month=month,
        variant=variant,
        snapshot=snapshot,
        quantised=quantised,
    )

"""Licences named inside free text, such as Epoch's "Accessibility notes" ("MIT license https://...",
"LLAMA 3.2 COMMUNITY LICENSE AGREEMENT", "Apache 2 for code, CC BY-NC-SA 4.0 for weights").

A mention counts only when it is unambiguous:

- the longest knowledge-base names and aliases found in the text; short or generic aliases ("MIT" inside a word,
  "other") are matched on word boundaries only, and aliases of three characters or fewer need the word "licen[cs]e"
  or a note-like context next to them ("MIT:", "MIT for weights", "MIT, code and weights", a note that is just "MIT");
- two facts a link states: GitHub's licence tab (`?tab=GPL-3.0-1-ov-file` is GitHub's own detection of the
  repository's licence) and a linked licence file's name (`.../blob/main/Tongyi%20Qianwen%20LICENSE%20AGREEMENT`);
- a mention in a sentence or clause about code only ("code is Apache", "MIT license for training code") says
  nothing about the weights and is dropped;
- if several different licences remain, the one whose clause speaks of the weights (or of the model), else the one
  whose clause ends in a link to the model's Hugging Face repository; otherwise nothing;
- "modified MIT", "based on ..." and the like are not the licence they name: the note then names none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from avsi.licences.kb import KnowledgeBase, load_kb
from avsi.licences.normalise import EXPRESSION_PREFIX, normalise

_EXTRA_SPELLINGS = {
    "apache 2": "Apache-2.0", "apache2": "Apache-2.0", "apache license 2.0": "Apache-2.0", "apache 2.0": "Apache-2.0",
    "apache-2.0": "Apache-2.0", "mit license": "MIT", "mit licensed": "MIT", "cc by-nc 4.0": "CC-BY-NC-4.0",
    "cc-by-nc 4.0": "CC-BY-NC-4.0", "cc by-nc-sa 4.0": "CC-BY-NC-SA-4.0", "cc by 4.0": "CC-BY-4.0",
    "cc-by 4.0": "CC-BY-4.0", "gpl-3.0": "GPL-3.0-only", "gplv3": "GPL-3.0-only", "bsd-3-clause": "BSD-3-Clause",
    "llama 2 license": "llama-2-community", "llama2 license": "llama-2-community",
    "llama 3 license": "llama-3-community", "llama 3.1 license": "llama-3.1-community",
    "llama 3.2 license": "llama-3.2-community", "llama 3.3 license": "llama-3.3-community",
    "gemma license": "gemma-terms-of-use", "gemma terms of use": "gemma-terms-of-use",
    "deepseek model license": "deepseek-license", "deepseek license": "deepseek-license",
    "qwen license": "qwen-license", "tongyi qianwen license": "tongyi-qianwen",
    "nvidia open model license": "nvidia-open-model-license", "openrail-m": "openrail",
    "open rail-m": "openrail", "open rail-m license": "openrail",
    "bigscience rail license": "bigscience-bloom-rail-1.0",
    "flux 1 non commercial license": "flux-1-dev-non-commercial", "cc by nc": "cc-by-nc", "cc by-nc": "cc-by-nc",
    "cc non-commercial": "cc-by-nc", "creative commons non-commercial": "cc-by-nc",
    "creative commons non commercial": "cc-by-nc", "mit-licensed": "MIT", "wtfpl": "WTFPL",
    "falconllm license": "tii-falcon-2.0", "academic free license version 3.0": "AFL-3.0",
    "health ai developer foundations terms of use": "hai-def-terms-of-use",
    "health-ai-developer foundation": "hai-def-terms-of-use",
    "polyform noncommercial license 1.0.0": "PolyForm-Noncommercial-1.0.0",
    "nvidia source code license": "nvidia-source-code-license-nc",
    "creative commons attribution: non-commercial 4.0 international": "CC-BY-NC-4.0",
}  # fmt: skip

# A short alias ("MIT", "BSD") counts only next to one of these: "MIT license", "MIT:", "MIT for weights",
# "MIT, code and weights", "MIT. code", "MIT (models ...)", "MIT code/weights", or as the whole note.
_SHORT_CONTEXT = (
    r"(?:[\s_-]+licen[cs](?:e|ed)|(?=\s*:)|(?=\s*$)|(?=\s*[,.(]\s*(?:code|weights?|models?|train))"
    r"|(?=\s+(?:for|code|weights?|models?|train)\b))"
)
_URL = re.compile(r"https?://\S+")
_GITHUB_TAB = re.compile(r"github\.com/\S*?[?&]tab=([A-Za-z0-9.+]+(?:-[A-Za-z0-9.+]+)*?)-\d+-ov-file", re.IGNORECASE)
_GITHUB_FILE = re.compile(r"github\.com/[^/\s]+/[^/\s]+/blob/[^/\s]+/(?:[^\s/]+/)*([^\s/?#]+)", re.IGNORECASE)
_HF_MODEL = re.compile(r"huggingface\.co/(?!datasets/|spaces/|docs/|models\?)[\w.-]+/[\w.-]+", re.IGNORECASE)
_NOT_THE_LICENCE = re.compile(r"(modified|custom|based on|derived from|similar to)\W*$", re.IGNORECASE)
_WEIGHTS = re.compile(r"weight|model|checkpoint|parameters", re.IGNORECASE)
_CODE = re.compile(r"\bcodes?(?:base)?\b|\binference\b|\btraining\b|\bdata(?:sets?)?\b", re.IGNORECASE)
# A note that says the weights are non-commercial contradicts a permissive licence it names (for the repository).
_NON_COMMERCIAL = re.compile(
    r"non[- ]?comm\w*\s+(?:for\s+)?(?:weights|model|licen)|weights[^.\n]{0,60}non[- ]?comm"
    r"|not for commercial|commercial use (?:is )?(?:forbidden|prohibited|not allowed)",
    re.IGNORECASE,
)
# Between a licence name and the link it captions: "license", "(100M MAU cap)", ":" — nothing else.
_CAPTION_TAIL = re.compile(r"^\W*(?:licen[cs]e[ds]?|agreement)?\W*(?:\([^)]*\))?\W*$", re.IGNORECASE)
# A family id and the prefix of its members: "apache" and "Apache 2.0" in one note name one licence, Apache-2.0.
_FAMILY_MEMBERS = {"apache-family": "Apache-", "BSD-family": "BSD-", "GPL-family": "GPL-", "cc-by-nc": "CC-BY-NC-"}
_JOIN = re.compile(r"\b(?:and|but|while|whereas)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;,\n]|\.\s|\s{2,}|\|+")  # a masked link is "|||..."


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    licence_id: str
    link: bool = False  # stated by a link (its clause is the text just before the link)


@functools.cache
def _patterns(kb_version: str) -> list[tuple[re.Pattern[str], str, str]]:
    """(pattern, licence id, a word the text must contain for the pattern to match), longest name first."""
    kb = load_kb()
    # "Llama license", "Qwen licence": a family name alone does not say which of its licences (the knowledge base
    # lists such strings as deliberately unmapped).
    ambiguous = {k for k in kb.unmapped_reasons} | {"llama", "qwen", "gemma", "nvidia", "deepseek", "mistral"}
    names: dict[str, str] = {}
    tag_only: set[str] = set()  # Hub tags that are not also names: "llama2", "qwen-research" are model names too
    for lic in kb.licences:
        for alias in (lic.id, lic.name, *lic.aliases, *lic.hub_tags):
            key = " ".join(alias.lower().split())
            stem = re.sub(r"\s*(licen[cs]e|agreement)$", "", key).strip()
            if len(key) >= 3 and key not in {"other", "open", "unknown"} and stem not in ambiguous:
                names.setdefault(key, lic.id)
        tag_only |= {t.lower() for t in lic.hub_tags} - {a.lower() for a in (lic.id, lic.name, *lic.aliases)}
    for key, lic_id in _EXTRA_SPELLINGS.items():
        if lic_id in kb:
            names.setdefault(key, lic_id)
            tag_only.discard(key)
    out = []
    for key, lic_id in names.items():
        body = re.escape(key).replace(r"\ ", r"[\s_-]+")
        if len(key) <= 3:  # "MIT license", "MIT:", "MIT for weights", a note that starts "MIT" — not the university
            regex = rf"^\W*{body}(?![\w-])|(?<![\w.-]){body}{_SHORT_CONTEXT}(?![\w-])"
        elif key in tag_only:  # "llama2 license", "license: llama2", a note that is the tag — not "weights of LLaMA2"
            regex = rf"^\W*{body}(?![\w-])|(?<![\w.-]){body}(?=[\s_-]+licen[cs]e)|licen[cs]e:\s*{body}(?![\w-])"
        else:
            regex = rf"(?<![\w.-]){body}(?![\w-])"
        needle = re.split(r"[\s_-]+", key)[0]  # a cheap test before running the pattern
        out.append((len(key), re.compile(regex, re.IGNORECASE), lic_id, needle))
    return [(pattern, lic_id, needle) for _, pattern, lic_id, needle in sorted(out, key=lambda p: -p[0])]


def _link_facts(url: str, kb: KnowledgeBase) -> str | None:
    """The licence a link itself states: GitHub's licence tab, or the name of a linked licence file."""
    tab = _GITHUB_TAB.search(url)
    if tab and tab.group(1).casefold() not in {"license", "licence", "readme"}:
        return normalise(tab.group(1), None, kb).id
    blob = _GITHUB_FILE.search(url)
    if blob:
        name = re.sub(r"\.(md|txt)$", "", unquote(blob.group(1)), flags=re.IGNORECASE)
        if " " in name or "-" in name.strip("-"):  # "LICENSE" or "MODEL_LICENSE" names no licence
            found = normalise(name, None, kb)
            return found.id if found.id is not None and not found.id.startswith(EXPRESSION_PREFIX) else None
    return None


def _find(text: str, kb: KnowledgeBase) -> list[_Mention] | None:
    """Every mention, in text order; None when a name is qualified away ("modified MIT license")."""
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    low = text.casefold()
    for pattern, lic_id, needle in _patterns(kb.version):
        if needle not in low:
            continue
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue  # inside a longer name already found
            taken.append((m.start(), m.end()))
            if _NOT_THE_LICENCE.search(text[max(0, m.start() - 20) : m.start()]):
                return None  # "modified MIT license" is not MIT
            found.append(_Mention(m.start(), m.end(), lic_id))
    return sorted(found, key=lambda f: f.start)


def _clause(text: str, mention: _Mention, others: Sequence[_Mention] = ()) -> str:
    """The words around a mention up to the nearest break (sentence, ";", ",", a line, a link) on either side,
    without the mention itself ("Apple Sample Code License" is not about code); for a link, its caption."""
    if mention.link:
        caption_end = len(text[: mention.start].rstrip())
        left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, caption_end)), default=0)
        return text[left:caption_end]
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, mention.start)]
    left = breaks[-1] if breaks else 0
    if text[:left].rstrip().endswith(":") and not text[left : mention.start].strip():  # "weights:\nCC-BY-NC-4.0"
        label_end = len(text[:left].rstrip())
        left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, label_end)), default=0)
    while breaks and re.match(r"\s*(and|or)\b", text[left:], re.IGNORECASE) and text[left - 1] == ",":
        breaks.pop()  # "All the code, the weights, and data are MIT": a list continues the clause before it
        left = breaks[-1] if breaks else 0
    right = next((m.start() for m in _CLAUSE_BREAK.finditer(text, mention.end)), len(text))
    for other in others:  # "code under Apache and weights under CC-BY-NC": cut at the word between two mentions
        if left <= other.end <= mention.start:
            cut = [m.end() for m in _JOIN.finditer(text, other.end, mention.start)]
            left = cut[-1] if cut else left
        elif mention.end <= other.start < right:
            cut = [m.start() for m in _JOIN.finditer(text, mention.end, other.start)]
            right = cut[0] if cut else right
    return text[left : mention.start] + " " + text[mention.end : right]


def _one(ids: set[str]) -> str | None:
    """The one licence these ids name: a single id, or a family with one of its members ("apache" + "Apache 2.0")."""
    if len(ids) == 1:
        return next(iter(ids))
    specific = {i for i in ids if i not in _FAMILY_MEMBERS}
    lic = next(iter(specific)) if len(specific) == 1 else None
    if lic is not None and all(lic.startswith(_FAMILY_MEMBERS[f]) for f in ids - specific):
        return lic
    return None


def licence_mentioned(text: str | None, kb: KnowledgeBase | None = None) -> str | None:
    """The one licence id a free-text note names, or None when it names none or is ambiguous."""
    if not text:
        return None
    kb = kb or load_kb()
    links = list(_URL.finditer(text))
    masked = text
    mentions: list[_Mention] = []
    hf_ends: list[int] = []  # where a link to a Hub model repository starts (a clause before it is about that repo)
    for link in links:
        masked = masked[: link.start()] + "|" * (link.end() - link.start()) + masked[link.end() :]
        if _HF_MODEL.search(link.group()):
            hf_ends.append(link.start())
        if (stated := _link_facts(link.group(), kb)) is not None:
            mentions.append(_Mention(link.start(), link.start(), stated, link=True))
    named = _find(masked, kb)
    if named is None:
        return None
    mentions = sorted(mentions + named, key=lambda m: m.start)
    clauses = {m: _clause(masked, m, [o for o in mentions if o.licence_id != m.licence_id]) for m in mentions}
    # A clause about code or data only ("code is Apache", "MIT license for training code", "the data follows CC BY-NC")
    # is not about the weights.
    kept = [m for m in mentions if not (_CODE.search(clauses[m]) and not _WEIGHTS.search(clauses[m]))]
    if (single := _one({m.licence_id for m in kept})) is not None or not kept:
        return _checked(single, text, kb)
    about_weights = {m.licence_id for m in kept if _WEIGHTS.search(clauses[m])}
    if (single := _one(about_weights)) is not None:
        return _checked(single, text, kb)
    # "MIT license https://huggingface.co/org/model  Apache 2.0 https://github.com/org/code": the Hub repo's licence,
    # when it is the only licence named between the previous link and the link to the repo.
    before_hub = set()
    for hub in hf_ends:
        previous = max((link.end() for link in links if link.end() <= hub), default=0)
        named_here = {m.licence_id for m in mentions if previous <= m.start < hub and not m.link}
        last = max((m for m in kept if previous <= m.start < hub and not m.link), key=lambda m: m.end, default=None)
        if len(named_here) == 1 and last is not None and _CAPTION_TAIL.match(masked[last.end : hub]):
            before_hub |= named_here
    return _checked(_one(before_hub), text, kb)


def says_non_commercial(text: str | None) -> bool:
    """Whether a note says the weights are non-commercial ("non-commercial for weights", "research use only")."""
    return bool(text and _NON_COMMERCIAL.search(text))


def same_licence(a: str, b: str) -> bool:
    """Whether two ids name the same licence, counting a family and its member ("apache-family", "Apache-2.0")."""
    return a == b or any(f in (a, b) and (a + b).replace(f, "", 1).startswith(p) for f, p in _FAMILY_MEMBERS.items())


def _checked(licence_id: str | None, text: str, kb: KnowledgeBase) -> str | None:
    """None when the note calls the weights non-commercial but the licence it names allows commercial use."""
    if licence_id is not None and says_non_commercial(text) and kb.get(licence_id).flags.commercial_use.value:
        return None
    return licence_id


_NO_LICENCE = re.compile(
    r"\bno (?:clear |specific )?licen[cs]es?\b(?! (?:for|on) (?:the )?(?:code|data))|\bno licen[cs]e provided\b",
    re.IGNORECASE,
)


def licence_absent(text: str | None, kb: KnowledgeBase | None = None) -> bool:
    """Whether a note says the release carries no licence ("no clear license", "no license provided") and names
    none: a finding of the source about the weights, not a licence string."""
    if not text or len(_NO_LICENCE.findall(text)) != 1:
        return False
    rest = _NO_LICENCE.sub(" ", _URL.sub(" ", text))
    return not re.search(r"licen[cs]|terms|agreement", rest, re.IGNORECASE) and _find(rest, kb or load_kb()) == []

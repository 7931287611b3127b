"""Licences named inside free text, such as Epoch's "Accessibility notes" ("MIT license https://...",
"LLAMA 3.2 COMMUNITY LICENSE AGREEMENT", "Apache 2 for code, CC BY-NC-SA 4.0 for weights").

A mention counts only when it is unambiguous: the longest knowledge-base names and aliases found in the text,
and if several different licences are named, the one in the clause that speaks of the weights (or of the model);
otherwise nothing. Short or generic aliases ("MIT" inside a word, "other") are matched on word boundaries only,
and aliases of three characters or fewer need the word "licen[cs]e" next to them.
"""

from __future__ import annotations

import functools
import re

from avsi.licences.kb import KnowledgeBase, load_kb

_EXTRA_SPELLINGS = {
    "apache 2": "Apache-2.0", "apache license 2.0": "Apache-2.0", "apache 2.0": "Apache-2.0",
    "apache-2.0": "Apache-2.0", "mit license": "MIT", "cc by-nc 4.0": "CC-BY-NC-4.0",
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
}  # fmt: skip


@functools.cache
def _patterns(kb_version: str) -> list[tuple[re.Pattern[str], str, int]]:
    kb = load_kb()
    # "Llama license", "Qwen licence": a family name alone does not say which of its licences (the knowledge base
    # lists such strings as deliberately unmapped).
    ambiguous = {k for k in kb.unmapped_reasons} | {"llama", "qwen", "gemma", "nvidia", "deepseek", "mistral"}
    names: dict[str, str] = {}
    for lic in kb.licences:
        for alias in (lic.id, lic.name, *lic.aliases, *lic.hub_tags):
            key = " ".join(alias.lower().split())
            stem = re.sub(r"\s*(licen[cs]e|agreement)$", "", key).strip()
            if len(key) >= 3 and key not in {"other", "open", "unknown"} and stem not in ambiguous:
                names.setdefault(key, lic.id)
    for key, lic_id in _EXTRA_SPELLINGS.items():
        if lic_id in kb:
            names.setdefault(key, lic_id)
    out = []
    for key, lic_id in names.items():
        body = re.escape(key).replace(r"\ ", r"[\s_-]+")
        if len(key) <= 3:
            # "MIT license", "MIT:", a note that is just "MIT", "MIT, weights+code" — not the university.
            body = rf"{body}(?:[\s_-]+licen[cs]e|(?=\s*:)|(?=\s*$)|(?=,\s*weights))"
        out.append((re.compile(rf"(?<![\w.-]){body}(?![\w-])", re.IGNORECASE), lic_id, len(key)))
    return sorted(out, key=lambda p: -p[2])  # longest first


def licence_mentioned(text: str | None, kb: KnowledgeBase | None = None) -> str | None:
    """The one licence id a free-text note names, or None when it names none or is ambiguous."""
    if not text:
        return None
    kb = kb or load_kb()
    text = re.sub(r"https?://\S+", " ", text)  # URLs name repos, not licences
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, lic_id, _ in _patterns(kb.version):
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue  # inside a longer name already found
            taken.append((m.start(), m.end()))
            before = text[max(0, m.start() - 20) : m.start()]
            if re.search(r"(modified|custom|based on|derived from|similar to)\W*$", before, re.IGNORECASE):
                return None  # "modified MIT license" is not MIT
            found.append((m.start(), m.end(), lic_id))
    ids = {lic for _, _, lic in found}
    if len(ids) == 1:
        return ids.pop()
    if not ids:
        return None
    # Several licences: keep the one whose clause (between separators) speaks of the weights or the model.
    for clause in re.split(r"[;,\n]|\band\b", text):
        if re.search(r"weight|model|checkpoint", clause, re.IGNORECASE):
            in_clause = {lic for s, e, lic in found if text.find(clause) <= s < text.find(clause) + len(clause)}
            if len(in_clause) == 1:
                return in_clause.pop()
    return None

"""Matching a (source, name) to one canonical model, with the method, a confidence and the nearest candidates.

In order: a curated override; an explicit Hugging Face link (the source's repo id is a canonical model's weights
repo); an exact match of the parsed key (same words, versions, sizes and release tag; the variant must not
contradict); then a fuzzy match inside the block of names sharing the first family word, allowed only when versions,
sizes and tag agree exactly and the words differ by spelling alone. Canonical models are a star around each
canonical id: names are linked to a canonical model, never to each other, so no chain of merges can join two
models that a constraint keeps apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process

from avsi.resolve.names import ParsedName, parse

FUZZY_THRESHOLD = 90.0
_HF_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


@dataclass
class Canonical:
    """A canonical model as the resolver knows it."""

    id: str
    name: str
    parsed: ParsedName
    org_ids: frozenset[str] = frozenset()
    hf_repos: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Match:
    query: str
    source: str | None
    id: str | None
    confidence: float
    method: str
    candidates: list[tuple[str, float]]
    variant: str | None = None
    snapshot: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "source": self.source,
            "id": self.id,
            "confidence": round(self.confidence, 3),
            "method": self.method,
            "candidates": [{"id": i, "score": round(s, 1)} for i, s in self.candidates],
        }


class OverrideEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    name: str
    id: str | None
    why: str


class OverrideFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    links: list[OverrideEntry]


def load_overrides() -> dict[tuple[str, str], str | None]:
    text = resources.files("avsi.resolve").joinpath("overrides.yaml").read_text(encoding="utf-8")
    data = OverrideFile.model_validate(yaml.safe_load(text))
    return {(e.source, e.name.lower()): e.id for e in data.links}


def _constraints(parsed: ParsedName) -> tuple[object, ...]:
    """The hard constraints of a fuzzy match: same block, versions, sizes and release tag."""
    return (parsed.block, parsed.versions, tuple(sorted(parsed.sizes)), parsed.tag)


def _variant_ok(query: ParsedName, canonical: ParsedName) -> bool:
    """A generic canonical release covers base and instruct; an explicit one must agree."""
    return canonical.variant is None or query.variant is None or canonical.variant == query.variant


def _words_close(a: Iterable[str], b: Iterable[str]) -> bool:
    """Every word one side has and the other lacks is a spelling variant of a word the other side has."""
    set_a, set_b = set(a), set(b)
    for only, other in ((set_a - set_b, set_b), (set_b - set_a, set_a)):
        for word in only:
            if not any(fuzz.ratio(word, o) >= 80 or word.replace(" ", "") == o for o in other):
                return False
    return True


class Resolver:
    """Resolves names against a set of canonical models; build it once, query it many times."""

    def __init__(self, canonicals: Iterable[Canonical], overrides: dict[tuple[str, str], str | None] | None = None):
        self.canonicals: dict[str, Canonical] = {}
        self._by_key: dict[tuple[object, ...], list[Canonical]] = {}
        self._by_block: dict[str, list[Canonical]] = {}
        self._block_texts: dict[str, list[str]] = {}
        self._by_constraints: dict[tuple[object, ...], list[Canonical]] = {}
        self._by_hf: dict[str, str] = {}
        self.overrides = load_overrides() if overrides is None else overrides
        for c in canonicals:
            self.add(c)

    def add(self, canonical: Canonical) -> None:
        self.canonicals[canonical.id] = canonical
        self._by_key.setdefault(canonical.parsed.key, []).append(canonical)
        self._by_block.setdefault(canonical.parsed.block, []).append(canonical)
        self._block_texts.setdefault(canonical.parsed.block, []).append(canonical.parsed.text)
        self._by_constraints.setdefault(_constraints(canonical.parsed), []).append(canonical)
        for repo in canonical.hf_repos:
            self._by_hf.setdefault(repo.lower(), canonical.id)

    def hf_link(self, repo: str) -> str | None:
        """The canonical model whose weights repo this is, if a source said so."""
        return self._by_hf.get(repo.lower())

    def link_hf(self, repo: str, canonical_id: str) -> None:
        self._by_hf.setdefault(repo.lower(), canonical_id)

    def candidates(self, parsed: ParsedName, limit: int = 5) -> list[tuple[str, float]]:
        """The nearest canonical models in the block, by token-sort similarity (for reports, not for matching)."""
        pool = self._by_block.get(parsed.block, [])
        found = process.extract(parsed.text, self._block_texts.get(parsed.block, []), scorer=fuzz.token_sort_ratio,
                                limit=limit)  # fmt: skip
        return [(pool[i].id, float(score)) for _, score, i in found]

    def resolve(self, name: str, source: str | None = None, org_hint: str | None = None) -> Match:
        query = name.strip()
        lowered = query.lower()
        for key in ((source or "*", lowered), ("*", lowered)):
            if key in self.overrides:
                target = self.overrides[key]
                return Match(query, source, target, 1.0 if target else 0.0, "override", [])
        parsed = parse(query)
        if _HF_ID.match(query) and lowered in self._by_hf:
            return Match(query, source, self._by_hf[lowered], 0.99, "hf-link", [], parsed.variant, parsed.snapshot)
        exact = [c for c in self._by_key.get(parsed.key, []) if _variant_ok(parsed, c.parsed)]
        if exact:
            if len(exact) > 1 and org_hint:
                preferred = [c for c in exact if org_hint in c.org_ids]
                exact = preferred or exact
            confidence = 0.95 if len(exact) == 1 else 0.7
            return Match(query, source, exact[0].id, confidence, "exact-key", [(c.id, 100.0) for c in exact[:5]],
                         parsed.variant, parsed.snapshot)  # fmt: skip
        nearest = self.candidates(parsed)
        best: tuple[Canonical, float] | None = None
        for c in self._by_constraints.get(_constraints(parsed), []):
            p = c.parsed
            if not _variant_ok(parsed, p) or not _words_close(parsed.words, p.words):
                continue
            score = fuzz.ratio(parsed.text, p.text)
            if score >= FUZZY_THRESHOLD and (best is None or score > best[1]):
                best = (c, score)
        if best:
            return Match(query, source, best[0].id, round(best[1] / 100 * 0.9, 3), "fuzzy", nearest, parsed.variant,
                         parsed.snapshot)  # fmt: skip
        return Match(query, source, None, 0.0, "unmatched", nearest, parsed.variant, parsed.snapshot)


def slug(name: str) -> str:
    """A canonical id from a canonical name: 'Llama 3.1-70B' -> 'llama-3.1-70b'."""
    text = re.sub(r"[^0-9a-z.+]+", "-", name.lower()).strip("-")
    return re.sub(r"-{2,}", "-", text) or "model"

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
            "variant": self.variant,
            "candidates": [{"id": i, "score": round(s, 1)} for i, s in self.candidates],
        }


class OverrideEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    name: str
    id: str | None
    why: str


class ReleaseTag(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: str
    tag: str
    id: str
    size: str | None = None


class OverrideFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    links: list[OverrideEntry]
    releases: list[ReleaseTag] = []


def _load_override_file() -> OverrideFile:
    text = resources.files("avsi.resolve").joinpath("overrides.yaml").read_text(encoding="utf-8")
    return OverrideFile.model_validate(yaml.safe_load(text))


def load_overrides() -> dict[tuple[str, str], str | None]:
    return {(e.source, e.name.lower()): e.id for e in _load_override_file().links}


def load_release_tags() -> dict[tuple[tuple[str, ...], str | None, str], str]:
    """(sorted words, size or None, tag) -> canonical id, for families that name releases by YYMM tags."""
    return {(tuple(sorted(set(r.words.split()))), r.size, r.tag): r.id for r in _load_override_file().releases}


def _constraints(parsed: ParsedName) -> tuple[object, ...]:
    """The hard constraints of a fuzzy match: same block, versions, sizes and release tag."""
    return (parsed.block, parsed.versions, tuple(sorted(parsed.sizes)), parsed.tag)


def _conflict(a: str | None, b: str | None) -> bool:
    """Two variants conflict only when both are explicit and differ (instruct vs base)."""
    return a is not None and b is not None and a != b


def _pick(
    pool: list[Canonical], variant: str | None, org_hint: str | None, month_of_year: str | None = None
) -> list[Canonical]:
    """Canonical models of one key that fit the variant: the same variant first, then generic ones; among dated
    entries of one model, the one of the query's month, else the undated one."""
    fitting = [c for c in pool if not _conflict(variant, c.parsed.variant)]
    same = [c for c in fitting if c.parsed.variant == variant and variant is not None]
    ranked = same or [c for c in fitting if c.parsed.variant is None] or fitting
    if len(ranked) > 1:
        dated = [c for c in ranked if month_of_year and c.parsed.month and c.parsed.month.endswith(month_of_year)]
        undated = [c for c in ranked if c.parsed.month is None]
        ranked = dated or undated or ranked
    if len(ranked) > 1 and org_hint:
        ranked = [c for c in ranked if org_hint in c.org_ids] or ranked
    return ranked


def _squashed(parsed: ParsedName) -> tuple[object, ...]:
    """The key with its words run together: "StableBeluga2" and "Stable Beluga 2"."""
    return ("".join(parsed.words), parsed.versions, tuple(sorted(parsed.sizes)), parsed.tag)


def _month_of_year(snapshot: str | None) -> str | None:
    """'0324' or '03-25' (OpenAI/Google month-day snapshots) -> '03'."""
    if snapshot and re.fullmatch(r"(0[1-9]|1[0-2])-?[0-3]\d", snapshot):
        return snapshot[:2]
    return None


def _words_close(a: Iterable[str], b: Iterable[str]) -> bool:
    """Every word one side has and the other lacks is a spelling variant of a word the other side has."""
    if "".join(a) == "".join(b):
        return True  # "StableBeluga" is "Stable Beluga"
    set_a, set_b = set(a), set(b)
    for only, other in ((set_a - set_b, set_b), (set_b - set_a, set_a)):
        for word in only:
            if not any(fuzz.ratio(word, o) >= 80 or word.replace(" ", "") == o for o in other):
                return False
    return True


def _link_fits(repo: str, canonical: ParsedName) -> bool:
    """A source's Hugging Face link is evidence only if the repo name does not contradict the model's versions
    and sizes (the Model Openness Tool, for one, has a Qwen2.5-32B entry linking the 72B repo)."""
    p = parse(repo)
    versions_ok = p.versions == canonical.versions
    sizes_ok = not p.sizes or not canonical.sizes or sorted(p.sizes) == sorted(canonical.sizes)
    return versions_ok and sizes_ok


class Resolver:
    """Resolves names against a set of canonical models; build it once, query it many times."""

    def __init__(self, canonicals: Iterable[Canonical], overrides: dict[tuple[str, str], str | None] | None = None):
        self.canonicals: dict[str, Canonical] = {}
        self._by_full: dict[tuple[object, ...], list[Canonical]] = {}
        self._by_key: dict[tuple[object, ...], list[Canonical]] = {}
        self._by_unsized: dict[tuple[object, ...], list[Canonical]] = {}
        self._by_squashed: dict[tuple[object, ...], list[Canonical]] = {}
        self._by_block: dict[str, list[Canonical]] = {}
        self._block_texts: dict[str, list[str]] = {}
        self._by_constraints: dict[tuple[object, ...], list[Canonical]] = {}
        self._by_hf: dict[str, str] = {}
        self.rejected_links: list[tuple[str, str]] = []
        self.overrides = load_overrides() if overrides is None else overrides
        self.release_tags = load_release_tags()
        for c in canonicals:
            self.add(c)

    def add(self, canonical: Canonical) -> None:
        p = canonical.parsed
        self.canonicals[canonical.id] = canonical
        self._by_full.setdefault(p.full_key, []).append(canonical)
        self._by_key.setdefault(p.key, []).append(canonical)
        self._by_unsized.setdefault(p.unsized_key, []).append(canonical)
        self._by_squashed.setdefault(_squashed(p), []).append(canonical)
        self._by_block.setdefault(p.block, []).append(canonical)
        self._block_texts.setdefault(p.block, []).append(p.text)
        self._by_constraints.setdefault(_constraints(p), []).append(canonical)
        for repo in list(canonical.hf_repos):
            self.link_hf(repo, canonical.id)

    def same_entry(self, parsed: ParsedName) -> Canonical | None:
        """A canonical model with exactly this full key and variant (for spine sources that list variants and
        dated entries separately, like Epoch)."""
        for c in self._by_full.get(parsed.full_key, []):
            if c.parsed.variant == parsed.variant:
                return c
        return None

    def hf_link(self, repo: str) -> str | None:
        """The canonical model whose weights repo this is, if a source said so."""
        return self._by_hf.get(repo.lower())

    def link_hf(self, repo: str, canonical_id: str) -> bool:
        """Record that `repo` holds this model's weights, unless its name contradicts the model."""
        canonical = self.canonicals.get(canonical_id)
        if canonical is None or not _link_fits(repo, canonical.parsed):
            self.rejected_links.append((repo, canonical_id))
            return False
        self._by_hf.setdefault(repo.lower(), canonical_id)
        return True

    def candidates(self, parsed: ParsedName, limit: int = 5) -> list[tuple[str, float]]:
        """The nearest canonical models in the block, by token-sort similarity (for reports, not for matching)."""
        pool = self._by_block.get(parsed.block, [])
        found = process.extract(parsed.text, self._block_texts.get(parsed.block, []), scorer=fuzz.token_sort_ratio,
                                limit=limit)  # fmt: skip
        return [(pool[i].id, float(score)) for _, score, i in found]

    def resolve(
        self, name: str, source: str | None = None, org_hint: str | None = None, implicit_variant: str | None = None
    ) -> Match:
        """Resolve one name. `implicit_variant` is the variant a name without variant words has in its source
        (a Hub repo without -Instruct is the base model)."""
        query = name.strip()
        lowered = query.lower()
        segment = lowered.rsplit("/", 1)[-1]
        for key in ((source or "*", lowered), ("*", lowered), ("*", segment)):
            if key in self.overrides:
                target = self.overrides[key]
                return Match(query, source, target, 1.0 if target else 0.0, "override", [])
        parsed = parse(query)
        variant = parsed.variant or implicit_variant
        if parsed.tag:
            words = tuple(sorted(set(parsed.words)))
            sizes = parsed.sizes or (None,)
            for size in [*sizes, None]:
                tagged = self.release_tags.get((words, size, parsed.tag))
                if tagged and tagged in self.canonicals:
                    return Match(query, source, tagged, 0.95, "release-tag", [], variant, parsed.snapshot)
        if _HF_ID.match(query) and lowered in self._by_hf:
            return Match(query, source, self._by_hf[lowered], 0.99, "hf-link", [], variant, parsed.snapshot)
        soft_key = (*parsed.key, tuple(sorted(set(parsed.soft))), None)
        month_of_year = parsed.month[2:] if parsed.month else _month_of_year(parsed.snapshot)
        # A month-day snapshot ("-0324") has no year: it is matched among the dated entries of its model below.
        full_level = [] if parsed.snapshot and not parsed.month else self._by_full.get(parsed.full_key, [])
        for method, pool, confidence in (
            ("exact-key", full_level, 0.97),
            ("exact-key", self._by_full.get(soft_key, []) if parsed.month else [], 0.96),
            ("exact-key", self._by_key.get(parsed.key, []), 0.95),
            ("exact-key", self._by_squashed.get(_squashed(parsed), []), 0.9),
            ("unsized", self._by_unsized.get(parsed.unsized_key, []), 0.85),
        ):
            if method == "unsized":
                # One side without a size: only a model that exists in one size is unambiguous, and a size the
                # query does give must not contradict it.
                # A canonical model named without a size must be named by more than a family word ("Llama 4
                # Maverick" yes, "Falcon" or "BLOOM" no) to take a sized name.
                pool = [
                    c
                    for c in pool
                    if not (c.parsed.sizes and parsed.sizes)
                    and (c.parsed.sizes or not parsed.sizes or len(c.parsed.words) + len(c.parsed.versions) > 1)
                ]
                if len({c.parsed.key for c in pool}) != 1:
                    continue
            picked = _pick(pool, variant, org_hint, month_of_year)
            if picked:
                return Match(query, source, picked[0].id, confidence if len(picked) == 1 else 0.7, method,
                             [(c.id, 100.0) for c in picked[:5]], variant, parsed.snapshot)  # fmt: skip
        nearest = self.candidates(parsed)
        best: tuple[Canonical, float] | None = None
        for c in self._by_constraints.get(_constraints(parsed), []):
            p = c.parsed
            if _conflict(variant, p.variant) or not _words_close(parsed.words, p.words):
                continue
            score = fuzz.ratio(parsed.text, p.text)
            if score >= FUZZY_THRESHOLD and (best is None or score > best[1]):
                best = (c, score)
        if best:
            return Match(query, source, best[0].id, round(best[1] / 100 * 0.9, 3), "fuzzy", nearest, variant,
                         parsed.snapshot)  # fmt: skip
        return Match(query, source, None, 0.0, "unmatched", nearest, variant, parsed.snapshot)


def slug(name: str) -> str:
    """A canonical id from a canonical name: 'Llama 3.1-70B' -> 'llama-3.1-70b'."""
    text = re.sub(r"[^0-9a-z.+]+", "-", name.lower()).strip("-")
    return re.sub(r"-{2,}", "-", text) or "model"

"""A SYNTHETIC Hugging Face hub of any size, fitted to the real 4k-repo subset; used only to measure scale.

Nothing here is real data and no result of avsi is computed from it: the benchmark and the tests use it to run the
hub pipeline on millions of repos, which the shipped data cannot provide. It is written in the hub-stats parquet
schema (the columns the loader reads, plus createdAt), so the real loader reads it.

How it is fitted to the real subset (`fit_profile`):
- lineage: the share of repos without a base and of each relation (fine-tune, merge, quantisation, adapter); the
  depth of derivatives below their roots; the number of bases a merge names; how concentrated the bases are (the
  exponent of the preferential choice of a parent is fitted so the top 1% of bases get the real share of edges);
  the share of lineage written only in model cards; the self-loop rate;
- each repo's tags (so its licence, languages, datasets …), name stem, pipeline tag, library, downloads and likes
  are resampled from a real repo of the same kind (downloads and likes with log-normal noise);
- namespaces: repos per namespace resampled from the real sizes; the biggest bases keep their real ids (so the
  canonical models and organisations of the real data show up), the other namespaces are synthetic (`ns-…`).
Injected on purpose, at rates the real subset cannot tell (a subset makes most bases look missing): 1% of edges
point to repos that do not exist (dangling), and one two-repo cycle per 100,000 repos (at least one).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from avsi.config import shipped_data_dir

REAL_SUBSET = Path("hf_hub_stats_subset") / "hub_stats_frozen.parquet"
RELATIONS = ("finetune", "merge", "quantized", "adapter")
DANGLING_SHARE = 0.01
CYCLES_PER_REPO = 1 / 100_000
ROW_GROUP = 250_000

OUTPUT = pa.schema([
    ("id", pa.string()), ("author", pa.string()), ("createdAt", pa.timestamp("us")), ("downloads", pa.int64()),
    ("likes", pa.int64()), ("tags", pa.list_(pa.string())), ("cardData", pa.string()),
    ("baseModels", pa.struct([("relation", pa.string()),
                              ("models", pa.list_(pa.struct([("_id", pa.string()), ("id", pa.string())])))])),
    ("pipeline_tag", pa.string()), ("library_name", pa.string()),
])  # fmt: skip


@dataclass(frozen=True)
class HubProfile:
    """What the generator takes from the real subset."""

    relation_shares: dict[str, float]  # '' = no base, then the Hub's relation words
    depth_probs: list[float]  # P(depth = d | derivative), d = 1, 2, …
    merge_bases: list[int]  # the number of bases of each real merge (resampled)
    popularity: float  # exponent of the preferential choice of a parent
    card_only_share: float  # derivatives whose lineage is only in the card
    self_loop_share: float  # derivatives naming themselves as a base
    namespace_sizes: list[int]  # repos per real namespace
    bases: list[str]  # real base repo ids, most derived first
    donors: pa.Table  # real repos: relation, name stem, tags (no base_model:), pipeline, library, downloads, likes
    top_share: float  # share of edges that go to the top 1% of bases, in the real subset


def _real_depths(children: dict[str, list[str]], parents: dict[str, list[str]]) -> dict[str, int]:
    nodes = set(children) | set(parents)
    depth = {n: 0 for n in nodes if not parents.get(n)}
    frontier = list(depth)
    while frontier:
        nxt = []
        for n in frontier:
            for c in children.get(n, []):
                if c not in depth:
                    depth[c] = depth[n] + 1
                    nxt.append(c)
        frontier = nxt
    return depth


def _top_share(parent_counts: np.ndarray) -> float:
    counts = np.sort(parent_counts)[::-1]
    top = max(1, round(len(counts) * 0.01))
    return float(counts[:top].sum() / counts.sum()) if counts.sum() else 0.0


def fit_profile(path: Path | None = None) -> HubProfile:
    """The generator's profile, fitted to the real hub-stats subset (the shipped one by default)."""
    path = path or shipped_data_dir() / REAL_SUBSET
    real = pq.read_table(path, columns=["id", "author", "tags", "cardData", "baseModels", "downloads", "likes",
                                        "pipeline_tag", "library_name"])  # fmt: skip
    ids = real["id"].to_pylist()
    base_struct = real["baseModels"].to_pylist()
    relations = [(b or {}).get("relation") or "" for b in base_struct]
    base_lists = [[m["id"] for m in ((b or {}).get("models") or [])] for b in base_struct]
    cards = real["cardData"].to_pylist()
    card_only = sum(1 for r, c in zip(relations, cards, strict=True) if not r and c and '"base_model"' in c)
    derivatives = sum(1 for r in relations if r)
    children: dict[str, list[str]] = {}
    parents: dict[str, list[str]] = {}
    loops = 0
    for child, bases in zip(ids, base_lists, strict=True):
        for parent in bases:
            if parent.lower() == child.lower():
                loops += 1
                continue
            children.setdefault(parent.lower(), []).append(child.lower())
            parents.setdefault(child.lower(), []).append(parent.lower())
    depths = _real_depths(children, parents)
    hist = np.bincount([d for d in depths.values() if d > 0])[1:].astype(float)
    counts = {p: len(c) for p, c in children.items()}
    spelled = {b.lower(): b for bases in base_lists for b in bases} | {i.lower(): i for i in ids}
    stems = [i.split("/", 1)[-1] for i in ids]
    tags = pc.list_slice(real["tags"].combine_chunks(), 0, 10_000)
    tag_rows = [[t for t in (row or []) if not t.startswith("base_model:")] for row in tags.to_pylist()]
    donors = pa.table({
        "relation": relations, "stem": stems, "tags": pa.array(tag_rows, pa.list_(pa.string())),
        "pipeline_tag": real["pipeline_tag"], "library_name": real["library_name"],
        "downloads": real["downloads"], "likes": real["likes"],
    })  # fmt: skip
    sizes = np.unique(np.array([a or i.split("/")[0] for a, i in zip(real["author"].to_pylist(), ids, strict=True)]),
                      return_counts=True)[1]  # fmt: skip
    profile = HubProfile(
        relation_shares={r: relations.count(r) / len(relations) for r in ("", *RELATIONS)},
        depth_probs=(hist / hist.sum()).tolist(),
        merge_bases=[len(b) for r, b in zip(relations, base_lists, strict=True) if r == "merge" and len(b) > 1],
        popularity=1.0,
        card_only_share=card_only / max(1, derivatives + card_only),
        self_loop_share=loops / max(1, derivatives),
        namespace_sizes=sorted(int(s) for s in sizes),
        bases=[spelled[p] for p, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))],
        donors=donors,
        top_share=_top_share(np.array(list(counts.values()))),
    )
    return _fit_popularity(profile)


def _fit_popularity(profile: HubProfile) -> HubProfile:
    """The preferential-choice exponent whose simulated top-1% share of edges is closest to the real one."""
    best = (float("inf"), 1.0)
    for exponent in (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0):
        trial = HubProfile(**{**profile.__dict__, "popularity": exponent})
        _, _, parent = _lineage(trial, 20_000, np.random.default_rng(7))
        share = _top_share(np.bincount(parent))
        best = min(best, (abs(share - profile.top_share), exponent))
    return HubProfile(**{**profile.__dict__, "popularity": best[1]})


def _lineage(profile: HubProfile, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Relation index per repo (0 = none) and the edges as (child, parent) index arrays, parents always earlier.

    A derivative at depth d picks its parents among the earlier repos at depth d-1, the earliest ones (the popular
    bases) more often: position = floor(m * u ** popularity) among the m candidates; a merge picks several."""
    shares = np.array([profile.relation_shares[r] for r in ("", *RELATIONS)])
    relation = rng.choice(len(shares), size=n, p=shares / shares.sum())
    depth_probs = np.array(profile.depth_probs)
    depth = np.where(relation > 0, rng.choice(len(depth_probs), size=n, p=depth_probs) + 1, 0)
    relation[:1] = 0
    depth[:1] = 0
    k = np.where(relation == 2, rng.choice(np.array(profile.merge_bases or [2]), size=n), 1)
    children: list[np.ndarray] = []
    parents: list[np.ndarray] = []
    for d in range(1, int(depth.max()) + 1):
        pool = np.flatnonzero(depth == d - 1)
        nodes = np.flatnonzero(depth == d)
        m = np.searchsorted(pool, nodes)
        orphan = m == 0
        relation[nodes[orphan]] = 0
        depth[nodes[orphan]] = 0
        nodes, m = nodes[~orphan], m[~orphan]
        child = np.repeat(nodes, k[nodes])
        among = np.repeat(m, k[nodes])
        children.append(child)
        parents.append(pool[np.floor(among * rng.random(len(child)) ** profile.popularity).astype(np.int64)])
    edges = np.unique(np.stack([np.concatenate(children), np.concatenate(parents)]), axis=1) if children else None
    if edges is None:
        return relation, np.empty(0, np.int64), np.empty(0, np.int64)
    return relation, edges[0], edges[1]


def _namespaces(profile: HubProfile, n: int, rng: np.random.Generator) -> np.ndarray:
    """A namespace number per repo: namespace sizes resampled from the real ones, repos shuffled among them."""
    sizes = np.array(profile.namespace_sizes)
    chosen: list[int] = []
    total = 0
    while total < n:
        batch = rng.choice(sizes, size=max(16, (n - total) // max(1, int(sizes.mean()))))
        chosen.extend(batch.tolist())
        total += int(batch.sum())
    owner = np.repeat(np.arange(len(chosen)), chosen)[:n]
    rng.shuffle(owner)
    return owner


@dataclass
class _Plan:
    """The generated hub before it is written: ids, relations, edges (CSR by child) and the injected quirks."""

    ids: list[str]
    relation: np.ndarray
    offsets: np.ndarray  # edges of repo i: parent[offsets[i]:offsets[i + 1]]
    parent: np.ndarray
    donor: np.ndarray
    card_only: set[int]
    renamed: dict[int, str]  # edge index -> a repo id that does not exist (dangling reference)
    extra: dict[int, list[str]]  # repo -> more base ids (self-loops, cycles)


def _plan(profile: HubProfile, n: int, rng: np.random.Generator) -> _Plan:
    relation, child, parent = _lineage(profile, n, rng)
    owner = _namespaces(profile, n, rng)
    donors = profile.donors
    donor = np.empty(n, np.int64)
    for r, rel in enumerate(("", *RELATIONS)):
        pool = np.flatnonzero(pc.equal(donors["relation"], rel).to_numpy(zero_copy_only=False))
        rows = np.flatnonzero(relation == r)
        donor[rows] = rng.choice(pool if len(pool) else np.arange(donors.num_rows), size=len(rows))
    # Ids: the first roots keep the real bases' ids, most derived first; the rest are namespace/stem-number.
    stems = donors["stem"].to_numpy(zero_copy_only=False)[donor]
    ids = [f"ns-{o:06d}/{s}-{i}" for i, (o, s) in enumerate(zip(owner.tolist(), stems.tolist(), strict=True))]
    for idx, real_id in zip(np.flatnonzero(relation == 0).tolist(), profile.bases, strict=False):
        ids[idx] = real_id
    offsets = np.searchsorted(child, np.arange(n + 1))
    derived = np.flatnonzero(np.diff(offsets) > 0)
    card_only = set(rng.choice(derived, size=int(len(derived) * profile.card_only_share), replace=False).tolist())
    renamed = {int(e): f"deleted-{e % 997}/gone-{e}" for e in
               rng.choice(len(parent), size=int(len(parent) * DANGLING_SHARE), replace=False).tolist()}  # fmt: skip
    extra: dict[int, list[str]] = {}
    for i in rng.choice(derived, size=round(len(derived) * profile.self_loop_share), replace=False).tolist():
        extra.setdefault(i, []).append(ids[i])
    for i in rng.choice(derived, size=max(1, int(n * CYCLES_PER_REPO)), replace=False).tolist():
        first = int(parent[offsets[i]])
        extra.setdefault(first, []).append(ids[i])  # the base names its own derivative: a two-repo cycle
    return _Plan(ids, relation, offsets, parent, donor, card_only, renamed, extra)


def generate_hub(path: Path | str, n: int, seed: int = 0, profile: HubProfile | None = None) -> Path:
    """Write a synthetic hub of `n` repos to `path` (parquet, hub-stats schema), in row groups; returns the path."""
    path = Path(path)
    profile = profile or fit_profile()
    rng = np.random.default_rng(seed)
    plan = _plan(profile, n, rng)
    with pq.ParquetWriter(str(path), OUTPUT) as writer:
        for start in range(0, n, ROW_GROUP):
            writer.write_table(_chunk(profile, rng, plan, start, min(n, start + ROW_GROUP)))
    return path


def _chunk(profile: HubProfile, rng: np.random.Generator, plan: _Plan, start: int, stop: int) -> pa.Table:
    d = profile.donors.take(pa.array(plan.donor[start:stop]))
    size = stop - start
    base_models: list[dict[str, object] | None] = []
    cards: list[str] = []
    tags: list[list[str]] = []
    for _k, (i, own) in enumerate(zip(range(start, stop), d["tags"].to_pylist(), strict=True)):
        lo, hi = int(plan.offsets[i]), int(plan.offsets[i + 1])
        bases = [plan.renamed.get(e) or plan.ids[int(plan.parent[e])] for e in range(lo, hi)] + plan.extra.get(i, [])
        own = list(own or [])
        relation = ("", *RELATIONS)[int(plan.relation[i])] or "finetune"
        if bases and i not in plan.card_only:
            base_models.append({"relation": relation, "models": [{"_id": None, "id": b} for b in bases]})
            own += [f"base_model:{b}" for b in bases] + [f"base_model:{relation}:{b}" for b in bases]
        else:
            base_models.append(None)
        licence = next((t[8:] for t in own if t.startswith("license:")), None)
        card: dict[str, object] = {"license": licence} if licence else {}
        if bases:
            card["base_model"] = bases if len(bases) > 1 else bases[0]
        cards.append(json.dumps(card))
        tags.append(own)
    downloads = d["downloads"].to_numpy(zero_copy_only=False) * rng.lognormal(0.0, 0.5, size=size)
    likes = d["likes"].to_numpy(zero_copy_only=False) * rng.lognormal(0.0, 0.3, size=size)
    first = np.datetime64(dt.datetime(2022, 3, 1), "us")
    step = (np.datetime64(dt.datetime(2026, 4, 22), "us") - first) // max(1, len(plan.ids))
    return pa.table(
        {
            "id": pa.array(plan.ids[start:stop], pa.string()),
            "author": pa.array([i.split("/", 1)[0] for i in plan.ids[start:stop]], pa.string()),
            "createdAt": pa.array(first + np.arange(start, stop) * step),
            "downloads": np.round(downloads).astype(np.int64),
            "likes": np.round(likes).astype(np.int64),
            "tags": pa.array(tags, pa.list_(pa.string())),
            "cardData": cards,
            "baseModels": pa.array(base_models, OUTPUT.field("baseModels").type),
            "pipeline_tag": d["pipeline_tag"],
            "library_name": d["library_name"],
        },
        schema=OUTPUT,
    )

"""The hub computation in plain pandas: the baseline `bench_hub` measures avsi's pipeline against.

The same inputs, rules and outputs as `avsi.hub.pipeline.compute` (the benchmark checks that both agree), written
the way a pandas user would: the whole dump read into memory, per-row Python for the nested columns, `str.contains`
for the sector rules, merges for the joins and the level-by-level closure, groupby for the figures.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from avsi.hub.lineage import strongly_connected
from avsi.hub.loader import KINDS, NEEDED, _card_lineage, infer_kind
from avsi.hub.sectors import GENERAL, SectorRules, load_rules
from avsi.hub.tables import SCHEMAS

SKIP_PREFIXES = ("base_model:", "arxiv:", "region:", "deploy:", "doi:", "license:")
SKIP_TAGS = {"transformers", "safetensors", "pytorch", "text-generation", "endpoints_compatible",
             "text-generation-inference", "conversational", "autotrain_compatible", "model-index", "custom_code",
             "tensorboard", "jax", "tf", "onnx", "eval-results", "generated_from_trainer"}  # fmt: skip
KIND_COLUMNS = {"fine-tune": "fine_tunes", "adapter": "adapters", "quantisation": "quantisations", "merge": "merges"}


def _ascii_lower(text: str) -> str:
    return text.translate(_LOWER)


_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _tag_text(tags: Any) -> str:
    words = [
        _ascii_lower(t) for t in (tags if tags is not None else []) if t is not None and not t.startswith("base_model:")
    ]
    return " ".join(w.replace(" ", "-") for w in words if not w.startswith(SKIP_PREFIXES) and w not in SKIP_TAGS)


def _licence(tags: Any) -> str | None:
    for t in tags if tags is not None else []:
        if t is not None and not t.startswith("base_model:") and _ascii_lower(t).startswith("license:"):
            return _ascii_lower(t)[8:]
    return None


def _lineage(row: Any) -> tuple[list[str] | None, str | None, str | None]:
    struct = row.baseModels
    if isinstance(struct, dict) and struct.get("models") is not None and len(struct["models"]) > 0:
        return [m["id"] for m in struct["models"]], struct.get("relation"), "hub"
    if isinstance(row.cardData, str) and "base_model" in row.cardData:
        bases, relation = _card_lineage(row.cardData)
        if bases:
            return bases, relation, "card"
    return None, None, None


def load(path: str) -> pd.DataFrame:
    df = pd.read_parquet(path, columns=list(NEEDED))
    df["repo"] = df["id"].fillna("")
    df["key"] = df["repo"].map(_ascii_lower)
    df["namespace"] = df["author"].where(df["author"].notna(), df["repo"].str.split("/").str[0])
    df["tag_text"] = df["tags"].map(_tag_text)
    df["licence"] = df["tags"].map(_licence)
    lineage = [_lineage(r) for r in df[["baseModels", "cardData"]].itertuples(index=False)]
    df["base_models"] = [b for b, _, _ in lineage]
    df["lineage_origin"] = [o for _, _, o in lineage]
    df["kind"] = [
        None if b is None else KINDS.get(rel or "") or infer_kind(None, len(b), repo, text, lib)
        for (b, rel, _), repo, text, lib in zip(lineage, df["repo"], df["tag_text"], df["library_name"], strict=True)
    ]
    df["downloads"] = df["downloads"].fillna(0).astype("int64")
    df["likes"] = df["likes"].fillna(0).astype("int64")
    df["ordinal"] = np.arange(len(df), dtype="int64")
    return df.drop(columns=["id", "author", "tags", "cardData", "baseModels"])


def sectors(df: pd.DataFrame, rules: SectorRules) -> pd.Series:
    name = df["key"].str.split("/", n=1).str[-1].str.replace("_", "-", regex=False)
    name = name.where(df["key"].str.contains("/", regex=False), df["key"].str.replace("_", "-", regex=False))
    fields = {"name": name, "tags": df["tag_text"], "namespace": df["key"].str.split("/").str[0].where(
        df["key"].str.contains("/", regex=False), "")}  # fmt: skip

    def contains(field: str, pattern: str) -> pd.Series:
        with warnings.catch_warnings():  # (groups in a pattern are fine: only whether it matches counts)
            warnings.simplefilter("ignore", UserWarning)
            return fields[field].str.contains(pattern, regex=True)

    def matches(matcher: Any) -> pd.Series:
        hit = pd.Series(True, index=df.index)
        for f, p in matcher.required():
            hit &= contains(f, p)
        for f, p in matcher.excluded():
            hit &= ~contains(f, p)
        return hit

    sector = pd.Series(GENERAL, index=df.index, dtype=object)
    todo = pd.Series(True, index=df.index)
    for rule in rules.rules:
        hit = pd.Series(False, index=df.index)
        for m in rule.match:
            hit |= matches(m)
        for m in rule.unless:
            hit &= ~matches(m)
        sector[todo & hit] = rule.id
        todo &= ~hit
    return sector


def _figures(d: pd.DataFrame, group: str) -> pd.DataFrame:
    d = d.assign(**{c: (d["kind"] == k).astype("int64") for k, c in KIND_COLUMNS.items()})
    g = d.groupby(group)
    out = pd.DataFrame({
        "derivatives": g.size(), **{c: g[c].sum() for c in KIND_COLUMNS.values()},
        "by_other_orgs": g["other"].sum(), "deriving_orgs": g["org_key"].nunique(),
        "sectors": d[d["sector"] != GENERAL].groupby(group)["sector"].nunique(),
        "derivative_downloads": g["downloads"].sum(), "max_depth": g["depth"].max(),
    })  # fmt: skip
    named = d[d["sector"] != GENERAL].groupby([group, "sector"]).size().rename("n").reset_index()
    named["p"] = named["n"] / named.groupby(group)["n"].transform("sum")
    named["h"] = -(named["p"] * np.log2(named["p"]))
    out["sector_entropy"] = named.groupby(group)["h"].sum().round(9) + 0.0
    return out.fillna({"sectors": 0, "sector_entropy": 0.0}).reset_index()


def compute(
    path: str, namespaces: pa.Table, repo_models: pa.Table, rules: SectorRules | None = None
) -> dict[str, pd.DataFrame]:
    rules = rules or load_rules()
    df = load(path)
    input_rows = len(df)
    df = df[df["key"] != ""].sort_values(["downloads", "ordinal"], ascending=[False, True]).drop_duplicates("key")
    ns = namespaces.to_pandas()
    rm_keys = repo_models.to_pandas()
    df["ns_key"] = df["namespace"].str.lower()
    attrs = df.merge(ns, on="ns_key", how="left")
    attrs["org_key"] = attrs["org_key"].fillna(attrs["ns_key"])
    attrs["sector"] = sectors(attrs, rules).to_numpy()
    attrs = attrs.rename(columns={"ordinal": "id"})

    named = attrs[attrs["base_models"].notna()][["id", "key", "kind", "lineage_origin", "base_models"]]
    named = named.explode("base_models").rename(columns={"id": "child", "lineage_origin": "origin",
                                                         "base_models": "parent_repo"})  # fmt: skip
    named = named[named["parent_repo"].notna() & (named["parent_repo"] != "")]
    named["parent"] = named["parent_repo"].str.lower()
    self_loops = int((named["parent"] == named["key"]).sum())
    edges_named = len(named)
    named = named[named["parent"] != named["key"]]
    keys = attrs[["key", "id"]].rename(columns={"key": "parent", "id": "pid"})
    resolved = named.merge(keys, on="parent", how="left")
    missing = resolved[resolved["pid"].isna()].groupby("parent")["parent_repo"].min().reset_index()
    missing = missing.sort_values("parent").rename(columns={"parent_repo": "repo", "parent": "key"})
    missing["id"] = np.arange(len(missing), dtype="int64") + int(attrs["id"].max()) + 1
    missing["namespace"] = missing["repo"].str.split("/").str[0].where(missing["repo"].str.contains("/"), "")
    missing["ns_key"] = missing["namespace"].str.lower()
    external = missing.merge(ns, on="ns_key", how="left")
    external["org_key"] = external["org_key"].fillna(external["ns_key"])
    resolved = resolved.merge(external[["key", "id"]].rename(columns={"key": "parent", "id": "xid"}), on="parent",
                              how="left")  # fmt: skip
    resolved["dangling"] = resolved["pid"].isna()
    resolved["parent"] = resolved["pid"].fillna(resolved["xid"]).astype("int64")
    edges = resolved[["child", "parent", "kind", "origin", "dangling"]].drop_duplicates()
    cols = ["id", "key", "repo", "namespace", "org_key", "org_id", "country", "bloc"]
    nodes = pd.concat([attrs[cols].assign(external=False), external[cols].assign(external=True)], ignore_index=True)
    rm = rm_keys.merge(nodes[["key", "id"]], left_on="repo_key", right_on="key")[["id", "model_id", "preferred"]]

    children = edges.groupby("parent").size().rename("children")
    bases = edges.groupby("child").size().rename("bases")
    p = pd.DataFrame({"key": children.index})
    p["is_root"] = ~p["key"].isin(bases.index)
    p = p.merge(rm, left_on="key", right_on="id", how="left").drop(columns="id")
    anchors = p[p["is_root"] | p["model_id"].notna()]

    # Closure: breadth-first, one level at a time, anti-joined with every pair reached so far.
    links = edges[["parent", "child"]].drop_duplicates()
    reached = pd.DataFrame({"anchor": anchors["key"], "node": anchors["key"], "depth": 0})
    frontier = reached
    while True:
        step = frontier.merge(links, left_on="node", right_on="parent")[["anchor", "child", "depth"]]
        step = step.rename(columns={"child": "node"}).drop_duplicates(["anchor", "node"])
        step["depth"] += 1
        seen = step.merge(reached[["anchor", "node"]], on=["anchor", "node"], how="left", indicator=True)
        step = step[(seen["_merge"] == "left_only").to_numpy()]
        if step.empty:
            break
        reached = pd.concat([reached, step], ignore_index=True)
        frontier = step
    reach = reached[reached["depth"] > 0]

    rest = links
    while len(rest):
        middle = set(rest["child"]) & set(rest["parent"])
        trimmed = rest[rest["child"].isin(middle) & rest["parent"].isin(middle)]
        if len(trimmed) == len(rest):
            break
        rest = trimmed
    components = strongly_connected(zip(rest["parent"].tolist(), rest["child"].tolist(), strict=True))
    in_cycle = {n for c in components for n in c}

    roots = set(anchors.loc[anchors["is_root"], "key"])
    from_roots = reach[reach["anchor"].isin(roots)].groupby("node")
    from_roots = from_roots.agg(depth=("depth", "min"), roots=("anchor", "nunique"))
    r = attrs.set_index("id").join(bases).join(children).join(from_roots).join(rm.set_index("id")[["model_id"]])
    r["depth"] = r["depth"].where(r["bases"].notna(), 0)
    hub_repos = r.assign(
        is_root=r["bases"].isna() & r["children"].notna(), in_cycle=r.index.isin(in_cycle),
        bases=r["bases"].fillna(0), children=r["children"].fillna(0), roots=r["roots"].fillna(0),
    )  # fmt: skip

    anc = anchors.merge(nodes[["id", "org_key"]], left_on="key", right_on="id").rename(
        columns={"org_key": "anchor_org"}
    )
    d = reach.merge(attrs[["id", "kind", "org_key", "sector", "country", "bloc", "downloads"]], left_on="node",
                    right_on="id")  # fmt: skip
    d = d.merge(anc[["key", "anchor_org"]], left_on="anchor", right_on="key")
    d["other"] = (d["org_key"] != d["anchor_org"]).astype("int64")
    per_base = _figures(d, "anchor")
    hub_bases = anc.merge(nodes, left_on="key", right_on="id", suffixes=("_a", ""))
    hub_bases = hub_bases.merge(per_base, left_on="key_a", right_on="anchor")
    by_base = d.groupby(["anchor", "kind", "country", "bloc", "sector"], dropna=False)
    by_base = by_base.agg(n=("node", "size"), downloads=("downloads", "sum")).reset_index()
    by_base = by_base.merge(nodes[["id", "repo"]], left_on="anchor", right_on="id").rename(columns={"repo": "base"})

    am = anc[anc["model_id"].notna()]
    mc = reach.merge(am[["key", "model_id"]], left_on="anchor", right_on="key")
    own = mc.merge(rm, left_on=["node", "model_id"], right_on=["id", "model_id"], how="left", indicator=True)
    mc = mc[(own["_merge"] == "left_only").to_numpy()].groupby(["model_id", "node"])["depth"].min().reset_index()
    md = mc.merge(attrs[["id", "kind", "org_key", "sector", "downloads"]], left_on="node", right_on="id")
    own_orgs = set(zip(am["model_id"], am["anchor_org"], strict=True))
    md["other"] = [(m, o) not in own_orgs for m, o in zip(md["model_id"], md["org_key"], strict=True)]
    md["other"] = md["other"].astype("int64")
    per_model = _figures(md, "model_id")
    pick = am.merge(per_base, left_on="key", right_on="anchor").merge(
        nodes[["id", "repo"]], left_on="key", right_on="id"
    )
    pick = pick.sort_values(["model_id", "preferred", "derivatives", "repo"], ascending=[True, False, False, True])
    pick = pick.drop_duplicates("model_id")[["model_id", "repo"]].rename(columns={"repo": "hf_repo"})
    hub_model = per_model.merge(pick, on="model_id")

    derived = attrs["downloads"].where(attrs["kind"].notna(), 0)
    sector_counts = attrs.assign(derived=derived).groupby("sector")
    sector_counts = sector_counts.agg(repos=("id", "size"), derivatives=("kind", "count"), downloads=("derived", "sum"))
    hub_edges = edges.merge(attrs[["id", "repo"]], left_on="child", right_on="id")
    parent_repos = nodes[["id", "repo"]].rename(columns={"repo": "parent_repo"})
    hub_edges = hub_edges.merge(parent_repos, left_on="parent", right_on="id")
    labels = rules.labels()
    return {
        "hub_repos": hub_repos.reset_index(drop=True),
        "hub_edges": hub_edges.assign(child=hub_edges["repo"], parent=hub_edges["parent_repo"]),
        "hub_bases": hub_bases,
        "hub_derivatives_by_base": by_base,
        "hub_model_derivatives": hub_model,
        "hub_sectors": sector_counts.reset_index().assign(label=lambda t: t["sector"].map(labels)),
        "counts": pd.DataFrame(
            [
                {
                    "input_rows": input_rows,
                    "self_loops": self_loops,
                    "edges_named": edges_named,
                    "cycles": len(components),
                    "closure_pairs": len(reach),
                }
            ]
        ),
    }


def as_arrow(frames: dict[str, pd.DataFrame]) -> dict[str, pa.Table]:
    """The pandas results in the pipeline's table schemas (for comparing the two)."""
    out = {}
    for name, frame in frames.items():
        if name in SCHEMAS:
            schema = SCHEMAS[name]
            columns = {f.name: frame[f.name].astype(object).where(frame[f.name].notna(), None).tolist() for f in schema}
            out[name] = pa.table(columns).cast(schema)
    return out


def describe(frames: dict[str, pd.DataFrame]) -> str:
    return json.dumps({k: len(v) for k, v in frames.items()})

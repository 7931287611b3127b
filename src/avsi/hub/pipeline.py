"""The hub pipeline, written once against Ibis: DuckDB and Spark run the same expressions.

Input: the repos (`loader.REPOS` batches), the namespace and canonical-model reference tables and the sector rules.
Output: the tables of `avsi.hub.tables`, as Arrow tables sorted the same way whatever the engine.

Repos are numbered by their position in the input (bases named but missing from it get the numbers after), so the
edges, the closure and most joins work on integers; ids are joined back at the end.
"""

from __future__ import annotations

import ibis  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]
import pyarrow as pa
import pyarrow.compute as pc

from avsi.hub.aggregate import detail, figures, scalars, stats
from avsi.hub.engine import Engine
from avsi.hub.lineage import closure, find_cycles, raw_edges
from avsi.hub.sectors import SectorRules, load_rules, sector_expr, sector_fields
from avsi.hub.tables import KEYS, SCHEMAS, UNORDERED


def _namespace_of(repo: ir.StringValue) -> ir.StringValue:
    slash = repo.find("/")
    return ibis.ifelse(slash >= 0, repo.substr(0, slash), ibis.literal(""))


def _cast(table: ir.Table, name: str) -> ir.Table:
    schema = SCHEMAS[name]
    return table.select(*[table[f.name].cast(ibis.dtype(f.type)).name(f.name) for f in schema])


def compute_outputs(
    engine: Engine,
    repos: pa.RecordBatchReader,
    namespaces: pa.Table,
    repo_models: pa.Table,
    rules: SectorRules | None = None,
) -> HubOutputs:
    """Every hub table, computed on `engine` from a stream of `REPOS` batches; the big ones stay in the engine."""
    rules = rules or load_rules()
    raw = engine.ingest("hub_input", repos)
    ns = engine.upload("hub_namespaces", namespaces)
    rm_keys = engine.upload("hub_repo_models", repo_models)
    one, zero = ibis.literal(1, "int64"), ibis.literal(0, "int64")
    counts = scalars(engine, raw.aggregate(
        input_rows=raw.count(), rows_without_id=(raw.key == "").ifelse(one, zero).sum(),
        distinct=raw.key.nunique(where=raw.key != ""), last=raw.ordinal.max(),
    ))  # fmt: skip

    # One row per repo id (ids match case-insensitively; a dump repeating one keeps its most downloaded row).
    repos_t = raw.filter(raw.key != "")
    if counts["distinct"] < counts["input_rows"] - counts["rows_without_id"]:
        rank = ibis.row_number().over(group_by=repos_t.key, order_by=[ibis.desc(repos_t.downloads), repos_t.ordinal])
        repos_t = engine.materialise(repos_t.mutate(_rank=rank).filter(lambda t: t._rank == 0).drop("_rank"))

    ns_key = repos_t.namespace.lower()
    with_ns = repos_t.left_join(ns, ns_key == ns.ns_key)
    attrs = engine.materialise(with_ns.select(
        id=repos_t.ordinal, key=repos_t.key, repo=repos_t.repo, namespace=repos_t.namespace,
        org_key=ns.org_key.fill_null(ns_key), org_id=ns.org_id, country=ns.country, bloc=ns.bloc,
        kind=repos_t.kind, sector=sector_expr(sector_fields(repos_t.repo, repos_t.tag_text), rules),
        licence=repos_t.licence, downloads=repos_t.downloads, likes=repos_t.likes,
        lineage_origin=repos_t.lineage_origin,
    ), "hub_attrs")  # fmt: skip

    # Edges: resolve each named base to a repo number; bases missing from the input become external nodes.
    named = engine.materialise(raw_edges(repos_t), "hub_named")
    counts |= scalars(engine, named.aggregate(
        edges_named=named.count(), self_loops=(named.parent == named.child_key).ifelse(one, zero).sum()
    ))  # fmt: skip
    no_loops = named.filter(named.parent != named.child_key)
    keys = attrs.select(pkey=attrs.key, pid=attrs.id)
    resolved = no_loops.left_join(keys, no_loops.parent == keys.pkey)
    resolved = engine.materialise(
        resolved.select("child", "parent", "parent_repo", "kind", "origin", pid=resolved.pid), "hub_resolved"
    )
    missing = resolved.filter(resolved.pid.isnull())
    missing = missing.group_by("parent").aggregate(repo=missing.parent_repo.min())
    missing = missing.mutate(id=ibis.row_number().over(order_by=missing.parent) + (counts["last"] + 1))
    m_ns = _namespace_of(missing.repo)
    ext = missing.left_join(ns, m_ns.lower() == ns.ns_key)
    external = engine.materialise(ext.select(
        id=missing.id.cast("int64"), key=missing.parent, repo=missing.repo, namespace=m_ns,
        org_key=ns.org_key.fill_null(m_ns.lower()), org_id=ns.org_id, country=ns.country, bloc=ns.bloc,
    ), "hub_external")  # fmt: skip
    # A repo naming one base twice (in two spellings) gives one edge: kind and origin are the child's own.
    inside = resolved.filter(resolved.pid.notnull())
    outside = resolved.filter(resolved.pid.isnull())
    outside = outside.join(external, outside.parent == external.key)
    edges = engine.materialise(ibis.union(
        inside.select("child", parent=inside.pid, kind=inside.kind, origin=inside.origin,
                      dangling=ibis.literal(False)),
        outside.select("child", parent=outside.id, kind=outside.kind, origin=outside.origin,
                       dangling=ibis.literal(True)),
        distinct=True,
    ), "hub_edge_ids")  # fmt: skip
    for name in ("hub_input", "hub_named", "hub_resolved"):  # no longer needed: their memory goes back
        engine.drop(name)
    node_cols = ["id", "key", "repo", "namespace", "org_key", "org_id", "country", "bloc"]
    nodes = engine.materialise(ibis.union(
        attrs.select(*node_cols).mutate(external=False), external.select(*node_cols).mutate(external=True)
    ), "hub_nodes")  # fmt: skip
    rm = engine.materialise(
        rm_keys.join(nodes, rm_keys.repo_key == nodes.key).select(id=nodes.id, model_id=rm_keys.model_id,
                                                                  preferred=rm_keys.preferred), "hub_models"
    )  # fmt: skip

    # Roots and anchors (the roots, and the canonical models' repos that have derivatives).
    parents = engine.materialise(edges.group_by("parent").aggregate(children=edges.count()), "hub_parents")
    childs = engine.materialise(edges.group_by("child").aggregate(bases=edges.count()), "hub_childs")
    p = parents.left_join(childs, parents.parent == childs.child)
    p = p.select(key=p.parent, is_root=p.child.isnull())
    p = p.left_join(rm, p.key == rm.id).select("key", "is_root", model_id=rm.model_id, preferred=rm.preferred)
    anchors = engine.materialise(p.filter(p.is_root | p.model_id.notnull()), "hub_anchors")

    reach, rounds = closure(engine, anchors, edges)
    cycle_rows = find_cycles(engine, edges)
    cycles = engine.upload("hub_cycles", cycle_rows)
    counts |= {"closure_pairs": engine.count("hub_reached") - engine.count(anchors), "closure_rounds": rounds,
               "cycles": len(pc.unique(cycle_rows["cycle"])), "nodes_in_cycles": cycle_rows.num_rows}  # fmt: skip

    # Per repo: depth from the roots, roots reached, cycle membership, canonical model.
    roots = anchors.filter(anchors.is_root)
    from_roots = reach.semi_join(roots, reach.anchor == roots.key)
    depth = from_roots.group_by("node").aggregate(depth=from_roots.depth.min(), roots=from_roots.anchor.nunique())
    r = attrs.left_join(childs, attrs.id == childs.child)
    r = r.left_join(parents, r.id == parents.parent)
    r = r.left_join(depth, r.id == depth.node)
    r = r.left_join(cycles, r.id == cycles.node)
    r = r.left_join(rm, r.id == rm.id)
    hub_repos = r.select(
        "repo", "namespace", "org_id", "country", "bloc", "kind", "sector", "licence", "downloads", "likes",
        "lineage_origin", bases=r.bases.fill_null(0), children=r.children.fill_null(0),
        is_root=r.bases.isnull() & r.children.notnull(),
        depth=ibis.ifelse(r.bases.isnull(), ibis.literal(0, "int32"), r.depth),
        roots=r.roots.fill_null(0), in_cycle=r.cycle.notnull(), model_id=r.model_id,
    )  # fmt: skip

    # Per base: the derivatives, their kinds, organisations, sectors and depths.
    anc = anchors.join(nodes, anchors.key == nodes.id)
    anc = engine.materialise(anc.select("key", "is_root", "model_id", "preferred", anchor_org=anc.org_key), "hub_anc")
    d = reach.join(attrs, reach.node == attrs.id)
    d = d.join(anc, d.anchor == anc.key)
    d = d.select("anchor", "node", "depth", "kind", "org_key", "sector", "country", "bloc", "downloads",
                 other=d.org_key != d.anchor_org)  # fmt: skip
    per = engine.materialise(detail(d, "anchor", ["country", "bloc"]), "hub_detail")
    per_base = engine.materialise(figures(d, per, "anchor"), "hub_per_base")
    b = anc.join(nodes, anc.key == nodes.id).join(per_base, anc.key == per_base.anchor)
    hub_bases = b.select("repo", "namespace", "org_id", "country", "bloc", "is_root", "external", "model_id",
                         *[c for c in per_base.columns if c != "anchor"])  # fmt: skip
    by_base = per.join(nodes, per.anchor == nodes.id)
    by_base = by_base.select(base=by_base.repo, kind=by_base.kind, country=by_base.country, bloc=by_base.bloc,
                             sector=by_base.sector, n=by_base.n, downloads=by_base.downloads)  # fmt: skip

    # Per canonical model: the derivatives of any of its official repos, its own repos left out.
    am = anc.filter(anc.model_id.notnull())
    mc = reach.join(am, reach.anchor == am.key).select("model_id", "node", "depth")
    mc = mc.anti_join(rm, [mc.node == rm.id, mc.model_id == rm.model_id])
    mc = mc.group_by(["model_id", "node"]).aggregate(depth=mc.depth.min())
    own_orgs = am.select(m_id=am.model_id, own_org=am.anchor_org).distinct()
    md = mc.join(attrs, mc.node == attrs.id)
    md = md.left_join(own_orgs, [md.model_id == own_orgs.m_id, md.org_key == own_orgs.own_org])
    md = md.select("model_id", "node", "depth", "kind", "org_key", "sector", "downloads", other=md.own_org.isnull())
    per_model = engine.materialise(figures(md, detail(md, "model_id", []), "model_id"), "hub_per_model")
    pick = am.join(per_base, am.key == per_base.anchor).join(nodes, am.key == nodes.id)
    pick = pick.select(pick.model_id, pick.repo, pick.preferred, pick.derivatives)
    order = [ibis.desc(pick.preferred), ibis.desc(pick.derivatives), pick.repo]
    pick = pick.mutate(_rank=ibis.row_number().over(group_by=pick.model_id, order_by=order))
    pick = pick.filter(pick._rank == 0).select(m_id=pick.model_id, hf_repo=pick.repo)
    hm = per_model.join(pick, per_model.model_id == pick.m_id)
    hub_model = hm.select("model_id", "hf_repo", *[c for c in per_model.columns if c != "model_id"])

    sectors = attrs.group_by("sector").aggregate(
        label=ibis.literal(""), repos=attrs.count(), derivatives=attrs.kind.notnull().ifelse(one, zero).sum(),
        downloads=attrs.kind.notnull().ifelse(attrs.downloads, zero).sum(),
    )  # fmt: skip
    child_repo = attrs.select(cid=attrs.id, child_repo=attrs.repo)
    parent_repo = nodes.select(pid=nodes.id, parent_repo=nodes.repo)
    e = edges.join(child_repo, edges.child == child_repo.cid).join(parent_repo, edges.parent == parent_repo.pid)
    hub_edges = e.select(child=e.child_repo, parent=e.parent_repo, kind=e.kind, origin=e.origin, dangling=e.dangling)

    outputs = {
        name: _cast(expr, name)
        for name, expr in (("hub_repos", hub_repos), ("hub_edges", hub_edges), ("hub_bases", hub_bases),
                           ("hub_derivatives_by_base", by_base), ("hub_model_derivatives", hub_model))
    }  # fmt: skip
    labels = rules.labels()
    sector_rows = engine.collect(_cast(sectors, "hub_sectors").order_by(KEYS["hub_sectors"]))
    sector_rows = sector_rows.set_column(
        1, "label", pa.array([labels.get(s, s) for s in sector_rows["sector"].to_pylist()], pa.string())
    )
    return HubOutputs(outputs, sector_rows, {k: v for k, v in counts.items() if k not in ("distinct", "last")})


class HubOutputs:
    """The hub tables of one run as engine expressions (`tables`), the sectors as Arrow, and the counts made on the
    way; `hub_stats` is computed from the tables once they are kept (`stats_table`)."""

    def __init__(self, tables: dict[str, ir.Table], sectors: pa.Table, counts: dict[str, int]) -> None:
        self.tables = tables
        self.sectors = sectors
        self.counts = counts
        self.stats: dict[str, int] = {}

    def stats_table(self, engine: Engine, kept: dict[str, ir.Table]) -> pa.Table:
        """`hub_stats`, from the kept tables (in the engine, or already written into a database)."""
        table = stats(engine, kept, self.counts)
        self.stats = dict(zip(table["metric"].to_pylist(), table["value"].to_pylist(), strict=True))
        return table

    def collect(self, engine: Engine) -> dict[str, pa.Table]:
        """Every table as Arrow (the small ones in key order)."""
        kept = {name: engine.materialise(expr, f"out_{name}") for name, expr in self.tables.items()}
        results = {n: engine.collect(t if n in UNORDERED else t.order_by(KEYS[n])) for n, t in kept.items()}
        return {**results, "hub_sectors": self.sectors, "hub_stats": self.stats_table(engine, kept)}


def compute(
    engine: Engine,
    repos: pa.RecordBatchReader,
    namespaces: pa.Table,
    repo_models: pa.Table,
    rules: SectorRules | None = None,
) -> dict[str, pa.Table]:
    """Every hub table, computed on `engine` from a stream of `REPOS` batches, as Arrow tables."""
    return compute_outputs(engine, repos, namespaces, repo_models, rules).collect(engine)

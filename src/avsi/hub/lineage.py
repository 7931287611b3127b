"""Lineage on the Hub: base-model edges by kind, the closure from each base to all its derivatives, and cycles.

- An edge runs from a repo (child) to each repo it names as a base (parent); its kind is the child's relation
  (fine-tune, adapter, quantisation, merge). Repo ids match case-insensitively, as on the Hub. A repo naming itself
  is a self-loop: counted and dropped. A parent that is not in the input is a dangling reference: the edge is kept
  (the parent becomes an external node, with no known base of its own) and counted.
- A root is a node with derivatives and no base. The closure is a breadth-first search from a set of anchors (the
  roots and the canonical models' repos), level by level in the engine: each level joins the previous one with the
  edges and keeps the (anchor, node) pairs not reached before, so each pair gets its shortest depth and a cycle
  cannot make the search loop.
- Cycles are found in two steps: in the engine, edges whose child has no child or whose parent has no parent cannot
  be on a cycle and are trimmed, round after round, until few edges are left; the rest is collected and its strongly
  connected components found in Python (Tarjan). Nodes on a cycle that no root reaches are counted as unrooted.
"""

from __future__ import annotations

from collections.abc import Iterable

import ibis  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]
import pyarrow as pa

from avsi.hub.engine import Engine

# Trim in the engine until at most this many edges are left, then find the cycles in Python.
CYCLE_COLLECT_EDGES = 200_000
MAX_LEVELS = 100_000  # a safety bound: the search stops by itself once a level adds nothing


def raw_edges(repos: ir.Table) -> ir.Table:
    """One row per (repo, named base): the child's number and key, the parent's key (lowercase) and spelling as
    written (the loader strips the names), the kind and where the edge comes from."""
    named = repos.filter(repos.base_models.notnull())
    flat = named.select(
        child=named.ordinal, child_key=named.key, kind=named.kind, origin=named.lineage_origin,
        parent_repo=named.base_models.unnest(),
    )  # fmt: skip
    flat = flat.filter(flat.parent_repo.notnull() & (flat.parent_repo != ""))
    return flat.mutate(parent=flat.parent_repo.lower())


def closure(engine: Engine, anchors: ir.Table, edges: ir.Table) -> tuple[ir.Table, int]:
    """(anchor, node, depth) for every node each anchor reaches (depth >= 1, the shortest), and the number of rounds.

    `anchors` has a column `key`; `edges` has `parent` and `child`. One query, compiled once, is run per round on
    the tables `hub_frontier` (the pairs the previous round found) and `hub_reached` (every pair found so far). A
    round goes two levels deep (one and two edges from the frontier; half the rounds, each a little bigger): every
    pair enters the frontier at its shortest depth, so the shortest depth of each new pair is found."""
    links = engine.materialise(edges.select("parent", "child").distinct(), "hub_links")
    start = anchors.select(anchor=anchors.key, node=anchors.key, depth=ibis.literal(0, "int32")).distinct()
    reached = engine.materialise(start, "hub_reached")
    frontier = engine.materialise(reached, "hub_frontier")
    one = frontier.join(links, frontier.node == links.parent).select(
        anchor=frontier.anchor, node=links.child, depth=frontier.depth + 1
    )
    one = one.distinct()
    hop = links.view()
    two = one.join(hop, one.node == hop.parent).select(anchor=one.anchor, node=hop.child, depth=one.depth + 1)
    both = ibis.union(one, two)
    step = both.group_by(["anchor", "node"]).aggregate(depth=both.depth.min().cast("int32"))
    step = step.anti_join(reached, [step.anchor == reached.anchor, step.node == reached.node])
    step_sql, step_schema = engine.compile(step), step.schema()
    rounds = 0
    for n in range(1, MAX_LEVELS + 1):
        engine.run(step_sql, "hub_step", step_schema, level=True)
        if engine.is_empty("hub_step"):
            break
        rounds = n
        engine.append("hub_reached", "hub_step")
        engine.rename("hub_step", "hub_frontier")
    return reached.filter(reached.depth > 0), rounds


def cycle_candidates(engine: Engine, edges: ir.Table) -> pa.Table:
    """The edges that may lie on a cycle (parent, child), trimmed in the engine, collected as Arrow."""
    rest = engine.materialise(edges.select("parent", "child").distinct(), "hub_cycle_edges")
    count = engine.count(rest)
    if count > CYCLE_COLLECT_EDGES:
        a, b = rest.view(), rest.view()
        has_base = a.select(node=a.child).distinct()
        has_child = b.select(node=b.parent).distinct()
        middle_expr = has_base.semi_join(has_child, has_base.node == has_child.node)
        middle_sql = engine.compile(middle_expr)
        middle = engine.run(middle_sql, "hub_middle", middle_expr.schema(), level=True)
        m2 = middle.view()
        trimmed = rest.semi_join(middle, rest.child == middle.node).semi_join(m2, rest.parent == m2.node)
        trim_sql = engine.compile(trimmed)
        while True:
            engine.run(trim_sql, "hub_cycle_trimmed", trimmed.schema(), level=True)
            new_count = engine.count("hub_cycle_trimmed")
            engine.rename("hub_cycle_trimmed", "hub_cycle_edges")
            if new_count == count or new_count <= CYCLE_COLLECT_EDGES:
                break
            count = new_count
            engine.run(middle_sql, "hub_middle", middle_expr.schema(), level=True)
    return engine.collect(rest)


def strongly_connected(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The strongly connected components with more than one node of a directed graph (Tarjan, iterative)."""
    graph: dict[int, list[int]] = {}
    for a, b in pairs:
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[int, int]] = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = graph[node]
            if i < len(successors):
                work.append((node, i + 1))
                nxt = successors[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(components)


CYCLES = pa.schema([pa.field("node", pa.int64(), nullable=False), pa.field("cycle", pa.int32(), nullable=False)])


def find_cycles(engine: Engine, edges: ir.Table) -> pa.Table:
    """(node, cycle number) for every node on a cycle of the edges (self-loops excluded)."""
    candidates = cycle_candidates(engine, edges)
    pairs = zip(candidates.column("parent").to_pylist(), candidates.column("child").to_pylist(), strict=True)
    components = strongly_connected(pairs)
    nodes = [n for c in components for n in c]
    numbers = [i for i, c in enumerate(components, start=1) for _ in c]
    return pa.table({"node": nodes, "cycle": pa.array(numbers, pa.int32())}, schema=CYCLES)

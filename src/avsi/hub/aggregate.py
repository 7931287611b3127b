"""The derivative figures per base repo and per canonical model, and the counts of `hub_stats`."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from avsi.hub.loader import KIND_NAMES
from avsi.hub.sectors import GENERAL

KIND_COLUMNS = dict(zip(KIND_NAMES, ("fine_tunes", "adapters", "quantisations", "merges"), strict=True))


def detail(d: ir.Table, group: str, keys: list[str]) -> ir.Table:
    """Derivatives and their downloads per group, kind, sector and the other `keys`."""
    return d.group_by([group, "kind", "sector", *keys]).aggregate(n=d.count(), downloads=d.downloads.sum())


def figures(d: ir.Table, per: ir.Table, group: str) -> ir.Table:
    """The derivative figures per group. `d`: one row per (group, derivative) with depth, org_key and `other` (the
    derivative's organisation is not the group's); `per`: `detail` of the same rows."""
    one = ibis.literal(1, "int64")
    zero = ibis.literal(0, "int64")
    rows = d.group_by(group).aggregate(
        derivatives=d.count(),
        by_other_orgs=d.other.ifelse(one, zero).sum(),
        deriving_orgs=d.org_key.nunique(),
        max_depth=d.depth.max(),
    )
    kinds = per.group_by(group).aggregate(
        **{col: (per.kind == kind).ifelse(per.n, zero).sum() for kind, col in KIND_COLUMNS.items()},
        sectors=per.sector.nunique(where=per.sector != GENERAL),
        derivative_downloads=per.downloads.sum(),
    )
    named = per.filter(per.sector != GENERAL)
    per_sector = named.group_by([group, "sector"]).aggregate(n=named.n.sum())
    totals = per_sector.group_by(group).aggregate(total=per_sector.n.sum())
    shares = per_sector.join(totals, group).mutate(p=lambda t: t.n.cast("float64") / t.total.cast("float64"))
    entropy = shares.group_by(group).aggregate(sector_entropy=(-(shares.p * shares.p.log2())).sum())
    joined = rows.join(kinds, group).left_join(entropy, rows[group] == entropy[group])
    return joined.select(
        rows[group], "derivatives", *KIND_COLUMNS.values(), "by_other_orgs", "deriving_orgs", "sectors",
        sector_entropy=joined.sector_entropy.fill_null(0.0) + ibis.literal(0.0),  # + 0.0: no -0.0
        derivative_downloads=joined.derivative_downloads, max_depth=joined.max_depth,
    )  # fmt: skip


def stats(results: dict[str, pa.Table], counts: dict[str, int]) -> pa.Table:
    """The counts behind the tables: what was read, dropped, dangling, cyclic, unrooted."""
    repos, edges, bases = results["hub_repos"], results["hub_edges"], results["hub_bases"]

    def n(mask: Any) -> int:
        return int(pc.sum(pc.cast(pc.fill_null(mask, False), pa.int64())).as_py() or 0)

    has_base = pc.greater(repos["bases"], 0)
    values = {
        **counts,
        "repos": repos.num_rows,
        "duplicate_repos": counts["input_rows"] - counts["rows_without_id"] - repos.num_rows,
        "derivatives": n(has_base),
        "isolated_repos": n(pc.and_(pc.equal(repos["bases"], 0), pc.equal(repos["children"], 0))),
        "edges": edges.num_rows,
        **{f"edges_{k.replace('-', '_')}": n(pc.equal(edges["kind"], k)) for k in KIND_NAMES},
        "edges_from_cards": n(pc.equal(edges["origin"], "card")),
        "duplicate_edges": counts["edges_named"] - counts["self_loops"] - edges.num_rows,
        "dangling_edges": n(edges["dangling"]),
        "dangling_parents": len(pc.unique(pc.filter(edges["parent"], edges["dangling"]))),
        "roots": n(bases["is_root"]),
        "external_roots": n(pc.and_(bases["is_root"], bases["external"])),
        "canonical_models": results["hub_model_derivatives"].num_rows,
        "canonical_repos": n(pc.is_valid(repos["model_id"])),
        "unrooted_derivatives": n(pc.and_(has_base, pc.is_null(repos["depth"]))),
        "max_depth": int(pc.max(repos["depth"]).as_py() or 0),
    }
    metrics = sorted(values)
    return pa.table({"metric": metrics, "value": pa.array([int(values[m]) for m in metrics], pa.int64())})

"""The derivative figures per base repo and per canonical model, and the counts of `hub_stats`."""

from __future__ import annotations

import ibis  # type: ignore[import-untyped]
import ibis.expr.types as ir  # type: ignore[import-untyped]
import pyarrow as pa

from avsi.hub.engine import Engine
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
        # Rounded: the sum's last bits depend on the order the engine adds in (threads, partitions); + 0.0: no -0.0.
        sector_entropy=joined.sector_entropy.fill_null(0.0).round(9) + ibis.literal(0.0),
        derivative_downloads=joined.derivative_downloads, max_depth=joined.max_depth,
    )  # fmt: skip


def scalars(engine: Engine, expr: ir.Table) -> dict[str, int]:
    """A one-row aggregate's values as integers (NULL as 0)."""
    row = engine.collect(expr).to_pylist()[0]
    return {k: int(v or 0) for k, v in row.items()}


def stats(engine: Engine, out: dict[str, ir.Table], counts: dict[str, int]) -> pa.Table:
    """The counts behind the tables: what was read, dropped, dangling, cyclic, unrooted (aggregates in the engine)."""
    r, e, b, m = out["hub_repos"], out["hub_edges"], out["hub_bases"], out["hub_model_derivatives"]
    one, zero = ibis.literal(1, "int64"), ibis.literal(0, "int64")

    def n(condition: ir.BooleanValue) -> ir.IntegerScalar:
        return condition.ifelse(one, zero).sum()

    values = {
        **counts,
        **scalars(engine, r.aggregate(
            repos=r.count(), derivatives=n(r.bases > 0), isolated_repos=n((r.bases == 0) & (r.children == 0)),
            canonical_repos=n(r.model_id.notnull()), unrooted_derivatives=n((r.bases > 0) & r.depth.isnull()),
            max_depth=r.depth.max(),
        )),
        **scalars(engine, e.aggregate(
            edges=e.count(), **{f"edges_{k.replace('-', '_')}": n(e.kind == k) for k in KIND_NAMES},
            edges_from_cards=n(e.origin == "card"), dangling_edges=n(e.dangling),
            dangling_parents=e.parent.nunique(where=e.dangling),
        )),
        **scalars(engine, b.aggregate(roots=n(b.is_root), external_roots=n(b.is_root & b.external))),
        **scalars(engine, m.aggregate(canonical_models=m.count())),
    }  # fmt: skip
    values["duplicate_repos"] = counts["input_rows"] - counts["rows_without_id"] - values["repos"]
    values["duplicate_edges"] = counts["edges_named"] - counts["self_loops"] - values["edges"]
    metrics = sorted(values)
    return pa.table({"metric": metrics, "value": pa.array([int(values[k]) for k in metrics], pa.int64())})

"""`avsi hub …`: the hub-scale lineage and sector analysis on the command line (a thin shell over avsi.hub)."""

from __future__ import annotations

import operator
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from avsi.cli_common import DbOption, JsonOption, db_path, err, fail, out, print_json, show
from avsi.exceptions import AvsiError
from avsi.hub.tables import ENGINES, SORTS

# (the other hub modules are imported by the commands: the rest of the command line starts without Ibis)
SECTOR_COLUMNS = ("sector", "repos", "derivatives", "downloads")

hub_app = typer.Typer(
    name="hub",
    help="Hub-scale lineage and sectors: derivatives of each base model by kind, organisation, bloc and sector.\n\n"
    "Example: avsi hub build --input hub_stats.parquet --engine spark",
    no_args_is_help=True,
)


@hub_app.command("build")
def build_command(
    input_path: Annotated[
        Path | None, typer.Option("--input", help="A hub-stats parquet file or folder (default: the shipped subset).")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help=f"One of: {', '.join(ENGINES)}.")] = "duckdb",
    master: Annotated[
        str | None, typer.Option("--master", help="Spark master URL (default local[2]), e.g. spark://host:7077.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Recompute the hub tables from a hub-stats dump and replace them in the database, atomically.

    Example: avsi hub build --input /data/hub-stats/models.parquet --engine duckdb --db /tmp/avsi.duckdb
    """
    from avsi.hub.api import build_hub

    try:
        if as_json:
            report = build_hub(db_path(db), input_path, engine, master)
            print_json(report.to_dict())
            return
        with err.status(f"hub build on {engine} …"):
            report = build_hub(db_path(db), input_path, engine, master)
    except AvsiError as exc:
        raise fail(exc) from exc
    _stats_table(report.stats, f"hub build ({report.engine}) ← {report.input}")
    out.print(f"{report.seconds:.1f} s; tables: " + ", ".join(f"{k} {v:,}" for k, v in report.tables.items()))


def _stats_table(stats: dict[str, int], title: str) -> None:
    table = Table(title=title, show_header=False)
    for metric, value in stats.items():
        table.add_row(metric, f"{value:,}")
    out.print(table)


@hub_app.command("stats")
def stats_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The hub counts: repos, edges by kind, roots, dangling references, cycles, depth; repos per sector.

    Example: avsi hub stats --json
    """
    from avsi.hub.api import hub_summary

    try:
        summary = hub_summary(db_path(db))
    except AvsiError as exc:
        raise fail(exc) from exc
    if as_json:
        print_json(summary)
        return
    _stats_table(summary["stats"], f"hub ({summary['info'].get('engine', '?')}) ← {summary['info'].get('input', '?')}")
    show(summary["sectors"], False, "sectors", {k: operator.itemgetter(k) for k in SECTOR_COLUMNS})


@hub_app.command("models")
def models_command(
    sort: Annotated[str, typer.Option("--sort", help=f"One of: {', '.join(SORTS)}.")] = "derivatives",
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Canonical models by their Hub derivatives: kinds, other organisations, sectors, downloads, depth.

    Example: avsi hub models --sort by_other_orgs --limit 10
    """
    from avsi.hub.api import hub_models

    try:
        rows = hub_models(db_path(db), sort, limit)
    except AvsiError as exc:
        raise fail(exc) from exc
    columns = ("model_id", "hf_repo", "derivatives", "fine_tunes", "adapters", "quantisations", "merges",
               "by_other_orgs", "deriving_orgs", "sectors", "max_depth")  # fmt: skip
    show(rows, as_json, f"{len(rows)} canonical models by {sort}", {k: operator.itemgetter(k) for k in columns})


def register(app: typer.Typer) -> None:
    """Add `avsi hub …` to the avsi command line."""
    app.add_typer(hub_app, name="hub")

"""The `avsi` command line: a thin shell over the library (see DESIGN.md for the contract).

`--json` prints one JSON document on stdout and nothing else; errors go to stderr with a non-zero exit.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from avsi.cli_common import (
    DbOption,
    JsonOption,
    check_sources,
    db_path,
    err,
    fail,
    out,
    print_json,
    progress_bar,
    show,
)
from avsi.exceptions import AvsiError, UsageError
from avsi.resolve import get_model, list_models, resolution_report, resolve_batch, resolve_name
from avsi.store import build as build_database
from avsi.store import build_summary, list_releases, quarantined_rows
from avsi.store.build import BuildReport
from avsi.store.export import export_database

app = typer.Typer(
    name="avsi",
    help="avsi: where AI models, labs and countries stand between the four A's and the four I's.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _report_table(report: BuildReport) -> Table:
    table = Table(title=f"avsi build → {report.db_path}", title_justify="left")
    table.add_column("source")
    table.add_column("files", justify="right")
    table.add_column("read", justify="right")
    table.add_column("loaded", justify="right")
    table.add_column("quarantined", justify="right")
    files_per_source: dict[str, int] = {}
    for f in report.files:
        files_per_source[f.source] = files_per_source.get(f.source, 0) + 1
    for source, (read, loaded, quarantined) in report.by_source().items():
        table.add_row(source, str(files_per_source[source]), f"{read:,}", f"{loaded:,}", f"{quarantined:,}")
    read, loaded, quarantined = report.totals
    table.add_section()
    table.add_row("total", str(len(report.files)), f"{read:,}", f"{loaded:,}", f"{quarantined:,}", style="bold")
    return table


@app.command()
def build(
    data: Annotated[Path | None, typer.Option("--data", help="Snapshot folder (default: the shipped data).")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Build only these sources (repeatable).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build the database from the shipped snapshots (or --data DIR), atomically.

    Example: avsi build --db /tmp/avsi.duckdb
    """
    try:
        names = check_sources(source)
        if as_json:
            report = build_database(db_path(db), data_dir=data, sources=names)
            print_json(report.to_dict())
            return
        with progress_bar("building") as step:
            report = build_database(db_path(db), data_dir=data, sources=names, progress=step)
        out.print(_report_table(report))
        for warning in report.warnings:
            err.print(f"[yellow]warning:[/] {warning}", highlight=False)
        out.print(f"built in {report.seconds:.1f} s; quarantined rows: `avsi quarantine --db {report.db_path}`")
    except AvsiError as exc:
        raise fail(exc) from exc


@app.command()
def refresh(
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Refresh only these sources (repeatable).")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Connect timeout in seconds.")] = 2.0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fetch the live sources and rebuild; on any failure the existing data and database stay as they were.

    Example: avsi refresh --source litellm --source genai_prices
    """
    from avsi.store.refresh import refresh as refresh_sources

    try:
        names = check_sources(source)
        if as_json:
            result = refresh_sources(db_path(db), sources=names, timeout=timeout)
            print_json(result.to_dict())
            return
        with progress_bar("refreshing") as step:
            result = refresh_sources(db_path(db), sources=names, timeout=timeout, progress=step)
    except AvsiError as exc:
        raise fail(exc) from exc
    for name, files in result.fetched.items():
        out.print(f"fetched {name}: {', '.join(files) if files else '(nothing new)'}")
    if result.build is not None:
        out.print(_report_table(result.build))
    out.print(f"live snapshots: {result.data_dir}")


@app.command()
def models(
    bloc: Annotated[str | None, typer.Option("--bloc", help="Only models of this bloc: CN, US, EU or OTHER.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Only models this source names.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many rows.")] = None,
    sort: Annotated[
        str | None, typer.Option("--sort", help="Highest first on a dimension or axis, e.g. accessible.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List canonical models with their scores: newest first, or highest first on --sort.

    Example: avsi models --bloc EU --sort accessible --limit 20
    """
    try:
        rows = list_models(db_path(db), bloc=bloc, source=source, limit=limit, sort=sort)
    except AvsiError as exc:
        raise fail(exc) from exc

    def score(name: str) -> Callable[[dict[str, Any]], Any]:
        return lambda r: None if r["scores"][name] is None else round(r["scores"][name])

    show(rows, as_json, f"{len(rows):,} models", {
        "id": lambda r: r["id"], "bloc": lambda r: r["bloc"], "released": lambda r: r["release_date"],
        "open": lambda r: r["open_weights"], "licence": lambda r: r["licence"]["id"] if r["licence"] else None,
        "Acc": score("accessible"), "Aff": score("affordable"), "App": score("applicable"),
        "Aug": score("augmenting"), "IP": score("ip_guarded"), "Inv": score("investment_driven"),
        "Inf": score("infrastructure_oriented"), "Imp": score("imposing"),
    })  # fmt: skip


@app.command()
def releases(
    source: Annotated[str | None, typer.Option("--source", help="Only releases from this source.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many rows.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List model releases as each source gives them, with organisation and country as written there.

    Example: avsi releases --source epoch --limit 20
    """
    try:
        if source is not None:
            check_sources([source])
        rows = list_releases(db_path(db), source=source, limit=limit)
    except AvsiError as exc:
        raise fail(exc) from exc
    show(
        rows,
        as_json,
        f"{len(rows):,} model releases",
        {k: operator.itemgetter(k) for k in ("name", "organization", "country", "release_date", "source")},
    )


@app.command()
def resolve(
    name: Annotated[str | None, typer.Argument(help="A model name as some source writes it.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="The source the name comes from.")] = None,
    batch: Annotated[
        Path | None, typer.Option("--batch", help="A CSV with columns source,name: one result per row.")
    ] = None,
    report: Annotated[bool, typer.Option("--report", help="Per source: share of names that resolve.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The canonical model a source's name refers to (or none, with the nearest candidates).

    Example: avsi resolve "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo" --source litellm --json
    """
    try:
        if report:
            rows = resolution_report(db_path(db))
            if as_json:
                print_json(rows)
                return
            table = Table(title="resolution coverage per source")
            for col in ("source", "names", "resolved", "share", "rows resolved", "top unmatched"):
                table.add_column(col, overflow="fold")
            for r in rows:
                top = ", ".join(u["name"] for u in r["unmatched"][:3])
                table.add_row(r["source"], f"{r['names']:,}", f"{r['names_resolved']:,}",
                              f"{100 * (r['share_names_resolved'] or 0):.1f}%",
                              f"{100 * (r['share_rows_resolved'] or 0):.1f}%", top)  # fmt: skip
            out.print(table)
            return
        if batch is not None:
            results: Any = resolve_batch(db_path(db), batch)
        elif name is not None:
            check_sources([source] if source else None)
            results = resolve_name(db_path(db), name, source)
        else:
            raise UsageError("give a NAME, --batch FILE.csv or --report")
    except AvsiError as exc:
        raise fail(exc) from exc
    if as_json:
        print_json(results)
        return
    for r in results if isinstance(results, list) else [results]:
        found = f"[bold]{r['id']}[/] ({r['method']}, confidence {r['confidence']})" if r["id"] else "no match"
        near = ", ".join(f"{c['id']} {c['score']:.0f}" for c in r["candidates"][:3])
        out.print(f"{r['query']} → {found}" + (f"; nearest: {near}" if near else ""), highlight=False)


@app.command()
def model(
    name_or_id: Annotated[str, typer.Argument(help="A canonical id or any source's name for the model.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One model: identity, facts, licence, scores and axes with their intervals, and the evidence behind them.

    Example: avsi model deepseek-v3 --json
    """
    try:
        found = get_model(db_path(db), name_or_id)
    except AvsiError as exc:
        raise fail(exc) from exc
    if as_json:
        print_json(found)
        return
    table = Table(title=f"{found['name']} ({found['id']})", show_header=False)
    for key in ("organization", "country", "bloc", "release_date", "open_weights", "parameters", "accessibility",
                "hf_repo"):  # fmt: skip
        table.add_row(key, "" if found[key] is None else str(found[key]))
    for source, names in found["aliases"].items():
        table.add_row(f"names in {source}", ", ".join(names[:8]) + (" …" if len(names) > 8 else ""))
    if found["licence"]:
        table.add_row("licence", found["licence"]["id"])
    for name, value in (*found["scores"].items(), *found["axes"].items()):
        interval = found["intervals"].get(name)
        shown = "not measurable" if value is None else f"{value:.0f}"
        if value is not None and interval and interval["lo"] is not None:
            shown += f"  (90%: {interval['lo']:.0f}–{interval['hi']:.0f})"
        table.add_row(name, shown)
    out.print(table)


@app.command()
def sources(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The sources of the current database: licence, data date, rows read / loaded / quarantined.

    Example: avsi sources --json
    """
    try:
        summary = build_summary(db_path(db))
    except AvsiError as exc:
        raise fail(exc) from exc
    if as_json:
        print_json(summary)
        return
    table = Table(title=f"build {summary['build'].get('build_id', '?')}")
    for name in ("source", "licence", "data_date", "rows_read", "rows_loaded", "rows_quarantined"):
        table.add_column(name)
    for s in summary["sources"]:
        table.add_row(*(str(s[k]) for k in ("source", "licence", "data_date", "rows_read", "rows_loaded")),
                      str(s["rows_quarantined"]))  # fmt: skip
    out.print(table)


@app.command()
def quarantine(
    source: Annotated[str | None, typer.Option("--source", help="Only rows of this source.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rows that failed a check, with file, row number, field and reason.

    Example: avsi quarantine --source epoch
    """
    try:
        if source is not None:
            check_sources([source])
        rows = quarantined_rows(db_path(db), source=source, limit=limit)
    except AvsiError as exc:
        raise fail(exc) from exc
    show(rows, as_json, f"{len(rows)} quarantined rows (first {limit})", {
        "source": lambda r: r["source"], "file": lambda r: r["file"], "row": lambda r: r["row_number"],
        "field": lambda r: r["field"], "reason": lambda r: r["reason"],
    })  # fmt: skip


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write (replaced when complete).")] = Path("export"),
    table: Annotated[list[str] | None, typer.Option("--table", help="Only this table (repeatable).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every table of the database as Parquet or CSV files, with a manifest (build, methodology, licences, hashes).

    Example: avsi export --format parquet --out avsi-export
    """
    try:
        manifest = export_database(db_path(db), fmt, out_dir, table)
    except AvsiError as exc:
        raise fail(exc) from exc
    if as_json:
        print_json(manifest)
        return
    rows = sum(f["rows"] for f in manifest["files"])
    out.print(f"wrote {len(manifest['files'])} tables ({rows:,} rows) and manifest.json to {out_dir}")


# Commands of the later stages live beside their code; each package's `cli.register(app)` adds its own.
# (One line per package, in the order the commands should appear in `avsi --help`.)
from avsi.advise import cli as advise_cli  # noqa: E402
from avsi.claims import cli as claims_cli  # noqa: E402
from avsi.hub import cli as hub_cli  # noqa: E402
from avsi.licences import cli as licences_cli  # noqa: E402
from avsi.report import cli as report_cli  # noqa: E402
from avsi.score import cli as score_cli  # noqa: E402
from avsi.web import cli as web_cli  # noqa: E402

advise_cli.register(app)
claims_cli.register(app)
hub_cli.register(app)
licences_cli.register(app)
report_cli.register(app)
score_cli.register(app)
web_cli.register(app)


def main() -> None:
    app()

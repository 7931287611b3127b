"""`avsi report`: the static, offline HTML report with charts and their PNG/SVG exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from avsi.cli_common import DbOption, JsonOption, db_path, err, fail, out, print_json
from avsi.exceptions import AvsiError


def register(app: typer.Typer) -> None:
    @app.command()
    def report(
        out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the report into.")] = Path("report"),
        images: Annotated[
            bool, typer.Option("--images/--no-images", help="Export every chart as PNG and SVG (default: yes).")
        ] = True,
        screenshots: Annotated[
            Path | None,
            typer.Option(
                "--screenshots",
                help="Also open each page in headless Chromium, check that every chart "
                "renders, and save report-<page>.png screenshots in this folder.",
            ),
        ] = None,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Write the static HTML report (works offline): A-vs-I profiles, axes, openness, prices, compute,
        derivatives, the claims with their verdicts, methodology and data sources.

        Example: avsi report --out report
        """
        from avsi.report import build_report

        try:
            result = build_report(db_path(db), out_dir, images=images)
            checks = []
            if screenshots is not None:
                from avsi.report.browser import check_report

                checks = check_report(out_dir, screenshots)
        except AvsiError as exc:
            raise fail(exc) from exc
        if as_json:
            doc = result.to_dict()
            if screenshots is not None:
                doc["browser"] = [
                    {
                        "page": c.page,
                        "ok": c.ok,
                        "charts": c.charts,
                        "rendered": c.rendered,
                        "console_errors": c.console_errors,
                    }
                    for c in checks
                ]
            print_json(doc)
            return
        for note in result.missing:
            err.print(f"[yellow]not drawn:[/] {note}", highlight=False)
        for c in checks:
            status = "[green]ok[/]" if c.ok else f"[red]problem[/] {c.console_errors or c.chart_errors}"
            out.print(f"  {c.page}: {c.rendered}/{c.charts} charts rendered {status}", highlight=False)
        out.print(
            f"report: {len(result.pages)} pages, {len(result.charts)} charts, {len(result.exports)} exports "
            f"in {result.seconds:.1f} s → {result.index.resolve()}",
            highlight=False,
        )
        if any(not c.ok for c in checks):
            raise typer.Exit(1)

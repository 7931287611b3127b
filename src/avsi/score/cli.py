"""`avsi compare` and `avsi validate`: aggregates with their intervals, and agreement with expert indices."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from avsi.cli_common import DbOption, JsonOption, db_path, fail, out, print_json
from avsi.exceptions import AvsiError
from avsi.score.methodology import AXES, DIMENSIONS

SHORT = {"accessible": "Acc", "affordable": "Aff", "applicable": "App", "augmenting": "Aug", "ip_guarded": "IP",
         "investment_driven": "Inv", "infrastructure_oriented": "Inf", "imposing": "Imp"}  # fmt: skip


def _cell(entry: dict[str, Any], measure: str) -> str:
    value = (entry["scores"] if measure in DIMENSIONS else entry["axes"]).get(measure)
    interval = entry["intervals"].get(measure)
    if value is None:
        return ""
    if interval and interval["lo"] is not None:
        return f"{value:.0f} [{interval['lo']:.0f}–{interval['hi']:.0f}]"
    return f"{value:.0f}"


def register(app: typer.Typer) -> None:
    @app.command()
    def compare(
        by: Annotated[str, typer.Option("--by", help="Group by bloc or org (lab).")] = "bloc",
        year: Annotated[int | None, typer.Option("--year", help="Models released in this year (default: all).")] = None,
        weighted: Annotated[
            bool, typer.Option("--weighted", help="Weight models by their Hugging Face downloads.")
        ] = False,
        limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many groups.")] = None,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Aggregates on the A's, I's and axes per bloc or lab, with 90% Monte Carlo intervals and counts.

        Example: avsi compare --by bloc --year 2025
        """
        from avsi.score.query import compare as compare_groups

        try:
            rows = compare_groups(db_path(db), by=by, year=year, weighting="weighted" if weighted else "unweighted")
        except AvsiError as exc:
            raise fail(exc) from exc
        rows = rows[:limit] if limit else rows
        if as_json:
            print_json(rows)
            return
        title = f"{by} aggregates, {'all years' if year is None else year}, {'weighted' if weighted else 'unweighted'}"
        for measures, label in ((DIMENSIONS, "A's and I's"), (AXES, "axes (−100..100, + = first pole)")):
            table = Table(title=f"{title}: {label}", title_justify="left")
            table.add_column(by)
            table.add_column("n", justify="right")
            for m in measures:
                table.add_column(SHORT.get(m, m), justify="right")
            for entry in rows:
                table.add_row(entry["group"], str(entry["n_models"]), *(_cell(entry, m) for m in measures))
            out.print(table)

    @app.command()
    def validate(
        worst: Annotated[int, typer.Option("--worst", min=0, help="List this many largest disagreements.")] = 10,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Agreement of Accessible with the OSAI index and the Model Openness Tool, each left out of the inputs.

        Example: avsi validate --json
        """
        from avsi.score.validate import validate as validate_scores  # (SciPy loads only when asked)

        try:
            result = validate_scores(db_path(db), worst=worst)
        except AvsiError as exc:
            raise fail(exc) from exc
        if as_json:
            print_json(result)
            return
        table = Table(title=f"Accessible vs expert indices (methodology {result['methodology_version']})")
        for column in ("reference (left out)", "models compared", "Spearman", "Kendall"):
            table.add_column(column)
        for r in result["results"]:
            table.add_row(r["reference"], str(r["models_compared"]), str(r["spearman"]), str(r["kendall"]))
        out.print(table)
        if result.get("indices_agreement"):
            both = result["indices_agreement"]
            out.print(f"The two indices agree with each other at Spearman {both['spearman']} "
                      f"(Kendall {both['kendall']}) on the {both['models']} models both grade.")  # fmt: skip
        for r in result["results"]:
            gaps = Table(title=f"largest disagreements with {r['reference']}", title_justify="left")
            for column in ("model", "Accessible", "reference", "why (reference)"):
                gaps.add_column(column, overflow="fold")
            for d in r["largest_disagreements"]:
                ours, theirs = f"{d['accessible']:.0f}", f"{d['reference_score']:.0f}"
                gaps.add_row(d["name"], ours, theirs, d["reference_evidence"])
            out.print(gaps)

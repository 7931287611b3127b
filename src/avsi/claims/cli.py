"""`avsi claims`: every claim of the essay with its verdict, headline figure and coverage."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from avsi.cli_common import DbOption, JsonOption, db_path, fail, out, print_json
from avsi.exceptions import AvsiError

VERDICT_STYLE = {"supported": "green", "mixed": "yellow", "contradicted": "red", "not_testable": "dim"}


def register(app: typer.Typer) -> None:
    @app.command()
    def claims(
        claim: Annotated[
            list[str] | None, typer.Option("--id", help="Only this claim (id or number; repeatable).")
        ] = None,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Test the essay's claims against the data: verdict by the written rule, figures with intervals, coverage.

        Example: avsi claims --id china-affordable --json
        """
        from avsi.claims import evaluate_claims

        try:
            results = evaluate_claims(db_path(db), claim)
        except AvsiError as exc:
            raise fail(exc) from exc
        if as_json:
            print_json(results)
            return
        table = Table(title="the essay's claims, tested (rules: src/avsi/claims/claims.yaml)", show_lines=True)
        for col in ("#", "claim", "verdict", "headline", "coverage"):
            table.add_column(col, overflow="fold")
        for r in results:
            cov = r["coverage"]
            share = f"{cov['with_data']:,} of {cov['total']:,} {cov['unit']}" if cov.get("total") else ""
            style = VERDICT_STYLE[r["verdict"]]
            table.add_row(str(r["number"]), r["title"], f"[{style}]{r['verdict']}[/]", r["headline"], share)
        out.print(table)

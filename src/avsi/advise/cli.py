"""`avsi advise`: ranked models for a use case, with reasons (a thin shell over `avsi.advise.advise`)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from avsi.advise.constraints import parse_constraints
from avsi.advise.engine import advise
from avsi.cli_common import DbOption, JsonOption, db_path, fail, out, print_json
from avsi.exceptions import AvsiError, UsageError


def _money(x: float | None) -> str:
    return "" if x is None else f"${x:,.0f}" if x >= 100 else f"${x:,.2f}"


def _table(rows: list[dict[str, Any]]) -> Table:
    table = Table(
        title="advice (eligible models ranked; '-' = left out)",
    )
    for col in ("rank", "model", "bloc", "fits", "self-hosted/mo", "API/mo", "licence", "cap."):
        table.add_column(col, overflow="fold")
    for r in rows:
        fits = {True: "yes", False: "no", None: ""}[r["fits_hardware"]]
        licence = f"{r['licence'] or '?'} ({'ok' if r['licence_fit'] else 'no' if r['licence_fit'] is False else '?'})"
        cap = r["capability"]["percentile"]
        table.add_row(str(r["rank"] or "-"), r["id"], r["origin"]["bloc"] or "", fits,
                      _money(r["monthly_cost_self_hosted"]), _money(r["monthly_cost_api"]), licence,
                      "" if cap is None else f"{cap:.0f}")  # fmt: skip
    return table


def register(app: typer.Typer) -> None:
    """Add `avsi advise` to the command line."""

    @app.command("advise")
    def advise_command(
        sector: Annotated[str | None, typer.Option("--sector", help="health, law, finance, code, ...")] = None,
        language: Annotated[list[str] | None, typer.Option("--language", help="ISO 639-1 code (repeatable).")] = None,
        deployment: Annotated[
            str, typer.Option("--deployment", help="on_premises, eu_cloud or any_api.")
        ] = "on_premises",
        gpu_memory: Annotated[float | None, typer.Option("--gpu-memory", help="GPU memory you have (GiB).")] = None,
        hardware: Annotated[str | None, typer.Option("--hardware", help="A hardware class of hardware.yaml.")] = None,
        bits: Annotated[int | None, typer.Option("--bits", help="Run at 4, 8 or 16 bit only.")] = None,
        monthly_tokens: Annotated[int, typer.Option("--monthly-tokens", help="Tokens a month.")] = 100_000_000,
        need: Annotated[
            list[str] | None,
            typer.Option(
                "--need",
                help="commercial_use, modification, no_user_cap, no_geographic_exclusion, "
                "no_output_restrictions (repeatable).",
            ),
        ] = None,
        min_capability: Annotated[
            float | None, typer.Option("--min-capability", help="Minimum capability percentile (0-100).")
        ] = None,
        origin: Annotated[list[str] | None, typer.Option("--origin", help="Only this bloc (repeatable).")] = None,
        prefer_origin: Annotated[
            list[str] | None, typer.Option("--prefer-origin", help="Rank this bloc higher (repeatable).")
        ] = None,
        explain: Annotated[list[str] | None, typer.Option("--explain", help="Always report this model id.")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=500, help="Eligible (and excluded) rows.")] = 10,
        lang: Annotated[str, typer.Option("--lang", help="Language of the reasons: en or nl.")] = "en",
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Which models fit a use case: eligible ones ranked, the others with the clause or fact that rules them out.

        Example: avsi advise --gpu-memory 24 --need commercial_use --need no_geographic_exclusion --sector health
        """
        values: dict[str, Any] = {
            "sector": sector, "languages": language or [], "deployment": deployment, "gpu_memory_gib": gpu_memory,
            "hardware_class": hardware, "bits": bits, "monthly_tokens": monthly_tokens, "licence_needs": need or [],
            "min_capability": min_capability, "origins": origin or [], "prefer_origins": prefer_origin or [],
            "explain": explain or [],
        }  # fmt: skip
        try:
            if lang not in ("en", "nl"):
                raise UsageError(f"unknown language {lang!r}; use en or nl")
            rows = advise(db_path(db), parse_constraints(values), limit=limit, lang=lang)
        except AvsiError as exc:
            raise fail(exc) from exc
        if as_json:
            print_json(rows)
            return
        out.print(_table(rows))
        for r in rows:
            out.print(f"[bold]{r['rank'] or '-'} {r['id']}[/]: {r['reason']}", highlight=False)

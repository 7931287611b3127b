"""`avsi licence`: what a licence lets you do, and the licence reports of a build (unknown strings, open-weight
models without a licence id, family rules, coverage)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from avsi.cli_common import DbOption, JsonOption, db_path, fail, out, print_json, show
from avsi.exceptions import AvsiError, UsageError
from avsi.licences.normalise import licence_record
from avsi.licences.report import (
    licence_coverage_summary,
    licence_family_rules,
    models_without_licence,
    unknown_licence_strings,
)


def _show_record(record: dict[str, Any]) -> None:
    table = Table(title=f"{record['name']} ({record['id']})", show_header=True)
    for col in ("flag", "value", "evidence"):
        table.add_column(col, overflow="fold")
    for flag, reading in record["flags"].items():
        value = reading["value"]
        table.add_row(flag, "unknown" if value is None else ("yes" if value else "no"), reading["evidence"])
    out.print(table)
    if record["url"]:
        out.print(record["url"])


def _show_unknown(rows: list[dict[str, Any]], as_json: bool) -> None:
    show(rows, as_json, f"{len(rows):,} licence strings that map to no licence", {
        "string": lambda r: r["string"], "rows": lambda r: r["n_rows"], "sources": lambda r: ", ".join(r["sources"]),
        "open models without id": lambda r: r["open_weight_models_without_licence"], "why": lambda r: r["reason"],
    })  # fmt: skip


def _show_missing(rows: list[dict[str, Any]], as_json: bool) -> None:
    show(rows, as_json, f"{len(rows):,} open-weight models without a licence id", {
        "id": lambda r: r["id"], "organization": lambda r: r["organization"], "released": lambda r: r["release_date"],
        "what the data says": lambda r: " | ".join(c["string"][:60] for c in r["candidates"][:3]) or "(nothing)",
    })  # fmt: skip


def _show_families(rows: list[dict[str, Any]], as_json: bool) -> None:
    show(rows, as_json, f"{len(rows)} family rules (families.yaml) against the data", {
        "rule": lambda r: r["rule"], "licence": lambda r: r["licence"], "models": lambda r: r["models"],
        "by rule": lambda r: len(r["assigned_by_rule"]), "data agrees": lambda r: len(r["agree"]),
        "data differs": lambda r: ", ".join(f"{m}: {lic}" for m, lic in r["disagree"].items()),
    })  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add `avsi licence` to the command line."""

    @app.command()
    def licence(
        licence_id: Annotated[
            str | None, typer.Argument(help="A licence id, alias or Hub tag (e.g. llama3.1, 'Apache 2.0').")
        ] = None,
        unknown: Annotated[
            bool, typer.Option("--unknown", help="List the licence strings of the data that map to no licence.")
        ] = False,
        missing: Annotated[
            bool, typer.Option("--missing", help="List the open-weight models without a licence id.")
        ] = False,
        families: Annotated[
            bool, typer.Option("--families", help="Check each family rule (families.yaml) against the data.")
        ] = False,
        coverage: Annotated[
            bool, typer.Option("--coverage", help="How many open-weight models get a licence id, and how.")
        ] = False,
        limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many rows.")] = None,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """What a licence lets you do: each flag with the clause that decides it; or a licence report of the build.

        Example: avsi licence llama-3.1-community --json
        Example: avsi licence --unknown --json   (unmapped strings with their row counts)
        Example: avsi licence --missing --limit 20   (open-weight models without a licence id)
        """
        try:
            chosen = [n for n, on in (("--unknown", unknown), ("--missing", missing), ("--families", families),
                                      ("--coverage", coverage)) if on]  # fmt: skip
            if len(chosen) + (licence_id is not None) != 1:
                raise UsageError("give one licence ID, or one of --unknown, --missing, --families, --coverage")
            if licence_id is not None:
                record = licence_record(licence_id)
                if as_json:
                    print_json(record)
                else:
                    _show_record(record)
            elif unknown:
                _show_unknown(unknown_licence_strings(db_path(db), limit), as_json)
            elif missing:
                _show_missing(models_without_licence(db_path(db), limit), as_json)
            elif families:
                _show_families(licence_family_rules(db_path(db)), as_json)
            else:
                summary = licence_coverage_summary(db_path(db))
                if as_json:
                    print_json(summary)
                else:
                    for key, value in summary.items():
                        out.print(f"{key}: {value}", highlight=False)
        except AvsiError as exc:
            raise fail(exc) from exc

"""What every `avsi` command shares: the --db and --json options, JSON output, errors and progress bars.

Kept apart from `avsi.cli` so that the packages which add commands of their own (hub, report, web, ...) can use it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from avsi.config import default_db_path
from avsi.exceptions import UsageError
from avsi.sources import SOURCE_NAMES
from avsi.store.build import ProgressCallback

out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Database file (default: $AVSI_DB, else a per-user data folder).", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout and nothing else.")]


def db_path(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(exc: Exception, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code)


def check_sources(names: list[str] | None) -> list[str] | None:
    for name in names or []:
        if name not in SOURCE_NAMES:
            raise UsageError(f"unknown source {name!r}; known: {', '.join(SOURCE_NAMES)}")
    return names or None


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def show(
    rows: list[dict[str, Any]], as_json: bool, title: str, columns: dict[str, Callable[[dict[str, Any]], Any]]
) -> None:
    """Rows as one JSON document, or as a table with these columns (header -> how to get the cell)."""
    if as_json:
        print_json(rows)
        return
    table = Table(title=title)
    for name in columns:
        table.add_column(name, overflow="fold")
    for r in rows:
        table.add_row(*(cell(get(r)) for get in columns.values()))
    out.print(table)


@contextmanager
def progress_bar(label: str) -> Iterator[ProgressCallback]:
    """A rich progress bar on stderr (so `--json` stdout stays clean), fed by the library's callback."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=None)

        def step(message: str, done: int, total: int) -> None:
            progress.update(task, description=message, completed=done, total=total)

        yield step

"""`avsi serve`: the dashboard and JSON API (a thin shell over `avsi.web.serve`)."""

from __future__ import annotations

from typing import Annotated

import typer

from avsi.cli_common import DbOption, db_path, fail, out
from avsi.exceptions import AvsiError


def register(app: typer.Typer) -> None:
    """Add `avsi serve` to the command line."""

    @app.command("serve")
    def serve_command(
        host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
        db: DbOption = None,
    ) -> None:
        """Serve the dashboard and the JSON API (/api/v1, OpenAPI at /api/v1/openapi.json) until interrupted.

        Example: avsi serve --port 8000 --db /tmp/avsi.duckdb
        """
        from avsi.web import serve

        try:
            serve(db_path(db), host=host, port=port, announce=lambda s: out.print(s, highlight=False, soft_wrap=True))
        except AvsiError as exc:
            raise fail(exc) from exc

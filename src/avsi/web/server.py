"""Running the dashboard with uvicorn."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from avsi.store.build import open_database


def serve(
    db_path: Path | str, host: str = "127.0.0.1", port: int = 8000, announce: Callable[[str], None] = print,
    log_level: str = "warning",
) -> None:  # fmt: skip
    """Serve the dashboard and API for the database at `db_path` until interrupted; `announce` gets the address."""
    import uvicorn

    from avsi.web.app import create_app

    open_database(db_path).close()  # a clear DatabaseMissing before anything starts
    app = create_app(db_path, freeze=True)
    shown = f"[{host}]" if ":" in host else host
    announce(f"avsi dashboard: http://{shown}:{port}/  (API: http://{shown}:{port}/api/v1/docs)")
    logger = logging.getLogger("avsi.web")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s avsi.web: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False, server_header=False)

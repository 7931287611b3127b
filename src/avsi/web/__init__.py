"""The dashboard and JSON API (`avsi serve`): FastAPI pages and /api/v1 over one read-only database.

- `create_app(db_path)` builds the ASGI app (security headers, response cache, rebuilds picked up when ready);
- `serve(db_path, host, port)` runs it with uvicorn;
- the library functions the routes use live in `avsi.web.data`, `avsi.web.groups` and `avsi.web.exports`.
Needs the `web` extra (fastapi, uvicorn, jinja2); charts need the `charts` extra (vl-convert-python). Imported
lazily, so that `avsi` commands other than `serve` never load the web stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from avsi.web.app import create_app
    from avsi.web.server import serve

__all__ = ["create_app", "serve"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from avsi.web.app import create_app

        return create_app
    if name == "serve":
        from avsi.web.server import serve

        return serve
    raise AttributeError(f"module 'avsi.web' has no attribute {name!r}")

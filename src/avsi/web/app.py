"""`create_app(db_path)`: the dashboard and the JSON API as one ASGI app (FastAPI), behind the `Front` layer.

Errors are answered in the caller's format: JSON under /api, an HTML page elsewhere. A UsageError (bad input the
library rejects) is a 400, a request that breaks the declared parameter types a 422, an unknown page or id a 404.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from avsi._version import __version__
from avsi.advise import UnknownModelError
from avsi.exceptions import UsageError
from avsi.web import api, pages
from avsi.web.db import Database
from avsi.web.front import Front
from avsi.web.render import render_error
from avsi.web.vendor import BUNDLE_NAME, ChartsUnavailable, static_files, vega_bundle

log = logging.getLogger("avsi.web")

API_DESCRIPTION = """The avsi JSON API: canonical AI models, labs and blocs between the four A's and the four I's,
their licence terms with the deciding clauses, prices by provider, the sovereignty advisor and every table of the
database as CSV or Parquet. Read-only; responses of one database build are cached."""


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, detail: Any) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return render_error(request, status, detail if isinstance(detail, str) else "invalid request parameters")


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()]  # fmt: skip


class AvsiApp(FastAPI):
    """The FastAPI app, with the database it serves."""

    db: Database


def create_app(db_path: Path | str, check_interval: float = 0.5, freeze: bool = False) -> Front:
    """The dashboard + API for the database at `db_path` (opened read-only; a rebuild is picked up when ready).

    Returns the ASGI app to serve (e.g. with uvicorn); its `.app` is the FastAPI app, `.db` the database holder.
    `freeze` (for a server process) moves each loaded build out of the cyclic garbage collector's way.
    """
    db = Database(db_path, check_interval=check_interval, freeze=freeze)
    app = AvsiApp(
        title="avsi API",
        version=__version__,
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.db = db
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name == BUNDLE_NAME:
            try:
                f = vega_bundle()
            except ChartsUnavailable as exc:
                return Response(str(exc), status_code=503, media_type="text/plain")
        else:
            found = static_files().get(name)
            if found is None:
                raise StarletteHTTPException(404, f"no static file {name!r}")
            f = found
        return Response(f.body, media_type=f.content_type,
                        headers={"ETag": f.etag, "Cache-Control": "public, max-age=3600"})  # fmt: skip

    @app.exception_handler(UnknownModelError)
    async def unknown_model(request: Request, exc: UnknownModelError) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(UsageError)
    async def usage_error(request: Request, exc: UsageError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _validation_detail(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, exc.detail)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("error answering %s %s", request.method, request.url.path, exc_info=exc)
        return _error(request, 500, "internal error; the server log has the details")

    front = Front(app, db)
    return front

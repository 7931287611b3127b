"""HTML rendering: the Jinja2 environment (autoescaped), the request's language, and chart specs as inert JSON."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from avsi._version import __version__
from avsi.web.db import Snapshot
from avsi.web.i18n import COOKIE, LANGS, pick_lang, translator, words

TEMPLATES = Path(__file__).with_name("templates")
NAV = (("/", "nav_overview"), ("/models", "nav_models"), ("/labs", "nav_labs"), ("/blocs", "nav_blocs"),
       ("/claims", "nav_claims"), ("/advisor", "nav_advisor"), ("/downloads", "nav_downloads"),
       ("/api/v1/docs", "nav_api"))  # fmt: skip


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    x = float(value)
    if abs(x) >= 1e12:
        return f"{x / 1e12:.{digits}f} T"
    if abs(x) >= 1e9:
        return f"{x / 1e9:.{digits}f} B"
    if abs(x) >= 1e6:
        return f"{x / 1e6:.{digits}f} M"
    return f"{x:,.{digits}f}"


def _money(value: Any) -> str:
    if value is None:
        return "–"
    x = float(value)
    return f"${x:,.0f}" if x >= 100 else f"${x:,.2f}" if x >= 0.01 else f"${x:.4f}"


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * float(value):.0f}%"


def chart_json(spec: dict[str, Any]) -> Markup:
    """A chart spec as JSON that is safe inside <script type="application/json"> (no closing tags, no HTML)."""
    text = json.dumps(spec, ensure_ascii=False, default=str, allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # escaped above for a JSON script block


@functools.cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    env.filters.update(num=_num, money=_money, pct=_pct, chart=chart_json)
    return env


def request_lang(request: Request) -> str:
    return pick_lang(request.query_params.get("lang"), request.cookies.get(COOKIE))


def url_with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one); lists become repeated keys."""
    params: list[tuple[str, str]] = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for k, v in changes.items():
        if v is None:
            continue
        for item in v if isinstance(v, list | tuple) else [v]:
            params.append((k, str(item)))
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page in the request's language; ?lang= also sets the language cookie for the next pages."""
    lang = request_lang(request)
    snapshot: Snapshot | None = getattr(request.state, "snapshot", None)
    html = environment().get_template(template).render(
        request=request, lang=lang, langs=LANGS, t=translator(lang), words=words(), nav=NAV,
        path=request.url.path, url_with=functools.partial(url_with, request), version=__version__,
        build=snapshot.build if snapshot else {}, **context,
    )  # fmt: skip
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


def render_error(request: Request, status: int, detail: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, detail=detail)

"""The dashboard's own static files and the vendored Vega, Vega-Lite and vega-embed bundle.

Static files are read once into memory from `static/` by a fixed list of names, so a request path never reaches the
file system. The chart libraries come from the installed `vl-convert-python` package (its bundle of vega-embed,
Vega-Lite and Vega), built once per vl-convert version and kept in the user's cache folder: no CDN is ever used.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from avsi.exceptions import AvsiError

STATIC_DIR = Path(__file__).with_name("static")
CONTENT_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}  # fmt: skip
VL_VERSION = "6.4"
BUNDLE_NAME = "vega-bundle.js"


class ChartsUnavailable(AvsiError):
    """vl-convert-python is not installed, so there is no local copy of the chart libraries."""


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str
    etag: str


def _static(body: bytes, suffix: str) -> StaticFile:
    return StaticFile(body, CONTENT_TYPES[suffix], '"' + hashlib.sha256(body).hexdigest()[:16] + '"')


@functools.cache
def static_files() -> dict[str, StaticFile]:
    """name -> file, for every file directly in `static/` with a known type."""
    return {p.name: _static(p.read_bytes(), p.suffix) for p in sorted(STATIC_DIR.iterdir())
            if p.is_file() and p.suffix in CONTENT_TYPES}  # fmt: skip


def _cache_path(version: str) -> Path:
    return Path(platformdirs.user_cache_dir("avsi")) / f"vega-embed-vlconvert-{version}-vl{VL_VERSION}.js"


@functools.cache
def vega_bundle() -> StaticFile:
    """vega-embed + Vega-Lite + Vega as one script that sets `window.vegaEmbed` (built by vl-convert)."""
    try:
        import vl_convert
    except ImportError as exc:  # pragma: no cover - the charts extra is part of `all`
        raise ChartsUnavailable("charts need vl-convert-python: pip install 'avsi[charts]'") from exc
    version = str(getattr(vl_convert, "__version__", "unknown"))
    path = _cache_path(version)
    if path.is_file():
        return _static(path.read_bytes(), ".js")
    body = vl_convert.javascript_bundle("window.vegaEmbed = vegaEmbed;", VL_VERSION).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vega-bundle-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, path)
    except OSError:  # a read-only cache folder only costs the rebuild next time
        pass
    return _static(body, ".js")

"""`build_report`: the static HTML report, self-contained and offline, with every chart also as PNG, SVG and
Vega-Lite JSON.

Layout of the output folder: one HTML file per page; `assets/` with the stylesheet, the renderer (`report.js`)
and the Vega, Vega-Lite and vega-embed libraries bundled from vl-convert (`vega-bundle.js`, no CDN); `charts/`
with each chart's exports; `claims.json` with the claim results (`avsi claims --json`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import platformdirs
import vl_convert as vlc

from avsi._version import __version__
from avsi.claims import claims_context, evaluate_context, load_claims
from avsi.exceptions import UsageError
from avsi.report.layout import ChartBlock, Page
from avsi.report.pages import Charts, all_pages
from avsi.report.result import ReportResult
from avsi.store import open_database


def vega_lite_version() -> str | None:
    """The Vega-Lite version Altair writes (e.g. "6.4"), if vl-convert bundles it; None means vl-convert's newest."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


BUNDLE_SNIPPET = "window.vegaEmbed = vegaEmbed; window.vegaLite = vegaLite; window.vega = vega;"


@functools.cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script that defines window.vegaEmbed (about 0.9 MB). vl-convert takes
    a few seconds to bundle it, so it is kept in the user cache folder, one file per vl-convert and Vega-Lite
    version."""
    version = vega_lite_version()
    vlc_version = importlib.metadata.version("vl-convert-python")
    snippet = hashlib.sha256(BUNDLE_SNIPPET.encode()).hexdigest()[:8]
    name = f"vega-bundle-{vlc_version}-{version or 'latest'}-{snippet}.js"
    cached = Path(platformdirs.user_cache_dir("avsi")) / name
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    bundle = vlc.javascript_bundle(BUNDLE_SNIPPET, vl_version=version)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(bundle, encoding="utf-8")
        os.replace(partial, cached)
    except OSError:
        pass  # a read-only cache folder only costs the next build a few seconds
    return bundle


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("avsi.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _export(block: ChartBlock, charts_dir: Path, images: bool) -> list[Path]:
    version = vega_lite_version()
    written = [charts_dir / f"{block.id}.vl.json"]
    written[0].write_text(json.dumps(block.spec, ensure_ascii=False, indent=1), encoding="utf-8")
    block.exports = [("Vega-Lite JSON", f"charts/{block.id}.vl.json")]
    if images:
        svg = charts_dir / f"{block.id}.svg"
        svg.write_text(vlc.vegalite_to_svg(block.spec, vl_version=version), encoding="utf-8")
        png = charts_dir / f"{block.id}.png"
        png.write_bytes(vlc.vegalite_to_png(block.spec, vl_version=version, scale=2))
        written += [svg, png]
        block.exports = [("PNG", f"charts/{block.id}.png"), ("SVG", f"charts/{block.id}.svg"), *block.exports]
    return written


def _write_assets(out: Path, bundle: str) -> None:
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    static = resources.files("avsi.report").joinpath("static")
    for name in ("report.css", "report.js"):
        (assets / name).write_text(static.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    (assets / "vega-bundle.js").write_text(bundle, encoding="utf-8")


def build_report(db_path: Path | str, out_dir: Path | str, images: bool = True) -> ReportResult:
    """Write the report for the database at db_path into out_dir; returns what was written.

    `images=False` skips the PNG and SVG exports (the pages and the Vega-Lite JSON are still written).
    """
    started = time.perf_counter()
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    con = open_database(db_path)
    pool = ThreadPoolExecutor(max_workers=2)
    bundle = pool.submit(vega_bundle)  # vl-convert releases the GIL: bundle while the claims are measured
    try:
        ctx = claims_context(con)
        claims = evaluate_context(ctx)
        charts = Charts(ctx)
        pages = all_pages(ctx, claims, charts)
        meta = _meta(ctx)
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    finally:
        con.close()
    charts_dir = out / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    with pool:
        written = [p for ps in pool.map(lambda b: _export(b, charts_dir, images), charts.blocks.values()) for p in ps]
        _write_assets(out, bundle.result())
    (out / "claims.json").write_text(json.dumps(claims, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    env = _environment()
    for page in pages:
        html = env.get_template(page.template).render(
            page=page,
            pages=pages,
            meta=meta,
            claims=claims,
            uncertainty=claims[0]["uncertainty"] if claims else "",
            has_charts=_has_charts(page, claims),
        )
        (out / f"{page.slug}.html").write_text(html, encoding="utf-8")
    return ReportResult(
        out,
        out / "index.html",
        [f"{p.slug}.html" for p in pages],
        list(charts.blocks),
        [str(p.relative_to(out)) for p in written],
        charts.missing,
        {c["id"]: c["verdict"] for c in claims},
        time.perf_counter() - started,
    )


def _has_charts(page: Page, claims: list[dict[str, Any]]) -> bool:
    if page.template == "claims.html.j2":
        return any(c.get("chart_block") for c in claims)
    return any(s.chart for s in page.sections)


def _meta(ctx: Any) -> dict[str, Any]:
    info = {r["key"]: r["value"] for r in ctx.rows("SELECT key, value FROM build_info")}
    score = ctx.rows("SELECT methodology_version FROM score_info") if "score_info" in ctx.tables() else []
    return {
        "avsi_version": __version__,
        "build_id": info.get("build_id", "?"),
        "claims_version": load_claims().version,
        "score_version": score[0]["methodology_version"] if score else None,
        "vega_lite": alt.SCHEMA_VERSION,
    }

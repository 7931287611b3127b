"""The dashboard's HTML pages: thin routes over the same library functions as the API.

Forms submit with GET, so every page is a plain, cacheable URL; form fields left empty count as not given.
Bad values are a 400 page that says what is wrong.
"""

from __future__ import annotations

import math
import zlib
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from avsi.advise import HARDWARE_CLASSES, SECTORS, Deployment, LicenceNeed, advise_facts, hardware_rules
from avsi.advise import parse_constraints as parse_advice
from avsi.exceptions import UsageError
from avsi.web import charts
from avsi.web.api import snapshot
from avsi.web.data import AXES, DIMENSIONS, SORT_KEYS, ModelFilter, filter_models, model_detail
from avsi.web.groups import BLOCS, bloc_comparison, lab_detail, overview
from avsi.web.i18n import translator
from avsi.web.render import render, request_lang
from avsi.web.state import claim_charts, claims_of, labs_of, lineage_of, model_table, tables_of

router = APIRouter(include_in_schema=False)
Lang = Annotated[Literal["en", "nl"] | None, Query()]
PAGE_SIZE = 50


def _jitter(key: str) -> float:
    return zlib.crc32(key.encode()) % 100 / 100


def _text(request: Request, name: str, max_length: int = 200) -> str | None:
    value = request.query_params.get(name, "").strip()
    if len(value) > max_length:
        raise UsageError(f"{name}: at most {max_length} characters")
    return value or None


def _number(request: Request, name: str, lo: float, hi: float) -> float | None:
    raw = _text(request, name, 40)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{name}: {raw!r} is not a number") from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise UsageError(f"{name}: {raw} is outside {lo:g}..{hi:g}")
    return value


def _choice(request: Request, name: str, choices: tuple[str, ...]) -> str | None:
    raw = _text(request, name, 60)
    if raw is not None and raw not in choices:
        raise UsageError(f"{name}: {raw!r} is not one of {', '.join(choices)}")
    return raw


def _many(request: Request, name: str, choices: tuple[str, ...]) -> list[str]:
    values = [v for v in request.query_params.getlist(name) if v]
    for v in values:
        if v not in choices:
            raise UsageError(f"{name}: {v!r} is not one of {', '.join(choices)}")
    return values[:10]


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, lang: Lang = None) -> HTMLResponse:
    snap = snapshot(request)
    t = translator(request_lang(request))
    with request.app.db.cursor(snap) as cur:
        data = overview(cur, snap.facts)
    specs = []
    if data["scored"]:
        specs.append(charts.group_scores_chart(t("blocs_on_dimensions"), data["dimension_points"],
                                               lambda m: t("name", "dimensions", m), axes=False))  # fmt: skip
        specs.append(charts.group_scores_chart(t("blocs_on_axes"), data["axis_points"],
                                               lambda m: t("name", "axes", m), axes=True))  # fmt: skip
    specs.append(charts.releases_chart(t("releases_by_bloc"), data["releases_by_year"], y_title=t("axis_models")))
    specs.append(charts.open_share_chart(t("open_share_by_bloc"), data["releases_by_year"], y_title=t("axis_share")))
    return render(request, "overview.html", data=data, specs=specs, dimensions=DIMENSIONS, axes=AXES)


def _model_filter(request: Request) -> ModelFilter:
    open_raw = _choice(request, "open_weights", ("yes", "no"))
    offset = _number(request, "offset", 0, 1_000_000)
    return ModelFilter(
        q=_text(request, "q"), bloc=_choice(request, "bloc", BLOCS),
        open_weights=None if open_raw is None else open_raw == "yes",
        needs=tuple(_many(request, "need", tuple(n.value for n in LicenceNeed))),
        sector=_choice(request, "sector", SECTORS),
        min_params_b=_number(request, "min_params_b", 0, 1e6), max_params_b=_number(request, "max_params_b", 0, 1e6),
        max_price=_number(request, "max_price", 0, 1e6), min_capability=_number(request, "min_capability", 0, 100),
        sort=_choice(request, "sort", SORT_KEYS) or "release_date",
        order="asc" if _choice(request, "order", ("asc", "desc")) == "asc" else "desc",
        limit=PAGE_SIZE, offset=int(offset or 0),
    )  # fmt: skip


@router.get("/models", response_class=HTMLResponse)
def models_page(request: Request, lang: Lang = None) -> HTMLResponse:
    f = _model_filter(request)
    page = filter_models(model_table(snapshot(request)), f)
    return render(request, "models.html", page=page, f=f, blocs=BLOCS, sectors=SECTORS,
                  needs=[n.value for n in LicenceNeed], sort_keys=SORT_KEYS, page_size=PAGE_SIZE)  # fmt: skip


@router.get("/models/{model_id}", response_class=HTMLResponse)
def model_page(request: Request, model_id: Annotated[str, Path(max_length=300)], lang: Lang = None) -> HTMLResponse:
    snap = snapshot(request)
    if model_id not in snap.facts.models:
        raise HTTPException(404, f"no model with id {model_id!r}")
    with request.app.db.cursor(snap) as cur:
        m = model_detail(cur, snap.facts, lineage_of(snap), model_id)
    assert m is not None
    t = translator(request_lang(request))
    specs = []
    if m["prices"]:
        specs.append(charts.bars_chart(t("prices_by_provider"), m["prices"][:30], "blended_usd_per_mtok",
                                       "provider", "USD / 1M tokens", t("provider")))  # fmt: skip
    memory = [{"bits": f"{b} bit", "gib": v} for b, v in m["memory_gib"].items() if v is not None]
    if memory:
        specs.append(charts.bars_chart(t("memory"), memory, "gib", "bits", "GiB", t("bits")))
    if m["scores"]:
        values = [{"dimension": t("name", "dimensions", d), "score": s} for d, s in m["scores"].items()
                  if s is not None]  # fmt: skip
        specs.insert(0, charts.bars_chart(t("scores"), values, "score", "dimension", "0–100", "", domain=[0, 100]))
    return render(request, "model.html", m=m, specs=specs, dimensions=DIMENSIONS, axes=AXES)


@router.get("/labs", response_class=HTMLResponse)
def labs_page(request: Request, lang: Lang = None) -> HTMLResponse:
    return render(request, "labs.html", labs=labs_of(snapshot(request)))


@router.get("/labs/{lab_id}", response_class=HTMLResponse)
def lab_page(request: Request, lab_id: Annotated[str, Path(max_length=200)], lang: Lang = None) -> HTMLResponse:
    snap = snapshot(request)
    with request.app.db.cursor(snap) as cur:
        lab = lab_detail(cur, snap.facts, lab_id)
    if lab is None:
        raise HTTPException(404, f"no lab with id {lab_id!r}")
    t = translator(request_lang(request))
    specs = [
        charts.releases_chart(t("releases_by_year"), lab["releases_by_year"], since=2010, y_title=t("axis_models"))
    ]
    return render(request, "lab.html", lab=lab, specs=specs)


@router.get("/blocs", response_class=HTMLResponse)
def blocs_page(request: Request, lang: Lang = None) -> HTMLResponse:
    snap = snapshot(request)
    t = translator(request_lang(request))
    rows = bloc_comparison(snap.facts)
    models = [m for m in snap.facts.models.values() if m.bloc in BLOCS]
    prices = [{"name": m.name, "bloc": m.bloc, "price": round(c.blended, 4), "jitter": _jitter(m.id)}
              for m in models if (c := m.cheapest) is not None]  # fmt: skip
    caps = [{"name": m.name, "bloc": m.bloc, "capability": m.capability, "jitter": _jitter(m.id)}
            for m in models if m.capability is not None]  # fmt: skip
    with request.app.db.cursor(snap) as cur:
        scores = overview(cur, snap.facts)
    specs = [charts.strip_by_bloc_chart(t("price_by_bloc"), prices, "price", log=True),
             charts.strip_by_bloc_chart(t("capability_by_bloc"), caps, "capability")]  # fmt: skip
    if scores["scored"]:
        specs.insert(0, charts.group_scores_chart(t("blocs_on_dimensions"), scores["dimension_points"],
                                                  lambda m: t("name", "dimensions", m), axes=False))  # fmt: skip
    return render(request, "blocs.html", rows=rows, specs=specs, group_scores=scores["group_scores"],
                  dimensions=DIMENSIONS, axes=AXES)  # fmt: skip


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request, lang: Lang = None) -> HTMLResponse:
    snap = snapshot(request)
    found = claims_of(snap)
    specs = claim_charts(snap)
    return render(request, "claims.html", claims=found, claim_specs=specs, specs=list(specs.values()))


def _advice_values(request: Request) -> dict[str, Any]:
    languages = [s.strip().lower() for s in (_text(request, "languages", 100) or "").split(",") if s.strip()]
    return {
        "sector": _choice(request, "sector", SECTORS), "languages": languages,
        "deployment": _choice(request, "deployment", tuple(d.value for d in Deployment)) or "on_premises",
        "gpu_memory_gib": _number(request, "gpu_memory_gib", 0.001, 100_000),
        "hardware_class": _choice(request, "hardware_class", HARDWARE_CLASSES),
        "bits": (lambda b: None if b is None else int(b))(_choice(request, "bits", ("4", "8", "16"))),
        "monthly_tokens": int(_number(request, "monthly_tokens", 0, 1e15) or 0)
        if _text(request, "monthly_tokens") else 100_000_000,
        "licence_needs": _many(request, "need", tuple(n.value for n in LicenceNeed)),
        "min_capability": _number(request, "min_capability", 0, 100),
        "origins": _many(request, "origin", BLOCS), "prefer_origins": _many(request, "prefer_origin", BLOCS),
    }  # fmt: skip


@router.get("/advisor", response_class=HTMLResponse)
def advisor_page(request: Request, lang: Lang = None) -> HTMLResponse:
    lang_ = request_lang(request)
    t = translator(lang_)
    submitted = "deployment" in request.query_params
    values = _advice_values(request)
    rows: list[dict[str, Any]] = []
    specs = []
    if submitted:
        c = parse_advice(values)
        rows = advise_facts(snapshot(request).facts, c, limit=25, lang=lang_)
        if c.self_hosted and c.available_memory_gib() is not None:  # one fixed set of GPUs: compare sizes
            specs.append(charts.advice_chart(t("capability_vs_memory"), rows, "memory", "GiB", log=False))
        else:
            cost = "monthly_cost_self_hosted" if c.self_hosted else "monthly_cost_api"
            specs.append(charts.advice_chart(t("capability_vs_cost"), rows, cost, "USD / month", log=True))
    return render(request, "advisor.html", values=values, rows=rows, submitted=submitted, specs=specs,
                  sectors=SECTORS, blocs=BLOCS, classes=hardware_rules().classes, deployments=list(Deployment),
                  needs=[n.value for n in LicenceNeed])  # fmt: skip


@router.get("/downloads", response_class=HTMLResponse)
def downloads_page(request: Request, lang: Lang = None) -> HTMLResponse:
    return render(request, "downloads.html", tables=tables_of(snapshot(request)))


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request, lang: Lang = None) -> HTMLResponse:
    spec = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "description": op.get("description", ""), "parameters": op.get("parameters", []),
         "body": "requestBody" in op}
        for path, item in spec["paths"].items() for method, op in item.items()
    ]  # fmt: skip
    return render(request, "apidocs.html", operations=operations, openapi_url=request.app.openapi_url)

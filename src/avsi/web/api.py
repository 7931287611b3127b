"""The JSON API under /api/v1 (documented by the OpenAPI document at /api/v1/openapi.json).

Thin routes over the library: `avsi.web.data`, `avsi.web.groups`, `avsi.web.exports`, `avsi.advise`. Every
parameter is typed and bounded; a value the library rejects is a 400 with a message that says why.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import StringConstraints

from avsi._version import __version__
from avsi.advise import (
    Constraints,
    Deployment,
    HardwareClass,
    LicenceNeed,
    Precision,
    Sector,
    advise_facts,
    parse_constraints,
)
from avsi.web import schemas
from avsi.web.data import ModelFilter, filter_models, model_detail
from avsi.web.db import Snapshot
from avsi.web.exports import MEDIA_TYPES, export_table
from avsi.web.groups import bloc_comparison, group_scores, lab_detail
from avsi.web.state import claims_of, labs_of, lineage_of, model_table, tables_of

router = APIRouter(prefix="/api/v1", tags=["api"])
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.Error, "description": "A value the library rejects (the message says why)"},
    422: {"model": schemas.ValidationErrors, "description": "A parameter of the wrong type or out of range"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **ERRORS, 404: {"model": schemas.Error, "description": "No such item"}
}  # fmt: skip

Bloc = Literal["CN", "US", "EU", "OTHER"]
Sort = Literal[
    "release_date",
    "name",
    "parameters",
    "price",
    "capability",
    "accessible",
    "affordable",
    "applicable",
    "augmenting",
    "ip_guarded",
    "investment_driven",
    "infrastructure_oriented",
    "imposing",
]
Text = Annotated[str | None, Query(max_length=200)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
ModelId = Annotated[str, StringConstraints(min_length=1, max_length=200)]


def snapshot(request: Request) -> Snapshot:
    """The build this request is answered from: the one the front layer picked (and keyed its cache on)."""
    snap: Snapshot | None = getattr(request.state, "snapshot", None)
    if snap is None:  # the FastAPI app used without the front layer
        snap = request.app.db.current()
        request.state.snapshot = snap
    return snap


@router.get("/meta", response_model=schemas.Meta, responses=ERRORS)
def meta(request: Request) -> dict[str, Any]:
    """The database build being served and what it holds."""
    snap = snapshot(request)
    return {"version": __version__, "build": snap.build, "generation": snap.generation,
            "models": len(snap.facts.models), "tables": len(snap.tables), "scored": snap.has("model_scores"),
            "claims": claims_of(snap) is not None}  # fmt: skip


@router.get("/models", response_model=schemas.ModelPage, responses=ERRORS)
def models(
    request: Request,
    q: Text = None,
    bloc: Bloc | None = None,
    open_weights: bool | None = None,
    need: Annotated[list[LicenceNeed], Query(max_length=5, description="licence must allow (repeatable)")] = [],  # noqa: B006
    sector: Sector | None = None,
    min_params_b: Annotated[float | None, Query(ge=0, le=1e6, description="billion parameters")] = None,
    max_params_b: Annotated[float | None, Query(ge=0, le=1e6, description="billion parameters")] = None,
    max_price: Annotated[float | None, Query(ge=0, le=1e6, description="USD per 1M tokens, 3:1 blend")] = None,
    min_capability: Annotated[float | None, Query(ge=0, le=100)] = None,
    sort: Sort = "release_date",
    order: Literal["asc", "desc"] = "desc",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Canonical models, filtered and sorted: bloc, open weights, licence terms, sector, size, price, capability."""
    f = ModelFilter(q=q, bloc=bloc, open_weights=open_weights, needs=tuple(n.value for n in need),
                    sector=sector, min_params_b=min_params_b, max_params_b=max_params_b,
                    max_price=max_price, min_capability=min_capability, sort=sort, order=order, limit=limit,
                    offset=offset)  # fmt: skip
    return filter_models(model_table(snapshot(request)), f)


@router.get("/models/{model_id}", response_model=schemas.ModelDetail, responses=NOT_FOUND)
def model(request: Request, model_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """One model: identity, facts, licence flags with clauses, scores with evidence, lineage, prices by provider."""
    snap = snapshot(request)
    if model_id not in snap.facts.models:
        raise HTTPException(404, f"no model with id {model_id!r}; search with /api/v1/models?q=")
    with request.app.db.cursor(snap) as cur:
        found = model_detail(cur, snap.facts, lineage_of(snap), model_id)
    assert found is not None
    return found


@router.get("/labs", response_model=list[schemas.Lab], responses=ERRORS)
def labs(request: Request) -> list[dict[str, Any]]:
    """Every lab of the organisation registry with its number of models and open-weights share."""
    return labs_of(snapshot(request))


@router.get("/labs/{lab_id}", response_model=schemas.LabDetail, responses=NOT_FOUND)
def lab(request: Request, lab_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One lab: registry entry, summary, releases per year, models, GPU clusters, aggregate scores."""
    snap = snapshot(request)
    with request.app.db.cursor(snap) as cur:
        found = lab_detail(cur, snap.facts, lab_id)
    if found is None:
        raise HTTPException(404, f"no lab with id {lab_id!r}; see /api/v1/labs")
    return found


@router.get("/blocs", response_model=list[schemas.BlocSummary], responses=ERRORS)
def blocs(request: Request) -> list[dict[str, Any]]:
    """The four blocs side by side: models, open weights, licence terms, prices, capability."""
    return bloc_comparison(snapshot(request).facts)


@router.get("/compare", response_model=list[schemas.GroupScore], responses=ERRORS)
def compare(
    request: Request,
    by: Literal["bloc", "org"] = "bloc",
    year: Annotated[int | None, Query(ge=1950, le=2100)] = None,
    weighting: Literal["unweighted", "weighted"] = "unweighted",
) -> list[dict[str, Any]]:
    """Aggregates on the A's, I's and axes with 90% intervals, as `avsi compare --json` ([] before scoring)."""
    snap = snapshot(request)
    with request.app.db.cursor(snap) as cur:
        return group_scores(cur, snap.tables, by, None, year, weighting)


@router.get("/claims", response_model=list[schemas.Claim], responses={**ERRORS, 503: {"model": schemas.Error}})
def claims(request: Request) -> list[dict[str, Any]]:
    """Every claim of the essay with verdict, figures, coverage and chart data."""
    found = claims_of(snapshot(request))
    if found is None:
        raise HTTPException(503, "the claims are not available in this installation of avsi")
    return found


def _advise(snap: Snapshot, values: dict[str, Any], limit: int, lang: str) -> list[dict[str, Any]]:
    return advise_facts(snap.facts, parse_constraints(values), limit, lang)


@router.get("/advise", response_model=list[schemas.Advice], responses=NOT_FOUND)
def advise_get(
    request: Request,
    sector: Sector | None = None,
    language: Annotated[list[LanguageCode], Query(max_length=20)] = [],  # noqa: B006
    deployment: Deployment = Deployment.ON_PREMISES,
    gpu_memory_gib: Annotated[float | None, Query(gt=0, le=100_000)] = None,
    hardware_class: HardwareClass | None = None,
    bits: Precision | None = None,
    monthly_tokens: Annotated[int, Query(ge=0, le=10**15)] = 100_000_000,
    need: Annotated[list[LicenceNeed], Query(max_length=5)] = [],  # noqa: B006
    min_capability: Annotated[float | None, Query(ge=0, le=100)] = None,
    origin: Annotated[list[Bloc], Query(max_length=4)] = [],  # noqa: B006
    prefer_origin: Annotated[list[Bloc], Query(max_length=4)] = [],  # noqa: B006
    explain: Annotated[list[ModelId], Query(max_length=20)] = [],  # noqa: B006
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    lang: Literal["en", "nl"] = "en",
) -> list[dict[str, Any]]:
    """The sovereignty advisor: eligible models ranked, then excluded ones with the clause or fact that rules
    them out (the same as `avsi advise --json`)."""
    values = {"sector": sector, "languages": language, "deployment": deployment, "gpu_memory_gib": gpu_memory_gib,
              "hardware_class": hardware_class, "bits": bits, "monthly_tokens": monthly_tokens,
              "licence_needs": need, "min_capability": min_capability, "origins": origin,
              "prefer_origins": prefer_origin, "explain": explain}  # fmt: skip
    return _advise(snapshot(request), values, limit, lang)


@router.post("/advise", response_model=list[schemas.Advice], responses=NOT_FOUND)
def advise_post(
    request: Request,
    constraints: Annotated[Constraints, Body(embed=False)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    lang: Literal["en", "nl"] = "en",
) -> list[dict[str, Any]]:
    """The advisor with the constraints as a JSON body (the fields of `Constraints`)."""
    return advise_facts(snapshot(request).facts, constraints, limit, lang)


@router.get("/licences", response_model=list[schemas.Licence], responses=ERRORS)
def licences(request: Request) -> list[dict[str, Any]]:
    """Every licence of the knowledge base in this build, each flag with the clause that decides it."""
    snap = snapshot(request)
    with request.app.db.cursor(snap) as cur:
        rows = cur.execute("SELECT id, name, kind, url FROM licences ORDER BY id").fetchall()
    return [{"id": i, "name": n, "kind": k, "url": u,
             "flags": {f: {"value": v[0], "clause": v[1], "url": v[2]} for f, v in snap.facts.flags(i).items()}}
            for i, n, k, u in rows]  # fmt: skip


@router.get("/tables", response_model=list[schemas.TableInfo], responses=ERRORS)
def tables(request: Request) -> list[dict[str, Any]]:
    """Every table of the database build, with rows, columns and download links."""
    return tables_of(snapshot(request))


@router.get("/tables/{name}", responses={
    **NOT_FOUND, 200: {"content": {"text/csv": {}, "application/vnd.apache.parquet": {}},
                       "description": "The whole table"}})  # fmt: skip
def table(
    request: Request, name: Annotated[str, Path(max_length=64)], format: Literal["csv", "parquet"] = "csv"
) -> Response:
    """One whole table as CSV (with a header row) or Parquet."""
    snap = snapshot(request)
    if name not in snap.tables:
        raise HTTPException(404, f"no table named {name!r}; see /api/v1/tables")
    with request.app.db.cursor(snap) as cur:
        body = export_table(cur, snap.tables, name, format)
    return Response(body, media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'})  # fmt: skip

"""The JSON API on the shipped build: every route answers with real figures that agree with the database."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from avsi.advise import advise


def _scalar(db: Path, sql: str, params: list[object] | None = None) -> object:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(sql, params or []).fetchone()
        assert row is not None
        return row[0]
    finally:
        con.close()


def test_meta_names_the_build(client: TestClient, shipped_db: Path) -> None:
    meta = client.get("/api/v1/meta").json()
    assert meta["build"]["build_id"] == _scalar(shipped_db, "SELECT value FROM build_info WHERE key = 'build_id'")
    assert meta["models"] == _scalar(shipped_db, "SELECT count(*) FROM models")
    assert meta["tables"] == _scalar(shipped_db, "SELECT count(*) FROM duckdb_tables()")


def test_model_table_filters_by_bloc_search_and_licence(client: TestClient, shipped_db: Path) -> None:
    eu = client.get("/api/v1/models", params={"bloc": "EU", "limit": 500}).json()
    assert eu["total"] == _scalar(shipped_db, "SELECT count(*) FROM models WHERE bloc = 'EU'")
    assert {r["bloc"] for r in eu["items"]} == {"EU"}
    mistral = client.get("/api/v1/models", params={"q": "mistral", "bloc": "EU", "limit": 500}).json()
    expected = _scalar(shipped_db, "SELECT count(*) FROM models WHERE bloc = 'EU' AND (id ILIKE '%mistral%' "
                       "OR name ILIKE '%mistral%' OR organization ILIKE '%mistral%')")  # fmt: skip
    assert mistral["total"] == expected > 0
    free = client.get("/api/v1/models", params={"need": ["commercial_use", "no_geographic_exclusion"],
                                                 "open_weights": "true", "limit": 500}).json()  # fmt: skip
    assert free["total"] > 0
    for r in free["items"]:
        assert r["open_weights"] is True
        assert r["licence_flags"]["commercial_use"] is True and r["licence_flags"]["geographic_exclusion"] is False
    assert "llama-4-scout" not in {r["id"] for r in free["items"]}


def test_model_table_sorts_and_pages(client: TestClient) -> None:
    first = client.get("/api/v1/models", params={"sort": "price", "order": "asc", "limit": 5}).json()
    prices = [r["cheapest_usd_per_mtok"] for r in first["items"]]
    assert prices == sorted(prices) and all(p is not None and p > 0 for p in prices)
    page2 = client.get("/api/v1/models", params={"sort": "price", "order": "asc", "limit": 5, "offset": 5}).json()
    assert page2["items"][0]["cheapest_usd_per_mtok"] >= prices[-1]
    assert {r["id"] for r in page2["items"]}.isdisjoint(r["id"] for r in first["items"])


def test_model_detail_has_licence_clauses_prices_lineage_and_memory(client: TestClient) -> None:
    m = client.get("/api/v1/models/llama-4-scout").json()
    assert (m["organization"], m["bloc"], m["open_weights"]) == ("Meta", "US", True)
    assert m["licence"]["id"] == "llama-4-community"
    assert m["licence"]["flags"]["geographic_exclusion"] is True
    assert "European Union" in m["licence"]["evidence"]["geographic_exclusion"]["clause"]
    blended = [p["blended_usd_per_mtok"] for p in m["prices"]]
    assert blended == sorted(blended) and len({p["provider"] for p in m["prices"]}) == len(m["prices"]) > 3
    assert m["prices"][0]["provider"] == "lambda_ai"  # 0.05 in, 0.10 out in LiteLLM's current list
    assert blended[0] == pytest.approx(0.75 * 0.05 + 0.25 * 0.10)
    assert m["memory_gib"]["8"] == 2 * m["memory_gib"]["4"] > 50  # 109 B parameters
    assert m["capability"]["eci"] is not None and m["capability"]["arena"] is not None
    assert m["lineage"]["n_children"] == len(m["lineage"]["children"]) > 0
    assert "hf" in m["aliases"]


def test_unknown_ids_are_404_with_a_message(client: TestClient) -> None:
    for url in ("/api/v1/models/no-such-model", "/api/v1/labs/no-such-lab", "/api/v1/tables/no_such_table"):
        r = client.get(url)
        assert r.status_code == 404 and "no " in r.json()["detail"], url


def test_labs_and_lab_detail(client: TestClient, shipped_db: Path) -> None:
    labs = client.get("/api/v1/labs").json()
    assert len(labs) == _scalar(shipped_db, "SELECT count(*) FROM organisation_registry")
    mistral = next(lab for lab in labs if lab["id"] == "mistral")
    assert mistral["bloc"] == "EU" and mistral["n_models"] > 10
    detail = client.get("/api/v1/labs/mistral").json()
    assert len(detail["models"]) == mistral["n_models"] == detail["summary"]["n_models"]
    assert sum(r["n_models"] for r in detail["releases_by_year"]) <= mistral["n_models"]


def test_blocs_add_up_to_the_models_with_a_bloc(client: TestClient, shipped_db: Path) -> None:
    blocs = client.get("/api/v1/blocs").json()
    assert [b["bloc"] for b in blocs] == ["EU", "US", "CN", "OTHER"]
    assert sum(b["n_models"] for b in blocs) == _scalar(
        shipped_db, "SELECT count(*) FROM models WHERE bloc IS NOT NULL"
    )
    for b in blocs:
        assert 0 < b["share_open_weights"] < 1 and b["median_cheapest_usd_per_mtok"] > 0


def test_compare_matches_group_scores(client: TestClient, shipped_db: Path) -> None:
    rows = client.get("/api/v1/compare", params={"by": "bloc"}).json()
    has_scores = bool(_scalar(shipped_db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'group_scores'"))
    if not has_scores:
        assert rows == []
        return
    n = _scalar(shipped_db, "SELECT count(DISTINCT group_id) FROM group_scores WHERE group_kind = 'bloc' "
                "AND year IS NULL AND weighting = 'unweighted'")  # fmt: skip
    assert len(rows) == n > 0
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        for r in rows:
            for measure, (lo, hi) in r["intervals"].items():
                value = r["scores"].get(measure, r["axes"].get(measure))
                assert con.execute(
                    "SELECT score, lo, hi FROM group_scores WHERE group_kind = 'bloc' AND year IS NULL "
                    "AND weighting = 'unweighted' AND group_id = ? AND measure = ?",
                    [r["group"], measure],
                ).fetchone() == (value, lo, hi)
    finally:
        con.close()


def test_advise_api_is_the_library(client: TestClient, shipped_db: Path) -> None:
    params = {"gpu_memory_gib": 24, "need": ["commercial_use", "no_geographic_exclusion"], "limit": 10}
    got = client.get("/api/v1/advise", params=params).json()
    expected = advise(shipped_db, {"gpu_memory_gib": 24, "licence_needs": params["need"]}, limit=10)
    assert got == expected
    posted = client.post("/api/v1/advise", params={"limit": 10},
                         json={"gpu_memory_gib": 24, "licence_needs": params["need"]}).json()  # fmt: skip
    assert posted == expected


def test_advise_rejects_bad_constraints(client: TestClient) -> None:
    assert client.get("/api/v1/advise", params={"bits": 3}).status_code == 422
    assert client.get("/api/v1/advise", params={"sector": "astrology"}).status_code == 422
    r = client.post("/api/v1/advise", json={"gpu_memory_gib": -1})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "gpu_memory_gib"
    r = client.get("/api/v1/advise", params={"explain": "no-such-model"})
    assert r.status_code == 404 and "no-such-model" in r.json()["detail"]


def test_every_table_downloads_as_csv_and_parquet(client: TestClient, shipped_db: Path) -> None:
    tables = client.get("/api/v1/tables").json()
    assert len(tables) == _scalar(shipped_db, "SELECT count(*) FROM duckdb_tables()")
    for name in ("models", "licence_flags", "prices"):
        info = next(t for t in tables if t["name"] == name)
        rows = _scalar(shipped_db, f"SELECT count(*) FROM {name}")
        r = client.get(info["csv"])
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        assert r.headers["content-disposition"] == f'attachment; filename="{name}.csv"'
        assert len(list(csv.reader(io.StringIO(r.text)))) == rows + 1
        p = client.get(info["parquet"])
        assert pq.read_table(io.BytesIO(p.content)).num_rows == rows
    assert client.get("/api/v1/tables/models", params={"format": "xlsx"}).status_code == 422


def test_openapi_documents_every_route(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/models", "/api/v1/models/{model_id}", "/api/v1/advise", "/api/v1/tables/{name}",
            "/api/v1/labs", "/api/v1/blocs", "/api/v1/compare", "/api/v1/claims"} <= set(spec["paths"])  # fmt: skip
    assert not any(p.startswith("/models") or p == "/" for p in spec["paths"])  # pages are not API
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and "/api/v1/advise" in docs.text

"""Security: headers on every response, no SQL or HTML injection, no path traversal, clear 4xx for bad input."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from avsi.web.render import chart_json

PAGES = ["/", "/models", "/models/mistral-small-3.2", "/labs", "/labs/mistral", "/blocs", "/claims", "/advisor",
         "/downloads", "/api/v1/docs"]  # fmt: skip
API = ["/api/v1/meta", "/api/v1/models", "/api/v1/tables", "/api/v1/openapi.json", "/api/v1/advise"]
SQL_PROBES = ["' OR '1'='1", "'; DROP TABLE models; --", '" OR 1=1 --', "1) UNION SELECT * FROM build_info --",
              "%' OR 1=1 --", "\\'; SELECT 1; --"]  # fmt: skip
TRAVERSAL = ["/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%2e%2e/app.py",
             "/static/....//....//etc/passwd", "/static/app.css%00.js", "/static/..\\..\\app.py",
             "/api/v1/tables/..%2f..%2fetc%2fpasswd", "/api/v1/tables/models%00", "/api/v1/tables/..",
             "/api/v1/tables/%2e%2e%2f%2e%2e%2fetc%2fpasswd?format=csv", "/models/..%2f..%2fetc%2fpasswd",
             "/static/templates/base.html", "/static/i18n.yaml"]  # fmt: skip


@pytest.mark.parametrize("url", PAGES + API)
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, url
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_script(client: TestClient) -> None:
    for url in PAGES:
        html = client.get(url).text
        for chunk in html.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            assert 'src="/static/' in head or 'type="application/json"' in head, (url, head)


def test_sql_injection_probes_are_only_text(client: TestClient, shipped_db: Path) -> None:
    for probe in SQL_PROBES:
        r = client.get("/api/v1/models", params={"q": probe})
        assert r.status_code == 200 and r.json()["total"] == 0, probe
        assert client.get(f"/api/v1/models/{probe}").status_code in (404, 422)
        assert client.get(f"/api/v1/labs/{probe}").status_code in (404, 422)
        assert client.get(f"/api/v1/tables/{probe}").status_code in (404, 422)
        assert client.get("/models", params={"q": probe}).status_code == 200
    con = duckdb.connect(str(shipped_db), read_only=True)
    assert con.execute("SELECT count(*) FROM models").fetchone() == (client.get("/api/v1/meta").json()["models"],)
    con.close()


def test_html_injection_is_escaped(client: TestClient) -> None:
    probe = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    html = client.get("/models", params={"q": probe}).text
    assert probe not in html and "&lt;script&gt;alert(" in html
    html = client.get("/advisor", params={"deployment": "on_premises", "languages": probe[:90]}).text
    assert "<img src=x" not in html


def test_chart_json_cannot_close_its_script_block() -> None:
    text = str(chart_json({"title": "</script><script>alert(1)</script>", "x": "a & b"}))
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text


@pytest.mark.parametrize("url", TRAVERSAL)
def test_no_path_traversal(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (400, 404, 422), url
    assert "root:" not in r.text and "import " not in r.text and "{% block" not in r.text


def test_static_files_are_served_from_a_fixed_list(client: TestClient) -> None:
    r = client.get("/static/app.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    assert "vegaEmbed" in r.text and r.headers["etag"]


@pytest.mark.parametrize(("url", "status"), [
    ("/api/v1/models?limit=0", 422), ("/api/v1/models?limit=100000", 422), ("/api/v1/models?bloc=XX", 422),
    ("/api/v1/models?min_params_b=-1", 422), ("/api/v1/models?sort=__class__", 422),
    ("/api/v1/models?q=" + "x" * 300, 422), ("/api/v1/compare?year=99999", 422), ("/api/v1/compare?by=lab", 422),
    ("/models?min_params_b=abc", 400), ("/models?bloc=XX", 400), ("/models?need=everything", 400),
    ("/advisor?deployment=moon", 400), ("/advisor?deployment=on_premises&gpu_memory_gib=nan", 400),
    ("/advisor?deployment=on_premises&monthly_tokens=1e99", 400), ("/?lang=fr", 422), ("/no/such/page", 404),
])  # fmt: skip
def test_bad_input_is_a_clear_4xx(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status, (url, r.text[:300])
    if url.startswith("/api/"):
        assert r.json()["detail"]
    else:
        assert r.headers["content-type"].startswith("text/html") and "<h1>" in r.text


def test_post_with_a_broken_body_is_a_422(client: TestClient) -> None:
    r = client.post("/api/v1/advise", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    r = client.post("/api/v1/advise", json={"deployment": "on_premises", "unknown_key": 1})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "unknown_key"

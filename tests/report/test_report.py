"""The static report: every page and chart written, offline, with exports and each source's licence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from avsi.claims import evaluate_claims
from avsi.cli import app
from avsi.report import ChartDataMissing, ReportResult
from avsi.report import charts as C
from avsi.report.sources import attribution_rows, licences_file
from avsi.sources import SOURCE_NAMES

PAGES = ["index", "profile", "axes", "openness", "prices", "compute", "derivatives", "claims", "methodology"]
SPEC = re.compile(r'<script type="application/json" data-chart="([^"]+)">(.*?)</script>', re.S)


def page(report: ReportResult, name: str) -> str:
    return (report.out_dir / f"{name}.html").read_text(encoding="utf-8")


def test_every_page_and_every_chart_with_its_exports(built_report: ReportResult) -> None:
    assert built_report.pages == [f"{p}.html" for p in PAGES]
    expected = {"open-share", "open-share-notable", "price-frontier", "compute", "derivatives"}
    expected |= {f"claim-{n}" for n in range(1, 12)}
    if not built_report.missing:
        expected |= {"bloc-profile", "axes"}
    assert set(built_report.charts) == expected
    embedded = {}
    for name in PAGES:
        for chart_id, body in SPEC.findall(page(built_report, name)):
            spec = json.loads(body)
            assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
            embedded[chart_id] = spec
    assert set(embedded) == expected
    for chart_id in expected:
        png = (built_report.out_dir / "charts" / f"{chart_id}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000, chart_id
        svg = (built_report.out_dir / "charts" / f"{chart_id}.svg").read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg") and "<text" in svg, chart_id
        assert json.loads((built_report.out_dir / "charts" / f"{chart_id}.vl.json").read_text()) == embedded[chart_id]


def test_the_report_works_offline(built_report: ReportResult) -> None:
    bundle = (built_report.out_dir / "assets" / "vega-bundle.js").read_text(encoding="utf-8")
    assert "window.vegaEmbed" in bundle and len(bundle) > 500_000
    for name in PAGES:
        html = page(built_report, name)
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            if ref.endswith((".js", ".css")):
                assert not ref.startswith(("http:", "https:", "//")), (name, ref)
                assert (built_report.out_dir / ref).is_file(), (name, ref)


def test_claims_page_shows_every_verdict_and_rule(shipped_db: Path, built_report: ReportResult) -> None:
    html = page(built_report, "claims")
    claims = evaluate_claims(shipped_db)
    assert built_report.verdicts == {c["id"]: c["verdict"] for c in claims}
    for c in claims:
        assert f'id="claim-{c["number"]}"' in html
        assert c["rule"]["text"].split(".")[0].replace("'", "&#39;") in html
    written = json.loads((built_report.out_dir / "claims.json").read_text(encoding="utf-8"))
    assert [c["verdict"] for c in written] == [c["verdict"] for c in claims]


def test_methodology_page_credits_every_source(shipped_db: Path, built_report: ReportResult) -> None:
    html = page(built_report, "methodology")
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        sources = con.execute("SELECT name, licence FROM sources").fetchall()
    finally:
        con.close()
    assert {name for name, _ in sources} == set(SOURCE_NAMES)
    for name, licence in sources:
        assert f"<td>{name}</td>" in html and licence in html
    path = licences_file()
    assert path is not None
    rows = attribution_rows(path.read_text(encoding="utf-8"))
    assert [r[0] for r in rows] == list(SOURCE_NAMES)
    assert "Epoch AI, &#34;Data on AI Models&#34;" in html or 'Epoch AI, "Data on AI Models"' in html


def test_chart_builders_read_the_data(shipped_db: Path) -> None:
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        frontier = C.price_frontier_chart(con).to_dict()
        rows = frontier["layer"][1]["data"]["values"]
        priced = con.execute("""
            SELECT count(DISTINCT a.model_id) FROM capability_scores c
            JOIN model_aliases a ON a.source = c.source AND a.name = c.model WHERE c.benchmark = 'ECI'
        """).fetchone()[0]  # type: ignore[index]
        assert 50 < len(rows) <= priced
        assert {r["bloc"] for r in rows} >= {"CN", "US"}
        derived = C.derivatives_chart(con).to_dict()["data"]["values"]
        assert sum(r["derivatives"] for r in derived) > 1_000
    finally:
        con.close()
    with pytest.raises(ChartDataMissing):
        C.bloc_profile_chart(duckdb.connect())


def test_report_command(shipped_db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["report", "--db", str(shipped_db), "--out", str(tmp_path / "r"), "--no-images", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["index"].endswith("index.html") and len(doc["pages"]) == len(PAGES)
    assert all(e.endswith(".vl.json") for e in doc["exports"])
    assert not list((tmp_path / "r" / "charts").glob("*.png"))
    clash = tmp_path / "file"
    clash.write_text("x")
    bad = CliRunner().invoke(app, ["report", "--db", str(shipped_db), "--out", str(clash)])
    assert bad.exit_code == 1 and "not a folder" in bad.stderr

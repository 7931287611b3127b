"""The methodology and data-sources page: how claims and scores are made, the build, and each source's licence and
the attribution it asks for (from the `sources` table and data/LICENSES.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from avsi.claims.data import Context
from avsi.claims.spec import claims_hash, load_claims
from avsi.config import shipped_data_dir
from avsi.report.layout import Page, Section, Table


def link(url: str) -> Markup:
    """A URL as a link (escaped by Markup.format)."""
    return Markup('<a href="{0}">{0}</a>').format(url)


def licences_file() -> Path | None:
    """data/LICENSES.md of the source checkout (the wheel ships the snapshots, not this file)."""
    path = shipped_data_dir().parent / "LICENSES.md"
    return path if path.is_file() else None


def attribution_rows(text: str) -> list[list[str]]:
    """The per-source rows of the attribution table in LICENSES.md: source, folder, licence, attribution."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [c.strip().replace("`", "") for c in line.strip().strip("|").split("|")]
            if len(cells) >= 4:
                rows.append(cells[:4])
    return rows


def _claims_section() -> Section:
    spec = load_claims()
    b = spec.bootstrap
    return Section(
        "How the claims are tested",
        "claims",
        [
            f"Every claim of the essay is a data test written in src/avsi/claims/claims.yaml (version {spec.version}, "
            f"SHA-256 {claims_hash()[:16]}…): its statement, a measurable formulation, the metric, the data, the "
            "function that measures it, and a verdict rule with its thresholds. The verdict is computed from the rule, "
            "never set by hand.",
            "A rule is three lists of conditions on the measured figures, such as “diff_notable.lo > 0” (the lower "
            "bound of a difference's interval is above zero). If any not-testable condition holds, or a figure the "
            "rule needs is missing, the claim is not testable with this data; if every supporting condition holds it "
            "is supported; if every contradicting condition holds it is contradicted; otherwise the evidence is mixed.",
            f"Uncertainty: {round(b.level * 100)}% percentile bootstrap intervals ({b.draws} resamples, fixed seed "
            f"{b.seed}) on shares, differences, ratios and variance shares; the score intervals come from the score "
            "methodology's Monte Carlo.",
        ],
        table=Table(["verdict", "meaning"], [[k.replace("_", " "), v] for k, v in spec.verdicts.items()]),
    )


def _scores_section(ctx: Context) -> Section:
    text = [
        "The scores on the A's, I's and axes follow the versioned methodology file src/avsi/score/methodology.yaml: "
        "indicators with their sources and fields, normalisation, weights and aggregation, with a Monte Carlo "
        "over weights, normalisation and imputation after the JRC/OECD handbook on composite indicators."
    ]
    if "score_info" not in ctx.tables():
        return Section("How the scores are made", "scores", text, notice="This database has no score tables yet.")
    rows = ctx.rows("SELECT * FROM score_info")
    info = rows[0] if rows else {}
    return Section(
        "How the scores are made",
        "scores",
        text,
        table=Table(["field", "value"], [[k, str(v)] for k, v in info.items()]),
    )


def _build_section(ctx: Context) -> Section:
    rows = ctx.rows("SELECT key, value FROM build_info WHERE key <> 'data_dir' ORDER BY key")
    return Section(
        "The build",
        "build",
        [
            "The database every figure of this report comes from; each input file's "
            "hash is in its build_inputs table (avsi sources --json)."
        ],
        table=Table(["field", "value"], [[r["key"], r["value"]] for r in rows]),
    )


def _sources_section(ctx: Context) -> Section:
    rows = ctx.rows("SELECT name, title, licence, data_date, attribution, url FROM sources ORDER BY name")
    table = Table(
        ["source", "what", "licence", "data date", "attribution", "url"],
        [[r["name"], r["title"], r["licence"], str(r["data_date"]), r["attribution"], link(r["url"])] for r in rows],
    )
    return Section(
        "Data sources",
        "sources",
        [
            "avsi ships a copy of every snapshot it reads, so this report can be "
            "rebuilt offline. Each source keeps its own licence; using these figures means crediting the "
            "sources as below."
        ],
        table=table,
    )


def _attribution_section() -> Section:
    path = licences_file()
    if path is None:
        return Section(
            "Attribution",
            "attribution",
            notice="data/LICENSES.md is not available in this installation; "
            "the sources table above gives each source's licence and attribution.",
        )
    rows = attribution_rows(path.read_text(encoding="utf-8"))
    return Section(
        "Attribution",
        "attribution",
        [
            "From data/LICENSES.md: the attribution each licence asks for. CC BY 4.0 "
            "(https://creativecommons.org/licenses/by/4.0/): credit the creator, link the licence, say if changes were "
            "made — avsi's derived tables and this report are changes, so cite the sources and avsi. MIT: keep the "
            "copyright and permission notice. MPL-2.0 (https://mozilla.org/MPL/2.0/): the leaderboard files are "
            "distributed unmodified; their source is the repository named."
        ],
        table=Table(["source", "folder", "licence", "attribution to give"], rows),
    )


def methodology_page(ctx: Context) -> Page:
    sections: list[Any] = [
        _claims_section(),
        _scores_section(ctx),
        _build_section(ctx),
        _sources_section(ctx),
        _attribution_section(),
    ]
    return Page(
        "methodology",
        "Methodology",
        "Methodology and data sources",
        "How the claims are tested and the "
        "scores made, the build behind this report, and each data source with its licence and attribution.",
        sections,
    )

"""AI legislation tracker — hand-curated AI laws and frameworks: international, US federal, US state bills.

Source: github.com/delschlangen/ai-legislation-tracker `data/*.json` @ 146d39e7 (repo 2026-02-28; data "as of
December 2024", last verified 2024-12-24), MIT licence. Three small JSON lists: 10 international frameworks (EU AI
Act, China's generative-AI measures, OECD …), 8 US federal actions and 10 US state bills. List fields (provisions,
tags …) are kept as JSON; dates of past events may not lie in the future, effective/application dates may.
"""

from __future__ import annotations

from pathlib import Path

from avsi.sources._nested import expect, hoist_undeclared, parent_paths
from avsi.sources.base import Column, Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.readers import TextRecords, read_json, records_from_objects
from avsi.sources.spec import col, columns

COMMON: dict[str, Column] = {
    "id": col("id", required=True),
    "status": col("status", description="enacted, active, rescinded, vetoed …"),
    "key_provisions": col("key_provisions", "json"),
    "tags": col("tags", "json"),
    "last_verified": col("last_verified", "date", not_future=True),
}

FRAMEWORK_HEADERS = (
    "id", "jurisdiction", "name", "type", "status", "date_introduced", "date_adopted", "date_effective",
    "full_application_date", "summary", "key_provisions", "principles", "signatories",
    "enforcement.fines_max_percentage", "enforcement.fines_max_euro", "enforcement.enforcing_body", "source_url",
    "tags", "last_verified",
)  # fmt: skip
FRAMEWORKS = TableSpec(
    name="legislation_frameworks",
    columns=columns(
        FRAMEWORK_HEADERS,
        {
            **COMMON,
            "jurisdiction": col("jurisdiction", required=True),
            "date_introduced": col("date_introduced", "date", not_future=True),
            "date_adopted": col("date_adopted", "date", not_future=True),
            "date_effective": col("date_effective", "date"),
            "full_application_date": col("full_application_date", "date"),
            "principles": col("principles", "json"),
            "signatories": col("signatories", "int", min=0, description="number of signatory states"),
            "enforcement.fines_max_percentage": col(
                "fines_max_percentage", "float", min=0, max=100, description="% of worldwide annual turnover"
            ),
            "enforcement.fines_max_euro": col("fines_max_euro", "float", min=0, description="EUR"),
            "enforcement.enforcing_body": col("enforcing_body"),
        },
    ),
    key=("id",),
    description="International AI laws and frameworks (EU AI Act, UK, China, OECD, G7, UN …)",
)

FEDERAL_HEADERS = (
    "id", "title", "type", "status", "date_issued", "date_rescinded", "issuing_body", "summary", "key_provisions",
    "source_url", "tags", "last_verified",
)  # fmt: skip
FEDERAL = TableSpec(
    name="legislation_us_federal",
    columns=columns(
        FEDERAL_HEADERS,
        {
            **COMMON,
            "title": col("title", required=True),
            "date_issued": col("date_issued", "date", not_future=True),
            "date_rescinded": col("date_rescinded", "date"),
        },
    ),
    key=("id",),
    description="US federal AI actions: executive orders (incl. rescinded EO 14110), OMB memos, frameworks",
)

STATE_HEADERS = (
    "id", "state", "bill_number", "title", "status", "date_introduced", "date_enacted", "date_vetoed",
    "effective_date", "veto_reason", "summary", "key_provisions", "covered_decisions", "source_url", "tags",
    "last_verified",
)  # fmt: skip
STATES = TableSpec(
    name="legislation_us_states",
    columns=columns(
        STATE_HEADERS,
        {
            **COMMON,
            "state": col("state", required=True),
            "bill_number": col("bill_number", required=True),
            "date_introduced": col("date_introduced", "date", not_future=True),
            "date_enacted": col("date_enacted", "date", not_future=True),
            "date_vetoed": col("date_vetoed", "date", not_future=True),
            "effective_date": col("effective_date", "date"),
            "covered_decisions": col("covered_decisions", "json"),
        },
    ),
    key=("id",),
    description="US state AI bills (Colorado SB 205 …): status, dates, provisions",
)


class Legislation(Source):
    info = SourceInfo(
        name="legislation",
        title="AI legislation tracker (international, US federal, US states)",
        folder="ai_legislation_tracker",
        licence="MIT",
        attribution=(
            "AI legislation tracker by delschlangen (github.com/delschlangen/ai-legislation-tracker) data/*.json @ "
            "146d39e7680d99270f1bef1cb504ef44664e6578, MIT licence; keep the copyright and permission notice"
        ),
        url="https://github.com/delschlangen/ai-legislation-tracker",
        data_date="2024-12-24",  # "as of December 2024"; every record was last verified on 2024-12-24
    )
    files = (
        SourceFile("international_frameworks.json", FRAMEWORKS),
        SourceFile("us_federal_actions.json", FEDERAL),
        SourceFile("us_state_bills.json", STATES),
    )

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        fields = source_file.table.source_names
        parents = parent_paths(fields)
        data = expect(path, read_json(path), list, "the document")
        objects = ((i, None, hoist_undeclared(obj, fields, parents)) for i, obj in enumerate(data, start=1))
        return records_from_objects(path, objects, fields, required_keys=("id",))


SOURCE = Legislation()

"""European Open Source AI Index (osai-index.eu): how open 193 "open" generative AI systems really are.

Source: github.com/Language-Technology-Assessment/main-database (the index's YAML files), licensed CC-BY 4.0; cite
the Zenodo record (doi:10.5281/zenodo.15386042) and Liesenfeld & Dingemanse, FAccT 2024. `osai_index_flat.csv` is
a flattening of those YAML files, one row per system, with every openness dimension as `<dimension>.class`
(open / partial / closed), `.link` and `.notes`, plus `national_origin` and `contributor_type` parsed from each file's
"# Organization tags" comment.

`legacy_opening_up_chatgpt/df.csv` is the earlier (2023-2025) version of the same index from
github.com/opening-up-chatgpt/opening-up-chatgpt.github.io, licensed Apache-2.0: 46 LLMs over 14 dimensions with a
numeric `openness` score (0..14). The YAML tarball and the Zenodo metadata are shipped but not read.
"""

from __future__ import annotations

from avsi.sources.base import Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.spec import col, columns

SYSTEMS_HEADERS = (
    "file", "national_origin", "contributor_type", "system.name", "system.link", "system.type",
    "system.performanceclass", "system.basemodelname", "system.endmodelname", "system.endmodellicense",
    "system.releasedate", "system.notes", "org.name", "org.link", "org.notes",
    "datasources_basemodel.class", "datasources_basemodel.link", "datasources_basemodel.notes",
    "datasources_endmodel.class", "datasources_endmodel.link", "datasources_endmodel.notes",
    "weights_basemodel.class", "weights_basemodel.link", "weights_basemodel.notes",
    "weights_endmodel.class", "weights_endmodel.link", "weights_endmodel.notes", "trainingcode.class",
    "trainingcode.link", "trainingcode.notes", "code.class", "code.link", "code.notes",
    "hardware_architecture.class", "hardware_architecture.link", "hardware_architecture.notes",
    "preprint.class", "preprint.link", "preprint.notes", "paper.class", "paper.link", "paper.notes",
    "modelcard.class", "modelcard.link", "modelcard.notes", "datasheet.class", "datasheet.link",
    "datasheet.notes", "licenses.class", "licenses.link", "licenses.notes", "system.endmodel license",
    "system.datasources_endmodel",
)  # fmt: skip
LEGACY_HEADERS = (
    "project.link", "project.notes", "project.llmbase", "project.rlbase", "project.license", "org.name",
    "org.link", "org.notes", "opencode.class", "opencode.link", "opencode.notes", "llmdata.class",
    "llmdata.link", "llmdata.notes", "llmweights.class", "llmweights.link", "llmweights.notes",
    "rldata.class", "rldata.link", "rldata.notes", "rlweights.class", "rlweights.link", "rlweights.notes",
    "license.class", "license.link", "license.notes", "code.class", "code.link", "code.notes",
    "architecture.class", "architecture.link", "architecture.notes", "preprint.class", "preprint.link",
    "preprint.notes", "paper.class", "paper.link", "paper.notes", "modelcard.class", "modelcard.link",
    "modelcard.notes", "datasheet.class", "datasheet.link", "datasheet.notes", "package.class",
    "package.link", "package.notes", "api.class", "api.link", "api.notes", "source.file", "openness",
)  # fmt: skip

# Column names are the headers in snake case ('system.releasedate' -> 'system_releasedate'); the `.class` columns
# (open / partial / closed) stay text.
SYSTEMS = TableSpec(
    name="osai_systems",
    columns=columns(
        SYSTEMS_HEADERS,
        {
            "file": col("file", description="the system's YAML file in the index database"),
            "national_origin": col("national_origin", description="country of the organisation (or International)"),
            "contributor_type": col("contributor_type", description="e.g. 'Non-academic (Company)'"),
            "system.name": col("system_name", required=True),
            "system.type": col("system_type", description="text, code, image, audio, video, ..."),
            "system.basemodelname": col("system_basemodelname"),
            "system.endmodelname": col("system_endmodelname"),
            "system.endmodellicense": col("system_endmodellicense", description="licence of the end model"),
            "system.releasedate": col("system_releasedate", "date", not_future=True, description="YYYY-MM"),
            "org.name": col("org_name", description="the organisation behind the system"),
            "system.endmodel license": col(
                "system_endmodel_license", description="misspelt key in 4 YAML files; same meaning as endmodellicense"
            ),
        },
    ),
    key=("system_name",),
    description="EU Open Source AI Index: 193 systems rated open/partial/closed on 12 openness dimensions",
)
LEGACY = TableSpec(
    name="osai_legacy",
    columns=columns(
        LEGACY_HEADERS,
        {
            "project.license": col("project_license"),
            "org.name": col("org_name"),
            "source.file": col("source_file", required=True, description="the project's YAML file"),
            "openness": col("openness", "float", min=0, max=14, description="sum over 14 dimensions (0, 0.5, 1)"),
        },
    ),
    key=("source_file",),
    description="Opening up ChatGPT (2023-2025), the index's earlier version: 46 LLMs, 14 dimensions",
)


class OSAI(Source):
    info = SourceInfo(
        name="osai",
        title="European Open Source AI Index",
        folder="eu_osai_index",
        licence="CC-BY-4.0",
        attribution=(
            "Liesenfeld, Blankvoort, Kalra & Dingemanse, European Open Source AI Index database, "
            "doi:10.5281/zenodo.15386042 (CC BY 4.0), https://osai-index.eu; Liesenfeld & Dingemanse, FAccT 2024. "
            "Legacy table: opening-up-chatgpt.github.io (Apache-2.0)"
        ),
        url="https://osai-index.eu",
        data_date="2026-06-12",
    )
    files = (
        SourceFile("osai_index_flat.csv", SYSTEMS),
        SourceFile("legacy_opening_up_chatgpt/df.csv", LEGACY),
    )


SOURCE = OSAI()

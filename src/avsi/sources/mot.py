"""LF AI & Data Model Openness Tool (MOT): which Model Openness Framework components each model releases, under
which licences, plus the licence lists the tool classifies them with.

Source: github.com/lfai/model_openness_tool (`models/*.yml`, `web/modules/mof/licenses.json`,
`web/modules/mof/mof-licenses.json`), licensed MIT; `licenses.json` is the SPDX licence list (CC0).
`mot_models_flat.csv` (one row per model YAML) and `mot_components_long.csv` (one row per model and component)
flatten the YAML; MOT computes the MOF class (I/II/III) from these, the class itself is not stored. The JSON files
are read record by record from their `licenses` list (row number = 1-based list index).
"""

from __future__ import annotations

from pathlib import Path

from avsi.exceptions import SchemaDriftError
from avsi.sources.base import Column, Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.readers import TextRecords, read_csv, read_json, records_from_objects
from avsi.sources.spec import col, columns

MODELS_HEADERS = (
    "file", "name", "version", "date", "type", "architecture", "origin", "producer", "repository",
    "huggingface", "license.distribution", "n_components", "n_components_with_license", "license.code",
    "license.data", "license.document",
)  # fmt: skip
COMPONENTS_HEADERS = ("file", "model", "producer", "component", "license", "location")
# The keys of an SPDX licence record, in the list's own order; mof-licenses.json adds ContentType.
SPDX_FIELDS = (
    "reference", "isDeprecatedLicenseId", "detailsUrl", "referenceNumber", "name", "licenseId", "seeAlso",
    "isOsiApproved", "isFsfLibre",
)  # fmt: skip
MOF_FIELDS = (*SPDX_FIELDS, "ContentType")

MODELS = TableSpec(
    name="mot_models",
    columns=columns(
        MODELS_HEADERS,
        {
            "file": col("file", description="the model's YAML file in the MOT repository"),
            "name": col("name", required=True),
            "version": col("version", description="usually the size, e.g. '7B'"),
            "date": col("date", "date", not_future=True, description="release date as declared"),
            "type": col("type", description="language, multimodal, code, ..."),
            "producer": col("producer", description="the organisation releasing the model"),
            "license.distribution": col("license_distribution", description="distribution licence, if declared"),
            "n_components": col("n_components", "int", min=0, max=100, description="MOF components declared"),
            "n_components_with_license": col("n_components_with_license", "int", min=0, max=100),
        },
    ),
    key=("file",),
    description="MOT model releases (one per YAML file): producer, date, type, licences, components declared",
)
COMPONENTS = TableSpec(
    name="mot_components",
    columns=columns(
        COMPONENTS_HEADERS,
        {
            "model": col("model", required=True),
            "producer": col("producer"),
            "component": col("component", description="one of the 17 MOF components, e.g. 'Training code'"),
            "license": col("license", description="the component's licence as declared, or 'unlicensed'"),
        },
    ),
    key=("file", "component"),
    description="MOT model x MOF component, with the component's licence and location",
)

_LICENCE_TYPED: dict[str, Column] = {
    "isDeprecatedLicenseId": col("is_deprecated_license_id", "bool"),
    "detailsUrl": col("details_url", description="URL of the licence's SPDX JSON"),
    "referenceNumber": col("reference_number", "int", min=0, max=1e6),
    "name": col("name", description="full licence name"),
    "licenseId": col("license_id", required=True, description="SPDX id"),
    "seeAlso": col("see_also", "json", description="JSON list of URLs"),
    "isOsiApproved": col("is_osi_approved", "bool"),
    "isFsfLibre": col("is_fsf_libre", "bool", description="absent (NULL) when the list does not say"),
}
SPDX = TableSpec(
    name="mot_spdx_licenses",
    columns=columns(SPDX_FIELDS, _LICENCE_TYPED),
    key=("license_id",),
    description="The SPDX licence list (659 licences) with OSI approval and FSF libre flags",
)
MOF = TableSpec(
    name="mot_mof_licenses",
    columns=columns(
        MOF_FIELDS,
        {**_LICENCE_TYPED, "ContentType": col("content_type", description="code, data, document or a JSON list")},
    ),
    # CC0-1.0 and CC-PDDC are listed twice, once for data and once for documentation.
    key=("license_id", "content_type"),
    description="The 31 licences MOF accepts as open, per content type (code, data, documentation)",
)


def read_licence_list(path: Path, fields: tuple[str, ...]) -> TextRecords:
    """The records of an SPDX-style `{"licenses": [...]}` document, numbered from 1."""
    document = read_json(path)
    licences = document.get("licenses") if isinstance(document, dict) else None
    if not isinstance(licences, list):
        raise SchemaDriftError(path, "expected a JSON object with a 'licenses' list")
    return records_from_objects(
        path, ((i, None, obj) for i, obj in enumerate(licences, start=1)), fields, required_keys=("licenseId",)
    )


class MOT(Source):
    info = SourceInfo(
        name="mot",
        title="LF AI & Data Model Openness Tool (Model Openness Framework)",
        folder="model_openness_tool",
        licence="MIT",
        attribution=(
            "LF AI & Data Foundation, Model Openness Tool, https://github.com/lfai/model_openness_tool (MIT); "
            "SPDX License List (CC0-1.0)"
        ),
        url="https://github.com/lfai/model_openness_tool",
        data_date="2026-05-11",
    )
    files = (
        SourceFile("mot_models_flat.csv", MODELS),
        SourceFile("mot_components_long.csv", COMPONENTS),
        SourceFile("licenses.json", SPDX),
        SourceFile("mof-licenses.json", MOF),
    )

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        if source_file.table is SPDX:
            return read_licence_list(path, SPDX_FIELDS)
        if source_file.table is MOF:
            return read_licence_list(path, MOF_FIELDS)
        return read_csv(path)


SOURCE = MOT()

"""Live fetchers of the two YAML sources (EU Open Source AI Index, Model Openness Tool) and their flattening.

Both are GitHub repositories of one YAML file per system. The fetchers download the repository tarball, keep the
YAML files (re-packed as the shipped `*_yaml.tar.gz`) and flatten them into the shipped CSVs. The flattening is the
one that made the shipped CSVs: run on the shipped tarballs it reproduces the shipped CSVs byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import httpx
import yaml

from avsi.sources.live_common import (
    ArchiveFile,
    PayloadError,
    csv_bytes,
    get_bytes,
    payload_errors,
    read_tar_files,
    tar_gz_bytes,
    write_files,
)

OSAI_URL = "https://codeload.github.com/Language-Technology-Assessment/main-database/tar.gz/refs/heads/main"
MOT_URL = "https://codeload.github.com/lfai/model_openness_tool/tar.gz/refs/heads/main"
YAML_SUFFIXES = (".yaml", ".yml")

# The twelve openness dimensions of the index, each flattened to `<dimension>.class/link/notes`.
OSAI_DIMENSIONS = (
    "datasources_basemodel", "datasources_endmodel", "weights_basemodel", "weights_endmodel", "trainingcode",
    "code", "hardware_architecture", "preprint", "paper", "modelcard", "datasheet", "licenses",
)  # fmt: skip
# The shipped osai_index_flat.csv header, in its order. Keys first seen in newer YAML files follow these.
OSAI_COLUMNS = (
    "file", "national_origin", "contributor_type",
    "system.name", "system.link", "system.type", "system.performanceclass", "system.basemodelname",
    "system.endmodelname", "system.endmodellicense", "system.releasedate", "system.notes",
    "org.name", "org.link", "org.notes",
    *(f"{dim}.{part}" for dim in OSAI_DIMENSIONS for part in ("class", "link", "notes")),
    "system.endmodel license", "system.datasources_endmodel",
)  # fmt: skip
MOT_MODEL_COLUMNS = (
    "file", "name", "version", "date", "type", "architecture", "origin", "producer", "repository", "huggingface",
    "license.distribution", "n_components", "n_components_with_license", "license.code", "license.data",
    "license.document",
)  # fmt: skip
MOT_COMPONENT_COLUMNS = ("file", "model", "producer", "component", "license", "location")
MOT_RELEASE_FIELDS = (
    "name", "version", "date", "type", "architecture", "origin", "producer", "repository", "huggingface",
)  # fmt: skip
MOT_LICENSE_KINDS = ("distribution", "code", "data", "document")

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ORIGIN = re.compile(r"^[ \t]*#[ \t]*-?[ \t]*National origin:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_CONTRIBUTOR = re.compile(r"^[ \t]*#[ \t]*-?[ \t]*Contributor type:[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def _load_yaml(name: str, data: bytes) -> tuple[str, Any]:
    try:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as a text-mode read would
    except UnicodeDecodeError as exc:
        raise PayloadError(f"{name}: not UTF-8 (byte {exc.start})") from exc
    try:
        return text, yaml.load(text, Loader=_LOADER)  # a safe loader: CSafeLoader or SafeLoader
    except yaml.YAMLError as exc:
        raise PayloadError(f"{name}: not valid YAML ({exc})") from exc


def _text(value: Any) -> str:
    """A YAML value as the flat CSVs write it: None -> '', lists as Python reprs, the rest via str()."""
    return "" if value is None else str(value)


def _flatten(mapping: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in mapping.items():
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = _text(value)
    return out


def _tag(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(1) if match else ""


def flatten_osai(files: Iterable[ArchiveFile]) -> tuple[list[str], list[dict[str, str]]]:
    """Columns and rows of osai_index_flat.csv from the index's root YAML files.

    One row per system file, sorted by file name; files starting with '_' (criteria definitions) and files without
    a system name (the submission template) are skipped. `national_origin` and `contributor_type` come from the
    "# Organization tags" comment. The columns are the shipped ones, then any key only newer files have.
    """
    rows: list[dict[str, str]] = []
    for item in sorted(files, key=lambda f: f.path):
        if item.path.startswith("_"):
            continue
        text, doc = _load_yaml(item.path, item.data)
        system = doc.get("system") if isinstance(doc, Mapping) else None
        if not isinstance(system, Mapping) or not system.get("name"):
            continue
        row = {
            "file": item.path,
            "national_origin": _tag(_ORIGIN, text),
            "contributor_type": _tag(_CONTRIBUTOR, text),
        }
        row.update(_flatten(doc))
        rows.append(row)
    if not rows:
        raise PayloadError("no system YAML file (with a system name) found")
    seen = {key for row in rows for key in row}
    missing = [f"{dim}.class" for dim in OSAI_DIMENSIONS if f"{dim}.class" not in seen]
    if missing:
        raise PayloadError(f"no system file has {', '.join(missing)}: the index's YAML schema has changed")
    columns = list(OSAI_COLUMNS)
    known = set(columns)
    for row in rows:
        for key in row:
            if key not in known:
                known.add(key)
                columns.append(key)
    return columns, rows


def _licence_name(value: Any) -> str:
    if isinstance(value, Mapping):
        return _text(value.get("name"))
    return _text(value)


def flatten_mot(files: Iterable[ArchiveFile]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Rows of mot_models_flat.csv and mot_components_long.csv from the tool's models/*.yml files.

    One model row per file with a release name, sorted by file name: the release fields, the licence names of
    `release.license.<kind>`, the number of components and of those with a licence. One component row per listed
    component with its licence and `license_path` (as `location`).
    """
    models: list[dict[str, str]] = []
    components: list[dict[str, str]] = []
    for item in sorted(files, key=lambda f: f.path):
        _, doc = _load_yaml(item.path, item.data)
        release = doc.get("release") if isinstance(doc, Mapping) else None
        if not isinstance(release, Mapping) or not release.get("name"):
            continue
        licences = release.get("license")
        licences = licences if isinstance(licences, Mapping) else {}
        parts = release.get("components")
        parts = [c for c in parts if isinstance(c, Mapping)] if isinstance(parts, list) else []
        row = {"file": item.path}
        row.update({field: _text(release.get(field)) for field in MOT_RELEASE_FIELDS})
        row.update({f"license.{kind}": _licence_name(licences.get(kind)) for kind in MOT_LICENSE_KINDS})
        row["n_components"] = str(len(parts))
        row["n_components_with_license"] = str(sum(1 for c in parts if _text(c.get("license")).strip()))
        models.append(row)
        for part in parts:
            components.append(
                {
                    "file": item.path,
                    "model": row["name"],
                    "producer": row["producer"],
                    "component": _text(part.get("name")),
                    "license": _text(part.get("license")),
                    "location": _text(part.get("license_path")),
                }
            )
    if not models:
        raise PayloadError("no model YAML file (with a release name) found")
    return models, components


def fetch_osai(client: httpx.Client, dest: Path) -> list[str]:
    """EU Open Source AI Index: the repository's root YAML files -> osai_index_yaml.tar.gz + osai_index_flat.csv."""
    data = get_bytes(client, "osai", OSAI_URL)
    with payload_errors("osai", OSAI_URL):
        files = read_tar_files(data, "", YAML_SUFFIXES)
        columns, rows = flatten_osai(files)
        flat = csv_bytes(columns, rows)
    return write_files(dest, {"osai_index_yaml.tar.gz": tar_gz_bytes("yaml", files), "osai_index_flat.csv": flat})


def fetch_mot(client: httpx.Client, dest: Path) -> list[str]:
    """Model Openness Tool: models/*.yml -> models_yaml.tar.gz + mot_models_flat.csv + mot_components_long.csv."""
    data = get_bytes(client, "mot", MOT_URL)
    with payload_errors("mot", MOT_URL):
        files = read_tar_files(data, "models", YAML_SUFFIXES)
        models, components = flatten_mot(files)
        out = {
            "models_yaml.tar.gz": tar_gz_bytes("models", files),
            "mot_models_flat.csv": csv_bytes(MOT_MODEL_COLUMNS, models),
            "mot_components_long.csv": csv_bytes(MOT_COMPONENT_COLUMNS, components),
        }
    return write_files(dest, out)

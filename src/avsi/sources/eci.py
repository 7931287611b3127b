"""Epoch AI Benchmarking hub and Epoch Capabilities Index (ECI): capability scores per model version.

Sources (see data/SOURCES.md): `epoch_capabilities_index.csv` is Epoch's ECI export (via peterhurford/metr_graph,
2026-04-10; release dates to 2026-04-08); `benchmark_stitching/` is github.com/epoch-research/benchmark-stitching
`data/` (2025-12-03): Epoch's own benchmark runs, its model-version registry, benchmark metadata, distillation flags
and the external leaderboard scores Epoch collects (`external_benchmark_*.csv`). The repository is MIT (Epoch AI);
the Epoch data is CC-BY 4.0.

The 37 external benchmark files all have different columns, so they are read into one long table,
`eci_external_benchmarks`: per row the benchmark (from the file name), the record id, the model version, the
headline score (the column chosen per file in `EXTERNAL`, following Epoch's stitching code), the name of that
column, the source, its link, the notes, and the whole original row as JSON in `row_json`. Scores are kept on the
file's own scale: a trailing '%' is dropped ('52.8%' -> 52.8), so most are percentages, but lech_mazur_writing is
0..10 and metr is a time horizon in minutes (`score_column` says which column it was). An external benchmark file
missing from `EXTERNAL` is schema drift: a new file needs its headline column chosen here first. (One more
adjustment: benchmark_optim writes its release dates '2024/12/21'; they are read as '2024-12-21'.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from avsi.exceptions import SchemaDriftError
from avsi.sources.base import RawBatch, Source, SourceFile, SourceInfo, TableSpec, batch_from_records
from avsi.sources.readers import TextRecords, read_csv
from avsi.sources.spec import col, columns

HUB = "benchmark_stitching"
EXTERNAL_PREFIX = "external_benchmark_"

ECI_HEADERS = (
    "Model version", "ECI Score", "Release date", "Organization", "Country", "Model accessibility",
    "Training compute (FLOP)", "Confidence", "Model name", "Description", "Display name",
)  # fmt: skip
MODEL_VERSIONS_HEADERS = (
    "id", "Model", "Version release date", "Hugging Face developer id", "Link", "Notes", "benchmarks/runs",
    "Display name", "Unique display name",
)  # fmt: skip
RUNS_HEADERS = (
    "id", "task", "model", "Best score (across scorers)", "Scores", "log viewer", "logs", "job", "started_at",
    "Status", "Manual evaluation", "task version",
)  # fmt: skip
OPTIM_HEADERS = ("benchmark", "optimized_for", "is_coding", "is_math", "benchmark_release_date", "source")
DISTILLED_HEADERS = ("model", "distilled", "confidence", "notes")

INDEX = TableSpec(
    name="eci_capabilities_index",
    columns=columns(
        ECI_HEADERS,
        {
            "Model version": col("model_version", required=True),
            "ECI Score": col("eci_score", "float", min=0, max=1000, description="Epoch Capabilities Index"),
            "Release date": col("release_date", "date", not_future=True),
            "Organization": col("organization"),
            "Country": col("country", description="comma-separated when several"),
            "Model accessibility": col("model_accessibility"),
            "Training compute (FLOP)": col("training_compute_flop", "float", min=1, max=1e31),
            "Model name": col("model_name"),
            "Display name": col("display_name"),
        },
    ),
    key=("model_version",),
    description="Epoch Capabilities Index per model version (585 versions, 300 with a score)",
)
MODEL_VERSIONS = TableSpec(
    name="eci_model_versions",
    columns=columns(
        MODEL_VERSIONS_HEADERS,
        {
            "id": col("id", required=True, description="the model version, as used by the benchmark tables"),
            "Model": col("model", description="the Epoch model it is a version of"),
            "Version release date": col("version_release_date", "date", not_future=True),
            "Hugging Face developer id": col("hugging_face_developer_id"),
        },
    ),
    key=("id",),
    description="Epoch's model-version registry: release date, HF developer id, display names",
)
RUNS = TableSpec(
    name="eci_benchmark_runs",
    columns=columns(
        RUNS_HEADERS,
        {
            "task": col("task", description="the benchmark, e.g. 'GPQA diamond'"),
            "model": col("model", required=True, description="the model version"),
            "Best score (across scorers)": col("best_score", "float", min=0, max=1, description="fraction"),
        },
    ),
    key=("id",),
    description="Epoch's own benchmark runs (GPQA diamond, FrontierMath, MATH level 5, ...) per model version",
)
OPTIM = TableSpec(
    name="eci_benchmark_optim",
    columns=columns(
        OPTIM_HEADERS,
        {
            "benchmark": col("benchmark", required=True),
            "optimized_for": col("optimized_for", "bool", description="heavily optimised for by labs"),
            "is_coding": col("is_coding", "bool"),
            "is_math": col("is_math", "bool"),
            "benchmark_release_date": col("benchmark_release_date", "date", not_future=True),
        },
    ),
    key=("benchmark",),
    description="Per benchmark: optimised for by labs, coding/math flags, release date",
)
DISTILLED = TableSpec(
    name="eci_distilled_models",
    columns=columns(
        DISTILLED_HEADERS,
        {"model": col("model", required=True), "distilled": col("distilled", "bool")},
    ),
    key=("model",),
    description="Whether a model version is distilled, with confidence and notes",
)


@dataclass(frozen=True)
class External:
    """An external benchmark file: its headline score column and its full header, plus the columns holding the
    record id, source link and notes where they are not named 'id', 'Source link' and 'Notes'."""

    score: str
    headers: tuple[str, ...]
    id: str | None = "id"
    link: str = "Source link"
    notes: str = "Notes"
    model_version: str = "Model version"
    source: str = "Source"


# benchmark (file name without 'external_benchmark_' and '.csv') -> its file.
EXTERNAL: dict[str, External] = {
    "aider_polyglot": External("Percent correct", (
        "id", "Model version", "Percent correct", "Percent using correct edit format", "Edit format", "Cost",
        "Source", "Source link", "Notes")),
    "anli": External("Score", (
        "id", "Name", "Score", "R1", "R2", "R3", "Shots", "Model version", "Source", "Source link", "Notes")),
    "arc_agi": External("Score", (
        "id", "Name", "Model version", "Score", "Source", "Source link", "Notes")),
    "arc_ai2": External("Challenge score", (
        "id", "Name", "Challenge score", "Easy score", "Model version", "Shots", "Source", "Source link",
        "Notes")),
    "balrog": External("Average progress", (
        "id", "Model version", "Average progress", "Average Standard error", "BabyAI progress",
        "BabyAI Standard error", "Crafter progress", "Crafter Standard error", "TextWorld progress",
        "TextWorld Standard error", "BabalsAI progress", "BabalsAI Standard error", "MiniHack progress",
        "MiniHack Standard error", "NetHack progress", "NetHack Standard error", "Date added", "Trajectories",
        "Source", "Source link", "Notes")),
    "bbh": External("Average", (
        "id", "Name", "Average", "Model version", "Shots", "Notes", "Source", "Source link")),
    "boolq": External("Score", (
        "id", "Name", "Score", "Model version", "Shots", "Notes", "Source", "Source link")),
    "cadeval": External("Overall pass (%)", (
        "id", "Model version", "Name", "Prompt", "Total tasks", "Overall pass (%)", "Total Passes",
        "SCAD Gen (%)", "SCAD Gen Success", "Render (%)", "Render Successes", "Checks Run",
        "Chamfer Pass (%)", "Haus. Pass", "Vol. Pass", "Avg Chamfer (mm)", "Avg Haus. 95p (mm)", "Notes",
        "Source", "Source link")),
    "csqa2": External("Score", (
        "id", "Name", "Score", "Model version", "Shots", "Source", "Source link", "Notes")),
    "cybench": External("Unguided % Solved", (
        "id", "Model version", "Unguided % Solved", "Subtask-Guided % Solved", "Subtasks % Solved",
        "Unguided most difficult task solved (minutes)",
        "Subtask-Guided most difficult task solved (minutes)", "Notes", "Source", "Source link")),
    "deepresearch": External("Average score", (
        "id", "Average score", "Model version", "Agent", "Notes", "Source", "Source link")),
    "factorio_learning_environment": External("Lab Success %", (
        "id", "Model version", "Tools", "Production score", "Lab Success %", "Milestones", "Automation",
        "Most complex item", "Date added", "Cost", "Source", "Source link (site from table)",
        "Notes"), link="Source link (site from table)"),
    "fictionlivebench": External("16k token score", (
        "id", "Model version", "0 token score", "400 token score", "1k token score", "2k token score",
        "4k token score", "8k token score", "16k token score", "32k token score", "60k token score",
        "120k token score", "192k token score", "Source", "Source link", "Notes")),
    "geobench": External("ACW Country %", (
        "id", "Model version", "Tools", "ACW Country %", "ACW Avg Score", "ACW Median Score",
        "ACW Median Distance (km)", "ACW Refusal", "AVW Country %", "AVW Avg Score", "AVW Median Score",
        "AVW Median Distance (km)", "AVW Refusal", "Rural Country %", "Rural Avg Score", "Rural Median Score",
        "Rural Median Distance", "Rural Refusal", "Urban Country %", "Urban Avg Score", "Urban Median Score",
        "Urban Median Distance (km)", "Urban Refusal", "Photos Country %", "Photos Avg Score",
        "Photos Median Score", "Photos Median Distance (km)", "Photos Refusal", "Notes", "Source",
        "Source link")),
    "gsm8k": External("EM", (
        "id", "Name", "EM", "Model version", "Shots", "Notes", "Source", "Source link")),
    "gso_bench": External("Score OPT@1", (
        "id", "Model version", "Scaffold", "Score OPT@1", "Score OPT@10", "Notes", "Source", "Source link")),
    "hellaswag": External("Overall accuracy", (
        "id", "Name", "Overall accuracy", "Model version", "Shots", "Notes", "Source", "Source link")),
    "lambada": External("Score", (
        "id", "Name", "Score", "Model version", "Shots", "Source", "Source link", "Notes")),
    "lech_mazur_writing": External("Mean score", (
        "ID", "Model version", "Mean score", "Notes", "Source", "Source link"), id="ID"),
    "livebench": External("Global average", (
        "id", "UUID", "Model version", "Global average", "Reasoning average", "Coding average",
        "Mathematics average", "Data analysis average", "Language average", "IF Average", "LiveBench Version",
        "Source", "Source link", "Notes"), id="UUID"),
    "mcbench": External("Win rate", (
        "Name", "UUID", "Model version", "ELO", "Win rate", "Votes", "Notes", "Source",
        "Source link"), id="UUID"),
    "metr": External("Time horizon", (
        "id", "Model version", "CI_high", "CI_low", "Time horizon", "Source", "Source link", "average_score",
        "Notes")),
    "mmlu": External("EM", (
        "id", "Name", "EM", "Model version", "Shots", "Source", "Source link", "Notes")),
    "openbookqa": External("Accuracy", (
        "id", "Name", "Accuracy", "Model version", "Shots", "Source", "Source link", "Notes")),
    "os_world": External("Score", (
        "Agent", "Model version", "Score", "Source", "Source link", "Notes (details)", "Date added",
        "Trajectories"), id=None, notes="Notes (details)"),
    "osuniverse": External("Weighted Score", (
        "id", "Name", "Model version", "Agent", "Paper", "Wood", "Bronze", "Silver", "Gold", "Weighted Score",
        "Cost", "Duration (seconds)", "Notes", "Source", "Source link")),
    "piqa": External("Score", (
        "id", "Name", "Score", "Model version", "Shots", "Source", "Source link", "Notes")),
    "scienceqa": External("Score", (
        "id", "Name", "Score", "Shots", "Model version", "Source", "Source link", "Notes")),
    "simple_bench": External("Score (AVG@5)", (
        "id", "Model version", "Score (AVG@5)", "Source", "Source link (site from table)",
        "Notes"), link="Source link (site from table)"),
    "superglue": External("Score", (
        "id", "Name", "Model version", "Score", "Source", "Source link", "Notes")),
    "terminal_bench": External("Accuracy mean", (
        "id", "Agent", "Model version", "Accuracy mean", "Accuracy SE", "Notes", "Source", "Source link")),
    "the_agent_company": External("% Resolved", (
        "Model", "UUID", "Model version", "% Resolved", "% Score", "Average steps", "Average costs",
        "Organization", "Date", "Environment model", "Source", "Source link (site from table)",
        "Notes"), id="UUID", link="Source link (site from table)"),
    "triviaqa": External("EM", (
        "id", "Name", "EM", "Model version", "Shots", "Notes", "Source", "Source link")),
    "videomme": External("Overall (no subtitles)", (
        "id", "Name", "Model version", "Overall (no subtitles)", "Overall (with subtitles)",
        "Short videos (no subtitles)", "Short videos (with subtitles)", "Medium videos (no subtitles)",
        "Medium videos (with subtitles)", "Long videos (no subtitles)", "Long videos (with subtitles)",
        "Frames", "Notes", "Source", "Source link")),
    "vpct": External("Correct", (
        "id", "Model version", "Correct", "Notes", "Source", "Source link")),
    "weirdml": External("Accuracy", (
        "id", "Model version", "Accuracy", "Cost per run", "Median code length (lines)", "Notes", "Source",
        "Source link")),
    "winogrande": External("Accuracy", (
        "id", "Name", "Accuracy", "Model version", "Shots", "Notes", "Source", "Source link")),
}  # fmt: skip

EXTERNAL_COLUMNS = (
    "benchmark", "id", "model_version", "score", "score_column", "source", "source_link", "notes", "row_json",
)  # fmt: skip
EXTERNAL_TABLE = TableSpec(
    name="eci_external_benchmarks",
    columns=columns(
        EXTERNAL_COLUMNS,
        {
            "benchmark": col("benchmark", required=True, description="from the file name, e.g. 'aider_polyglot'"),
            "id": col("id", description="the record's id in Epoch's table (none in os_world)"),
            "model_version": col("model_version", description="Epoch model version; empty when not matched"),
            "score": col("score", "float", min=0, max=1e4, description="headline score on the file's scale"),
            "score_column": col("score_column", description="the header the score comes from"),
            "row_json": col("row_json", "json", description="the whole original row"),
        },
    ),
    key=("benchmark", "id"),
    description="External leaderboard scores collected by Epoch, one row per benchmark result (37 files)",
)
_PERCENT = re.compile(r"^\s*(.*?)\s*%\s*$")
_SLASH_DATE = re.compile(r"^(\d{4})/(\d{2})/(\d{2})$")


def score_text(value: str | None) -> str | None:
    """The score as a number's text: '52.8%' -> '52.8'; anything else unchanged (so the float rule judges it)."""
    match = _PERCENT.match(value) if value is not None else None
    return match[1] if match else value


def external_path(benchmark: str) -> str:
    return f"{HUB}/{EXTERNAL_PREFIX}{benchmark}.csv"


def external_records(benchmark: str, path: Path, relative: str) -> tuple[TextRecords, list[str]]:
    """An external benchmark file as rows of `eci_external_benchmarks`, and a warning for undeclared columns."""
    spec = EXTERNAL[benchmark]
    records = read_csv(path)
    missing = [h for h in spec.headers if h not in records.header]
    if missing:
        raise SchemaDriftError(
            path, f"expected column(s) {', '.join(map(repr, missing))} not found (table {EXTERNAL_TABLE.name})"
        )
    width = len(records.header)
    rows: list[list[str | None]] = []
    for rec in records.records:
        cell = {h: rec[i] if i < len(rec) else None for i, h in enumerate(records.header)}
        row: dict[str, object] = dict(cell)
        if len(rec) > width:
            row["_overflow"] = rec[width:]  # fields beyond the header (the record also has a row issue)
        rows.append(
            [
                benchmark,
                cell[spec.id] if spec.id else None,
                cell[spec.model_version],
                score_text(cell[spec.score]),
                spec.score,
                cell[spec.source],
                cell[spec.link],
                cell[spec.notes],
                json.dumps(row, ensure_ascii=False),
            ]
        )
    extras = [h for h in records.header if h not in spec.headers]
    warnings = [f"{relative}: undeclared column(s) kept in row_json: {', '.join(extras)}"] if extras else []
    long = TextRecords(list(EXTERNAL_COLUMNS), rows, records.row_numbers, records.row_keys, records.row_issues)
    return long, warnings


class ECI(Source):
    info = SourceInfo(
        name="eci",
        title="Epoch AI — Benchmarking hub and Epoch Capabilities Index",
        folder="epoch_benchmarks",
        licence="CC-BY-4.0",
        attribution=(
            'Epoch AI, "Epoch Capabilities Index" and "AI Benchmarking Hub", https://epoch.ai/benchmarks '
            "(CC BY 4.0); benchmark-stitching data, https://github.com/epoch-research/benchmark-stitching (MIT)"
        ),
        url="https://epoch.ai/benchmarks",
        data_date="2026-04-10",
    )
    files = (
        SourceFile("epoch_capabilities_index.csv", INDEX),
        SourceFile(f"{HUB}/model_versions.csv.gz", MODEL_VERSIONS),
        SourceFile(f"{HUB}/benchmarks_runs.csv.gz", RUNS),
        SourceFile(f"{HUB}/benchmark_optim.csv", OPTIM),
        SourceFile(f"{HUB}/distilled_models.csv", DISTILLED),
        *(SourceFile(external_path(benchmark), EXTERNAL_TABLE) for benchmark in EXTERNAL),
    )

    @property
    def tables(self) -> tuple[TableSpec, ...]:
        by_name = {f.table.name: f.table for f in self.files}  # the external files share one table
        return tuple(by_name.values())

    def read(self, data_dir: Path) -> Iterator[RawBatch]:
        folder = data_dir / self.info.folder / HUB
        unmapped = sorted(p.name for p in folder.glob(f"{EXTERNAL_PREFIX}*.csv") if _benchmark(p.name) not in EXTERNAL)
        if unmapped:
            raise SchemaDriftError(
                folder / unmapped[0],
                f"external benchmark file(s) without a headline score column in eci.EXTERNAL: {', '.join(unmapped)}",
            )
        for source_file in self.files:
            path = self.path(data_dir, source_file.path)
            relative = self.rel(source_file.path)
            warnings: list[str] = []
            if source_file.table is EXTERNAL_TABLE:
                records, warnings = external_records(_benchmark(path.name), path, relative)
            else:
                records = self.extract(source_file, path)
            batch = batch_from_records(self.name, source_file.table, path, relative, records)
            batch.warnings.extend(warnings)
            yield batch

    def extract(self, source_file: SourceFile, path: Path) -> TextRecords:
        if source_file.table is EXTERNAL_TABLE:
            return external_records(_benchmark(path.name), path, self.rel(source_file.path))[0]
        records = read_csv(path)
        if source_file.table is OPTIM and "benchmark_release_date" in records.header:
            i = records.header.index("benchmark_release_date")  # '2024/12/21' -> '2024-12-21'
            for rec in records.records:
                match = _SLASH_DATE.match(rec[i] or "") if i < len(rec) else None
                if match:
                    rec[i] = "-".join(match.groups())
        return records


def _benchmark(file_name: str) -> str:
    return file_name.removeprefix(EXTERNAL_PREFIX).removesuffix(".csv")


SOURCE = ECI()

"""LMArena (Chatbot Arena) leaderboard history: text, vision and text-to-image arenas, per model and snapshot.

Source: the git history of github.com/fboulnois/llm-leaderboard-csv (`csv/lmsys.csv`, `csv/lmarena_*.csv`),
licensed MPL-2.0; the scores originate from LMArena (lmarena.ai). Each row carries the leaderboard `snapshot`
date and the `commit` it was read from; the text history also names its `source_file` (the older `lmsys.csv`
or the newer `lmarena_text.csv`).

Keys: (snapshot, model) is unique in the vision arena only. The text arena lists Yi-34B-Chat twice in each of
its last four snapshots (same score, consecutive ranks) and the image arena lists
Imagen-4.0-ultra-generate-preview-06-06 twice in three snapshots (different scores and votes), so those two
tables are keyed on (snapshot, model, rank), which is unique.
"""

from __future__ import annotations

from avsi.sources.base import Column, Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.spec import col, columns

TEXT_HEADERS = (
    "snapshot", "commit", "source_file", "rank", "rank_stylectrl", "model", "arena_score", "95_pct_ci",
    "votes", "organization", "license", "knowledge_cutoff", "url", "arena_elo",
)  # fmt: skip
ARENA_HEADERS = (
    "snapshot", "commit", "rank", "rank_stylectrl", "model", "arena_score", "95_pct_ci", "votes",
    "organization", "license", "knowledge_cutoff", "url",
)  # fmt: skip

# The same rules in every arena; knowledge_cutoff ('2023/10', 'Unknown', 'Online') and 95_pct_ci ('+5/-4')
# stay text.
TYPED: dict[str, Column] = {
    "snapshot": col("snapshot", "date", not_future=True, description="leaderboard version date"),
    "rank": col("rank", "int", min=1, max=10_000),
    "rank_stylectrl": col("rank_stylectrl", "int", min=1, max=10_000, description="rank with style control"),
    "model": col("model", required=True),
    "arena_score": col("arena_score", "float", min=0, max=5000, description="arena score (Elo scale)"),
    "votes": col("votes", "int", min=0, max=1e9),
    "organization": col("organization"),
    "license": col("license", description="'Proprietary' or the open licence's name, as LMArena writes it"),
    "arena_elo": col("arena_elo", "float", min=0, max=5000, description="Elo, 2024-06-19 only"),
}


def _table(name: str, headers: tuple[str, ...], key: tuple[str, ...], description: str) -> TableSpec:
    typed = {h: c for h, c in TYPED.items() if h in headers}
    return TableSpec(name=name, columns=columns(headers, typed), key=key, description=description)


TEXT = _table("lmarena_text", TEXT_HEADERS, ("snapshot", "model", "rank"), "Text arena, 92 snapshots 2024-06…2025-08")
VISION = _table("lmarena_vision", ARENA_HEADERS, ("snapshot", "model"), "Vision arena, 4 snapshots Jul–Aug 2025")
IMAGE = _table("lmarena_image", ARENA_HEADERS, ("snapshot", "model", "rank"), "Text-to-image arena, 4 snapshots")


class LMArena(Source):
    info = SourceInfo(
        name="lmarena",
        title="LMArena (Chatbot Arena) leaderboard history",
        folder="lmarena_leaderboard_csv",
        licence="MPL-2.0",
        attribution=(
            "LMArena leaderboard (lmarena.ai), history compiled by fboulnois, "
            "https://github.com/fboulnois/llm-leaderboard-csv (MPL-2.0)"
        ),
        url="https://github.com/fboulnois/llm-leaderboard-csv",
        data_date="2025-08-04",
    )
    files = (
        SourceFile("arena_text_history.csv.gz", TEXT),
        SourceFile("lmarena_vision_history.csv", VISION),
        SourceFile("lmarena_image_history.csv", IMAGE),
    )


SOURCE = LMArena()

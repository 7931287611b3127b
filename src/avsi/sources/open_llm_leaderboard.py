"""Hugging Face Open LLM Leaderboard: the final snapshots of v1 (2024-07-13) and v2 (2025-03-21).

Source: the git history of github.com/fboulnois/llm-leaderboard-csv (`csv/huggingface_v1.csv`,
`csv/huggingface_v2.csv`), licensed MPL-2.0; the scores come from the HF open-llm-leaderboard. The leaderboard was
retired after the v2 snapshot; all-null columns were dropped from v2 when it was staged.

v1 (ARC, HellaSwag, MMLU, TruthfulQA, Winogrande, GSM8K; scores in percent) is one row per (model, precision);
v2 (IFEval, BBH, MATH Lvl 5, GPQA, MuSR, MMLU-Pro; raw `_value` in 0..1 and `_normalized_score` in percent) is one
row per `id` (model, precision, sha, chat template). Parameter counts are in billions, with 0 (v1) and -1 (v2) for
"unknown".
"""

from __future__ import annotations

from avsi.sources.base import Column, Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.spec import col, columns

V1_HEADERS = (
    "snapshot", "commit", "t", "model", "average", "arc", "hellaswag", "mmlu", "truthfulqa", "winogrande", "gsm8k",
    "type", "architecture", "weight_type", "precision", "merged", "hub_license", "params_b", "hub_hearts",
    "available_on_the_hub", "model_sha", "flagged", "moe", "date", "fullname", "url",
)  # fmt: skip
V2_BENCHMARKS = ("ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro")
V2_HEADERS = (
    "snapshot", "commit", "id", "model_name", "model_sha", "model_precision", "model_type", "model_weight_type",
    "model_architecture", "model_average_score", "model_has_chat_template",
    "evaluations_ifeval_name", "evaluations_ifeval_value", "evaluations_ifeval_normalized_score",
    "evaluations_bbh_name", "evaluations_bbh_value", "evaluations_bbh_normalized_score",
    "evaluations_math_name", "evaluations_math_value", "evaluations_math_normalized_score",
    "evaluations_gpqa_name", "evaluations_gpqa_value", "evaluations_gpqa_normalized_score",
    "evaluations_musr_name", "evaluations_musr_value", "evaluations_musr_normalized_score",
    "evaluations_mmlu_pro_name", "evaluations_mmlu_pro_value", "evaluations_mmlu_pro_normalized_score",
    "features_is_not_available_on_hub", "features_is_merged", "features_is_moe", "features_is_flagged",
    "features_is_official_provider", "metadata_upload_date", "metadata_submission_date", "metadata_generation",
    "metadata_base_model", "metadata_hub_license", "metadata_hub_hearts", "metadata_params_billions",
    "metadata_co2_cost",
)  # fmt: skip

# The v1 boolean flags look inverted upstream (7,060 of 7,169 rows 'flagged', 6,606 'moe', Meta-Llama-3-70B-Instruct
# 'merged'): they are typed, but check their meaning before use.
_SUSPECT = "as exported; the values look inverted upstream, check before use"
V1_TYPED: dict[str, Column] = {
    "snapshot": col("snapshot", "date", not_future=True),
    "model": col("model", required=True, description="HF repo id"),
    **{
        h: col(h, "float", min=0, max=100, description="score in percent")
        for h in ("average", "arc", "hellaswag", "mmlu", "truthfulqa", "winogrande", "gsm8k")
    },
    "type": col("type"),
    "architecture": col("architecture"),
    "precision": col("precision"),
    "merged": col("merged", "bool", description=_SUSPECT),
    "hub_license": col("hub_license", description="licence tag on the HF Hub"),
    "params_b": col("params_b", "float", min=0, max=10_000, description="parameters in billions; 0 = unknown"),
    "hub_hearts": col("hub_hearts", "int", min=0, max=1e9, description="HF likes"),
    "available_on_the_hub": col("available_on_the_hub", "bool"),
    "flagged": col("flagged", "bool", description=_SUSPECT),
    "moe": col("moe", "bool", description=_SUSPECT),
    "date": col("date", "timestamp", not_future=True, description="submission time"),
}
V2_TYPED: dict[str, Column] = {
    "snapshot": col("snapshot", "date", not_future=True),
    "id": col("id", description="model_name, precision, sha and chat-template flag"),
    "model_name": col("model_name", required=True, description="HF repo id"),
    "model_precision": col("model_precision"),
    "model_type": col("model_type"),
    "model_architecture": col("model_architecture"),
    "model_average_score": col("model_average_score", "float", min=0, max=100, description="percent"),
    "model_has_chat_template": col("model_has_chat_template", "bool"),
    **{
        f"evaluations_{b}_value": col(f"evaluations_{b}_value", "float", min=0, max=1, description="raw, 0..1")
        for b in V2_BENCHMARKS
    },
    **{
        f"evaluations_{b}_normalized_score": col(
            f"evaluations_{b}_normalized_score", "float", min=0, max=100, description="normalised, percent"
        )
        for b in V2_BENCHMARKS
    },
    "features_is_not_available_on_hub": col(
        "features_is_not_available_on_hub", "bool", description="'True' for 2,893 rows, incl. Llama 3: " + _SUSPECT
    ),
    "features_is_merged": col("features_is_merged", "bool"),
    "features_is_moe": col("features_is_moe", "bool"),
    "features_is_flagged": col("features_is_flagged", "bool"),
    "features_is_official_provider": col("features_is_official_provider", "bool"),
    "metadata_upload_date": col("metadata_upload_date", "date", not_future=True),
    "metadata_submission_date": col("metadata_submission_date", "date", not_future=True),
    "metadata_generation": col("metadata_generation", "int", min=0, max=1000, description="fine-tune depth"),
    "metadata_base_model": col("metadata_base_model"),
    "metadata_hub_license": col("metadata_hub_license", description="licence tag on the HF Hub"),
    "metadata_hub_hearts": col("metadata_hub_hearts", "int", min=0, max=1e9, description="HF likes"),
    "metadata_params_billions": col(
        "metadata_params_billions", "float", min=-1, max=10_000, description="billions; -1 and 0 = unknown"
    ),
    "metadata_co2_cost": col("metadata_co2_cost", "float", min=0, max=1e6, description="kg CO2 of the evaluation"),
}

V1 = TableSpec(
    name="open_llm_leaderboard_v1",
    columns=columns(V1_HEADERS, V1_TYPED),
    key=("model", "precision"),
    description="Open LLM Leaderboard v1, final snapshot 2024-07-13 (7,169 evaluations)",
)
V2 = TableSpec(
    name="open_llm_leaderboard_v2",
    columns=columns(V2_HEADERS, V2_TYPED),
    key=("id",),
    description="Open LLM Leaderboard v2, final snapshot 2025-03-21 (4,576 evaluations)",
)


class OpenLLMLeaderboard(Source):
    info = SourceInfo(
        name="open_llm_leaderboard",
        title="Hugging Face Open LLM Leaderboard (final v1 and v2 snapshots)",
        folder="open_llm_leaderboard",
        licence="MPL-2.0",
        attribution=(
            "Hugging Face Open LLM Leaderboard (huggingface.co/spaces/open-llm-leaderboard), snapshots compiled by "
            "fboulnois, https://github.com/fboulnois/llm-leaderboard-csv (MPL-2.0)"
        ),
        url="https://github.com/fboulnois/llm-leaderboard-csv",
        data_date="2025-03-21",
    )
    files = (
        SourceFile("open_llm_leaderboard_v1_final_2024-07-13.csv.gz", V1),
        SourceFile("open_llm_leaderboard_v2_final_2025-03-21.csv.gz", V2),
    )


SOURCE = OpenLLMLeaderboard()

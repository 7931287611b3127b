"""Epoch AI — Data on AI Models: four CSV exports (all, notable, large-scale, frontier), merged on `Model` in the core.

Source: epoch.ai/data/ai-models (CC-BY 4.0). The four files overlap; the store keeps each as its own raw table and
the core `model_releases` takes one row per model, preferring the fullest file (all > notable > large-scale > frontier).
"""

from __future__ import annotations

from avsi.sources.base import Source, SourceFile, SourceInfo, TableSpec
from avsi.sources.spec import col, columns

ALL_HEADERS = (
    "Model", "Domain", "Task", "Organization", "Authors", "Publication date", "Reference", "Link", "Citations",
    "Notability criteria", "Notability criteria notes", "Parameters", "Parameters notes", "Training compute (FLOP)",
    "Training compute notes", "Training dataset size (total)", "Dataset size notes", "Training time (hours)",
    "Training time notes", "Training hardware", "Approach", "Confidence", "Abstract", "Epochs",
    "WikiText and Penn Treebank data", "Model accessibility", "Country (of organization)", "Base model",
    "Finetune compute (FLOP)", "Finetune compute notes", "Hardware quantity", "Hardware utilization (MFU)",
    "Last modified", "Training cloud compute vendor", "Training data center", "Archived links", "Batch size",
    "Batch size notes", "Organization categorization", "Foundation model", "Training compute lower bound",
    "Training compute upper bound", "Training chip-hours", "Training code accessibility", "Accessibility notes",
    "Possibly over 1e23 FLOP", "Training compute cost (2023 USD)", "Utilization notes", "Numerical format",
    "Frontier model", "Training power draw (W)", "Training compute estimation method", "Hugging Face developer id",
    "Post-training compute (FLOP)", "Post-training compute notes", "Hardware utilization (HFU)", "Open model weights?",
)  # fmt: skip
NOTABLE_HEADERS = (
    "Model", "Organization", "Publication date", "Domain", "Task", "Parameters", "Parameters notes",
    "Training compute (FLOP)", "Training compute notes", "Training dataset", "Training dataset size (total)",
    "Dataset size notes", "Confidence", "Link", "Reference", "Citations", "Authors", "Abstract",
    "Organization categorization", "Country (of organization)", "Notability criteria", "Notability criteria notes",
    "Epochs", "Training time (hours)", "Training time notes", "Training hardware", "Hardware quantity",
    "Hardware utilization (MFU)", "Training compute cost (2023 USD)", "Compute cost notes", "Training power draw (W)",
    "Base model", "Finetune compute (FLOP)", "Finetune compute notes", "Batch size", "Batch size notes",
    "Model accessibility", "Training code accessibility", "Inference code accessibility", "Accessibility notes",
    "Numerical format", "Frontier model", "Hardware acquisition cost", "Hardware utilization (HFU)",
    "Training compute cost (cloud)", "Training compute cost (upfront)", "Open model weights?",
)  # fmt: skip
LARGE_SCALE_HEADERS = (
    "Model", "Domain", "Task", "Authors", "Model accessibility", "Link", "Citations", "Reference",
    "Publication date", "Organization", "Parameters", "Parameters notes", "Training compute (FLOP)",
    "Training compute notes", "Training dataset", "Training dataset notes",
    "(DEPRECATED) Training dataset size (datapoints)", "Dataset size notes", "Training time (hours)",
    "Training time notes", "Training hardware", "Confidence", "Abstract", "Country (of organization)", "Base model",
    "Finetune compute (FLOP)", "Finetune compute notes", "Hardware quantity", "Hardware utilization (MFU)",
    "Training code accessibility", "Accessibility notes", "Hardware utilization (HFU)",
    "Training compute cost (cloud)", "Training compute cost (upfront)",
)  # fmt: skip
FRONTIER_HEADERS = (
    "Model", "Publication date", "Organization", "Training compute (FLOP)", "Training compute notes", "Domain",
    "Task", "Link", "Parameters", "Parameters notes", "Authors", "Notability criteria", "Notability criteria notes",
    "Model accessibility", "Citations", "Reference", "Training dataset", "Training dataset notes",
    "Dataset size notes", "Epochs", "Training time (hours)", "Training time notes", "Training hardware",
    "Compute cost notes", "Confidence", "Abstract", "Country (of organization)", "Base model",
    "Finetune compute (FLOP)", "Finetune compute notes", "Hardware quantity", "Hardware utilization (MFU)",
    "Training data center", "Batch size", "Batch size notes", "Training chip-hours", "Training code accessibility",
    "Accessibility notes", "Training compute cost (2023 USD)", "Training dataset size", "Utilization notes",
    "Estimated over 1e25 FLOP", "Power per GPU", "Base model compute", "API prices", "Inference code accessibility",
    "Numerical format", "Frontier model", "Training power draw (W)", "FLOP/$", "Hardware release date",
    "Training compute estimation method", "Post-training compute (FLOP)", "Post-training compute notes",
    "Model versions (benchmarks)", "Maybe over 1e25 FLOP", "Hardware utilization (HFU)",
    "Training compute cost (cloud)", "Training compute cost (upfront)", "Training dataset size (total)",
    "Open model weights?",
)  # fmt: skip

# The typed columns the later stages use; the same rules in every Epoch file.
TYPED = {
    "Model": col("model", required=True),
    "Publication date": col("publication_date", "date", not_future=True),
    "Parameters": col("parameters", "float", min=1, max=1e15, description="total parameters"),
    "Training compute (FLOP)": col("training_compute_flop", "float", min=1, max=1e31),
    "Training compute cost (2023 USD)": col("training_compute_cost_2023_usd", "float", min=0, max=1e11),
    "Training compute cost (cloud)": col("training_compute_cost_cloud", "float", min=0, max=1e11),
    "Training compute cost (upfront)": col("training_compute_cost_upfront", "float", min=0, max=1e12),
    "Training time (hours)": col("training_time_hours", "float", min=0, max=1e6),
    "Hardware quantity": col("hardware_quantity", "float", min=0, max=1e8),
    "Training power draw (W)": col("training_power_draw_w", "float", min=0, max=1e11),
    "Citations": col("citations", "float", min=0),
    "Finetune compute (FLOP)": col("finetune_compute_flop", "float", min=0, max=1e31),
    "Post-training compute (FLOP)": col("post_training_compute_flop", "float", min=0, max=1e31),
    "Training chip-hours": col("training_chip_hours", "float", min=0),
    "Open model weights?": col("open_model_weights", "bool"),
    "Frontier model": col("frontier_model", "bool"),
    "Foundation model": col("foundation_model", "bool"),
    "Last modified": col("last_modified", "timestamp"),
}


def _table(name: str, headers: tuple[str, ...], description: str) -> TableSpec:
    typed = {h: c for h, c in TYPED.items() if h in headers}
    return TableSpec(name=name, columns=columns(headers, typed), key=("model",), description=description)


ALL = _table("epoch_all_models", ALL_HEADERS, "Every AI system Epoch tracks (~3.2k), one row per model")
NOTABLE = _table("epoch_notable_models", NOTABLE_HEADERS, "Epoch's notable models")
LARGE_SCALE = _table("epoch_large_scale_models", LARGE_SCALE_HEADERS, "Models trained with over 1e23 FLOP")
FRONTIER = _table("epoch_frontier_models", FRONTIER_HEADERS, "Top-10 in training compute when released")


class Epoch(Source):
    info = SourceInfo(
        name="epoch",
        title="Epoch AI — Data on AI Models",
        folder="epoch_ai_models",
        licence="CC-BY-4.0",
        attribution='Epoch AI, "Data on AI Models", https://epoch.ai/data/ai-models (CC BY 4.0)',
        url="https://epoch.ai/data/ai-models",
        data_date="2026-03-30",
    )
    files = (
        SourceFile("all_ai_models.csv.gz", ALL),
        SourceFile("notable_ai_models.csv.gz", NOTABLE),
        SourceFile("large_scale_ai_models.csv.gz", LARGE_SCALE),
        SourceFile("frontier_ai_models.csv.gz", FRONTIER),
    )


SOURCE = Epoch()

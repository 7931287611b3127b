"""The synthetic hub: fitted to the real subset (kinds, licences, fan-out, depth, bases' concentration), readable by
the real loader, with the dangling references, self-loops and cycles the pipeline must count."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from avsi.hub.engine import engine_session
from avsi.hub.loader import hub_batches, hub_reader
from avsi.hub.pipeline import compute
from avsi.hub.reference import REPO_MODELS, namespace_table
from avsi.hub.synthetic import HubProfile, fit_profile, generate_hub
from tests.hub.support import subset_rows

N = 20_000


@pytest.fixture(scope="module")
def profile() -> HubProfile:
    return fit_profile()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, profile: HubProfile) -> Path:
    return generate_hub(tmp_path_factory.mktemp("synthetic") / "hub.parquet", N, seed=3, profile=profile)


def shares(values: list[object]) -> dict[object, float]:
    counts = Counter(values)
    return {k: v / len(values) for k, v in counts.items()}


def test_profile_is_fitted_to_the_real_subset(profile: HubProfile) -> None:
    assert sum(profile.relation_shares.values()) == pytest.approx(1.0)
    assert profile.relation_shares[""] == pytest.approx(1581 / 4167)
    assert profile.relation_shares["merge"] == pytest.approx(1116 / 4167)
    assert sum(profile.namespace_sizes) == 4167 and len(profile.namespace_sizes) == 728
    # Bases by direct derivatives in the subset: a DPO sweep's SFT base (74), then Qwen and Llama instruct models.
    assert profile.bases[0] == "JayHyeon/Qwen2.5-0.5B-SFT-2e-5-2ep"
    assert {"Qwen/Qwen2.5-7B-Instruct", "meta-llama/Llama-3.1-8B-Instruct"} <= set(profile.bases[:5])
    assert sum(profile.depth_probs) == pytest.approx(1.0) and profile.depth_probs[0] > 0.5
    assert profile.popularity > 1.0  # bases are more concentrated than a uniform choice


def test_synthetic_distributions_follow_the_real_ones(hub: Path, profile: HubProfile) -> None:
    real = subset_rows()
    fake = pa.Table.from_batches(list(hub_batches(hub)))
    assert fake.num_rows == N and len(pq.ParquetFile(hub).schema_arrow.names) == 10
    real_kinds, fake_kinds = shares(real["kind"].to_pylist()), shares(fake["kind"].to_pylist())
    for kind in (None, "fine-tune", "merge"):
        assert fake_kinds[kind] == pytest.approx(real_kinds[kind], abs=0.03), kind
    real_lic, fake_lic = shares(real["licence"].to_pylist()), shares(fake["licence"].to_pylist())
    for licence in ("apache-2.0", None, "other", "mit"):
        assert fake_lic[licence] == pytest.approx(real_lic[licence], abs=0.03), licence
    fan_in = [len(b) for b, k in zip(fake["base_models"].to_pylist(), fake["kind"].to_pylist(), strict=True)
              if k == "merge" and b]  # fmt: skip
    real_fan = sum(profile.merge_bases) / len(profile.merge_bases)
    assert sum(fan_in) / len(fan_in) == pytest.approx(real_fan, rel=0.2)
    assert Counter(fake["namespace"].to_pylist()).most_common(1)[0][1] > 50  # heavy-tailed namespaces


def test_the_pipeline_counts_what_was_injected(hub: Path) -> None:
    with engine_session("duckdb") as engine:
        results = compute(engine, hub_reader(hub), namespace_table(None), REPO_MODELS.empty_table())
    stats = dict(zip(results["hub_stats"]["metric"].to_pylist(), results["hub_stats"]["value"].to_pylist(),
                     strict=True))  # fmt: skip
    assert stats["repos"] == N and stats["cycles"] >= 1 and stats["self_loops"] >= 1
    assert 0.005 < stats["dangling_edges"] / stats["edges"] < 0.02
    assert stats["edges_from_cards"] > 0 and 5 <= stats["max_depth"] <= 20
    bases = results["hub_bases"].to_pylist()
    top = max(bases, key=lambda b: b["derivatives"])
    assert top["derivatives"] > 0.05 * stats["derivatives"]  # a few bases carry much of the hub, as on the real one


def test_same_seed_same_hub(tmp_path: Path, profile: HubProfile) -> None:
    a = pq.read_table(generate_hub(tmp_path / "a.parquet", 2000, seed=5, profile=profile))
    b = pq.read_table(generate_hub(tmp_path / "b.parquet", 2000, seed=5, profile=profile))
    c = pq.read_table(generate_hub(tmp_path / "c.parquet", 2000, seed=6, profile=profile))
    assert a.equals(b) and not a.equals(c)

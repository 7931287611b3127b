"""The advisor's data files: they load, their numbers agree with the real hardware data, broken files fail clearly."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from avsi.advise.rules import (
    GIB,
    RulesError,
    advice_rules,
    blended_price,
    gpus_needed,
    hardware_rules,
    memory_gib,
    monthly_self_hosted_cost,
)


def test_gpu_bandwidths_are_epochs(shipped_db: Path) -> None:
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        for key, gpu in hardware_rules().gpus.items():
            row = con.execute(
                "SELECT memory_bandwidth_byte_s FROM epoch_ml_hardware WHERE hardware_name = ?", [gpu.epoch_name]
            ).fetchone()
            assert row is not None, f"{key}: {gpu.epoch_name!r} is not in Epoch's ML hardware table"
            assert gpu.bandwidth_gb_s == pytest.approx(row[0] / 1e9, rel=0.01), key
    finally:
        con.close()


def test_memory_from_parameters_and_from_llmfit() -> None:
    overhead = hardware_rules().memory.overhead_factor
    seven_b = memory_gib(7e9, None)
    assert seven_b[16] == pytest.approx(7e9 * 2 / GIB * overhead, abs=0.01)
    assert seven_b[4] * 4 == pytest.approx(seven_b[16], abs=0.05)
    from_llmfit = memory_gib(7e9, 3.9)  # llmfit's 4-bit figure (GB) wins over the parameter count
    assert from_llmfit[4] == pytest.approx(3.9e9 / GIB * overhead, abs=0.01)
    assert from_llmfit[8] == pytest.approx(2 * from_llmfit[4], abs=0.01)
    assert memory_gib(None, None) == {4: None, 8: None, 16: None}


def test_costs_and_blends() -> None:
    hw = hardware_rules()
    assert blended_price(1.0, 3.0) == pytest.approx(0.75 * 1 + 0.25 * 3)
    assert blended_price(None, 2.0) == pytest.approx(2.0)
    assert gpus_needed(100, "h100-80gb") == 2 and gpus_needed(1, "h100-80gb") == 1
    cost, replicas = monthly_self_hosted_cost("h100-80gb", 1, 8e9, 8, 0)
    assert (cost, replicas) == (pytest.approx(hw.gpus["h100-80gb"].usd_per_hour * 730), 1)
    _, many = monthly_self_hosted_cost("rtx-4090", 1, 70e9, 4, 10**12)
    assert many > 1


def test_every_class_names_a_gpu_and_weights_add_up() -> None:
    hw = hardware_rules()
    assert all(cls.gpu in hw.gpus for cls in hw.classes.values())
    assert sum(advice_rules().ranking.values()) == pytest.approx(1)
    assert set(advice_rules().licence_needs) == {"commercial_use", "modification", "no_user_cap",
                                                 "no_geographic_exclusion", "no_output_restrictions"}  # fmt: skip


def test_broken_rule_files_fail_with_the_file_named(tmp_path: Path) -> None:
    bad = tmp_path / "hardware.yaml"
    bad.write_text("version: '1'\nmemory: {overhead_factor: 0.5, bits: [4]}\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"hardware\.yaml"):
        hardware_rules(bad)
    weights = tmp_path / "advice.yaml"
    weights.write_text("version: '1'\nlicence_needs: {}\nranking: {capability: 2.0}\n", encoding="utf-8")
    with pytest.raises(RulesError, match="ranking"):
        advice_rules(weights)
    with pytest.raises(RulesError, match=r"missing\.yaml"):
        hardware_rules(tmp_path / "missing.yaml")

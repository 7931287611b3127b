"""The methodology file: the shipped one validates, and a broken one fails with the file and the field named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from avsi.exceptions import MethodologyError
from avsi.score.methodology import AXES, DEFAULT_PATH, DIMENSIONS, load_methodology


def test_shipped_methodology_is_valid_and_hashed() -> None:
    m = load_methodology()
    assert m.version == "2026.2"
    assert tuple(m.dimensions) == DIMENSIONS and tuple(m.aggregation.axes) == AXES
    assert len(m.sha256) == 64
    # every dimension has indicators, and the weights of the accessible ones are the documented nominal ones
    assert {i.id: i.weight for i in m.in_dimension("accessible")} == {
        "weights_access": 0.4, "licence_openness": 0.3, "training_code_open": 0.15, "training_data_open": 0.15,
        "documentation_open": 0.1, "paper_open": 0.1,
    }  # fmt: skip
    assert m.indicator("blended_price").direction == "lower_is_more"
    assert m.indicator("blended_price").transform == "log10"


def _write(tmp_path: Path, edit: object) -> Path:
    data = yaml.safe_load(DEFAULT_PATH.read_text())
    assert callable(edit)
    edit(data)
    path = tmp_path / "methodology.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["indicators"][0].update(weight=-1), "indicators.0.weight: Input should be greater than 0"),
        (lambda d: d["indicators"][0].update(dimension="openness"), "unknown dimension 'openness'"),
        (lambda d: d["indicators"][0].update(direction="up"), "indicators.0.direction"),
        (lambda d: d["indicators"][0].update(levels={"open": 130}), "levels are on 0..100"),
        (lambda d: d["indicators"].append(dict(d["indicators"][0])), "repeated: weights_access"),
        (lambda d: d["aggregation"]["axes"]["open_proprietary"]["first_pole"].update(indicators=["x"]),
         "either dimensions or indicators"),
        (lambda d: d["uncertainty"]["comparisons"][0].update(measure="happiness"), "unknown measure 'happiness'"),
        (lambda d: d.pop("version"), "version: Field required"),
        (lambda d: d["indicators"][0].update(colour="blue"), "indicators.0.colour: Extra inputs are not permitted"),
    ],
)  # fmt: skip
def test_broken_methodology_names_file_and_field(tmp_path: Path, edit: object, message: str) -> None:
    path = _write(tmp_path, edit)
    with pytest.raises(MethodologyError) as info:
        load_methodology(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_not_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: [unclosed\n")
    with pytest.raises(MethodologyError, match=r"bad\.yaml: not valid YAML"):
        load_methodology(bad)
    with pytest.raises(MethodologyError, match=r"nowhere\.yaml: cannot read"):
        load_methodology(tmp_path / "nowhere.yaml")


def test_methodology_doc_lists_every_indicator_with_its_weight() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "methodology.md").read_text()
    for ind in load_methodology().indicators:
        assert f"| `{ind.id}` |" in doc, ind.id
        row = next(line for line in doc.splitlines() if f"| `{ind.id}` |" in line)
        assert row.rstrip().endswith(f"| {ind.weight} |"), row

"""Schemathesis against the OpenAPI document: generated requests (valid and invalid) for every operation, every
response checked against the document (status codes, content types, schemas) and no server error."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from avsi.web.front import Front

MIN_REQUESTS = 1000
PER_OPERATION = {GenerationMode.POSITIVE: 110, GenerationMode.NEGATIVE: 50}


@dataclass
class Tally:
    sent: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)


def exercise(operation: Any, mode: GenerationMode, examples: int, tally: Tally) -> None:
    """`examples` generated requests for one operation; valid ones must conform to the document."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def run(case: Any) -> None:
        response = case.call()
        tally.sent[f"{operation.label} {mode.value}"] += 1
        tally.statuses[response.status_code] += 1
        if response.status_code >= 500:
            tally.server_errors.append(f"{operation.label} {case.path_parameters} {case.query}: {response.text}")
        if mode is GenerationMode.POSITIVE:
            case.validate_response(response)

    try:
        run()
    except Unsatisfiable:  # an operation without parameters has no invalid request to generate
        assert mode is GenerationMode.NEGATIVE and not tally.sent[f"{operation.label} {mode.value}"]


def test_schemathesis_finds_no_server_error(web_app: Front) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", web_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13
    tally = Tally()
    for operation in operations:
        for mode, examples in PER_OPERATION.items():
            exercise(operation, mode, examples, tally)
    total = sum(tally.sent.values())
    print(f"schemathesis: {total} requests, {len(operations)} operations, statuses {sorted(tally.statuses.items())}")
    assert tally.server_errors == []
    assert total >= MIN_REQUESTS
    assert tally.statuses[200] > 0 and tally.statuses[422] > 0  # both accepted and rejected requests were exercised

"""Run every benchmark and print its ratios; `python -m benchmarks [name ...]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks import bench_build, bench_claims, bench_hub, bench_licences, bench_resolve, bench_score, bench_web

BENCHES = {
    "build": bench_build,
    "resolve": bench_resolve,
    "score": bench_score,
    "licences": bench_licences,
    "claims": bench_claims,
    "web": bench_web,
    "hub": bench_hub,
}


def main(argv: list[str]) -> None:
    chosen = argv or list(BENCHES)
    results = {}
    for name in chosen:
        module = BENCHES[name]
        result = module.run()
        results[name] = result
        print(module.report(result), flush=True)
    out = Path("benchmarks") / "last_results.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"results written to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])

"""Run every benchmark and print its ratios; `python -m benchmarks [name ...]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks import bench_build, bench_resolve

BENCHES = {"build": bench_build, "resolve": bench_resolve}


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

"""`avsi hub build` on a synthetic 2.5M-repo hub: wall time, peak memory, ratio to plain pandas (goals <= 30 s,
<= 4 GiB, >= 20x); the scaling curve at 0.1M, 0.5M, 1M and 2.5M repos (docs/hub-scaling.png); Spark local[2].

Each measured run is a fresh subprocess (its peak RSS is its own VmHWM; Spark's JVM is not counted); the synthetic
hubs are generated in a temporary folder (fitted to the real subset, see avsi.hub.synthetic), never in the repository.
The pandas baseline (benchmarks/hub_pandas.py) computes the same tables; the benchmark checks that both agree.
`AVSI_BENCH_HUB_SIZES=100000,500000` runs other sizes; `AVSI_BENCH_HUB_PANDAS=ends` times pandas only at the
smallest and largest (the whole run takes ~10 minutes on 2 cores, most of it pandas).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

SIZES = (100_000, 500_000, 1_000_000, 2_500_000)
SPARK_SIZE = 100_000
CHART = Path("docs") / "hub-scaling.png"


def _child(mode: str, db: str, data: str, out: str) -> None:
    """One measured run, in this (fresh) process; prints a JSON line."""
    started = time.perf_counter()
    if mode == "pandas":
        from benchmarks import hub_pandas

        refs = Path(out)
        frames = hub_pandas.compute(data, pq.read_table(refs / "namespaces.parquet"),
                                    pq.read_table(refs / "repo_models.parquet"))  # fmt: skip
        seconds = time.perf_counter() - started
        for name, table in hub_pandas.as_arrow(frames).items():
            pq.write_table(table, refs / f"pandas_{name}.parquet")
    else:
        from avsi import build_hub

        report = build_hub(db, data, engine=mode)
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_gib": _peak_gib()}), flush=True)
    if mode != "pandas":
        print(json.dumps({"stats": report.stats}), flush=True)


def _peak_gib() -> float:
    """This process's peak resident memory: VmHWM (ru_maxrss would include the parent's at fork)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024 / 1024  # kB -> GiB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def _measure(mode: str, db: Path, data: Path, out: Path) -> dict[str, Any]:
    env = {**os.environ, "SPARK_LOCAL_IP": os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_hub", "--child", mode, str(db), str(data), str(out)],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"{mode} run failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            result.update(json.loads(line))
    return result


def _agree(db: Path, out: Path) -> bool:
    """The DuckDB pipeline's tables (in `db`) and the pandas baseline's (in `out`) hold the same rows."""
    from avsi.hub.tables import SCHEMAS
    from tests.hub.support import differences

    con = duckdb.connect(str(db), read_only=True)
    try:
        ours = {n: con.execute(f'SELECT * FROM "{n}"').to_arrow_table().cast(SCHEMAS[n]) for n in SCHEMAS
                if (out / f"pandas_{n}.parquet").exists()}  # fmt: skip
    finally:
        con.close()
    theirs = {n: pq.read_table(out / f"pandas_{n}.parquet").cast(SCHEMAS[n]) for n in ours}
    found = differences(ours, theirs, skip=())
    for line in found[:5]:
        print("  pandas/avsi difference:", line[:300], file=sys.stderr)
    return not found


def run() -> dict[str, Any]:
    from avsi import build
    from avsi.hub.reference import namespace_table, repo_model_table
    from avsi.hub.synthetic import fit_profile, generate_hub

    sizes = tuple(int(s) for s in os.environ.get("AVSI_BENCH_HUB_SIZES", "").split(",") if s) or SIZES
    pandas_all = os.environ.get("AVSI_BENCH_HUB_PANDAS") != "ends"
    result: dict[str, Any] = {"sizes": list(sizes), "duckdb": {}, "pandas": {}}
    with tempfile.TemporaryDirectory(prefix="avsi-bench-hub-") as tmp:
        work = Path(tmp)
        shipped = work / "shipped.duckdb"
        build(shipped)
        con = duckdb.connect(str(shipped), read_only=True)
        namespaces = namespace_table(con)
        pq.write_table(namespaces, work / "namespaces.parquet")
        pq.write_table(repo_model_table(con, namespaces), work / "repo_models.parquet")
        con.close()
        profile = fit_profile()
        for n in sizes:
            data = work / f"hub_{n}.parquet"
            started = time.perf_counter()
            generate_hub(data, n, seed=1, profile=profile)
            generated = time.perf_counter() - started
            db = work / f"avsi_{n}.duckdb"
            shutil.copy(shipped, db)
            run_duck = _measure("duckdb", db, data, work)
            result["duckdb"][str(n)] = {"seconds": run_duck["seconds"], "peak_gib": run_duck["peak_gib"],
                                        "generate_s": generated, "edges": run_duck["stats"]["edges"],
                                        "closure_pairs": run_duck["stats"]["closure_pairs"]}  # fmt: skip
            if pandas_all or n in (sizes[0], sizes[-1]):
                run_pandas = _measure("pandas", db, data, work)
                result["pandas"][str(n)] = {"seconds": run_pandas["seconds"], "peak_gib": run_pandas["peak_gib"]}
                if n == sizes[0]:
                    result["pandas_agrees"] = _agree(db, work)
            if n == min(sizes, key=lambda s: abs(s - SPARK_SIZE)):
                spark_db = work / "spark.duckdb"
                shutil.copy(shipped, spark_db)
                result["spark"] = {"repos": n, "seconds": _measure("spark", spark_db, data, work)["seconds"],
                                   "duckdb_seconds": run_duck["seconds"]}  # fmt: skip
            data.unlink()
            db.unlink()
    largest = str(sizes[-1])
    result["ratio"] = result["pandas"][largest]["seconds"] / result["duckdb"][largest]["seconds"]
    result["chart"] = str(_chart(result))
    return result


def _chart(result: dict[str, Any]) -> Path:
    import altair as alt
    import pandas as pd

    rows = [{"repos (millions)": int(n) / 1e6, "engine": label, "seconds": r["seconds"], "peak GiB": r["peak_gib"]}
            for key, label in (("duckdb", "avsi (DuckDB)"), ("pandas", "plain pandas"))
            for n, r in result[key].items()]  # fmt: skip
    frame = pd.DataFrame(rows)
    base = alt.Chart(frame).encode(x=alt.X("repos (millions):Q"), color=alt.Color("engine:N"))
    time_chart = base.mark_line(point=True).encode(y=alt.Y("seconds:Q", title="wall time (s)")).properties(
        title="avsi hub build on a synthetic hub", width=360, height=240)  # fmt: skip
    memory = base.mark_line(point=True).encode(y=alt.Y("peak GiB:Q", title="peak memory (GiB)")).properties(
        title="peak memory", width=360, height=240)  # fmt: skip
    CHART.parent.mkdir(parents=True, exist_ok=True)
    alt.hconcat(time_chart, memory).save(str(CHART), scale_factor=2)
    return CHART


def report(result: dict[str, Any]) -> str:
    lines = ["hub: avsi hub build on synthetic hubs (DuckDB; each run a fresh process)"]
    for n in result["sizes"]:
        d = result["duckdb"][str(n)]
        p = result["pandas"].get(str(n))
        extra = f"   pandas {p['seconds']:7.1f} s {p['peak_gib']:5.2f} GiB" if p else ""
        lines.append(f"  {n:>9,} repos  {d['seconds']:6.1f} s  {d['peak_gib']:5.2f} GiB  ({d['edges']:,} edges, "
                     f"{d['closure_pairs']:,} closure pairs){extra}")  # fmt: skip
    largest = result["duckdb"][str(result["sizes"][-1])]
    lines.append(
        f"  largest: {largest['seconds']:.1f} s (goal <= 30), {largest['peak_gib']:.2f} GiB (goal <= 4), "
        f"ratio to pandas {result['ratio']:.1f}x (goal >= 20); pandas agrees: {result.get('pandas_agrees')}"
    )
    if "spark" in result:
        s = result["spark"]
        lines.append(
            f"  Spark local[2] on {s['repos']:,} repos: {s['seconds']:.1f} s (DuckDB {s['duckdb_seconds']:.1f} s)"
        )
    lines.append(f"  chart: {result['chart']}")
    return "\n".join(lines)


if __name__ == "__main__" and len(sys.argv) == 6 and sys.argv[1] == "--child":
    _child(*sys.argv[2:])

"""Load test of `avsi serve` on loopback with wrk: requests/s and p50/p99 latency at 100 concurrent connections,
for cached API reads and pages (goal: p99 <= 50 ms and >= 1,000 req/s), against the same routes uncached (every
request carries a unique query parameter, so every one is rendered) measured in the same run.

Needs the `wrk` load generator (Debian: `apt-get install wrk`).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from avsi import build

CONNECTIONS = 100
THREADS = 2
SECONDS = 10
CACHED = {
    "api: model table": "/api/v1/models?limit=50",
    "api: one model": "/api/v1/models/llama-4-scout",
    "api: advisor": "/api/v1/advise?gpu_memory_gib=24&need=commercial_use",
    "page: overview": "/",
    "page: model table": "/models",
    "page: one model": "/models/llama-4-scout",
}
UNCACHED = {"api: model table": "/api/v1/models?limit=50", "page: one model": "/models/llama-4-scout"}
# Each wrk thread numbers its requests; the extra parameter makes every URL new to the response cache.
UNIQUE_LUA = """
local n = 0
local id = tostring(math.random(1, 1000000000))
request = function()
  n = n + 1
  return wrk.format(nil, wrk.path .. "{sep}nocache=" .. id .. "-" .. n)
end
"""
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * _UNITS[unit]


def wrk(url: str, script: Path | None = None) -> dict[str, float]:
    """One wrk run: requests/s, p50 and p99 latency (ms), errors (socket errors + non-2xx/3xx responses)."""
    exe = shutil.which("wrk")
    if exe is None:
        raise RuntimeError("the web benchmark needs wrk: apt-get install wrk")
    cmd = [exe, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "--latency", url]
    if script is not None:
        cmd[1:1] = ["-s", str(script)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
            "p50_ms": _ms(latency["50"]), "p99_ms": _ms(latency["99"]), "errors": float(errors)}  # fmt: skip


def _serve(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "avsi", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/meta", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"avsi serve did not start: {log.read_text()}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def run() -> dict[str, float]:
    result: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build(db)
        port = free_port()
        proc = _serve(db, port, Path(tmp) / "serve.log")
        result["load_average_before"] = os.getloadavg()[0]
        try:
            base = f"http://127.0.0.1:{port}"
            for path in CACHED.values():  # first request of each URL fills the cache
                assert httpx.get(base + path, timeout=60).status_code == 200, path
            for name, path in CACHED.items():
                for key, value in wrk(base + path).items():
                    result[f"cached {name} {key}"] = value
            for name, path in UNCACHED.items():
                script = Path(tmp) / "unique.lua"
                script.write_text(UNIQUE_LUA.replace("{sep}", "&" if "?" in path else "?"), encoding="utf-8")
                for key, value in wrk(base + path, script).items():
                    result[f"uncached {name} {key}"] = value
                ratio = result[f"cached {name} rps"] / result[f"uncached {name} rps"]
                result[f"ratio {name} cached/uncached rps"] = ratio
            result["load_average_after"] = os.getloadavg()[0]
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return result


def report(result: dict[str, float]) -> str:
    lines = [f"web: wrk, {CONNECTIONS} connections, {THREADS} threads, {SECONDS} s per route, loopback"
             " (goal for cached reads: >= 1,000 req/s and p99 <= 50 ms); load average "
             f"{result['load_average_before']:.1f} before, {result['load_average_after']:.1f} after on "
             f"{os.cpu_count()} cores"]  # fmt: skip
    for kind, routes in (("cached", CACHED), ("uncached", UNCACHED)):
        for name in routes:
            k = f"{kind} {name}"
            ok = result[f"{k} rps"] >= 1000 and result[f"{k} p99_ms"] <= 50
            goal = ("  goal met" if ok else "  goal MISSED") if kind == "cached" else ""
            lines.append(f"  {k:<28} {result[f'{k} rps']:8,.0f} req/s  p50 {result[f'{k} p50_ms']:6.1f} ms  "
                         f"p99 {result[f'{k} p99_ms']:6.1f} ms  errors {result[f'{k} errors']:.0f}{goal}")  # fmt: skip
    for name in UNCACHED:
        lines.append(f"  cached/uncached ({name}): {result[f'ratio {name} cached/uncached rps']:.0f}x req/s")
    return "\n".join(lines)

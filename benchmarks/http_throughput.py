"""HTTP throughput and latency of ``POST /v1/assessments`` against a trivial FastAPI endpoint
served the same way (uvicorn, one worker each, the same request and a response of the same
size), as a ratio. Target: >= 0.5 x the trivial endpoint.

    python benchmarks/http_throughput.py [--seconds 20] [--clients 16]

The service runs with its rate limit lifted (``benchmarks/load.py``'s server); the trivial app
(``benchmarks/trivial_app.py``) returns a fixed assessment body of the size the service returns.
The load generator runs on the same machine, so both sides share its cores alike.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.load import CASES, start_server  # noqa: E402


async def drive(base: str, headers: dict[str, str], seconds: float, clients: int
                ) -> tuple[int, int, list[float]]:
    latencies: list[float] = []
    errors = 0
    until = time.monotonic() + seconds

    async def one(client: httpx.AsyncClient, k: int) -> None:
        nonlocal errors
        i = k
        while time.monotonic() < until:
            case = CASES[i % len(CASES)]
            i += clients
            began = time.perf_counter()
            response = await client.post("/v1/assessments", json=case)
            latencies.append(time.perf_counter() - began)
            errors += response.status_code != 200

    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        await asyncio.gather(*(one(client, k) for k in range(clients)))
    return len(latencies), errors, latencies


def start_trivial(body_file: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = {**os.environ, "TRIVIAL_BODY": str(body_file), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "benchmarks.trivial_app:app", "--port", str(port),
         "--workers", "1", "--log-level", "warning"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(f"{base}/healthz", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return process, base


def report(name: str, count: int, errors: int, latencies: list[float], seconds: float) -> float:
    rate = count / seconds
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    print(f"{name:12} {rate:8.0f} req/s  errors {errors}  p50 {q[49] * 1e3:7.1f} ms  "
          f"p95 {q[94] * 1e3:7.1f} ms  p99 {q[98] * 1e3:7.1f} ms")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    service, base, key, folder = start_server(workers=1)
    try:
        headers = {"Authorization": f"Bearer {key}"}
        sample = httpx.post(f"{base}/v1/assessments", json=CASES[0], headers=headers).json()
        body = Path(tempfile.mkdtemp()) / "body.json"
        body.write_text(json.dumps(sample), encoding="utf-8")
        served = asyncio.run(drive(base, headers, args.seconds, args.clients))
    finally:
        service.terminate()
        service.wait()
    trivial, trivial_base = start_trivial(body)
    try:
        baseline = asyncio.run(drive(trivial_base, {}, args.seconds, args.clients))
    finally:
        trivial.terminate()
        trivial.wait()
    print(f"{args.clients} clients, {args.seconds:g} s each, one uvicorn worker each, response "
          f"{body.stat().st_size:,} bytes")
    rate = report("assessment", *served, args.seconds)
    base_rate = report("trivial", *baseline, args.seconds)
    ratio = rate / base_rate
    print(f"ratio {ratio:.2f} (target >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'}); "
          f"server folder {folder}")


if __name__ == "__main__":
    main()

"""Load test of the HTTP service (run by hand, not in CI).

    python benchmarks/load.py                       # starts its own server (SQLite, temp dir)
    python benchmarks/load.py --workers 2 --clients 32 --seconds 60 --store-ratio 0.1
    python benchmarks/load.py --url http://127.0.0.1:8000 --key rr_...   # an existing server

32 concurrent clients POST cases (a mix of the contract's example and partial cases; with
``--store-ratio`` some with ``store=true``) for the duration, then it reports errors (any
non-2xx or transport failure), latency percentiles and throughput. Rate limits are raised for the
server it starts; against an existing server use a key whose limits allow the load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CASES: list[dict[str, Any]] = [
    {"destination": "UZ", "removing_state": "RU", "as_of": "2013-04-25",
     "proceeding": "extradition",
     "charges": [{"category": "religious_extremism", "organisation": "hizb_ut_tahrir"}],
     "profile": {"ethnicity": "uzbek", "religious_practice": True},
     "past_ill_treatment": "documented", "refugee_status": "unhcr_mandate",
     "interim_measures": [{"body": "ecthr_rule39", "status": "indicated"}],
     "custody": {"detained": True}},
    {"destination": "TJ", "as_of": "2015-06-01"},
    {"destination": "KG", "removing_state": "KZ", "proceeding": "deportation"},
    {"destination": "UZ"},
    {"destination": "CN", "profile": {"ethnicity": "uyghur", "religious_practice": True}},
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(workers: int) -> tuple[subprocess.Popen[bytes], str, str, Path]:
    from refoulement_risk.api.security import generate_key, parse_scopes
    from refoulement_risk.api.storage import Storage

    folder = Path(tempfile.mkdtemp(prefix="rr-load-"))
    url = f"sqlite:///{folder / 'load.sqlite3'}"
    storage = Storage(url, pool=False)
    storage.migrate()
    key, record = generate_key("load", parse_scopes("assess,read"))
    storage.add_key(record)
    storage.dispose()
    port = _free_port()
    env = {**os.environ, "REFOULEMENT_RISK_DATABASE_URL": url,
           "REFOULEMENT_RISK_RATE_LIMIT_PER_MINUTE": "10000000",
           "REFOULEMENT_RISK_RATE_LIMIT_BURST": "10000000",
           "REFOULEMENT_RISK_LOG_LEVEL": "warning", "PYTHONPATH": str(ROOT)}
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "refoulement_risk.cli", "serve", "--port", str(port),
         "--workers", str(workers)], cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        raise SystemExit(f"server did not start; see {folder / 'server.log'}")
    return process, base, key, folder


async def client_loop(client: httpx.AsyncClient, until: float, store_ratio: float,
                      latencies: list[float], statuses: Counter[str], rng: random.Random) -> None:
    while time.monotonic() < until:
        case = rng.choice(CASES)
        store = rng.random() < store_ratio
        began = time.perf_counter()
        try:
            response = await client.post("/v1/assessments", json=case,
                                         params={"store": "true"} if store else None)
            statuses[str(response.status_code)] += 1
        except httpx.HTTPError as exc:
            statuses[type(exc).__name__] += 1
        latencies.append(time.perf_counter() - began)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


async def run(base: str, key: str, clients: int, seconds: float,
              store_ratio: float) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits,
                                 headers={"Authorization": f"Bearer {key}"}) as client:
        began = time.monotonic()
        until = began + seconds
        await asyncio.gather(*(client_loop(client, until, store_ratio, latencies, statuses,
                                           random.Random(i)) for i in range(clients)))
        elapsed = time.monotonic() - began
    ok = sum(n for s, n in statuses.items() if s.startswith("2"))
    total = sum(statuses.values())
    return {
        "clients": clients, "seconds": round(elapsed, 1), "requests": total,
        "errors": total - ok, "statuses": dict(statuses),
        "throughput_rps": round(total / elapsed, 1),
        "latency_ms": {"p50": round(percentile(latencies, 50) * 1000, 1),
                       "p95": round(percentile(latencies, 95) * 1000, 1),
                       "p99": round(percentile(latencies, 99) * 1000, 1),
                       "max": round(max(latencies, default=0) * 1000, 1),
                       "mean": round(statistics.fmean(latencies) * 1000, 1)
                       if latencies else None},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an existing server (else one is started)")
    parser.add_argument("--key", help="API key with the assess scope (with --url)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the started server")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--store-ratio", type=float, default=0.1,
                        help="share of requests with store=true")
    parser.add_argument("--json", action="store_true", help="print the report as JSON only")
    args = parser.parse_args()

    process, folder = None, None
    if args.url:
        if not args.key:
            parser.error("--url needs --key")
        base, key = args.url.rstrip("/"), args.key
    else:
        process, base, key, folder = start_server(args.workers)
    try:
        report = asyncio.run(run(base, key, args.clients, args.seconds, args.store_ratio))
    finally:
        if process is not None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    report["server"] = base if args.url else f"started: {args.workers} workers, SQLite"
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        lat = report["latency_ms"]
        print(f"{report['clients']} clients, {report['seconds']} s, {report['server']}")
        print(f"requests {report['requests']}, errors {report['errors']} "
              f"(statuses {report['statuses']})")
        print(f"throughput {report['throughput_rps']} req/s")
        print(f"latency ms: p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  "
              f"max {lat['max']}  mean {lat['mean']}")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

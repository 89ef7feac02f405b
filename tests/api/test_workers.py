"""Issue 8, item 6 (service part), with ``serve --workers 2``: the metrics are summed across the
workers (prometheus_client in multiprocess mode): every scrape, whichever worker answers it,
shows the total of the requests both workers handled; and with Redis as the rate-limit store
a key's limit holds across both workers."""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from refoulement_risk.api.security import generate_key, parse_scopes
from refoulement_risk.api.storage import Storage

from .live import LiveServer

pytestmark = pytest.mark.slow

REQUESTS = 40


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[LiveServer, str, Path]]:
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    storage = Storage(database, pool=False)
    storage.migrate()
    key, record = generate_key("scraper", parse_scopes("admin"))
    storage.add_key(record)
    storage.dispose()
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    server = LiveServer(tmp_path, "--workers", "2", REFOULEMENT_RISK_DATABASE_URL=database,
                        PROMETHEUS_MULTIPROC_DIR=str(metrics))
    yield server, key, metrics
    server.stop()


def _count(text: str) -> float:
    match = re.search(r'refoulement_risk_http_requests_total\{method="GET",route="/healthz",'
                      r'status="200"\} ([0-9.]+)', text)
    return float(match.group(1)) if match else 0.0


def test_metrics_are_summed_across_two_workers(
        two_workers: tuple[LiveServer, str, Path]) -> None:
    server, key, metrics = two_workers
    for _ in range(REQUESTS):  # a new connection each: the kernel spreads them over workers
        with httpx.Client() as client:
            assert client.get(f"{server.base}/healthz").status_code == 200
    writers = {path.name.rsplit("_", 1)[-1] for path in metrics.glob("counter_*.db")}
    assert len(writers) == 2, sorted(p.name for p in metrics.iterdir())  # both workers counted
    for _ in range(6):  # whichever worker answers the scrape, it sees the total
        with httpx.Client() as client:
            scrape = client.get(f"{server.base}/metrics",
                                headers={"Authorization": f"Bearer {key}"})
        assert scrape.status_code == 200
        assert _count(scrape.text) == REQUESTS


def _redis_url() -> str:
    url = os.environ.get("REFOULEMENT_RISK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        with socket.create_connection(("127.0.0.1", 6379) if "127.0.0.1:6379" in url
                                      else (url.split("//")[1].split(":")[0], 6379),
                                      timeout=1):
            return url
    except OSError:
        pytest.skip(f"Redis at {url} is unreachable: the shared rate-limit test is skipped")


def test_rate_limits_hold_across_two_workers_with_redis(tmp_path: Path) -> None:
    """Burst 3, one a minute: whichever worker takes each request, the fourth is 429."""
    redis = _redis_url()
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    storage = Storage(database, pool=False)
    storage.migrate()
    key, record = generate_key("limited", parse_scopes("assess"))
    storage.add_key(record)
    storage.dispose()
    server = LiveServer(tmp_path, "--workers", "2", REFOULEMENT_RISK_DATABASE_URL=database,
                        REFOULEMENT_RISK_RATE_LIMIT_STORAGE=redis,
                        REFOULEMENT_RISK_RATE_LIMIT_BURST="3",
                        REFOULEMENT_RISK_RATE_LIMIT_PER_MINUTE="1")
    try:
        statuses = []
        for _ in range(8):  # new connections: spread over both workers
            with httpx.Client() as client:
                statuses.append(client.post(
                    f"{server.base}/v1/assessments", json={"destination": "UZ"},
                    headers={"Authorization": f"Bearer {key}"}, timeout=30).status_code)
        assert statuses == [200, 200, 200] + [429] * 5, statuses
    finally:
        server.stop()

"""Issue 8, item 6 (service part): with ``serve --workers 2`` the metrics are summed across the
workers (prometheus_client in multiprocess mode): every scrape, whichever worker answers it,
shows the total of the requests both workers handled."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api.security import generate_key, parse_scopes
from api.storage import Storage

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

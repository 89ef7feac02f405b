"""Fault tests against a real server: ``refoulement-risk serve`` (uvicorn) in a subprocess on
SQLite. Killed with SIGKILL while stored assessments are being written, it loses none that it
had confirmed (201), and restarted it serves them; stopped with SIGTERM, it finishes the
requests in flight and exits cleanly."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from refoulement_risk.api.security import generate_key, parse_scopes
from refoulement_risk.api.storage import Storage

from .conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32",
                                                   reason="POSIX signals")]


# uvicorn re-raises the signal once it has shut down gracefully, so the exit is -SIGTERM (or 0).
GRACEFUL = {0, -signal.SIGTERM}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, database: Path, log: Path) -> None:
        self.url_db = f"sqlite:///{database}"
        self.log = log
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "REFOULEMENT_RISK_DATABASE_URL": self.url_db,
               "REFOULEMENT_RISK_RATE_LIMIT_PER_MINUTE": "1000000",
               "REFOULEMENT_RISK_RATE_LIMIT_BURST": "1000000",
               "REFOULEMENT_RISK_SHUTDOWN_GRACE_SECONDS": "20",
               "PYTHONPATH": str(ROOT)}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "refoulement_risk.cli", "serve", "--port",
                 str(self.port)], cwd=ROOT, env=env, stdout=out, stderr=out)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.base}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise AssertionError("the server did not become ready:\n" + self.log.read_text()[-3000:])

    def stop(self, sig: signal.Signals) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, dict[str, str]]]:
    database = tmp_path / "fault.sqlite3"
    storage = Storage(f"sqlite:///{database}", pool=False)
    storage.migrate()
    key, record = generate_key("fault", parse_scopes("assess,read"))
    storage.add_key(record)
    storage.dispose()
    srv = Server(database, tmp_path / "server.log")
    yield srv, {"Authorization": f"Bearer {key}"}
    if srv.process is not None and srv.process.poll() is None:
        srv.process.kill()
        srv.process.wait()


def test_sigkill_while_storing_loses_no_confirmed_assessment(
        server: tuple[Server, dict[str, str]]) -> None:
    srv, headers = server
    srv.start()
    confirmed: dict[str, str] = {}  # id -> client_reference
    lock = threading.Lock()
    stop = threading.Event()

    def writer() -> None:
        with httpx.Client(base_url=srv.base, headers=headers, timeout=10) as client:
            while not stop.is_set():
                reference = uuid.uuid4().hex
                try:
                    response = client.post("/v1/assessments", params={"store": "true"},
                                           json={"destination": "UZ",
                                                 "client_reference": reference})
                except httpx.HTTPError:
                    return  # the server is gone: anything unconfirmed may be lost
                if response.status_code == 201:
                    with lock:
                        confirmed[response.json()["id"]] = reference

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(confirmed) < 15 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.stop(signal.SIGKILL) == -signal.SIGKILL  # mid-write, no shutdown at all
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    assert len(confirmed) >= 15

    with sqlite3.connect(srv.url_db.removeprefix("sqlite:///")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    srv.start()
    with httpx.Client(base_url=srv.base, headers=headers, timeout=10) as client:
        for assessment_id, reference in confirmed.items():
            response = client.get(f"/v1/assessments/{assessment_id}")
            assert response.status_code == 200, (assessment_id, response.text[:300])
            assert response.json()["case"]["client_reference"] == reference
    assert srv.stop(signal.SIGTERM) in GRACEFUL


def test_sigterm_finishes_requests_in_flight(server: tuple[Server, dict[str, str]]) -> None:
    srv, headers = server
    srv.start()
    result: dict[str, httpx.Response] = {}

    def slow_batch() -> None:
        result["response"] = httpx.post(
            f"{srv.base}/v1/assessments:batch", headers=headers, timeout=30,
            json={"cases": [{"destination": "UZ", "as_of": "2013-04-25"}] * 20})

    thread = threading.Thread(target=slow_batch)
    thread.start()
    time.sleep(0.4)  # the batch (~1-2 s of assessing) is in flight
    assert srv.stop(signal.SIGTERM) in GRACEFUL
    thread.join(timeout=30)
    assert result["response"].status_code == 200
    assert result["response"].json()["assessed"] == 20
    log = srv.log.read_text()
    assert "Shutting down" in log and "service stopped" in log
    assert "Application shutdown complete" in log

"""A live ``refoulement-risk serve`` in a subprocess, for the tests that need the real server
(uvicorn, its protocol, its workers): started on a free port, ready when ``/readyz`` says so,
its JSON log kept in a file."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from .conftest import ROOT

__all__ = ["LiveServer", "free_port"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    ready_seconds = 90.0  # a subclass may wait longer (e.g. a server that starts child processes)

    def __init__(self, folder: Path, *args: str, **env: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        values = {**os.environ, "PYTHONPATH": str(ROOT),
                  "REFOULEMENT_RISK_DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}", **env}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "refoulement_risk.cli", "serve", "--port",
                 str(self.port), *args], cwd=ROOT, env=values, stdout=out, stderr=out)
        deadline = time.monotonic() + self.ready_seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if httpx.get(f"{self.base}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise AssertionError("server not ready:\n" + self.log.read_text()[-3000:])

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port))
        sock.settimeout(30)
        return sock

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def events(self) -> list[dict[str, Any]]:
        out = []
        for line in self.log.read_text().splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

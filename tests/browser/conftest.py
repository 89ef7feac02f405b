"""Fixtures for the end-to-end tests in headless Chromium (marker ``browser``).

The service runs in a thread (uvicorn, SQLite in a temporary folder) on a free local port; a
second tiny server plays the embedding site on another origin. Chromium is Debian's
``/usr/bin/chromium`` driven by Playwright (no browser download). Without it the tests are
skipped with the reason, except under CI (``CI=true``), where a missing browser fails.
Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("REFOULEMENT_RISK_CHROMIUM", "/usr/bin/chromium")
EMBED_PAGE = ROOT / "examples" / "embedding" / "index.html"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _need_browser() -> None:
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    reason = f"Chromium not found at {CHROMIUM} (Debian package 'chromium'; `make` installs it)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def embed_port() -> int:
    return _free_port()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, embed_port: int) -> Iterator[str]:
    """The service's base URL, e.g. http://127.0.0.1:PORT."""
    import uvicorn

    from refoulement_risk.api import Settings, create_app

    folder = tmp_path_factory.mktemp("browser-service")
    settings = Settings(database_url=f"sqlite:///{folder / 'service.sqlite3'}",
                        cors_origins=[f"http://127.0.0.1:{embed_port}"],
                        intake_tokens_per_minute=1000, rate_limit_per_minute=10_000,
                        rate_limit_burst=1000, log_level="warning", docs_enabled=False)
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not uv.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def embedding_site(server: str, embed_port: int) -> Iterator[str]:
    """The example embedding page, served from another origin, pointed at the service."""
    html = EMBED_PAGE.read_text(encoding="utf-8").replace("http://127.0.0.1:8000", server)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", embed_port), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{embed_port}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def phone(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-GB",
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    pg = context.new_page()
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()

"""Fixtures for the HTTP service tests: an app running on SQLite (a temporary file) or on a real
PostgreSQL server (``REFOULEMENT_RISK_TEST_POSTGRES_URL``; skipped with the reason when it is
unset or unreachable), with its own table prefix per test, dropped afterwards.

``ApiHarness`` wraps the running app (lifespan started): ``key("assess,read")`` creates an API key
and returns its headers.
"""

from __future__ import annotations

import os
import sys
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # tests import helpers from the checkout
    sys.path.insert(0, str(ROOT))
# Starlette 1.x prefers httpx2 for its TestClient; httpx is what the project pins.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from fastapi.testclient import TestClient  # noqa: E402

from refoulement_risk.api import Settings, create_app  # noqa: E402
from refoulement_risk.api.security import generate_key, parse_scopes  # noqa: E402
from refoulement_risk.api.service import Service  # noqa: E402
from refoulement_risk.api.storage import Storage  # noqa: E402

POSTGRES_ENV = "REFOULEMENT_RISK_TEST_POSTGRES_URL"
_postgres_status: dict[str, str | None] = {}


def postgres_url() -> str:
    """The test server's URL, or skip (with the reason) if unset or unreachable."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL tests skipped")
    if url not in _postgres_status:
        try:
            probe = Storage(url, pool=False)
            probe.ping()
            probe.dispose()
            _postgres_status[url] = None
        except Exception as exc:  # any failure to connect means: skip, with the reason
            _postgres_status[url] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    reason = _postgres_status[url]
    if reason is not None:
        pytest.skip(f"PostgreSQL at {POSTGRES_ENV} is unreachable ({reason}): tests skipped")
    return url


def database_settings(kind: str, tmp_path: Path) -> dict[str, Any]:
    if kind == "sqlite":
        return {"database_url": f"sqlite:///{tmp_path / 'service.sqlite3'}"}
    return {"database_url": postgres_url(),
            "database_table_prefix": f"t{uuid.uuid4().hex[:10]}_"}


@dataclass
class ApiHarness:
    client: TestClient
    service: Service
    settings: Settings
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def storage(self) -> Storage:
        return self.service.storage

    def key(self, scopes: str, name: str | None = None,
            org: str = "default") -> dict[str, str]:
        """Create a key with these scopes in ``org``; return the Authorization header."""
        name = name or f"{scopes.replace(',', '-')}-{uuid.uuid4().hex[:6]}"
        key, record = generate_key(name, parse_scopes(scopes), org)
        self.storage.add_key(record)
        self.keys[name] = key
        return {"Authorization": f"Bearer {key}"}


def start_app(settings: Settings) -> Iterator[ApiHarness]:
    app = create_app(settings)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield ApiHarness(client, app.state.service, settings)
    finally:
        storage = Storage(settings.database_url, settings.database_table_prefix, pool=False)
        if not settings.is_sqlite:
            storage.drop_all()
        storage.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_kind(request: pytest.FixtureRequest) -> str:
    """Run a test on SQLite and on PostgreSQL."""
    return str(request.param)


@pytest.fixture
def make_api(tmp_path: Path) -> Iterator[Any]:
    """Start an app with settings overrides (SQLite unless ``db`` is "postgres")."""
    stack: list[Iterator[ApiHarness]] = []

    def make(db: str = "sqlite", **overrides: Any) -> ApiHarness:
        folder = tmp_path / f"app{len(stack)}"
        folder.mkdir()
        values = {**database_settings(db, folder), **overrides}
        runner = start_app(Settings(**values))
        stack.append(runner)
        return next(runner)

    yield make
    for runner in reversed(stack):
        for _ in runner:  # finish the generator: lifespan shutdown and clean-up
            pass


@pytest.fixture
def api(make_api: Any, db_kind: str) -> ApiHarness:
    """The app on SQLite and on PostgreSQL."""
    harness: ApiHarness = make_api(db_kind)
    return harness


@pytest.fixture
def sqlite_api(make_api: Any) -> ApiHarness:
    """The app on SQLite only (for what does not depend on the database)."""
    harness: ApiHarness = make_api("sqlite")
    return harness

"""Schemathesis against the LIVE server (issue 14): ``refoulement-risk serve`` in a subprocess,
its OpenAPI document loaded over HTTP, at least 1,000 generated requests in all: no server
error (5xx) and no response that breaks the document (status code, content type, headers,
body schema). The in-process run in ``test_openapi.py`` stays as the quick check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from refoulement_risk.api.security import generate_key, parse_scopes
from refoulement_risk.api.storage import Storage

from .live import LiveServer

pytestmark = pytest.mark.slow

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]
MINIMUM_CASES = 1_000
CASES: list[str] = []


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    folder = tmp_path_factory.mktemp("schemathesis-live")
    database = f"sqlite:///{folder / 'db.sqlite3'}"
    storage = Storage(database, pool=False)
    storage.migrate()
    key, record = generate_key("fuzz", parse_scopes("admin,operator"))
    storage.add_key(record)
    storage.dispose()
    server = LiveServer(folder, REFOULEMENT_RISK_DATABASE_URL=database,
                        REFOULEMENT_RISK_RATE_LIMIT_PER_MINUTE="1000000",
                        REFOULEMENT_RISK_RATE_LIMIT_BURST="1000000",
                        REFOULEMENT_RISK_INTAKE_TOKENS_PER_MINUTE="1000000",
                        REFOULEMENT_RISK_BATCH_MAX_CASES="2",
                        REFOULEMENT_RISK_HEADER_TIMEOUT_SECONDS="30",
                        REFOULEMENT_RISK_BODY_TIMEOUT_SECONDS="30",
                        REFOULEMENT_RISK_MAX_REQUEST_BYTES="1048576")
    yield server, key
    server.stop()


EXAMPLES_PER_OPERATION = 150


def test_the_live_server_gives_no_server_error_and_no_schema_violation(
        live: tuple[LiveServer, str]) -> None:
    """Every operation of the live document, ``EXAMPLES_PER_OPERATION`` generated cases each
    (fewer where the inputs allow fewer), at least ``MINIMUM_CASES`` in all; every response
    checked against the document; the server logged no 5xx and no error."""
    server, key = live
    schema = schemathesis.openapi.from_url(f"{server.base}/openapi.json")
    headers = {"Authorization": f"Bearer {key}"}
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            CASES.append(f"{case.method} {case.path}")
            case.call_and_validate(headers=headers, checks=CHECKS, timeout=30)

        run()
    assert len(CASES) >= MINIMUM_CASES, (len(CASES), sorted(set(CASES)))
    assert not [line for line in server.log.read_text().splitlines()
                if '"status": 5' in line or '"event": "error"' in line]

"""The OpenAPI document: worked examples for every endpoint and every error, and a schemathesis
run (in-process over ASGI, bounded) that finds no server error and no response breaking it."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from refoulement_risk.api import Settings, create_app
from refoulement_risk.api.security import generate_key, parse_scopes

from .conftest import ApiHarness

PUBLIC = {("GET", "/v1/countries"), ("GET", "/v1/countries/{cc}"), ("GET", "/v1/rules"),
          ("GET", "/v1/schema/case"), ("GET", "/healthz"), ("GET", "/readyz"),
          ("HEAD", "/healthz"), ("HEAD", "/readyz"),
          ("POST", "/v1/intake/token"), ("GET", "/v1/intake/interview"),
          ("GET", "/v1/vocabulary")}


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, item in document["paths"].items()
            for method, op in item.items()]


def test_every_endpoint_of_the_issue_is_documented(sqlite_api: ApiHarness) -> None:
    document = sqlite_api.client.get("/openapi.json").json()
    found = {(m, p) for m, p, _ in _operations(document)}
    assert found == PUBLIC | {
        ("POST", "/v1/assessments"), ("POST", "/v1/assessments:batch"),
        ("GET", "/v1/assessments"), ("POST", "/v1/assessments/{assessment_id}/reassess"),
        ("GET", "/v1/assessments/{assessment_id}"),
        ("DELETE", "/v1/assessments/{assessment_id}"), ("GET", "/metrics"),
        ("GET", "/v1/assessments/{assessment_id}/report")}


def test_every_endpoint_has_worked_examples(sqlite_api: ApiHarness) -> None:
    document = sqlite_api.client.get("/openapi.json").json()
    for method, path, op in _operations(document):
        assert op.get("summary") and op.get("description"), (method, path)
        body = op.get("requestBody")
        if body is not None:
            assert body["content"]["application/json"]["examples"], (method, path)
        for status, response in op["responses"].items():
            if status == "204":
                continue
            contents = response.get("content", {})
            assert contents, (method, path, status)
            for media, content in contents.items():
                assert "example" in content or "examples" in content, (method, path, status,
                                                                       media)
            if status.startswith(("4", "5")):
                assert set(contents) == {"application/problem+json"}, (method, path, status)
        secured = bool(op.get("security"))
        assert secured == ((method, path) not in PUBLIC), (method, path)


def test_the_assessment_example_is_computed_from_the_contract_case(
        sqlite_api: ApiHarness) -> None:
    document = sqlite_api.client.get("/openapi.json").json()
    post = document["paths"]["/v1/assessments"]["post"]
    example = post["responses"]["200"]["content"]["application/json"]["example"]
    case = post["requestBody"]["content"]["application/json"]["examples"]["contract"]["value"]
    computed = sqlite_api.client.post("/v1/assessments", json=case,
                                      headers=sqlite_api.key("assess")).json()
    assert example == computed


def _app(tmp_path: Path) -> tuple[Any, dict[str, str]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'fuzz.sqlite3'}",
                        rate_limit_per_minute=100_000, rate_limit_burst=100_000,
                        intake_tokens_per_minute=100_000, batch_max_cases=3)
    app = create_app(settings)
    storage = app.state.service.storage
    storage.migrate()
    key, record = generate_key("fuzz", parse_scopes("admin"))
    storage.add_key(record)
    return app, {"Authorization": f"Bearer {key}"}


_FUZZ_DIR = Path(tempfile.mkdtemp(prefix="rr-schemathesis-"))
atexit.register(shutil.rmtree, _FUZZ_DIR, True)
APP, HEADERS = _app(_FUZZ_DIR)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_schemathesis_finds_no_server_error_and_no_schema_violation(case: Any) -> None:
    case.call_and_validate(headers=HEADERS, checks=CHECKS)

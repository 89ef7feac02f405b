"""Cross-cutting HTTP behaviour: the size limit, CORS, security headers, request ids, the 500
problem, and logs that carry ids and timings but never case content."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from refoulement_risk.api.examples import CONTRACT_CASE
from refoulement_risk.api.logs import JsonFormatter

from .conftest import ApiHarness
from .problems import assert_problem


def _big_case(size: int) -> bytes:
    return json.dumps({"destination": "UZ", "client_reference": "x" * size}).encode()


def test_a_body_over_the_limit_is_413(make_api: Any) -> None:
    api: ApiHarness = make_api(max_request_bytes=4096)
    headers = {**api.key("assess"), "Content-Type": "application/json"}
    ok = api.client.post("/v1/assessments", content=_big_case(3000), headers=headers)
    assert_problem(ok, 422, "invalid_case", locations=["client_reference"])  # read, then refused
    assert_problem(api.client.post("/v1/assessments", content=_big_case(5000),
                                   headers=headers), 413, "payload_too_large")
    assert_problem(api.client.post("/v1/assessments:batch", content=_big_case(5000),
                                   headers=headers), 413, "payload_too_large")


def test_a_chunked_body_over_the_limit_is_413(make_api: Any) -> None:
    api: ApiHarness = make_api(max_request_bytes=4096)

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b" " * 1000

    response = api.client.post("/v1/assessments", content=chunks(),
                               headers={**api.key("assess"),
                                        "Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert_problem(response, 413, "payload_too_large")


def test_the_default_limit_is_one_mebibyte(sqlite_api: ApiHarness) -> None:
    assert sqlite_api.settings.max_request_bytes == 1024 * 1024
    response = sqlite_api.client.post(
        "/v1/assessments", content=b" " * (1024 * 1024 + 1),
        headers={**sqlite_api.key("assess"), "Content-Type": "application/json"})
    assert_problem(response, 413, "payload_too_large")


def test_cors_allows_only_configured_origins(make_api: Any) -> None:
    api: ApiHarness = make_api(cors_origins="https://clinic.example.org")
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"}
    allowed = api.client.options("/v1/assessments", headers={
        "Origin": "https://clinic.example.org", **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://clinic.example.org"
    denied = api.client.options("/v1/assessments", headers={
        "Origin": "https://evil.example.com", **preflight})
    assert denied.status_code == 400
    assert "access-control-allow-origin" not in denied.headers
    simple = api.client.get("/v1/rules", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in simple.headers


def test_no_cross_origin_access_by_default(sqlite_api: ApiHarness) -> None:
    response = sqlite_api.client.get("/v1/rules", headers={"Origin": "https://a.example"})
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("path", ["/v1/rules", "/nowhere", "/healthz"])
def test_security_headers_on_every_response(sqlite_api: ApiHarness, path: str) -> None:
    headers = sqlite_api.client.get(path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"
    assert len(headers["x-request-id"]) >= 8


def test_a_sane_request_id_is_kept(sqlite_api: ApiHarness) -> None:
    kept = sqlite_api.client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert kept.headers["x-request-id"] == "abc-123"
    replaced = sqlite_api.client.get("/healthz", headers={"X-Request-ID": "a b<script>"})
    assert replaced.headers["x-request-id"] != "a b<script>"


def test_an_unexpected_failure_is_a_500_problem_that_discloses_nothing(
        sqlite_api: ApiHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    from refoulement_risk.api import engine_guard  # where the service calls the engine

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret case detail: hizb_ut_tahrir")

    monkeypatch.setattr(engine_guard, "assess", broken)
    response = sqlite_api.client.post("/v1/assessments", json=CONTRACT_CASE,
                                      headers=sqlite_api.key("assess"))
    body = assert_problem(response, 500, "internal_error")
    assert "hizb" not in response.text and body["problems"] == []
    assert response.headers["x-content-type-options"] == "nosniff"


def test_logs_carry_ids_and_timings_never_case_content(
        sqlite_api: ApiHarness, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    marker_case = {**CONTRACT_CASE, "client_reference": "MARKER-REF-9431",
                   "charges": [{"category": "political", "detail": "MARKER-DETAIL-5512"}],
                   "profile": {"ethnicity": "markerethnicity"}}
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    for name in ("refoulement_risk", "uvicorn", "uvicorn.error"):
        logging.getLogger(name).addHandler(handler)
    try:
        headers = sqlite_api.key("assess,read")
        created = sqlite_api.client.post("/v1/assessments?store=true", json=marker_case,
                                         headers=headers)
        sqlite_api.client.get(created.headers["location"], headers=headers)
        sqlite_api.client.post("/v1/assessments", json={**marker_case, "destination": "MARKER"},
                               headers=headers)
        sqlite_api.client.post("/v1/assessments:batch", json={"cases": [marker_case]},
                               headers=headers)
        sqlite_api.client.delete(created.headers["location"], headers=headers)
    finally:
        for name in ("refoulement_risk", "uvicorn", "uvicorn.error"):
            logging.getLogger(name).removeHandler(handler)
    formatter = JsonFormatter()
    lines = [formatter.format(r) for r in records]
    assert any('"event": "access"' in line for line in lines)
    assert any(created.json()["id"] in line for line in lines)  # ids are logged
    for line in lines:
        for marker in ("MARKER", "markerethnicity", "hizb_ut_tahrir", "uzbek"):
            assert marker not in line, line
    access = [json.loads(line) for line in lines if '"event": "access"' in line]
    assert all({"request_id", "method", "route", "status", "ms"} <= set(a) for a in access)
    assert "/v1/assessments/{assessment_id}" in {a["route"] for a in access}


def test_an_engine_failure_is_a_500_engine_failure_problem(
        sqlite_api: ApiHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    from refoulement_risk import EngineError
    from refoulement_risk.api import engine_guard  # where the service calls the engine

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise EngineError("durable failed on fact uzbek")

    monkeypatch.setattr(engine_guard, "assess", broken)
    response = sqlite_api.client.post("/v1/assessments", json=CONTRACT_CASE,
                                      headers=sqlite_api.key("assess"))
    assert_problem(response, 500, "engine_failure")
    assert "uzbek" not in response.text

"""Issue 14, item 4, against a real ``refoulement-risk serve`` (uvicorn with the service's
protocol): idle and half-sent connections are closed within the configured timeouts; a request
with both Content-Length and Transfer-Encoding is refused; protocol errors, the concurrency cap
and CORS refusals are problem+json with the security headers; a chunked body past the size
limit is 413; a client that goes away mid-body is logged as a disconnect, not a 500."""

from __future__ import annotations

import json
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ApiHarness
from .live import LiveServer as Live

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="POSIX")]

HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 1.5
KEEP_ALIVE = 1
MARGIN = 2.5  # scheduling slack on a loaded machine


def LiveServer(folder: Path, **env: str) -> Live:
    """A live server with this module's short timeouts."""
    values = {"REFOULEMENT_RISK_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT),
              "REFOULEMENT_RISK_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT),
              "REFOULEMENT_RISK_KEEP_ALIVE_SECONDS": str(KEEP_ALIVE),
              "REFOULEMENT_RISK_MAX_REQUEST_BYTES": "4096", **env}
    return Live(folder, **values)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    live = LiveServer(tmp_path_factory.mktemp("live"))
    yield live
    live.stop()


def _closed_after(sock: socket.socket, trickle: bytes = b"") -> float:
    """Seconds until the server closes the connection (trickling a byte every 0.3 s)."""
    began = time.monotonic()
    sock.settimeout(0.3)
    while time.monotonic() - began < 30:
        try:
            if sock.recv(65536) == b"":
                return time.monotonic() - began
        except TimeoutError:
            if trickle:
                try:
                    sock.sendall(trickle)
                except OSError:
                    return time.monotonic() - began
        except OSError:
            return time.monotonic() - began
    raise AssertionError("the connection was never closed")


def _response(sock: socket.socket, request: bytes) -> tuple[int, dict[str, str], bytes]:
    sock.sendall(request)
    data = b""
    sock.settimeout(10)
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in
               (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body


def _assert_problem_headers(headers: dict[str, str], body: bytes, status: int) -> dict[str, Any]:
    assert headers["content-type"].startswith("application/problem+json"), headers
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in headers["content-security-policy"]
    problem: dict[str, Any] = json.loads(body)
    assert problem["status"] == status and problem["code"] and problem["request_id"]
    return problem


def test_an_idle_connection_is_closed_within_the_header_timeout(server: Live) -> None:
    with server.connect() as sock:
        assert _closed_after(sock) < HEADER_TIMEOUT + MARGIN


def test_a_half_sent_head_is_closed_within_the_header_timeout(server: Live) -> None:
    with server.connect() as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        assert _closed_after(sock, trickle=b"X") < HEADER_TIMEOUT + MARGIN


def test_a_half_sent_body_is_closed_within_the_body_timeout_and_logged_as_such(
        server: Live) -> None:
    with server.connect() as sock:
        sock.sendall(b"POST /v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/json\r\nContent-Length: 1000\r\n\r\n{\"destination\"")
        assert _closed_after(sock, trickle=b" ") < HEADER_TIMEOUT + BODY_TIMEOUT + MARGIN
    time.sleep(0.5)
    events = server.events()
    assert any(e.get("event") == "connection_timeout" and e.get("phase") == "body"
               for e in events)
    assert not [e for e in events if e.get("status") == 500 or e.get("event") == "error"]


def test_an_idle_keep_alive_connection_is_closed(server: Live) -> None:
    with server.connect() as sock:
        status, _, _ = _response(sock, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 200
        assert _closed_after(sock) < KEEP_ALIVE + MARGIN


def test_content_length_with_transfer_encoding_is_refused(server: Live) -> None:
    with server.connect() as sock:
        status, headers, body = _response(
            sock, b"POST /v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  b"\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        assert status == 400 and headers.get("connection") == "close"
        assert _assert_problem_headers(headers, body, 400)["code"] == "bad_request"


def test_a_request_that_is_not_http_is_a_problem_with_security_headers(
        server: Live) -> None:
    with server.connect() as sock:
        status, headers, body = _response(sock, b"NOT HTTP AT ALL\x00\r\n\r\n")
        assert status == 400
        assert _assert_problem_headers(headers, body, 400)["code"] == "bad_request"


def test_a_chunked_body_past_the_limit_is_413(server: Live) -> None:
    chunk = b"x" * 3000
    with server.connect() as sock:
        request = (b"POST /v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Type: "
                   b"application/json\r\nAuthorization: Bearer rr_0123456789abcdef_x\r\n"
                   b"Transfer-Encoding: chunked\r\n\r\n")
        for _ in range(3):
            request += f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
        status, headers, body = _response(sock, request + b"0\r\n\r\n")
        assert status in (401, 413)  # the key is checked first, or the size
        _assert_problem_headers(headers, body, status)


def test_the_concurrency_cap_answers_503_problem(tmp_path: Path) -> None:
    live = LiveServer(tmp_path, REFOULEMENT_RISK_MAX_CONCURRENCY="2",
                      REFOULEMENT_RISK_HEADER_TIMEOUT_SECONDS="20")
    try:
        holders = [live.connect() for _ in range(2)]
        time.sleep(0.3)
        with live.connect() as sock:
            status, headers, body = _response(sock, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status == 503 and int(headers["retry-after"]) >= 1
        assert _assert_problem_headers(headers, body, 503)["code"] == "over_capacity"
        for holder in holders:
            holder.close()
    finally:
        live.stop()


def test_a_refused_cors_preflight_is_a_problem(make_api: Any) -> None:
    api: ApiHarness = make_api(cors_origins="https://clinic.example.org")
    response = api.client.options("/v1/assessments", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.json()["code"] == "cors_refused"

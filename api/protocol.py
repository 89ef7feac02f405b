"""The HTTP/1.1 protocol ``serve`` runs: uvicorn's h11 protocol with the limits it lacks.

uvicorn closes a keep-alive connection idle after a response (``timeout_keep_alive``), but a
connection that never completes its request head, or sends its body a byte at a time, is held
for as long as the client likes. This protocol closes:

* a connection whose request head (request line and headers) is not complete within
  ``header_timeout_seconds`` of the connection or of the previous response;
* a connection whose request body is not complete within ``body_timeout_seconds`` of its head
  (the application sees a client disconnect, logged as such).

It answers a request h11 cannot parse with a 400 problem+json (``bad_request``) carrying the
security headers (uvicorn sends plain text), and the concurrency limit's refusal (uvicorn's
``limit_concurrency``) with a 503 problem+json and ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Any

import h11
import uvicorn.protocols.http.h11_impl as h11_impl
from uvicorn.protocols.http.h11_impl import H11Protocol

from .errors import build_problem
from .settings import get_settings

__all__ = ["GuardedH11Protocol", "problem_bytes", "security_headers"]

log = logging.getLogger("refoulement_risk.api")


def security_headers() -> list[tuple[bytes, bytes]]:
    """The headers every API response carries (see ``api.middleware``)."""
    return [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
            (b"x-frame-options", b"DENY"), (b"cache-control", b"no-store"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cross-origin-opener-policy", b"same-origin")]


def problem_bytes(status: int, code: str, detail: str, request_id: str) -> bytes:
    """A problem body for a refusal made before any request reached the application."""
    return build_problem(status, code, detail, instance="", request_id=request_id
                         ).model_dump_json().encode("utf-8")


async def over_capacity(scope: Any, receive: Any, send: Any) -> None:
    """The answer when ``limit_concurrency`` is reached: 503 problem+json, Retry-After."""
    request_id = secrets.token_hex(8)
    body = problem_bytes(503, "over_capacity",
                         "The server is at its connection limit; retry shortly.", request_id)
    await send({"type": "http.response.start", "status": 503, "headers": [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()), (b"connection", b"close"),
        (b"retry-after", b"2"), (b"x-request-id", request_id.encode()),
        *security_headers()]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


# uvicorn's h11 protocol answers an over-limit request with this module-level app.
h11_impl.service_unavailable = over_capacity  # type: ignore[attr-defined]


class GuardedH11Protocol(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self._header_timeout = settings.header_timeout_seconds
        self._body_timeout = settings.body_timeout_seconds
        self._phase = ""
        self._timer: asyncio.TimerHandle | None = None

    def _watch(self, phase: str, seconds: float) -> None:
        self._unwatch()
        self._phase = phase
        self._timer = self.loop.call_later(seconds, self._expire, phase)

    def _unwatch(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._phase = ""

    def _expire(self, phase: str) -> None:
        if self._phase != phase or self.transport.is_closing():
            return
        log.info("connection closed", extra={"event": "connection_timeout", "phase": phase})
        self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch("header", self._header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._unwatch()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            if self._phase != "body":
                self._watch("body", self._body_timeout)
        elif state is not h11.IDLE and self._phase:
            self._unwatch()  # the request is complete: the application has it

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._watch("header", self._header_timeout)  # the next request's head

    def send_400_response(self, msg: str) -> None:
        request_id = secrets.token_hex(8)
        body = problem_bytes(400, "bad_request", "The request is not valid HTTP/1.1.",
                             request_id)
        headers = [(b"content-type", b"application/problem+json"), (b"connection", b"close"),
                   (b"content-length", str(len(body)).encode()),
                   (b"x-request-id", request_id.encode()), *security_headers()]
        log.info("invalid HTTP request", extra={"event": "protocol_error",
                                                "request_id": request_id})
        try:
            self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers,
                                                             reason=b"Bad Request")) or b"")
            self.transport.write(self.conn.send(h11.Data(data=body)) or b"")
            self.transport.write(self.conn.send(h11.EndOfMessage()) or b"")
        except h11.LocalProtocolError:
            pass
        self.transport.close()

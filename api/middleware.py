"""The outermost layer of every request (pure ASGI): a request id, the size limit, security
headers, the access log (ids and timings only), metrics, and a problem-details 500 for anything
unexpected."""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import PayloadTooLarge, problem_response
from .logs import ACCESS_LOG
from .metrics import Metrics

__all__ = ["RequestContextMiddleware"]

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
log = logging.getLogger("refoulement_risk.api")

_API_CSP = "default-src 'none'; frame-ancestors 'none'"
_DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
             "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
             "img-src 'self' data: https://fastapi.tiangolo.com; frame-ancestors 'none'")


def _page_csp(frame_origins: list[str]) -> str:
    ancestors = " ".join(["'self'", *frame_origins])
    return ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            f"img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors {ancestors}")


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, max_body: int, metrics: Metrics,
                 frame_origins: list[str]) -> None:
        self.app = app
        self.max_body = max_body
        self.metrics = metrics
        self.page_csp = _page_csp(frame_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        inbound = headers.get("x-request-id", "")
        request_id = inbound if _REQUEST_ID.match(inbound) else secrets.token_hex(8)
        state: MutableMapping[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 500
        started = False
        secure = scope.get("scheme") == "https"

        async def send_wrapper(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = int(message["status"])
                out = list(message.get("headers", []))
                present = {k.lower() for k, _ in out}
                ctype = next((v.decode("latin-1") for k, v in out
                              if k.lower() == b"content-type"), "")
                path = str(scope.get("path", ""))
                if ctype.startswith("text/html"):
                    csp = _DOCS_CSP if path.startswith("/docs") else self.page_csp
                else:
                    csp = _API_CSP
                extra = [
                    (b"x-request-id", request_id.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if b"content-security-policy" not in present:  # a route may set a stricter one
                    extra.append((b"content-security-policy", csp.encode()))
                if not ctype.startswith("text/html"):
                    extra.append((b"x-frame-options", b"DENY"))
                if b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                if secure:
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = out + extra
            await send(message)

        length = headers.get("content-length")
        try:
            if length is not None and "transfer-encoding" in headers:
                # Two framings for one body: the classic request-smuggling shape. Refuse it
                # and close the connection, so nothing after it is read as a new request.
                response = problem_response(
                    Request(scope), 400, "bad_request",
                    "Send either Content-Length or Transfer-Encoding, not both.",
                    headers={"Connection": "close"})
                await response(scope, receive, send_wrapper)
            elif length is not None and (not length.isdigit() or int(length) > self.max_body):
                response = problem_response(
                    Request(scope), 413, "payload_too_large",
                    f"The request body is larger than {self.max_body} bytes.")
                await response(scope, receive, send_wrapper)
            else:
                await self.app(scope, self._limited(receive), send_wrapper)
        except ClientDisconnect:
            status = 499  # logged as what it is; there is no one to answer
            log.info("client disconnected", extra={"event": "client_disconnect",
                                                   "request_id": request_id})
        except Exception as exc:
            if started:
                raise
            log.error("unhandled error", extra={"event": "error", "error": type(exc).__name__,
                                                "request_id": request_id})
            response = problem_response(
                Request(scope), 500, "internal_error",
                "The server failed to handle the request; it has been logged.")
            await response(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - began
            route = scope.get("route")
            template = getattr(route, "path", None) or "(unmatched)"
            method = str(scope.get("method", ""))
            self.metrics.observe_request(method, template, status, elapsed)
            ACCESS_LOG.info("request", extra={
                "event": "access", "request_id": request_id, "method": method,
                "route": template, "status": status, "ms": round(elapsed * 1000, 1),
                "key": state.get("principal")})

    def _limited(self, receive: Receive) -> Callable[[], Awaitable[Message]]:
        received = 0
        limit = self.max_body

        async def wrapped() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
            return message

        return wrapped

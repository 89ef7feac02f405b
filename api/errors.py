"""One error shape for every non-2xx response: RFC 9457 problem details.

    ApiError                     an error the service raises on purpose (code, status, problems)
    ├── Unauthorized             401: no key, an unknown, revoked or expired key or token
    ├── Forbidden                403: the key lacks the scope the endpoint needs
    ├── NotFound                 404
    ├── PayloadTooLarge          413: the body is larger than ``max_request_bytes``
    ├── RateLimited              429: the key's rate limit is spent (Retry-After says when)
    └── ServiceUnavailable       503: not ready (data not loaded or database unreachable)
        ├── DatabaseUnavailable  503: the database is unreachable, read-only, locked or busy
        └── EngineUnavailable    503: the engine worker crashed and no fallback answered

SQLAlchemy's errors that mean the database cannot serve now (``OperationalError``,
``InterfaceError``, a pool timeout: unreachable, connection terminated, read-only file, lock
held past the busy timeout) become ``DatabaseUnavailable``: 503 with ``Retry-After``.

The library's :class:`~refoulement_risk.CaseValidationError` becomes a 422 listing every problem
(field path and reason), its ``EngineError`` a 500 ``engine_failure`` (the message stays in no
response or log: it may quote the case), FastAPI's parameter validation a 422 in the same shape,
Starlette's HTTP errors (404 for an unknown path, 405) the same shape, and anything unexpected a
500 that says nothing about the request. The body is always::

    {"type": "urn:refoulement-risk:problem:<code>", "title": "...", "status": 422,
     "detail": "...", "instance": "/v1/assessments", "code": "<code>",
     "request_id": "...", "problems": [{"location": "destination", "reason": "is required"}]}

served as ``application/problem+json``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from refoulement_risk import CaseValidationError, EngineError
from refoulement_risk.case import field_path

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "RETRY_AFTER_SECONDS",
    "ApiError",
    "DatabaseUnavailable",
    "EngineUnavailable",
    "Forbidden",
    "NotFound",
    "PayloadTooLarge",
    "Problem",
    "ProblemDetails",
    "RateLimited",
    "ServiceUnavailable",
    "Unauthorized",
    "build_problem",
    "install_error_handlers",
    "problem_response",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"
RETRY_AFTER_SECONDS = 5
TYPE_PREFIX = "urn:refoulement-risk:problem:"
log = logging.getLogger("refoulement_risk.api")


class Problem(BaseModel):
    """One thing wrong with the request: where (a field path) and why."""

    location: str = Field(examples=["profile.journalist"])
    reason: str = Field(examples=["Input should be a valid boolean"])


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, with a stable ``code`` and the list of ``problems``."""

    type: str = Field(description="URI naming the kind of problem: urn:refoulement-risk:problem:"
                                  "<code>", examples=["urn:refoulement-risk:problem:invalid_case"])
    title: str = Field(description="short summary of the kind of problem")
    status: int = Field(ge=400, le=599, description="the HTTP status code")
    detail: str = Field(description="what went wrong with this request")
    instance: str = Field(description="the path of the request")
    code: str = Field(description="stable machine-readable code (see SERVICE.md)")
    request_id: str = Field(description="also in the X-Request-ID header and the access log")
    problems: list[Problem] = Field(default_factory=list,
                                    description="every problem found, for validation errors")


class ApiError(Exception):
    status: int = 400
    code: str = "bad_request"

    def __init__(self, detail: str, *, code: str | None = None, status: int | None = None,
                 problems: list[Problem] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.problems = list(problems or [])
        self.headers = dict(headers or {})


class Unauthorized(ApiError):
    status, code = 401, "invalid_credentials"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail, code=code,
                         headers={"WWW-Authenticate": 'Bearer realm="refoulement-risk"'})


class Forbidden(ApiError):
    status, code = 403, "insufficient_scope"


class NotFound(ApiError):
    status, code = 404, "not_found"


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"


class RateLimited(ApiError):
    status, code = 429, "rate_limited"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})


class ServiceUnavailable(ApiError):
    status, code = 503, "not_ready"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail, code=code,
                         headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


class DatabaseUnavailable(ServiceUnavailable):
    code = "database_unavailable"


class EngineUnavailable(ServiceUnavailable):
    code = "engine_unavailable"


_CODES_BY_STATUS = {400: "bad_request", 401: "unauthorized", 403: "forbidden",
                    404: "not_found", 405: "method_not_allowed", 406: "not_acceptable",
                    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
                    422: "invalid_request", 429: "rate_limited", 500: "internal_error",
                    503: "not_ready"}


_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}  # RFC 9110 names


def _title(status: int) -> str:
    if status in _TITLES:
        return _TITLES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def build_problem(status: int, code: str, detail: str, *, instance: str, request_id: str,
                  problems: list[Problem] | None = None) -> ProblemDetails:
    """The one way a problem body is made (responses, batch items, protocol-level refusals)."""
    return ProblemDetails(type=TYPE_PREFIX + code, title=_title(status), status=status,
                          detail=detail, instance=instance, code=code,
                          request_id=request_id or "-", problems=problems or [])


def problem_response(request: Request, status: int, code: str, detail: str,
                     problems: list[Problem] | None = None,
                     headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = build_problem(status, code, detail, instance=request.url.path,
                         request_id=str(getattr(request.state, "request_id", "") or "-"),
                         problems=problems)
    return JSONResponse(body.model_dump(), status_code=status, headers=dict(headers or {}),
                        media_type=PROBLEM_MEDIA_TYPE)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return problem_response(request, exc.status, exc.code, exc.detail, exc.problems,
                            exc.headers)


async def _case_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CaseValidationError)
    problems = [Problem(location=p.location, reason=p.reason) for p in exc.problems]
    return problem_response(request, 422, exc.code, exc.message, problems)


_ID_PARAMETERS = {("path", "assessment_id")}


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if errors and all(tuple(e.get("loc", ()))[:2] in _ID_PARAMETERS for e in errors):
        # An id not in its documented format (a NUL, a quote, the wrong length): there is
        # nothing at that path (as for an unknown id), and nothing was looked up.
        return problem_response(request, 404, "not_found", "There is nothing at this path.")
    problems = [Problem(location=field_path(e.get("loc", ()), root="(request)"),
                        reason=str(e.get("msg", "")))
                for e in exc.errors()]
    return problem_response(request, 422, "invalid_request",
                            "The request's parameters are not valid.", problems)


def _allowed_methods(request: Request) -> str:
    """Every method of every route at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for pattern, route_methods in getattr(request.app.state, "route_methods", []):
        if pattern.match(request.url.path):
            methods |= route_methods
    return ", ".join(sorted(methods))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODES_BY_STATUS.get(exc.status_code, "error")
    detail = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
    if exc.status_code == 404 and detail == "Not Found":
        detail = "There is nothing at this path."
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
    return problem_response(request, exc.status_code, code, detail, headers=headers)


async def _engine_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, EngineError)
    log.error("engine failure", extra={"event": "error", "error": type(exc).__name__,
                                       "request_id": getattr(request.state, "request_id", None)})
    return problem_response(request, 500, exc.code,
                            "The rule engine failed while assessing; it has been logged.")


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database unavailable", extra={
        "event": "database_unavailable", "error": type(exc).__name__,
        "request_id": getattr(request.state, "request_id", None)})
    return problem_response(request, 503, DatabaseUnavailable.code,
                            "The database cannot serve this request now; retry shortly.",
                            headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


async def _disconnected(request: Request, exc: Exception) -> Response:
    # The client went away while sending its body: log it as that, not as a 500. The answer
    # is never sent (the connection is gone); 499 is what the access log records.
    log.info("client disconnected", extra={
        "event": "client_disconnect", "request_id": getattr(request.state, "request_id", None)})
    return Response(status_code=499)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The exception's text may quote case content: log its type and the request id only.
    log.error("unhandled error", extra={"event": "error", "error": type(exc).__name__,
                                        "request_id": getattr(request.state, "request_id", None)})
    return problem_response(request, 500, "internal_error",
                            "The server failed to handle the request; it has been logged.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(CaseValidationError, _case_error)
    app.add_exception_handler(EngineError, _engine_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for database_error in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(database_error, _database_error)
    app.add_exception_handler(ClientDisconnect, _disconnected)
    app.add_exception_handler(Exception, _unexpected)

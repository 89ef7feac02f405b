"""JSON request bodies: the media type, the size limit and well-formed JSON are checked before
FastAPI validates the body against the route's model, and a body the model refuses is
answered by the route's own refusal (the same problems as the library gives).

Routes with a JSON body use :class:`JsonBodyRoute` (``APIRouter(route_class=...)``): it reads
the body once (FastAPI reuses it), so a too large body is a 413, a body that is not JSON a 415
and malformed JSON a 400 ``malformed_json`` with its line and column, never FastAPI's 400 or
422. A route names its refusal with :func:`refuses_body_with`: when FastAPI's errors are all
about the body, the refusal is called with the parsed body and raises the documented problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.responses import Response

from .errors import ApiError, PayloadTooLarge, Problem

__all__ = ["JsonBodyRoute", "Refusal", "read_json", "refuses_body_with"]

Refusal = Callable[[Any, Request], None]
"""Raises the problem for a body the model refused (it may return if it finds none)."""

_REFUSAL = "__refuse_body__"
F = TypeVar("F", bound=Callable[..., Any])


def refuses_body_with(refusal: Refusal) -> Callable[[F], F]:
    """Decorate an endpoint: ``refusal(body, request)`` answers a body its model refuses."""

    def mark(endpoint: F) -> F:
        setattr(endpoint, _REFUSAL, refusal)
        return endpoint

    return mark


def _is_json(request: Request) -> bool:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/")
                                            and media.endswith("+json"))


async def read_json(request: Request, limit: int) -> Any:
    """The body as JSON (cached on the request), or the documented 415, 413 or 400."""
    if not _is_json(request):
        raise ApiError("Send the body as application/json.", status=415,
                       code="unsupported_media_type")
    body = await request.body()  # the middleware stops reading past the limit
    if len(body) > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
    try:
        data = await request.json()
        json.dumps(data, ensure_ascii=False).encode("utf-8")  # unpaired surrogates fail here
    except json.JSONDecodeError as exc:
        raise ApiError("The body is not valid JSON.", code="malformed_json", problems=[
            Problem(location=f"body:{exc.lineno}:{exc.colno}", reason=exc.msg)]) from None
    except (UnicodeError, ValueError, RecursionError):
        raise ApiError("The body is not valid JSON (bad encoding or nested too deeply).",
                       code="malformed_json") from None
    return data


def _is_body(error: Any) -> bool:
    return tuple(error.get("loc", ()))[:1] == ("body",)


class JsonBodyRoute(APIRoute):
    """An ``APIRoute`` whose JSON body is checked before FastAPI validates it (see above)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        refusal: Refusal | None = getattr(self.endpoint, _REFUSAL, None)
        if self.body_field is None:
            return handler

        async def checked(request: Request) -> Response:
            await read_json(request, request.app.state.service.settings.max_request_bytes)
            try:
                return await handler(request)
            except RequestValidationError as exc:
                others = [e for e in exc.errors() if not _is_body(e)]
                if others:  # parameters first, as when the body was read after them
                    raise RequestValidationError(others) from None
                if refusal is not None:
                    refusal(await request.json(), request)
                raise

        return checked

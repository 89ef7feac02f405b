"""Starlette's CORS middleware, with its refusal of a preflight answered as problem+json
(``cors_refused``) instead of plain text; the security headers are added by the outer
request middleware like on every response."""

from __future__ import annotations

import secrets

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from .errors import Problem, build_problem

__all__ = ["ProblemCORSMiddleware"]


class ProblemCORSMiddleware(CORSMiddleware):
    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        refused = bytes(response.body).decode("utf-8", "replace").removeprefix("Disallowed CORS ")
        body = build_problem(
            400, "cors_refused", "This cross-origin request is not allowed.", instance="",
            request_id=secrets.token_hex(8),
            problems=[Problem(location=f"(header).{part.strip()}",
                              reason="is not allowed for cross-origin calls")
                      for part in refused.split(",") if part.strip()])
        headers = {k: v for k, v in response.headers.items()
                   if k.lower() not in ("content-type", "content-length")}
        return Response(body.model_dump_json(), status_code=400, headers=headers,
                        media_type="application/problem+json")

"""The one helper every error-path test uses: the response is an RFC 9457 problem in our shape.

Mirrors datasette's ``tests/test_error_shape.py``: if the error body changes, this is the one
place to change, and every error path is checked against it.
"""

from __future__ import annotations

from typing import Any

import httpx

from refoulement_risk.api.errors import ProblemDetails

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "code", "request_id",
                "problems"}


def assert_problem(response: httpx.Response, status: int, code: str | None = None,
                   *, locations: list[str] | None = None) -> dict[str, Any]:
    """Check the shape, status, code and (optionally) the problem locations; return the body."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) == PROBLEM_KEYS, body
    ProblemDetails.model_validate(body)
    assert body["status"] == status
    assert body["type"] == f"urn:refoulement-risk:problem:{body['code']}"
    assert body["instance"] == response.request.url.path
    assert body["request_id"] == response.headers["x-request-id"]
    assert body["title"] and body["detail"]
    for problem in body["problems"]:
        assert set(problem) == {"location", "reason"} and problem["location"] and problem["reason"]
    if code is not None:
        assert body["code"] == code, body
    if locations is not None:
        assert sorted(p["location"] for p in body["problems"]) == sorted(locations), body
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    if status == 429:
        assert int(response.headers["retry-after"]) >= 1
    return body

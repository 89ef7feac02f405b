"""Worked examples for the OpenAPI document: requests, and a problem for every error status.

The example *assessment* is computed from :data:`CONTRACT_CASE` when the document is first built
(see ``api.openapi``), so it always matches the rule set being served.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BATCH_EXAMPLE",
    "CONTRACT_CASE",
    "MINIMAL_CASE",
    "PROBLEM_EXAMPLES",
    "case_examples",
    "problem_responses",
]

CONTRACT_CASE: dict[str, Any] = {
    "destination": "UZ",
    "removing_state": "RU",
    "as_of": "2013-04-25",
    "proceeding": "extradition",
    "charges": [{"category": "religious_extremism", "organisation": "hizb_ut_tahrir",
                 "detail": "membership of a banned religious organisation"}],
    "profile": {"ethnicity": "uzbek", "political_activity": False, "religious_practice": True,
                "human_rights_defender": False, "journalist": False,
                "wealthy_or_fallen_out_with_regime": False, "former_official": False,
                "family_persecuted": False, "high_profile": False, "sur_place_activity": False},
    "past_ill_treatment": "documented",
    "refugee_status": "unhcr_mandate",
    "interim_measures": [{"body": "ecthr_rule39", "status": "indicated", "date": "2011-03-01"}],
    "diplomatic_assurances": {"given": True, "specific": False, "monitoring": "none",
                              "binding": False, "track_record_of_compliance": False},
    "custody": {"detained": True, "release_imminent": False},
    "prior_irregular_transfer_attempt": False,
    "client_reference": "case-2013-0042",
}

MINIMAL_CASE: dict[str, Any] = {"destination": "TJ", "as_of": "2015-06-01"}

BATCH_EXAMPLE: dict[str, Any] = {"cases": [CONTRACT_CASE, MINIMAL_CASE]}


def case_examples() -> dict[str, Any]:
    return {
        "contract": {"summary": "The contract's example: extradition to Uzbekistan, 2013",
                     "value": CONTRACT_CASE},
        "minimal": {"summary": "Only the destination (and a date): everything else unknown",
                    "value": MINIMAL_CASE},
    }


def _problem(status: int, code: str, title: str, detail: str, instance: str,
             problems: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"type": f"urn:refoulement-risk:problem:{code}", "title": title, "status": status,
            "detail": detail, "instance": instance, "code": code,
            "request_id": "5f0c6d0e2b6a4b49", "problems": problems or []}


PROBLEM_EXAMPLES: dict[int, tuple[str, dict[str, Any]]] = {
    400: ("The body is not JSON", _problem(
        400, "malformed_json", "Bad Request", "The body is not valid JSON.",
        "/v1/assessments", [{"location": "body:1:15", "reason": "Expecting ',' delimiter"}])),
    401: ("No key, or an unknown or revoked key", _problem(
        401, "missing_credentials", "Unauthorized",
        "An API key is required: send 'Authorization: Bearer <key>'.", "/v1/assessments")),
    403: ("The key lacks the scope", _problem(
        403, "insufficient_scope", "Forbidden",
        "This needs the 'read' scope, which key 'intake-desk' does not have.",
        "/v1/assessments/a4c1e0c5f0f14b2f9d1e6f3a2b7c8d90")),
    404: ("Not found (or expired)", _problem(
        404, "not_found", "Not Found", "No stored assessment has this id (it may have expired "
        "or been deleted).", "/v1/assessments/a4c1e0c5f0f14b2f9d1e6f3a2b7c8d90")),
    413: ("The body is too large", _problem(
        413, "payload_too_large", "Content Too Large",
        "The request body is larger than 1048576 bytes.", "/v1/assessments")),
    415: ("The body is not JSON", _problem(
        415, "unsupported_media_type", "Unsupported Media Type",
        "Send the body as application/json.", "/v1/assessments")),
    422: ("The case does not fit the contract (every problem listed)", _problem(
        422, "invalid_case", "Unprocessable Content", "The case is not valid.",
        "/v1/assessments",
        [{"location": "destination", "reason": "must be an ISO 3166-1 alpha-2 country code in "
                                               "upper case, e.g. 'UZ'"},
         {"location": "profile.journalist", "reason": "Input should be a valid boolean"}])),
    429: ("The key's rate limit is spent", _problem(
        429, "rate_limited", "Too Many Requests",
        "Too many requests for this key; retry after the time in the Retry-After header.",
        "/v1/assessments")),
    500: ("An unexpected failure (nothing about the request is disclosed)", _problem(
        500, "internal_error", "Internal Server Error",
        "The server failed to handle the request; it has been logged.", "/v1/assessments")),
    503: ("Not ready", _problem(
        503, "not_ready", "Service Unavailable", "The database is not reachable.", "/readyz")),
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error statuses, each with its example."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        summary, example = PROBLEM_EXAMPLES[status]
        headers: dict[str, Any] = {}
        if status == 401:
            headers["WWW-Authenticate"] = {"schema": {"type": "string"},
                                           "description": 'Bearer realm="refoulement-risk"'}
        if status == 429:
            headers["Retry-After"] = {"schema": {"type": "integer"},
                                      "description": "seconds to wait"}
        entry: dict[str, Any] = {
            "description": summary,
            "content": {"application/problem+json": {
                "schema": {"$ref": "#/components/schemas/ProblemDetails"},
                "example": example}},
        }
        if headers:
            entry["headers"] = headers
        out[status] = entry
    return out

"""Finishing the OpenAPI document: the case schemas, the problem schema, and a worked example
of an assessment computed from the contract's example case by the rules being served."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from refoulement_risk import assess

from .case_schema import case_openapi_schemas
from .examples import CONTRACT_CASE
from .service import Service

__all__ = ["customise_openapi"]


def _example_assessment(service: Service) -> dict[str, Any] | None:
    if service.knowledge is None:
        return None
    result = assess(CONTRACT_CASE, knowledge=service.knowledge)
    data: dict[str, Any] = json.loads(result.model_dump_json())
    return data


def customise_openapi(document: dict[str, Any], service: Service,
                      problem_model: type[BaseModel]) -> dict[str, Any]:
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.update(case_openapi_schemas())
    if "ProblemDetails" not in schemas:
        problem = problem_model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(problem.pop("$defs", {}))
        schemas["ProblemDetails"] = problem
    batch = schemas.get("BatchRequest", {}).get("properties", {}).get("cases")
    if batch is not None:  # the limit is a setting, so the model cannot carry it
        limit = service.settings.batch_max_cases
        batch["maxItems"] = limit
        batch["description"] = f"1 to {limit} cases (REFOULEMENT_RISK_BATCH_MAX_CASES)"
    example = _example_assessment(service)
    paths = document.get("paths", {})
    if example is not None:
        post = paths.get("/v1/assessments", {}).get("post", {})
        ok = post.get("responses", {}).get("200", {}).get("content", {}).get("application/json")
        if ok is not None:
            ok["example"] = example
        created = post.get("responses", {}).get("201", {}).get("content", {}).get(
            "application/json")
        if created is not None:
            created["example"] = {**example, "id": "a4c1e0c5f0f14b2f9d1e6f3a2b7c8d90",
                                  "expires_at": "2026-12-28T10:00:00+00:00"}
        stored = paths.get("/v1/assessments/{assessment_id}", {}).get("get", {})
        body = stored.get("responses", {}).get("200", {}).get("content", {}).get(
            "application/json")
        if body is not None:
            versions = example["versions"]
            body["example"] = {
                "id": "a4c1e0c5f0f14b2f9d1e6f3a2b7c8d90",
                "created_at": "2026-11-28T10:00:00+00:00",
                "expires_at": "2026-12-28T10:00:00+00:00", "case": CONTRACT_CASE,
                "assessment": example, "versions": {k: versions[k] for k in (
                    "engine", "rules", "rule_set_digest", "profiles_digest", "backend")},
                "reproducible": True}
        reassessed = paths.get("/v1/assessments/{assessment_id}/reassess", {}).get("post", {})
        body = reassessed.get("responses", {}).get("200", {}).get("content", {}).get(
            "application/json")
        if body is not None:
            body["example"] = example
        listing = paths.get("/v1/assessments", {}).get("get", {})
        body = listing.get("responses", {}).get("200", {}).get("content", {}).get(
            "application/json")
        if body is not None:
            body["example"] = {"items": [{
                "id": "a4c1e0c5f0f14b2f9d1e6f3a2b7c8d90",
                "created_at": "2026-11-28T10:00:00+00:00",
                "expires_at": "2026-12-28T10:00:00+00:00",
                "client_reference": CONTRACT_CASE["client_reference"],
                "band": example["band"], "score": example["score"],
                "rules_version": example["versions"]["rules"], "reproducible": True,
                "key": "intake-desk", "org": "default"}],
                "next_cursor": None}
        batch = paths.get("/v1/assessments:batch", {}).get("post", {})
        ok = batch.get("responses", {}).get("200", {}).get("content", {}).get("application/json")
        if ok is not None:
            ok["example"] = {"count": 2, "assessed": 1, "refused": 1, "results": [
                {"index": 0, "status": 200, "assessment": example, "problem": None},
                {"index": 1, "status": 422, "assessment": None, "problem": {
                    "type": "urn:refoulement-risk:problem:invalid_case",
                    "title": "Unprocessable Content", "status": 422,
                    "detail": "The case is not valid.",
                    "instance": "/v1/assessments:batch#cases[1]", "code": "invalid_case",
                    "request_id": "5f0c6d0e2b6a4b49", "problems": [
                        {"location": "cases[1].destination", "reason": "is required"}]}}]}
    return document

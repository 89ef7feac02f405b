"""/healthz (the process is up), /readyz (data loaded, database reachable) and /metrics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response, Security
from fastapi.responses import PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel

from ..blocking import run_db
from ..deps import authenticated, bearer_scheme
from ..errors import ServiceUnavailable
from ..examples import problem_responses
from ..security import require
from ..service import Service

__all__ = ["Health", "Readiness", "router"]

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: str
    schema_version: int
    rules_version: str
    rule_set_digest: str
    profiles_digest: str
    backend: str


@router.api_route("/healthz", methods=["GET", "HEAD"], response_model=Health,
                  summary="Liveness",
                  description="200 while the process serves requests. Public. HEAD: the same "
                              "status, no body.",
                  responses={200: {"content": {"application/json": {"example": {
                      "status": "ok"}}}}})
async def healthz() -> Health:
    return Health(status="ok")


@router.api_route("/readyz", methods=["GET", "HEAD"], response_model=Readiness,
                  summary="Readiness",
                  description="200 once the rules and evidence are loaded and the database "
                              "answers and can be written; 503 (with Retry-After) otherwise. "
                              "Public. HEAD: the same status, no body.",
            responses={200: {"content": {"application/json": {"example": {
                "status": "ready", "database": "sqlite", "schema_version": 1,
                "rules_version": "2026.11.1", "rule_set_digest": "9a0e…",
                "profiles_digest": "3f1c…", "backend": "durable"}}}},
                       **problem_responses(503)})
async def readyz(request: Request) -> Readiness:
    service: Service = request.app.state.service
    knowledge = service.knowledge
    if knowledge is None or not service.ready:
        raise ServiceUnavailable("The rules and evidence are not loaded yet.")
    try:
        version = await run_db(service.pools, service.storage.schema_version)
        await run_db(service.pools, service.storage.check_writable)
    except Exception as exc:
        raise ServiceUnavailable("The database is not reachable or cannot be written to.") \
            from exc
    return Readiness(status="ready", database=service.storage.dialect, schema_version=version,
                     rules_version=knowledge.rulebook.index.version,
                     rule_set_digest=knowledge.rulebook.digest,
                     profiles_digest=knowledge.profiles.digest, backend=knowledge.backend.name)


async def _authorise_metrics(request: Request, service: Service) -> None:
    if service.settings.metrics_public:
        return
    require(await authenticated(request, service), "admin")


@router.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse,
            description="Requests (by route and status), latency histograms and assessments by "
                        "band, in the Prometheus text format, summed across the workers of the "
                        "server. Needs "
                        "the `admin` scope unless `REFOULEMENT_RISK_METRICS_PUBLIC=true`.",
            responses={200: {"description": "Prometheus text exposition format",
                             "content": {"text/plain": {"schema": {"type": "string"}, "example":
                                 "refoulement_risk_assessments_total{band=\"high\","
                                 "stored=\"false\"} 12\n"}}},
                       **problem_responses(401, 403, 503)})
async def metrics(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)] = None,
) -> Response:
    service: Service = request.app.state.service
    if not service.ready:
        raise ServiceUnavailable("The service is starting; retry shortly.")
    await _authorise_metrics(request, service)
    return Response(service.metrics.render(), media_type="text/plain; version=0.0.4")

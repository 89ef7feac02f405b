"""FastAPI dependencies, as ``Annotated`` aliases: the service, its settings, and the caller
(authenticated, authorised for one scope, rate-limited).

They are ``async``: none of them holds a worker thread. The one database read (the key record)
runs in the bounded database pool (:mod:`api.blocking`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from refoulement_risk import Knowledge

from .blocking import run_db
from .errors import ServiceUnavailable
from .security import Principal, Scope, authenticate, require
from .service import Service
from .settings import Settings
from .storage import ApiKeyRecord

__all__ = [
    "AdminDep",
    "AssessDep",
    "KnowledgeDep",
    "ReadDep",
    "ServiceDep",
    "SettingsDep",
    "authenticated",
    "bearer_scheme",
    "get_knowledge",
    "get_service",
    "get_settings_dep",
]

bearer_scheme = HTTPBearer(
    auto_error=False, scheme_name="ApiKey",
    description="An API key from `refoulement-risk keys create`, or the intake page's token.")


async def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    if not service.ready:
        raise ServiceUnavailable("The service is starting; retry shortly.")
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


async def get_settings_dep(service: ServiceDep) -> Settings:
    return service.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def get_knowledge(service: ServiceDep) -> Knowledge:
    knowledge = service.knowledge
    if knowledge is None:
        raise ServiceUnavailable("The rules and evidence are not loaded yet.")
    return knowledge


KnowledgeDep = Annotated[Knowledge, Depends(get_knowledge)]


async def authenticated(request: Request, service: Service) -> Principal:
    """The caller of this request (401 if none); its key name goes to the access log."""

    async def lookup(key_id: str) -> ApiKeyRecord | None:
        return await run_db(service.pools, service.storage.find_key, key_id)

    principal = await authenticate(request.headers.get("authorization"), lookup,
                                   service.intake)
    request.state.principal = principal.name
    return principal


def _principal(scope: Scope) -> Callable[..., Awaitable[Principal]]:
    # ``Security(bearer_scheme)`` documents the scheme in OpenAPI; the header is parsed here so
    # every failure gets its own problem code.
    async def dependency(request: Request, service: ServiceDep,
                         _credentials: Annotated[HTTPAuthorizationCredentials | None,
                                                 Security(bearer_scheme)] = None) -> Principal:
        principal = await authenticated(request, service)
        require(principal, scope)
        service.limiter.take(principal.rate_key)
        return principal

    dependency.__name__ = f"require_{scope}"
    return dependency


AssessDep = Annotated[Principal, Depends(_principal("assess"))]
ReadDep = Annotated[Principal, Depends(_principal("read"))]
AdminDep = Annotated[Principal, Depends(_principal("admin"))]

"""FastAPI dependencies, as ``Annotated`` aliases: the service, its settings, and the caller
(authenticated, authorised for one scope, rate-limited)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .errors import ServiceUnavailable
from .security import Principal, Scope, authenticate, require
from .service import Service
from .settings import Settings

__all__ = [
    "AdminDep",
    "AssessDep",
    "ReadDep",
    "ServiceDep",
    "SettingsDep",
    "bearer_scheme",
    "get_service",
    "get_settings_dep",
]

bearer_scheme = HTTPBearer(
    auto_error=False, scheme_name="ApiKey",
    description="An API key from `refoulement-risk keys create`, or the intake page's token.")


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    if not service.ready:
        raise ServiceUnavailable("The service is starting; retry shortly.")
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def get_settings_dep(service: ServiceDep) -> Settings:
    return service.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def _principal(scope: Scope) -> Callable[..., Principal]:
    # A sync dependency: FastAPI runs it in the threadpool, so the key lookup (a database read)
    # never blocks the event loop. ``Security(bearer_scheme)`` documents the scheme in OpenAPI;
    # the header is parsed here so every failure gets its own problem code.
    def dependency(request: Request, service: ServiceDep,
                   _credentials: Annotated[HTTPAuthorizationCredentials | None,
                                           Security(bearer_scheme)] = None) -> Principal:
        principal = authenticate(request.headers.get("authorization"), service.storage,
                                 service.intake)
        request.state.principal = principal.name
        require(principal, scope)
        service.limiter.take(principal.rate_key)
        return principal

    dependency.__name__ = f"require_{scope}"
    return dependency


AssessDep = Annotated[Principal, Depends(_principal("assess"))]
ReadDep = Annotated[Principal, Depends(_principal("read"))]
AdminDep = Annotated[Principal, Depends(_principal("admin"))]

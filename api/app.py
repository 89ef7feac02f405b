"""The app factory: ``create_app(settings=None)``; uvicorn runs ``api.app:create_app`` with
``factory=True``. The lifespan migrates the database and loads the rules and evidence once,
then sweeps expired assessments in the background until shutdown."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from refoulement_risk import __version__

from .cors import ProblemCORSMiddleware
from .errors import ProblemDetails, install_error_handlers
from .logs import configure_logging
from .middleware import RequestContextMiddleware
from .openapi import customise_openapi
from .routes import (
    assessments,
    countries,
    health,
    intake,
    report,
    rules,
    schema,
    stored,
    vocabulary,
)
from .service import Service
from .settings import Settings, get_settings

__all__ = ["create_app"]

DESCRIPTION = """\
Explained screening of the risk of torture or ill-treatment on return (non-refoulement), for
human-rights lawyers and legal-aid caseworkers. **A screening aid for a qualified adviser, not a
legal determination.**

* Send a case (CONTRACT.md; every field but `destination` optional, absent = unknown) to
  `POST /v1/assessments`; nothing is stored unless `store=true`.
* Authenticate with `Authorization: Bearer <key>` (`refoulement-risk keys create NAME --scopes
  assess,read --org ORG`). Every key belongs to an organisation, and sees only the stored
  assessments of its organisation. Scopes: `assess`, `read` (the organisation's stored
  assessments: list, read, re-assess, erase), `admin`, and `operator` (every organisation's).
* Every error is an RFC 9457 problem (`application/problem+json`) with a stable `code` and every
  `problems` entry (field path and reason).
"""


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    service: Service = app.state.service
    await run_in_threadpool(service.start)
    sweeper = asyncio.create_task(service.sweep_forever())
    try:
        yield
    finally:
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
        await run_in_threadpool(service.stop)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    service = Service(settings)
    app = FastAPI(
        title="refoulement-risk", version=__version__, description=DESCRIPTION,
        lifespan=_lifespan, docs_url="/docs" if settings.docs_enabled else None,
        redoc_url=None, openapi_url="/openapi.json",
        license_info={"name": "AGPL-3.0-or-later",
                      "url": "https://www.gnu.org/licenses/agpl-3.0.html"},
    )
    app.state.service = service
    install_error_handlers(app)
    app.state.route_methods = []  # (path pattern, methods): the Allow header of a 405
    for module in (assessments, stored, report, countries, rules, schema, health, intake,
                   vocabulary):
        app.include_router(module.router)
        for route in module.router.routes:
            if isinstance(route, APIRoute):
                app.state.route_methods.append((route.path_regex, set(route.methods or ())))
    if settings.intake_enabled:
        app.mount("/static", StaticFiles(directory=intake.STATIC_DIR), name="static")
    app.add_middleware(
        ProblemCORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=False,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID", "Idempotency-Key"],
        expose_headers=["Location", "Retry-After", "X-Request-ID", "Idempotent-Replayed"],
        max_age=600)
    app.add_middleware(RequestContextMiddleware, max_body=settings.max_request_bytes,
                       metrics=service.metrics, frame_origins=settings.cors_origins)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(title=app.title, version=app.version,
                                   description=app.description, routes=app.routes,
                                   license_info=app.license_info)
            app.openapi_schema = customise_openapi(document, service, ProblemDetails)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app

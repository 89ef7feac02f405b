"""The built-in intake interview (/ and /intake), its definition (GET /v1/intake/interview)
and its short-lived token (POST /v1/intake/token).

The page never holds an API key. It asks for a token that can only assess (not store, not read),
expires after ``intake_token_ttl_seconds`` and is only minted for a same-origin request: a
browser sends ``Sec-Fetch-Site`` and ``Origin``, and a page on another site gets 403. (A script
outside a browser can forge those headers, so the token is no more than anonymous, rate-limited
assessment; set ``REFOULEMENT_RISK_INTAKE_ENABLED=false`` to turn the page and tokens off.)

An embedding site's *server* may mint the same token for its own pages by calling the endpoint
with an API key that has the ``assess`` scope (docs/EMBEDDING.md); the key never reaches a browser.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

from refoulement_risk.i18n import available_languages, catalogue_for
from refoulement_risk.profile_tools import coverage_rows
from refoulement_risk.report import interview
from refoulement_risk.report.page_texts import page_texts
from refoulement_risk.report.texts import texts_in

from ..deps import ServiceDep, authenticated
from ..errors import Forbidden, NotFound
from ..examples import problem_responses
from ..security import require
from .assessments import AcceptLanguage, LangQuery, _language

__all__ = ["STATIC_DIR", "IntakeToken", "router"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(tags=["intake"])


class IntakeToken(BaseModel):
    token: str = Field(description="send as Authorization: Bearer <token>")
    token_type: str = "Bearer"
    expires_at: dt.datetime
    expires_in: int = Field(description="seconds")
    scopes: list[str] = Field(description="always ['assess']; cannot store or read")


def _same_host(origin: str, request: Request) -> bool:
    # Host, not scheme: behind a TLS-terminating proxy the app sees http while the page is https.
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host", "")


@router.get("/", include_in_schema=False)
@router.get("/intake", include_in_schema=False)
async def intake_page(service: ServiceDep) -> FileResponse:
    if not service.settings.intake_enabled:
        raise NotFound("The intake page is turned off on this server.")
    return FileResponse(STATIC_DIR / "intake.html", media_type="text/html; charset=utf-8")


@router.get("/v1/intake/interview", summary="The intake interview's questions",
            description="Every question of the intake interview in plain words, with its help "
                        "text and allowed answers (contract values with plain labels; "
                        "organisations and ethnicities the evidence names, with aliases), the "
                        "countries with evidence, the bands, and the origins allowed to embed "
                        "the page; with `texts`, every word of the page by id, and `languages`, "
                       "the languages it can be shown in. In the language of `lang` (else of "
                       "Accept-Language, else English): only the words change, never a value. "
                       "Public. 404 when the intake page is turned off.",
            responses={200: {"content": {"application/json": {"example": {
                "steps": [{"field": "proceeding", "kind": "choice", "label": "Procedure",
                           "question": "Which procedure is the removal under?",
                           "help": "Extradition usually means the person is held on arrival.",
                           "choices": [{"value": "extradition",
                                        "label": "Extradition (the destination asks for the "
                                                 "person)"}]}],
                "first": ["destination", "removing_state", "as_of"],
                "countries_with_evidence": [{"country": "UZ", "name": "Uzbekistan",
                                             "roles": ["destination"], "versions": []}],
                "embedding_origins": ["https://clinic.example.org"]}}}},
                       **problem_responses(404, 422, 500)})
async def get_interview(service: ServiceDep, lang: LangQuery = None,
                        accept_language: AcceptLanguage = None) -> JSONResponse:
    if not service.settings.intake_enabled:
        raise NotFound("The intake page is turned off on this server.")
    language = _language(lang, accept_language)
    knowledge = service.knowledge
    assert knowledge is not None
    body = interview(knowledge.profiles, language)
    body["texts"] = texts_in(page_texts(), language)
    body["languages"] = [{"code": code, "name": _language_name(code)}
                         for code in available_languages()]
    body["countries_with_evidence"] = [
        {"country": row["country"], "name": row["name"], "roles": row["roles"],
         "versions": row["versions"]} for row in coverage_rows(knowledge.profiles)]
    body["bands"] = {"torture": knowledge.rulebook.index.scores["torture"].bands,
                     "irregular_transfer":
                         knowledge.rulebook.index.scores["irregular_transfer"].bands}
    body["embedding_origins"] = list(service.settings.cors_origins)
    return JSONResponse(jsonable_encoder(body), headers={"Cache-Control": "no-cache",
                                                         "Content-Language": language,
                                                         "Vary": "Accept-Language"})


def _language_name(code: str) -> str:
    """The language's name in the language itself (the switch shows it so)."""
    catalogue = catalogue_for(code)
    return "English" if catalogue is None else catalogue.name


@router.post("/v1/intake/token", response_model=IntakeToken, summary="Token for the intake page",
             description="Mint a short-lived, assess-only token for the built-in intake page. "
                         "Same-origin browser requests only, or a server holding an API key "
                         "with the `assess` scope (for an embedding site's own pages); "
                         "rate-limited per client address. 404 when the intake page is turned "
                         "off.",
             responses={200: {"content": {"application/json": {"example": {
                 "token": "rri_eyJzY3AiOiJhc3Nlc3MiLCJleHAiOjE3NjQ…", "token_type": "Bearer",
                 "expires_at": "2026-11-28T10:15:00Z", "expires_in": 900,
                 "scopes": ["assess"]}}}},
                        **problem_responses(403, 404, 429)})
async def mint_intake_token(request: Request, service: ServiceDep) -> IntakeToken:
    settings = service.settings
    if not settings.intake_enabled or service.intake is None:
        raise NotFound("The intake page is turned off on this server.")
    site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    authorization = request.headers.get("authorization")
    if authorization:  # an embedding site's server, with its API key
        principal = await authenticated(request, service)
        if principal.kind != "key":
            raise Forbidden("Mint intake tokens with an API key, not with a token.",
                            code="insufficient_scope")
        require(principal, "assess")
    elif (site is not None and site != "same-origin") or (
            origin is not None and not _same_host(origin, request)):
        raise Forbidden("Intake tokens are only issued to the intake page on this server.",
                        code="cross_origin")
    client = request.client.host if request.client else "unknown"
    service.mint_limiter.take(f"mint:{client}")
    token, expires = service.intake.mint()
    return IntakeToken(token=token, expires_at=expires,
                       expires_in=settings.intake_token_ttl_seconds, scopes=["assess"])

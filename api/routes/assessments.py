"""/v1/assessments: assess a case (optionally storing it), a batch, and stored assessments.

``assess()`` takes milliseconds of CPU (one engine run, then the compiled plan for what each
unknown could change), so it runs in the threadpool and the event loop stays free; the
database calls run there too.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_serializer

from refoulement_risk import Assessment, Case, CaseValidationError, Knowledge, parse_case
from refoulement_risk.i18n import UnsupportedLanguage, choose_language
from refoulement_risk.i18n_translate import translate_assessment

from ..blocking import run_cpu, run_db
from ..bodies import JsonBodyRoute, refuses_body_with
from ..deps import AssessDep, KnowledgeDep, ServiceDep
from ..errors import ApiError, Problem, ProblemDetails, build_problem
from ..examples import BATCH_EXAMPLE, case_examples, problem_responses
from ..results import assessment_body, new_record, request_digest
from ..security import Principal
from ..service import Service
from ..storage import IdempotencyConflict, IdempotencyRecord, StoredAssessment

__all__ = ["IDEMPOTENCY_KEY_PATTERN", "AssessmentResult", "BatchItem", "BatchRequest",
           "BatchResult", "router"]

IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"

router = APIRouter(prefix="/v1", tags=["assessments"], route_class=JsonBodyRoute)
log = logging.getLogger("refoulement_risk.api")


class AssessmentResult(Assessment):
    """The assessment (CONTRACT.md), plus ``id`` and ``expires_at`` when it was stored."""

    id: str | None = Field(default=None, description="set when stored (store=true)")
    expires_at: dt.datetime | None = Field(default=None,
                                           description="when the stored record is deleted")

    @field_serializer("expires_at")
    def _iso(self, moment: dt.datetime | None) -> str | None:
        return None if moment is None else moment.isoformat()  # +00:00, as stored


class BatchItem(BaseModel):
    index: int = Field(description="position of the case in the request")
    status: int = Field(description="200 assessed, 201 assessed and stored, 422 refused")
    assessment: AssessmentResult | None = None
    problem: ProblemDetails | None = Field(default=None, description="why the case was refused")


class BatchResult(BaseModel):
    count: int
    assessed: int
    refused: int
    results: list[BatchItem]


CaseBody = Annotated[Case, Body(openapi_examples=case_examples())]

class BatchRequest(BaseModel):
    """Several cases. Each is validated on its own (a refused case does not stop the others),
    so the model takes any JSON value as a case and documents it as a ``Case``."""

    model_config = ConfigDict(extra="forbid")

    cases: list[Any] = Field(
        min_length=1, description="1 to `batch_max_cases` cases",
        json_schema_extra={"items": {"$ref": "#/components/schemas/Case"}})


BatchBody = Annotated[BatchRequest, Body(openapi_examples={
    "two": {"summary": "Two cases", "value": BATCH_EXAMPLE}})]

StoreQuery = Annotated[bool, Query(description="keep the input, the output and the versions "
                                               "(needs an API key; the intake token cannot)")]
IdempotencyKeyHeader = Annotated[str | None, Header(
    alias="Idempotency-Key", pattern=IDEMPOTENCY_KEY_PATTERN,
    description="with store=true: a unique key of yours (1 to 255 printable ASCII characters) "
                "so that a retried request stores at most one record")]


# ?lang= wins over Accept-Language; only the human text changes.
LangQuery = Annotated[str | None, Query(max_length=16, description=(
    "language of the human text (en, ru, ...); without it the best language of the "
    "Accept-Language header, else en. Codes, ids and numbers do not change."))]

AcceptLanguage = Annotated[str | None, Header(description=(
    "used when `lang` is absent: the best available language it names, else en"))]


def _language(lang: str | None, accept_language: str | None) -> str:
    try:
        return choose_language(lang, accept_language)
    except UnsupportedLanguage as exc:
        raise ApiError("The requested language is not available.", status=422,
                       code="invalid_request",
                       problems=[Problem(location="lang", reason=str(exc))]) from None


async def _language_dep(lang: LangQuery = None,
                        accept_language: AcceptLanguage = None) -> str:
    return _language(lang, accept_language)


LanguageDep = Annotated[str, Depends(_language_dep)]


def _check_store(principal: Principal, store: bool) -> None:
    if store and principal.kind != "key":
        raise ApiError("The intake page's token cannot store assessments; use an API key.",
                       status=403, code="insufficient_scope")


async def _store_dep(principal: AssessDep, store: StoreQuery = False) -> bool:
    _check_store(principal, store)
    return store


StoreDep = Annotated[bool, Depends(_store_dep)]


def _refuse_case(data: Any, request: Request) -> None:
    parse_case(data)  # raises CaseValidationError listing every problem (422 invalid_case)


def _assess_one(service: Service, case: Case, language: str = "en") -> Assessment:
    return translate_assessment(service.assess(case), language)


def _idempotency(service: Service, principal: Principal, key: str, data: Any,
                 record: StoredAssessment) -> IdempotencyRecord:
    return IdempotencyRecord(
        org=principal.org, idempotency_key=key, request_digest=request_digest(data),
        assessment_id=record.id, created_at=record.created_at,
        expires_at=record.created_at + dt.timedelta(hours=service.settings.idempotency_hours))


def _reused(detail: str) -> ApiError:
    return ApiError(detail, status=422, code="idempotency_key_reused", problems=[Problem(
        location="(header).Idempotency-Key",
        reason="was already used, within this organisation, for a different request")])


def _created(record: StoredAssessment, replayed: bool, response: Response) -> AssessmentResult:
    response.status_code = 201
    response.headers["Location"] = f"/v1/assessments/{record.id}"
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return AssessmentResult.model_validate(assessment_body(record))


async def _replay(service: Service, principal: Principal, key: str, data: Any,
                  response: Response) -> AssessmentResult | None:
    """The earlier answer to this Idempotency-Key, or None if the key is new (or expired)."""
    now = dt.datetime.now(dt.UTC)
    previous = await run_db(service.pools, service.storage.find_idempotency, principal.org,
                            key, now)
    if previous is None:
        return None
    if previous.request_digest != request_digest(data):
        raise _reused("This Idempotency-Key was already used for a different request.")
    record = await run_db(service.pools, service.storage.get_assessment,
                          previous.assessment_id, now, principal.org)
    if record is None:
        raise _reused("The record this Idempotency-Key created has been erased or has expired.")
    return _created(record, True, response)


@router.post(
    "/assessments", response_model=AssessmentResult, status_code=200,
    response_model_exclude_unset=True,  # id and expires_at only when stored
    summary="Assess a case",
    description="Assess one case (CONTRACT.md). Every field but `destination` is optional; an "
                "absent field is *unknown*. With `store=true` the input, the output and the "
                "versions are written durably before the 201 answer, which has a `Location`; "
                "the record belongs to the organisation of the key. With `store=true` an "
                "`Idempotency-Key` header makes retries safe: the same key with the same body "
                "gives the same record (`Idempotent-Replayed: true`), with another body a 422 "
                "(`idempotency_key_reused`); keys are remembered per organisation for "
                "`idempotency_hours` (24 by default).",
    responses={201: {"description": "Assessed and stored (store=true)",
                     "model": AssessmentResult,
                     "headers": {"Location": {"schema": {"type": "string"},
                                              "description": "the stored assessment's URL"},
                                 "Idempotent-Replayed": {
                                     "schema": {"type": "string", "enum": ["true"]},
                                     "description": "sent when an Idempotency-Key was "
                                                    "replayed"}}},
               **problem_responses(400, 401, 403, 413, 415, 422, 429, 500, 503)},
)
@refuses_body_with(_refuse_case)
async def create_assessment(request: Request, response: Response, case: CaseBody,
                            service: ServiceDep, knowledge: KnowledgeDep,
                            principal: AssessDep, store: StoreDep, language: LanguageDep,
                            idempotency_key: IdempotencyKeyHeader = None,
                            ) -> AssessmentResult:
    data = await request.json()  # as sent (cached): the Idempotency-Key's request digest
    key = idempotency_key if store else None
    if key is not None:
        replay = await _replay(service, principal, key, data, response)
        if replay is not None:
            return replay
    assessment = await run_cpu(service.pools, _assess_one, service, case, language)
    service.metrics.count_assessment(assessment.band, store)
    if not store:
        return AssessmentResult.model_validate(assessment.model_dump())
    record = new_record(service, principal, case, assessment, dt.datetime.now(dt.UTC))
    idem = _idempotency(service, principal, key, data, record) if key is not None else None
    try:
        saved = await run_db(service.pools, service.storage.save_assessment, record, idem)
    except IdempotencyConflict as exc:
        raise _reused(f"This Idempotency-Key cannot be used again: {exc}.") from None
    log.info("assessment stored", extra={"event": "stored", "assessment_id": saved.id,
                                         "key": principal.name, "org": principal.org,
                                         "replayed": saved.id != record.id})
    return _created(saved, saved.id != record.id, response)


def _refuse_batch(data: Any, request: Request) -> None:
    _batch_cases(data, request.app.state.service.settings.batch_max_cases)


def _batch_cases(data: Any, limit: int) -> list[Any]:
    if not isinstance(data, dict):
        raise ApiError("The body must be an object with a list of cases.", status=422,
                       code="invalid_request",
                       problems=[Problem(location="(body)", reason="must be a JSON object")])
    problems = [Problem(location=k, reason="is not a field of a batch request")
                for k in data if k != "cases"]
    cases = data.get("cases")
    if not isinstance(cases, list):
        problems.append(Problem(location="cases", reason="must be a list of cases"))
    elif not 1 <= len(cases) <= limit:
        problems.append(Problem(location="cases",
                                reason=f"must hold between 1 and {limit} cases"))
    if problems:
        raise ApiError("The batch request is not valid.", status=422, code="invalid_request",
                       problems=problems)
    assert isinstance(cases, list)
    return cases


Computed = list[tuple[int, Assessment, StoredAssessment | None]]


def _assess_batch(service: Service, knowledge: Knowledge, principal: Principal,
                  cases: list[Any], store: bool, path: str,
                  request_id: str) -> tuple[list[BatchItem], Computed]:
    refused: list[BatchItem] = []
    computed: Computed = []
    now = dt.datetime.now(dt.UTC)
    for index, data in enumerate(cases):
        try:
            case = parse_case(data)
        except CaseValidationError as exc:
            refused.append(BatchItem(index=index, status=422, problem=build_problem(
                422, exc.code, exc.message, instance=f"{path}#cases[{index}]",
                request_id=request_id,
                problems=[Problem(location=f"cases[{index}].{p.location}", reason=p.reason)
                          for p in exc.problems])))
            continue
        assessment = service.assess(case)
        record = new_record(service, principal, case, assessment, now) if store else None
        computed.append((index, assessment, record))
    return refused, computed


def _batch_result(service: Service, cases: list[Any], refused: list[BatchItem],
                  computed: Computed) -> BatchResult:
    items = list(refused)
    for index, assessment, record in computed:
        service.metrics.count_assessment(assessment.band, record is not None)
        body = assessment_body(record) if record is not None \
            else assessment.model_dump(mode="json")
        items.append(BatchItem(index=index, status=201 if record else 200,
                               assessment=AssessmentResult.model_validate(body)))
    items.sort(key=lambda item: item.index)
    return BatchResult(count=len(cases), assessed=len(computed),
                       refused=len(cases) - len(computed), results=items)


@router.post(
    "/assessments:batch", response_model=BatchResult,
    summary="Assess several cases",
    description="Assess up to `batch_max_cases` cases (25 by default; see SERVICE.md) in one "
                "request. Each case is assessed or refused on its own: a refused case has "
                "`status` 422 and a `problem` listing its problems, and does not stop the others. "
                "A batch costs one rate-limit token per case.",
    responses=problem_responses(400, 401, 403, 413, 415, 422, 429, 500, 503),
)
@refuses_body_with(_refuse_batch)
async def create_batch(request: Request, batch: BatchBody, service: ServiceDep,
                       knowledge: KnowledgeDep, principal: AssessDep,
                       store: StoreDep) -> BatchResult:
    cases = _batch_cases({"cases": batch.cases}, service.settings.batch_max_cases)
    if len(cases) > 1:
        service.limiter.take(principal.rate_key, cost=len(cases) - 1)
    began = time.perf_counter()
    refused, computed = await run_cpu(service.pools, _assess_batch, service, knowledge,
                                      principal, cases, store, request.url.path,
                                      str(request.state.request_id))
    records = [record for _, _, record in computed if record is not None]
    # One transaction, committed before we answer.
    await run_db(service.pools, service.storage.save_assessments, records)
    result = _batch_result(service, cases, refused, computed)
    log.info("batch assessed", extra={"event": "batch", "cases": result.count,
                                      "refused": result.refused,
                                      "seconds": round(time.perf_counter() - began, 3)})
    return result

"""/v1/assessments: assess a case (optionally storing it), a batch, and stored assessments.

``assess()`` takes ~50-100 ms of CPU (it re-runs the engine for every unknown field to find what
each answer could change), so it runs in the threadpool and the event loop stays free; the
database calls run there too.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from refoulement_risk import Assessment, Case, CaseValidationError, Knowledge, assess, parse_case
from refoulement_risk.i18n import UnsupportedLanguage, choose_language
from refoulement_risk.i18n_translate import translate_assessment

from ..bodies import read_json
from ..deps import AssessDep, ReadDep, ServiceDep
from ..errors import ApiError, NotFound, Problem, ProblemDetails
from ..examples import BATCH_EXAMPLE, case_examples, problem_responses
from ..security import Principal
from ..service import Service
from ..storage import StoredAssessment

__all__ = ["AssessmentResult", "BatchItem", "BatchResult", "StoredAssessmentOut", "router"]

router = APIRouter(prefix="/v1", tags=["assessments"])
log = logging.getLogger("refoulement_risk.api")


class AssessmentResult(Assessment):
    """The assessment (CONTRACT.md), plus ``id`` and ``expires_at`` when it was stored."""

    id: str | None = Field(default=None, description="set when stored (store=true)")
    expires_at: dt.datetime | None = Field(default=None,
                                           description="when the stored record is deleted")


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


class VersionsUsed(BaseModel):
    engine: str
    rules: str
    rule_set_digest: str
    profiles_digest: str
    backend: str


class StoredAssessmentOut(BaseModel):
    """A stored assessment: the input, the output, and the versions it was computed with."""

    id: str
    created_at: dt.datetime
    expires_at: dt.datetime
    case: Case = Field(description="the case as submitted (absent fields stay absent)")
    assessment: Assessment
    versions: VersionsUsed
    reproducible: bool = Field(description="true if the service still runs the same rule set "
                                           "and evidence, so re-assessing gives this result")


_CASE_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Case"}, "examples": case_examples()}}}}

_BATCH_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/BatchRequest"},
    "examples": {"two": {"summary": "Two cases", "value": BATCH_EXAMPLE}}}}}}

StoreQuery = Annotated[bool, Query(description="keep the input, the output and the versions "
                                               "(needs an API key; the intake token cannot)")]
IdPath = Annotated[str, Path(min_length=1, max_length=64, description="the id returned when "
                                                                      "the assessment was stored")]


# i18n (issue 13): ?lang= wins over Accept-Language; only the human text changes.
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


def _check_store(principal: Principal, store: bool) -> None:
    if store and principal.kind != "key":
        raise ApiError("The intake page's token cannot store assessments; use an API key.",
                       status=403, code="insufficient_scope")


def _record(service: Service, knowledge: Knowledge, principal: Principal, case: Case,
            assessment: Assessment, now: dt.datetime) -> StoredAssessment:
    versions = assessment.versions
    return StoredAssessment(
        id=uuid.uuid4().hex, created_at=now,
        expires_at=now + dt.timedelta(days=service.settings.retention_days),
        key_name=principal.name,
        case_json=case.model_dump_json(exclude_unset=True),
        assessment_json=assessment.model_dump_json(),
        engine_version=versions.engine, rules_version=versions.rules,
        rule_set_digest=versions.rule_set_digest, profiles_digest=versions.profiles_digest,
        backend=versions.backend, band=assessment.band, score=assessment.score)


def _result(assessment: Assessment, record: StoredAssessment | None) -> dict[str, Any]:
    data: dict[str, Any] = assessment.model_dump(mode="json")
    if record is not None:
        data["id"] = record.id
        data["expires_at"] = record.expires_at.isoformat()
    return data


def _assess_one(service: Service, principal: Principal, data: Any,
                store: bool, language: str = "en") -> tuple[Assessment, StoredAssessment | None]:
    knowledge = service.knowledge
    assert knowledge is not None
    case = parse_case(data)
    assessment = translate_assessment(assess(case, knowledge=knowledge), language)  # i18n
    record = None
    if store:
        record = _record(service, knowledge, principal, case, assessment, dt.datetime.now(dt.UTC))
        service.storage.save_assessment(record)  # committed before we answer
    service.metrics.count_assessment(assessment.band, store)
    return assessment, record


@router.post(
    "/assessments", response_model=AssessmentResult, status_code=200,
    summary="Assess a case",
    description="Assess one case (CONTRACT.md). Every field but `destination` is optional; an "
                "absent field is *unknown*. With `store=true` the input, the output and the "
                "versions are written durably before the 201 answer, which has a `Location`.",
    openapi_extra=_CASE_BODY,
    responses={201: {"description": "Assessed and stored (store=true)",
                     "model": AssessmentResult,
                     "headers": {"Location": {"schema": {"type": "string"},
                                              "description": "the stored assessment's URL"}}},
               **problem_responses(400, 401, 403, 413, 415, 422, 429, 500)},
)
async def create_assessment(request: Request, service: ServiceDep, principal: AssessDep,
                            store: StoreQuery = False, lang: LangQuery = None,
                            accept_language: AcceptLanguage = None) -> Response:
    _check_store(principal, store)
    language = _language(lang, accept_language)  # i18n
    data = await read_json(request, service.settings.max_request_bytes)
    assessment, record = await run_in_threadpool(_assess_one, service, principal, data, store,
                                                 language)
    if record is None:
        return Response(assessment.model_dump_json(), media_type="application/json")
    log.info("assessment stored", extra={"event": "stored", "assessment_id": record.id,
                                         "key": principal.name})
    return Response(json.dumps(_result(assessment, record)), status_code=201,
                    media_type="application/json",
                    headers={"Location": f"/v1/assessments/{record.id}"})


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


def _assess_batch(service: Service, principal: Principal, cases: list[Any], store: bool,
                  path: str, request_id: str) -> BatchResult:
    knowledge = service.knowledge
    assert knowledge is not None
    items: list[BatchItem] = []
    records: list[StoredAssessment] = []
    computed: list[tuple[int, Assessment, StoredAssessment | None]] = []
    now = dt.datetime.now(dt.UTC)
    for index, data in enumerate(cases):
        try:
            case = parse_case(data)
        except CaseValidationError as exc:
            items.append(BatchItem(index=index, status=422, problem=ProblemDetails(
                type="urn:refoulement-risk:problem:invalid_case", title="Unprocessable Content",
                status=422, detail=exc.message, instance=f"{path}#cases[{index}]",
                code=exc.code, request_id=request_id,
                problems=[Problem(location=f"cases[{index}].{p.location}", reason=p.reason)
                          for p in exc.problems])))
            continue
        assessment = assess(case, knowledge=knowledge)
        record = _record(service, knowledge, principal, case, assessment, now) if store else None
        if record is not None:
            records.append(record)
        computed.append((index, assessment, record))
    service.storage.save_assessments(records)  # one transaction, committed before we answer
    for index, assessment, record in computed:
        service.metrics.count_assessment(assessment.band, record is not None)
        items.append(BatchItem(index=index, status=201 if record else 200,
                               assessment=AssessmentResult.model_validate(
                                   _result(assessment, record))))
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
    openapi_extra=_BATCH_BODY,
    responses=problem_responses(400, 401, 403, 413, 415, 422, 429, 500),
)
async def create_batch(request: Request, service: ServiceDep, principal: AssessDep,
                       store: StoreQuery = False) -> Response:
    _check_store(principal, store)
    data = await read_json(request, service.settings.max_request_bytes)
    cases = _batch_cases(data, service.settings.batch_max_cases)
    if len(cases) > 1:
        service.limiter.take(principal.rate_key, cost=len(cases) - 1)
    began = time.perf_counter()
    result = await run_in_threadpool(_assess_batch, service, principal, cases, store,
                                     request.url.path, str(request.state.request_id))
    log.info("batch assessed", extra={"event": "batch", "cases": result.count,
                                      "refused": result.refused,
                                      "seconds": round(time.perf_counter() - began, 3)})
    return Response(result.model_dump_json(), media_type="application/json")


def _stored_body(service: Service, record: StoredAssessment) -> str:
    knowledge = service.knowledge
    assert knowledge is not None
    reproducible = (record.rule_set_digest == knowledge.rulebook.digest
                    and record.profiles_digest == knowledge.profiles.digest)
    versions = {"engine": record.engine_version, "rules": record.rules_version,
                "rule_set_digest": record.rule_set_digest,
                "profiles_digest": record.profiles_digest, "backend": record.backend}
    return (f'{{"id": {json.dumps(record.id)}, '
            f'"created_at": {json.dumps(record.created_at.isoformat())}, '
            f'"expires_at": {json.dumps(record.expires_at.isoformat())}, '
            f'"case": {record.case_json}, "assessment": {record.assessment_json}, '
            f'"versions": {json.dumps(versions)}, "reproducible": {json.dumps(reproducible)}}}')


_GONE = "No stored assessment has this id (it may have expired or been deleted)."


@router.get(
    "/assessments/{assessment_id}", response_model=StoredAssessmentOut,
    summary="Read a stored assessment",
    description="The input, the output and the versions of a stored assessment. Expired "
                "records are 404 even before the retention sweep deletes them.",
    responses=problem_responses(401, 403, 404, 422, 429, 500),
)
async def get_assessment(service: ServiceDep, principal: ReadDep,
                         assessment_id: IdPath) -> Response:
    record = await run_in_threadpool(service.storage.get_assessment, assessment_id,
                                     dt.datetime.now(dt.UTC))
    if record is None:
        raise NotFound(_GONE)
    return Response(_stored_body(service, record), media_type="application/json")


@router.delete(
    "/assessments/{assessment_id}", status_code=204,
    summary="Erase a stored assessment",
    description="Delete the stored input and output now (erasure on request). Needs the "
                "`read` scope: whoever may read a record may erase it.",
    responses=problem_responses(401, 403, 404, 422, 429, 500),
)
async def delete_assessment(service: ServiceDep, principal: ReadDep,
                            assessment_id: IdPath) -> Response:
    deleted = await run_in_threadpool(service.storage.delete_assessment, assessment_id)
    if not deleted:
        raise NotFound(_GONE)
    log.info("assessment erased", extra={"event": "erased", "assessment_id": assessment_id,
                                         "key": principal.name})
    return Response(status_code=204)

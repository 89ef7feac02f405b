"""Stored assessments: list (``GET /v1/assessments``), read, re-assess and erase.

Every call sees only the records of the caller's organisation: another organisation's id is a
404, exactly like an unknown one, so ids reveal nothing. A key with the ``operator`` scope sees
every organisation (and may narrow a listing with ``org``). Ids are checked by their format
before any query.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field, field_serializer

from refoulement_risk import Assessment, Case, parse_case
from refoulement_risk.rule_models import Band

from ..blocking import run_cpu, run_db
from ..deps import KnowledgeDep, ReadDep, ServiceDep
from ..errors import ApiError, Forbidden, NotFound, Problem
from ..examples import problem_responses
from ..params import IdPath, IsoDate
from ..results import reproducible, versions_of
from ..security import ORG_PATTERN, Principal
from ..service import Service
from ..storage import AssessmentFilter, StoredAssessment

__all__ = ["StoredAssessmentOut", "StoredList", "StoredSummary", "find_record", "router"]

router = APIRouter(prefix="/v1", tags=["stored assessments"])
log = logging.getLogger("refoulement_risk.api")

CURSOR_PATTERN = r"^[A-Za-z0-9_-]{8,200}$"
_GONE = "No stored assessment has this id (it may have expired or been deleted)."


class VersionsUsed(BaseModel):
    engine: str
    rules: str
    rule_set_digest: str
    profiles_digest: str
    backend: str


class _Moments(BaseModel):
    """``created_at`` and ``expires_at``, written as stored (``+00:00``, not ``Z``)."""

    created_at: dt.datetime
    expires_at: dt.datetime

    @field_serializer("created_at", "expires_at")
    def _iso(self, moment: dt.datetime) -> str:
        return moment.isoformat()


class StoredAssessmentOut(_Moments):
    """A stored assessment: the input, the output, and the versions it was computed with.

    Answered with ``exclude_unset``: the case's absent fields stay absent."""

    id: str
    case: Case = Field(description="the case as submitted (absent fields stay absent)")
    assessment: Assessment
    versions: VersionsUsed
    reproducible: bool = Field(description="true if the service still runs the same rule set "
                                           "and evidence, so re-assessing gives this result")


class StoredSummary(_Moments):
    """One stored assessment in a listing: no case content unless ``include`` asks for it."""

    id: str
    client_reference: str | None = Field(description="your opaque reference, if the case had one")
    band: Band
    score: int
    rules_version: str
    reproducible: bool
    key: str = Field(description="name of the key that stored it")
    org: str = Field(description="the organisation the record belongs to")
    case: Case | None = Field(default=None, description="only with include=case")
    assessment: Assessment | None = Field(default=None, description="only with "
                                                                    "include=assessment")


class StoredList(BaseModel):
    items: list[StoredSummary]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null: "
                                                "this is the last page")


def _encode_cursor(record: StoredAssessment) -> str:
    raw = f"{record.created_at.isoformat()}|{record.id}".encode("ascii")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode_cursor(cursor: str) -> tuple[dt.datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        created, _, last_id = raw.partition("|")
        moment = dt.datetime.fromisoformat(created)
        if moment.tzinfo is None or not re.fullmatch(r"[0-9a-f]{32}", last_id):
            raise ValueError
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise ApiError("The cursor is not one this service gave out.", status=422,
                       code="invalid_request", problems=[Problem(
                           location="(query).cursor",
                           reason="must be a next_cursor value from a previous page")]) from None
    return moment, last_id


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _summary(service: Service, record: StoredAssessment, include: set[str]) -> StoredSummary:
    data: dict[str, Any] = {
        "id": record.id, "created_at": record.created_at.isoformat(),
        "expires_at": record.expires_at.isoformat(),
        "client_reference": record.client_reference, "band": record.band,
        "score": record.score, "rules_version": record.rules_version,
        "reproducible": reproducible(service, record), "key": record.key_name,
        "org": record.org}
    if "case" in include:
        data["case"] = json.loads(record.case_json)
    if "assessment" in include:
        data["assessment"] = json.loads(record.assessment_json)
    return StoredSummary.model_validate(data)


def _check_band(service: Service, band: str | None) -> None:
    """A band of the rule set served (the bands are data, so the query type cannot list them)."""
    knowledge = service.knowledge
    if band is None or knowledge is None:
        return
    names = knowledge.rulebook.index.band_names()
    if band not in names:
        raise ApiError("The request's parameters are not valid.", status=422,
                       code="invalid_request", problems=[Problem(
                           location="query.band", reason=f"must be one of {', '.join(names)}")])


def _listing_org(principal: Principal, org: str | None) -> str | None:
    if org is None or org == principal.org:
        return principal.visible_org if org is None else org
    if not principal.operator:
        raise Forbidden("Listing another organisation's records needs the 'operator' scope.",
                        code="insufficient_scope")
    return org


@router.get(
    "/assessments", response_model=StoredList, response_model_exclude_unset=True,
    summary="List stored assessments",
    description="The organisation's stored assessments, newest first, a page at a time "
                "(`next_cursor`). Filters: `client_reference`, `created_from` / `created_until` "
                "(ISO calendar dates, UTC, both inclusive) and `band`. The case and the "
                "assessment are left out unless `include` asks for them. An operator key "
                "lists every organisation (or one, with `org`).",
    responses=problem_responses(401, 403, 422, 429, 500, 503),
)
async def list_assessments(
    service: ServiceDep, principal: ReadDep,
    limit: Annotated[int, Query(ge=1, le=200, description="records per page")] = 50,
    cursor: Annotated[str | None, Query(pattern=CURSOR_PATTERN,
                                        description="next_cursor of the previous page")] = None,
    client_reference: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    created_from: Annotated[IsoDate | None, Query(description="stored on or after (UTC)")] = None,
    created_until: Annotated[IsoDate | None, Query(
        description="stored on or before (UTC)")] = None,
    band: Annotated[Band | None, Query(pattern=r"^[a-z_]{1,40}$", description=(
        "one of the bands of rules/index.yaml (low, moderate, high, very_high, "
        "insufficient_evidence with the shipped rules)"))] = None,
    include: Annotated[list[Literal["case", "assessment"]] | None, Query(
        description="add the case as submitted and/or the assessment to each record")] = None,
    org: Annotated[str | None, Query(pattern=ORG_PATTERN, description="operator only: one "
                                                                      "organisation")] = None,
) -> StoredList:
    _check_band(service, band)
    wanted = AssessmentFilter(
        org=_listing_org(principal, org), limit=limit,
        after=_decode_cursor(cursor) if cursor is not None else None,
        client_reference=client_reference,
        created_from=_start_of(created_from) if created_from is not None else None,
        created_before=(_start_of(created_until + dt.timedelta(days=1))
                        if created_until is not None else None),
        band=band)
    records = await run_db(service.pools, service.storage.list_assessments, wanted,
                           dt.datetime.now(dt.UTC))
    parts: set[str] = set(include or [])
    return StoredList(
        items=[_summary(service, r, parts) for r in records],
        next_cursor=_encode_cursor(records[-1]) if len(records) == limit else None)


async def find_record(service: Service, principal: Principal,
                      assessment_id: str) -> StoredAssessment:
    """The record with this id in the caller's organisation (any, for an operator), else 404."""
    record = await run_db(service.pools, service.storage.get_assessment, assessment_id,
                          dt.datetime.now(dt.UTC), principal.visible_org)
    if record is None:
        raise NotFound(_GONE)
    return record


@router.get(
    "/assessments/{assessment_id}", response_model=StoredAssessmentOut,
    response_model_exclude_unset=True,
    summary="Read a stored assessment",
    description="The input, the output and the versions of a stored assessment of your "
                "organisation. Another organisation's, expired and erased records are 404.",
    responses=problem_responses(401, 403, 404, 422, 429, 500, 503),
)
async def get_assessment(service: ServiceDep, principal: ReadDep,
                         assessment_id: IdPath) -> StoredAssessmentOut:
    record = await find_record(service, principal, assessment_id)
    return StoredAssessmentOut.model_validate({
        "id": record.id, "created_at": record.created_at, "expires_at": record.expires_at,
        "case": json.loads(record.case_json),
        "assessment": json.loads(record.assessment_json),
        "versions": versions_of(record), "reproducible": reproducible(service, record)})


def _reassess(service: Service, case_json: str, as_of: dt.date | None) -> Assessment:
    data = json.loads(case_json)
    if as_of is not None:
        data["as_of"] = as_of.isoformat()
    return service.assess(parse_case(data))


@router.post(
    "/assessments/{assessment_id}/reassess", response_model=Assessment,
    summary="Re-assess a stored case",
    description="Assess the stored case again with the rules and evidence served now (and, "
                "with `as_of`, as of another date). Nothing is stored. Needs `read` and "
                "`assess`; another organisation's record is 404.",
    responses=problem_responses(401, 403, 404, 422, 429, 500, 503),
)
async def reassess(service: ServiceDep, knowledge: KnowledgeDep, principal: ReadDep,
                   assessment_id: IdPath,
                   as_of: Annotated[IsoDate | None, Query(
                       description="assess as of this date instead of the stored one")] = None,
                   ) -> Assessment:
    if not principal.has("assess"):
        raise Forbidden("Re-assessing needs the 'assess' scope too.", code="insufficient_scope")
    record = await find_record(service, principal, assessment_id)
    result = await run_cpu(service.pools, _reassess, service, record.case_json, as_of)
    service.metrics.count_assessment(result.band, False)
    return result


@router.delete(
    "/assessments/{assessment_id}", status_code=204,
    summary="Erase a stored assessment",
    description="Delete the stored input and output now (erasure on request), with any "
                "Idempotency-Key that points to it. Needs the `read` scope: whoever may read a "
                "record may erase it. Another organisation's record is 404.",
    responses=problem_responses(401, 403, 404, 422, 429, 500, 503),
)
async def delete_assessment(service: ServiceDep, principal: ReadDep,
                            assessment_id: IdPath) -> Response:
    deleted = await run_db(service.pools, service.storage.delete_assessment, assessment_id,
                           principal.visible_org)
    if not deleted:
        raise NotFound(_GONE)
    log.info("assessment erased", extra={"event": "erased", "assessment_id": assessment_id,
                                         "key": principal.name, "org": principal.org})
    return Response(status_code=204)

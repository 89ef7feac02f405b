"""Building stored records and the JSON bodies that show them (shared by the routes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from refoulement_risk import Assessment, Case

from .security import Principal
from .service import Service
from .storage import StoredAssessment

__all__ = ["assessment_body", "new_record", "reproducible", "request_digest", "stored_body",
           "versions_of"]


def new_record(service: Service, principal: Principal, case: Case, assessment: Assessment,
               now: dt.datetime) -> StoredAssessment:
    """The record of an assessment stored by ``principal``: it belongs to the key's organisation."""
    versions = assessment.versions
    return StoredAssessment(
        id=uuid.uuid4().hex, created_at=now,
        expires_at=now + dt.timedelta(days=service.settings.retention_days),
        key_name=principal.name,
        case_json=case.model_dump_json(exclude_unset=True),
        assessment_json=assessment.model_dump_json(),
        engine_version=versions.engine, rules_version=versions.rules,
        rule_set_digest=versions.rule_set_digest, profiles_digest=versions.profiles_digest,
        backend=versions.backend, band=assessment.band, score=assessment.score,
        org=principal.org, client_reference=case.client_reference)


def assessment_body(record: StoredAssessment) -> dict[str, Any]:
    """The stored assessment as ``POST ?store=true`` answers it: the assessment, id, expiry."""
    data: dict[str, Any] = json.loads(record.assessment_json)
    data["id"] = record.id
    data["expires_at"] = record.expires_at.isoformat()
    return data


def reproducible(service: Service, record: StoredAssessment) -> bool:
    knowledge = service.knowledge
    return (knowledge is not None and record.rule_set_digest == knowledge.rulebook.digest
            and record.profiles_digest == knowledge.profiles.digest)


def versions_of(record: StoredAssessment) -> dict[str, str]:
    return {"engine": record.engine_version, "rules": record.rules_version,
            "rule_set_digest": record.rule_set_digest,
            "profiles_digest": record.profiles_digest, "backend": record.backend}


def stored_body(service: Service, record: StoredAssessment) -> str:
    """``GET /v1/assessments/{id}``: case as submitted, assessment, versions, reproducible."""
    return (f'{{"id": {json.dumps(record.id)}, '
            f'"created_at": {json.dumps(record.created_at.isoformat())}, '
            f'"expires_at": {json.dumps(record.expires_at.isoformat())}, '
            f'"case": {record.case_json}, "assessment": {record.assessment_json}, '
            f'"versions": {json.dumps(versions_of(record))}, '
            f'"reproducible": {json.dumps(reproducible(service, record))}}}')


def request_digest(data: Any) -> str:
    """SHA-256 of the request body as canonical JSON: the same case sent with other spacing or
    key order is the same request for an ``Idempotency-Key``."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

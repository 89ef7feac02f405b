"""The records the storage layer reads and writes (plain frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .tables import DEFAULT_ORG

__all__ = ["ApiKeyRecord", "AssessmentFilter", "IdempotencyRecord", "StoredAssessment", "aware"]


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes: every time we store is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class StoredAssessment:
    id: str
    created_at: dt.datetime
    expires_at: dt.datetime
    key_name: str
    case_json: str
    assessment_json: str
    engine_version: str
    rules_version: str
    rule_set_digest: str
    profiles_digest: str
    backend: str
    band: str
    score: int
    org: str = DEFAULT_ORG
    client_reference: str | None = None


@dataclass(frozen=True)
class ApiKeyRecord:
    key_id: str
    name: str
    secret_hash: str
    scopes: tuple[str, ...]
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    org: str = DEFAULT_ORG


@dataclass(frozen=True)
class IdempotencyRecord:
    """An ``Idempotency-Key`` already used: the digest of its request and the record it made."""

    org: str
    idempotency_key: str
    request_digest: str
    assessment_id: str
    created_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True)
class AssessmentFilter:
    """What ``GET /v1/assessments`` asks for. ``org`` None: every organisation (operator only).

    ``after`` is the (created_at, id) of the last record of the previous page: the listing is
    newest first, ties broken by id, so a page never repeats or skips a record.
    """

    org: str | None
    limit: int = 50
    after: tuple[dt.datetime, str] | None = None
    client_reference: str | None = None
    created_from: dt.datetime | None = None
    created_before: dt.datetime | None = None
    band: str | None = None

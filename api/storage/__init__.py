"""The storage layer: one interface over SQLite (embedded default) and PostgreSQL.

``Storage`` is synchronous (SQLAlchemy Core); the routes call it from a bounded thread pool.
Tables are created and changed only by the Alembic revisions in :mod:`api.storage.revisions`,
run by :func:`api.storage.migrations.migrate`.
"""

from __future__ import annotations

from . import steps
from .migrations import MIGRATIONS, Migration
from .records import ApiKeyRecord, AssessmentFilter, IdempotencyRecord, StoredAssessment
from .store import IdempotencyConflict, Storage
from .tables import DEFAULT_ORG

__all__ = [
    "DEFAULT_ORG",
    "MIGRATIONS",
    "ApiKeyRecord",
    "AssessmentFilter",
    "IdempotencyConflict",
    "IdempotencyRecord",
    "Migration",
    "Storage",
    "StoredAssessment",
    "steps",
]

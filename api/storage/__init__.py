"""The storage layer: one interface over SQLite (embedded default) and PostgreSQL.

``Storage`` is synchronous (SQLAlchemy Core); the routes call it from the threadpool. Tables are
created and changed only by the versioned migrations in :mod:`api.storage.migrations`.
"""

from __future__ import annotations

from .migrations import MIGRATIONS, Migration
from .store import ApiKeyRecord, Storage, StoredAssessment

__all__ = ["MIGRATIONS", "ApiKeyRecord", "Migration", "Storage", "StoredAssessment"]

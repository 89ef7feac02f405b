"""Stored assessments, API keys and service secrets, on SQLite or PostgreSQL.

Durability: a write returns only after its transaction committed. SQLite runs in WAL mode with
``synchronous=FULL`` (a committed transaction survives a killed process and a power cut) and
``BEGIN IMMEDIATE`` for every writing transaction (writers queue on ``busy_timeout`` instead of
failing); reads begin deferred and do not wait for writers.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from .migrations import migrate
from .tables import Tables, build_tables

__all__ = ["ApiKeyRecord", "Storage", "StoredAssessment"]


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


@dataclass(frozen=True)
class ApiKeyRecord:
    key_id: str
    name: str
    secret_hash: str
    scopes: tuple[str, ...]
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes: every time we store is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                           pool_pre_ping=False)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front (no deadlock upgrading a read lock); readers
        # (execution option ``readonly``) begin deferred and never wait in WAL mode.
        readonly = conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


class Storage:
    """All database access of the service. Thread-safe (one connection per call)."""

    def __init__(self, url: str, prefix: str = "", *, pool: bool = True) -> None:
        self.url = url
        self.prefix = prefix
        self.tables: Tables = build_tables(prefix)
        if url.startswith("sqlite"):
            self.engine = _sqlite_engine(url)
        else:
            kwargs: dict[str, Any] = {"pool_pre_ping": True}
            if pool:
                kwargs.update(pool_size=5, max_overflow=10)
            else:
                kwargs["poolclass"] = NullPool
            self.engine = create_engine(url, **kwargs)

    def _read(self) -> Connection:
        return self.engine.connect().execution_options(readonly=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> list[int]:
        return migrate(self.engine, self.tables, self.prefix)

    def schema_version(self) -> int:
        with self._read() as conn:
            value = conn.execute(select(func.max(self.tables.migrations.c.version))).scalar()
            return int(value or 0)

    def ping(self) -> None:
        with self._read() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()

    def drop_all(self) -> None:
        """Remove every table of this prefix (tests clean up with it)."""
        with self.engine.begin() as conn:
            for table in (self.tables.assessments, self.tables.api_keys, self.tables.secrets,
                          self.tables.migrations):
                table.drop(conn, checkfirst=True)

    # -- stored assessments ---------------------------------------------------------------------

    def save_assessment(self, record: StoredAssessment) -> None:
        """Insert and commit: when this returns the record is durable."""
        values = {c.name: getattr(record, c.name) for c in self.tables.assessments.columns}
        with self.engine.begin() as conn:
            conn.execute(self.tables.assessments.insert().values(**values))

    def save_assessments(self, records: list[StoredAssessment]) -> None:
        if not records:
            return
        cols = [c.name for c in self.tables.assessments.columns]
        with self.engine.begin() as conn:
            conn.execute(self.tables.assessments.insert(),
                         [{k: getattr(r, k) for k in cols} for r in records])

    def get_assessment(self, assessment_id: str, now: dt.datetime) -> StoredAssessment | None:
        t = self.tables.assessments
        with self._read() as conn:
            row = conn.execute(select(t).where(t.c.id == assessment_id)).mappings().first()
        if row is None:
            return None
        data = dict(row)
        data["created_at"] = _aware(data["created_at"])
        data["expires_at"] = _aware(data["expires_at"])
        if data["expires_at"] <= now:
            return None
        return StoredAssessment(**data)

    def delete_assessment(self, assessment_id: str) -> bool:
        t = self.tables.assessments
        with self.engine.begin() as conn:
            result = conn.execute(delete(t).where(t.c.id == assessment_id))
        return bool(result.rowcount)

    def purge_expired(self, now: dt.datetime) -> int:
        t = self.tables.assessments
        with self.engine.begin() as conn:
            result = conn.execute(delete(t).where(t.c.expires_at <= now))
        return int(result.rowcount or 0)

    def count_assessments(self) -> int:
        with self._read() as conn:
            value = conn.execute(select(func.count()).select_from(self.tables.assessments))
            return int(value.scalar() or 0)

    # -- API keys -------------------------------------------------------------------------------

    def _key(self, row: Any) -> ApiKeyRecord:
        return ApiKeyRecord(
            key_id=row["key_id"], name=row["name"], secret_hash=row["secret_hash"],
            scopes=tuple(s for s in row["scopes"].split() if s),
            created_at=_aware(row["created_at"]),
            revoked_at=_aware(row["revoked_at"]) if row["revoked_at"] else None,
        )

    def add_key(self, record: ApiKeyRecord) -> None:
        """Add a key; ``ValueError`` if an active key already has the name."""
        t = self.tables.api_keys
        with self.engine.begin() as conn:
            active = conn.execute(select(t.c.key_id).where(
                t.c.name == record.name, t.c.revoked_at.is_(None))).first()
            if active is not None:
                raise ValueError(f"an active key is already named {record.name!r}")
            conn.execute(t.insert().values(
                key_id=record.key_id, name=record.name, secret_hash=record.secret_hash,
                scopes=" ".join(record.scopes), created_at=record.created_at, revoked_at=None))

    def find_key(self, key_id: str) -> ApiKeyRecord | None:
        t = self.tables.api_keys
        with self._read() as conn:
            row = conn.execute(select(t).where(t.c.key_id == key_id)).mappings().first()
        return self._key(row) if row is not None else None

    def list_keys(self) -> list[ApiKeyRecord]:
        t = self.tables.api_keys
        with self._read() as conn:
            rows = conn.execute(select(t).order_by(t.c.created_at, t.c.name)).mappings().all()
        return [self._key(r) for r in rows]

    def revoke_key(self, name: str, now: dt.datetime) -> int:
        """Revoke every active key of this name; return how many."""
        t = self.tables.api_keys
        with self.engine.begin() as conn:
            result = conn.execute(update(t).where(t.c.name == name, t.c.revoked_at.is_(None))
                                  .values(revoked_at=now))
        return int(result.rowcount or 0)

    # -- service secrets ------------------------------------------------------------------------

    def shared_secret(self, name: str) -> str:
        """A random secret created once and shared by every worker using this database."""
        t = self.tables.secrets
        with self._read() as conn:
            value = conn.execute(select(t.c.value).where(t.c.name == name)).scalar()
        if value is not None:
            return str(value)
        try:
            with self.engine.begin() as conn:
                conn.execute(t.insert().values(name=name, value=secrets.token_urlsafe(48),
                                               created_at=dt.datetime.now(dt.UTC)))
        except IntegrityError:
            pass  # another worker created it first
        with self._read() as conn:
            return str(conn.execute(select(t.c.value).where(t.c.name == name)).scalar_one())

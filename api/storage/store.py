"""Stored assessments, API keys, idempotency keys and service secrets, on SQLite or PostgreSQL.

Every read, listing and deletion of a stored assessment names the organisation whose records it
may see (``org``); ``None`` means every organisation and is used only for an operator's explicit
cross-organisation calls. Durability: a write returns only after its transaction committed
(see :mod:`api.storage.engines` for the SQLite and PostgreSQL settings).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, delete, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from .engines import build_engine
from .migrations import current_version, migrate
from .records import (
    ApiKeyRecord,
    AssessmentFilter,
    IdempotencyRecord,
    StoredAssessment,
    aware,
)
from .tables import Tables, build_tables

__all__ = ["IdempotencyConflict", "Storage"]


class IdempotencyConflict(Exception):
    """The idempotency key was used, in this organisation, for a different request."""


def _assessment(row: Any) -> StoredAssessment:
    data = dict(row)
    data["created_at"] = aware(data["created_at"])
    data["expires_at"] = aware(data["expires_at"])
    return StoredAssessment(**data)


class Storage:
    """All database access of the service. Thread-safe (one connection per call)."""

    def __init__(self, url: str, prefix: str = "", *, pool: bool = True,
                 timeout: float = 3.0) -> None:
        self.url = url
        self.prefix = prefix
        self.tables: Tables = build_tables(prefix)
        self.engine = build_engine(url, timeout=timeout, pool=pool)

    def _read(self) -> Connection:
        return self.engine.connect().execution_options(readonly=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self, upto: int | None = None) -> list[int]:
        return migrate(self.engine, self.prefix, upto)

    def schema_version(self) -> int:
        with self._read() as conn:
            return current_version(conn, self.prefix)

    def ping(self) -> None:
        with self._read() as conn:
            conn.execute(text("SELECT 1"))

    def check_writable(self) -> None:
        """Raise if a write could not be made now (read-only, locked or unreachable)."""
        with self.engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE takes the write lock
            if conn.dialect.name == "postgresql":
                if conn.execute(text("SHOW transaction_read_only")).scalar() == "on":
                    raise PermissionError("the database is read-only")
            else:
                # An update that changes nothing still needs a writable file.
                conn.execute(update(self.tables.version).where(text("1 = 0"))
                             .values(version_num=""))

    def checkpoint(self) -> None:
        """Fold the SQLite write-ahead log into the database file (PostgreSQL: nothing)."""
        if self.dialect == "sqlite":
            raw = self.engine.raw_connection()  # autocommit: a checkpoint runs outside a BEGIN
            try:
                cursor = raw.cursor()
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cursor.close()
            finally:
                raw.close()

    def dispose(self) -> None:
        self.engine.dispose()

    def drop_all(self) -> None:
        """Remove every table of this prefix (tests clean up with it)."""
        with self.engine.begin() as conn:
            t = self.tables
            for table in (t.idempotency, t.assessments, t.api_keys, t.secrets, t.version,
                          t.legacy_migrations):
                table.drop(conn, checkfirst=True)

    # -- stored assessments ---------------------------------------------------------------------

    def _values(self, record: StoredAssessment) -> dict[str, Any]:
        return {c.name: getattr(record, c.name) for c in self.tables.assessments.columns}

    def save_assessment(self, record: StoredAssessment,
                        idempotency: IdempotencyRecord | None = None) -> StoredAssessment:
        """Insert and commit: when this returns the record is durable.

        With an idempotency record, the key and the assessment are written in one transaction;
        if the key was already used (by a concurrent request too) the record it made is returned
        instead, or :class:`IdempotencyConflict` raised if the request differed.
        """
        if idempotency is None:
            with self.engine.begin() as conn:
                conn.execute(self.tables.assessments.insert().values(**self._values(record)))
            return record
        for _ in range(2):
            previous = self.find_idempotency(idempotency.org, idempotency.idempotency_key,
                                             idempotency.created_at)
            if previous is not None:
                return self._replay(previous, idempotency)
            try:
                with self.engine.begin() as conn:
                    i = self.tables.idempotency
                    conn.execute(i.delete().where(  # an expired use of the key, if any
                        i.c.org == idempotency.org,
                        i.c.idempotency_key == idempotency.idempotency_key,
                        i.c.expires_at <= idempotency.created_at))
                    conn.execute(self.tables.assessments.insert().values(
                        **self._values(record)))
                    conn.execute(self.tables.idempotency.insert().values(
                        **vars(idempotency)))
                return record
            except IntegrityError:
                continue  # a concurrent request with the same key won: replay its record
        raise IdempotencyConflict("the idempotency key is in use by a concurrent request")

    def _replay(self, previous: IdempotencyRecord,
                wanted: IdempotencyRecord) -> StoredAssessment:
        if previous.request_digest != wanted.request_digest:
            raise IdempotencyConflict("the idempotency key was used for another request")
        stored = self.get_assessment(previous.assessment_id, wanted.created_at, previous.org)
        if stored is None:  # erased or expired meanwhile: the key's record is gone
            raise IdempotencyConflict("the record this idempotency key created is gone")
        return stored

    def find_idempotency(self, org: str, key: str,
                         now: dt.datetime) -> IdempotencyRecord | None:
        t = self.tables.idempotency
        with self._read() as conn:
            row = conn.execute(select(t).where(t.c.org == org, t.c.idempotency_key == key)
                               ).mappings().first()
        if row is None or aware(row["expires_at"]) <= now:
            return None
        data = dict(row)
        data["created_at"] = aware(data["created_at"])
        data["expires_at"] = aware(data["expires_at"])
        return IdempotencyRecord(**data)

    def save_assessments(self, records: list[StoredAssessment]) -> None:
        if not records:
            return
        with self.engine.begin() as conn:
            conn.execute(self.tables.assessments.insert(), [self._values(r) for r in records])

    def get_assessment(self, assessment_id: str, now: dt.datetime,
                       org: str | None) -> StoredAssessment | None:
        """The live record with this id in ``org`` (None: any organisation), else None."""
        t = self.tables.assessments
        query = select(t).where(t.c.id == assessment_id, t.c.expires_at > now)
        if org is not None:
            query = query.where(t.c.org == org)
        with self._read() as conn:
            row = conn.execute(query).mappings().first()
        return _assessment(row) if row is not None else None

    def delete_assessment(self, assessment_id: str, org: str | None) -> bool:
        """Erase the record (and the idempotency keys that point to it) if ``org`` owns it."""
        t, i = self.tables.assessments, self.tables.idempotency
        condition = t.c.id == assessment_id
        if org is not None:
            condition = and_(condition, t.c.org == org)
        with self.engine.begin() as conn:
            result = conn.execute(delete(t).where(condition))
            if result.rowcount:
                conn.execute(delete(i).where(i.c.assessment_id == assessment_id))
        return bool(result.rowcount)

    def list_assessments(self, wanted: AssessmentFilter,
                         now: dt.datetime) -> list[StoredAssessment]:
        """Live records matching ``wanted``, newest first, at most ``wanted.limit``."""
        t = self.tables.assessments
        query = select(t).where(t.c.expires_at > now)
        if wanted.org is not None:
            query = query.where(t.c.org == wanted.org)
        if wanted.client_reference is not None:
            query = query.where(t.c.client_reference == wanted.client_reference)
        if wanted.band is not None:
            query = query.where(t.c.band == wanted.band)
        if wanted.created_from is not None:
            query = query.where(t.c.created_at >= wanted.created_from)
        if wanted.created_before is not None:
            query = query.where(t.c.created_at < wanted.created_before)
        if wanted.after is not None:
            created, last_id = wanted.after
            query = query.where(or_(t.c.created_at < created,
                                    and_(t.c.created_at == created, t.c.id < last_id)))
        query = query.order_by(t.c.created_at.desc(), t.c.id.desc()).limit(wanted.limit)
        with self._read() as conn:
            return [_assessment(row) for row in conn.execute(query).mappings()]

    def purge_expired(self, now: dt.datetime) -> int:
        t, i = self.tables.assessments, self.tables.idempotency
        with self.engine.begin() as conn:
            result = conn.execute(delete(t).where(t.c.expires_at <= now))
            conn.execute(delete(i).where(i.c.expires_at <= now))
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
            created_at=aware(row["created_at"]),
            revoked_at=aware(row["revoked_at"]) if row["revoked_at"] else None,
            org=row["org"],
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
                scopes=" ".join(record.scopes), created_at=record.created_at, revoked_at=None,
                org=record.org))

    def find_key(self, key_id: str) -> ApiKeyRecord | None:
        t = self.tables.api_keys
        with self._read() as conn:
            row = conn.execute(select(t).where(t.c.key_id == key_id)).mappings().first()
        return self._key(row) if row is not None else None

    def list_keys(self, org: str | None = None) -> list[ApiKeyRecord]:
        t = self.tables.api_keys
        query = select(t).order_by(t.c.org, t.c.created_at, t.c.name)
        if org is not None:
            query = query.where(t.c.org == org)
        with self._read() as conn:
            rows = conn.execute(query).mappings().all()
        return [self._key(r) for r in rows]

    def revoke_key(self, name: str, now: dt.datetime) -> int:
        """Revoke every active key of this name; return how many."""
        t = self.tables.api_keys
        with self.engine.begin() as conn:
            result = conn.execute(update(t).where(t.c.name == name, t.c.revoked_at.is_(None))
                                  .values(revoked_at=now))
        return int(result.rowcount or 0)

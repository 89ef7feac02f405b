"""Schema migrations with Alembic, run programmatically at start-up and by the ``keys`` commands.

The revisions live in :mod:`api.storage.revisions` (packaged with the service) and record what
ran in ``<prefix>alembic_version``. :func:`migrate` runs them all in *one* transaction on one
connection, and concurrent starters (several workers) serialise on a lock first:
``pg_advisory_xact_lock`` on PostgreSQL; on SQLite every writing transaction starts with
``BEGIN IMMEDIATE`` (the write lock, see :mod:`api.storage.engines`). The second starter then
finds the database at the head and does nothing, so each revision runs exactly once.

Databases made by the project's earlier migration runner (a ``<prefix>schema_migrations``
table recording versions 1 to 4, no Alembic version table) are recognised and stamped with the
matching revision (version *n* is revision ``000n``) before the rest are applied; the old table
is left in place, untouched.

    1  assessments, api keys and service secrets
    2  organisations: ``org`` on keys and assessments (existing rows: ``default``), the
       assessment's ``client_reference`` in its own column (filled from the stored case), and an
       index for listing an organisation's records newest first
    3  idempotency keys
    4  the intake signing key leaves the database (it comes from the settings, a file or the
       process now): the stored one is deleted
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, inspect, text

__all__ = ["LEGACY_TABLE", "MIGRATIONS", "Migration", "current_version", "migrate",
           "version_table_name"]

LEGACY_TABLE = "schema_migrations"  # the earlier runner's record, with the prefix
_REVISIONS = Path(__file__).resolve().parent / "revisions"
# Alembic's ``context`` and ``op`` are process-wide proxies: one migration at a time per process
# (the database lock below serialises processes; this, threads migrating other databases).
_ALEMBIC = threading.Lock()


@dataclass(frozen=True)
class Migration:
    version: int
    name: str

    @property
    def revision(self) -> str:
        return f"{self.version:04d}"


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "assessments, api keys and service secrets"),
    Migration(2, "organisations own keys and assessments; client_reference column"),
    Migration(3, "idempotency keys"),
    Migration(4, "the intake signing key is no longer stored"),
)


def version_table_name(prefix: str) -> str:
    return f"{prefix}alembic_version"


def _version_of(revision: str | None) -> int:
    return int(revision) if revision else 0


def current_version(conn: Connection, prefix: str) -> int:
    """The schema version the database is at (0: none yet)."""
    context = MigrationContext.configure(
        conn, opts={"version_table": version_table_name(prefix)})
    return _version_of(context.get_current_revision())


def _legacy_version(conn: Connection, prefix: str) -> int | None:
    """The version the earlier runner recorded, or None if it never ran on this database."""
    if not inspect(conn).has_table(f"{prefix}{LEGACY_TABLE}"):
        return None
    value = conn.execute(text(f"SELECT MAX(version) FROM {prefix}{LEGACY_TABLE}")).scalar()
    version = int(value or 0)
    if version > MIGRATIONS[-1].version:
        raise RuntimeError(f"the database's {prefix}{LEGACY_TABLE} records version {version}, "
                           f"newer than this release knows ({MIGRATIONS[-1].version})")
    return version


def _config(conn: Connection, prefix: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_REVISIONS))
    config.attributes["connection"] = conn
    config.attributes["prefix"] = prefix
    return config


def _lock(conn: Connection, prefix: str) -> None:
    if conn.dialect.name == "postgresql":
        key = zlib.crc32(f"refoulement-risk-migrate:{prefix}".encode())
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def migrate(engine: Engine, prefix: str, upto: int | None = None) -> list[int]:
    """Apply the pending revisions (up to version ``upto``); return the versions applied now."""
    with _ALEMBIC, engine.connect() as conn:
        conn.begin()  # on SQLite this is BEGIN IMMEDIATE (see Storage): the write lock
        _lock(conn, prefix)
        config = _config(conn, prefix)
        before = current_version(conn, prefix)
        if before == 0:
            legacy = _legacy_version(conn, prefix)
            if legacy:
                command.stamp(config, MIGRATIONS[legacy - 1].revision)
                before = legacy
        target = "head" if upto is None else MIGRATIONS[upto - 1].revision
        if upto is None or upto > before:
            command.upgrade(config, target)
        after = current_version(conn, prefix)
        conn.commit()
    return [m.version for m in MIGRATIONS if before < m.version <= after]

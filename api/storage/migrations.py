"""A small versioned migration runner.

Each migration has a version (1, 2, ...), a name and a function run inside one transaction with
the others still pending; ``schema_migrations`` records what ran. Concurrent starters (several
workers) serialise on a lock: ``pg_advisory_xact_lock`` on PostgreSQL; on SQLite every
writing transaction starts with ``BEGIN IMMEDIATE`` (the write lock). So each migration runs
exactly once. Never edit a released migration: add the next one.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, text

from .tables import Tables

__all__ = ["MIGRATIONS", "Migration", "migrate"]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection, Tables], None]


def _initial(conn: Connection, tables: Tables) -> None:
    for table in (tables.assessments, tables.api_keys, tables.secrets):
        table.create(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "assessments, api keys and service secrets", _initial),
)


def _lock(conn: Connection, prefix: str) -> None:
    if conn.dialect.name == "postgresql":
        key = zlib.crc32(f"refoulement-risk-migrate:{prefix}".encode())
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def migrate(engine: Engine, tables: Tables, prefix: str) -> list[int]:
    """Apply the pending migrations; return the versions applied now."""
    applied_now: list[int] = []
    with engine.connect() as conn:
        conn.begin()  # on SQLite this is BEGIN IMMEDIATE (see Storage): the write lock
        _lock(conn, prefix)
        tables.migrations.create(conn, checkfirst=True)
        done = set(conn.execute(select(tables.migrations.c.version)).scalars())
        for migration in MIGRATIONS:
            if migration.version in done:
                continue
            migration.apply(conn, tables)
            conn.execute(tables.migrations.insert().values(
                version=migration.version, name=migration.name,
                applied_at=dt.datetime.now(dt.UTC)))
            applied_now.append(migration.version)
        conn.commit()
    return applied_now

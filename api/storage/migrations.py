"""A small versioned migration runner.

Each migration has a version (1, 2, ...), a name and a function run inside one transaction with
the others still pending; ``schema_migrations`` records what ran. Concurrent starters (several
workers) serialise on a lock: ``pg_advisory_xact_lock`` on PostgreSQL; on SQLite every
writing transaction starts with ``BEGIN IMMEDIATE`` (the write lock). So each migration runs
exactly once. Never edit a released migration: add the next one. A migration writes out the
schema it creates (it does not read :mod:`api.storage.tables`, which is the *current* schema),
so an old database upgrades through every step.

    1  assessments, api keys and service secrets
    2  organisations: ``org`` on keys and assessments (existing rows: ``default``), the
       assessment's ``client_reference`` in its own column (filled from the stored case), and an
       index for listing an organisation's records newest first
    3  idempotency keys
    4  the intake signing key leaves the database (it comes from the settings, a file or the
       process now): the stored one is deleted
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    text,
    update,
)

from .tables import DEFAULT_ORG, Tables

__all__ = ["MIGRATIONS", "Migration", "migrate"]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection, str], None]


def _initial(conn: Connection, prefix: str) -> None:
    md = MetaData()
    Table(f"{prefix}assessments", md,
          Column("id", String(40), primary_key=True),
          Column("created_at", DateTime(timezone=True), nullable=False),
          Column("expires_at", DateTime(timezone=True), nullable=False),
          Column("key_name", String(100), nullable=False),
          Column("case_json", Text, nullable=False),
          Column("assessment_json", Text, nullable=False),
          Column("engine_version", String(40), nullable=False),
          Column("rules_version", String(40), nullable=False),
          Column("rule_set_digest", String(80), nullable=False),
          Column("profiles_digest", String(80), nullable=False),
          Column("backend", String(40), nullable=False),
          Column("band", String(20), nullable=False),
          Column("score", Integer, nullable=False),
          Index(f"{prefix}ix_assessments_expires_at", "expires_at"))
    Table(f"{prefix}api_keys", md,
          Column("key_id", String(32), primary_key=True),
          Column("name", String(100), nullable=False),
          Column("secret_hash", String(64), nullable=False),
          Column("scopes", String(200), nullable=False),
          Column("created_at", DateTime(timezone=True), nullable=False),
          Column("revoked_at", DateTime(timezone=True), nullable=True),
          Index(f"{prefix}ix_api_keys_name", "name"))
    Table(f"{prefix}service_secrets", md,
          Column("name", String(60), primary_key=True),
          Column("value", String(200), nullable=False),
          Column("created_at", DateTime(timezone=True), nullable=False))
    md.create_all(conn)


def _organisations(conn: Connection, prefix: str) -> None:
    for table in ("assessments", "api_keys"):
        conn.execute(text(f"ALTER TABLE {prefix}{table} ADD COLUMN org VARCHAR(64) "
                          f"NOT NULL DEFAULT '{DEFAULT_ORG}'"))
    conn.execute(text(f"ALTER TABLE {prefix}assessments ADD COLUMN client_reference "
                      "VARCHAR(200)"))
    conn.execute(text(f"CREATE INDEX {prefix}ix_assessments_org_created ON "
                      f"{prefix}assessments (org, created_at, id)"))
    # Fill client_reference from the stored cases (the case is JSON we wrote ourselves).
    md = MetaData()
    t = Table(f"{prefix}assessments", md, Column("id", String(40), primary_key=True),
              Column("case_json", Text), Column("client_reference", String(200)))
    rows = conn.execute(select(t.c.id, t.c.case_json)).all()
    for row_id, case_json in rows:
        try:
            reference = json.loads(case_json).get("client_reference")
        except (ValueError, AttributeError):
            continue
        if isinstance(reference, str) and reference:
            conn.execute(update(t).where(t.c.id == row_id)
                         .values(client_reference=reference[:200]))


def _idempotency(conn: Connection, prefix: str) -> None:
    md = MetaData()
    Table(f"{prefix}idempotency_keys", md,
          Column("org", String(64), primary_key=True),
          Column("idempotency_key", String(255), primary_key=True),
          Column("request_digest", String(64), nullable=False),
          Column("assessment_id", String(40), nullable=False),
          Column("created_at", DateTime(timezone=True), nullable=False),
          Column("expires_at", DateTime(timezone=True), nullable=False),
          Index(f"{prefix}ix_idempotency_expires_at", "expires_at"),
          Index(f"{prefix}ix_idempotency_assessment", "assessment_id"))
    md.create_all(conn)


def _forget_stored_secret(conn: Connection, prefix: str) -> None:
    conn.execute(text(f"DELETE FROM {prefix}service_secrets WHERE name = 'intake_token_key'"))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "assessments, api keys and service secrets", _initial),
    Migration(2, "organisations own keys and assessments; client_reference column", _organisations),
    Migration(3, "idempotency keys", _idempotency),
    Migration(4, "the intake signing key is no longer stored", _forget_stored_secret),
)


def _lock(conn: Connection, prefix: str) -> None:
    if conn.dialect.name == "postgresql":
        key = zlib.crc32(f"refoulement-risk-migrate:{prefix}".encode())
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def migrate(engine: Engine, tables: Tables, prefix: str,
            upto: int | None = None) -> list[int]:
    """Apply the pending migrations (up to version ``upto``); return the versions applied now."""
    applied_now: list[int] = []
    with engine.connect() as conn:
        conn.begin()  # on SQLite this is BEGIN IMMEDIATE (see Storage): the write lock
        _lock(conn, prefix)
        tables.migrations.create(conn, checkfirst=True)
        done = set(conn.execute(select(tables.migrations.c.version)).scalars())
        for migration in MIGRATIONS:
            if migration.version in done or (upto is not None and migration.version > upto):
                continue
            migration.apply(conn, prefix)
            conn.execute(tables.migrations.insert().values(
                version=migration.version, name=migration.name,
                applied_at=dt.datetime.now(dt.UTC)))
            applied_now.append(migration.version)
        conn.commit()
    return applied_now

"""What each schema revision does, as plain functions of a connection and the table prefix.

The Alembic revisions in :mod:`api.storage.revisions.versions` call these; they are the same
steps the project's earlier migration runner applied as its versions 1 to 4, so a database made
by that runner and one made by Alembic have the same tables. A step writes out the schema it
creates (it does not read :mod:`api.storage.tables`, which is the *current* schema), so an old
database upgrades through every step. Never edit a released step: add a revision.
"""

from __future__ import annotations

import json

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
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

from .tables import DEFAULT_ORG

__all__ = ["forget_stored_secret", "idempotency", "initial", "organisations"]


def initial(conn: Connection, prefix: str) -> None:
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


def organisations(conn: Connection, prefix: str) -> None:
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


def idempotency(conn: Connection, prefix: str) -> None:
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


def forget_stored_secret(conn: Connection, prefix: str) -> None:
    conn.execute(text(f"DELETE FROM {prefix}service_secrets WHERE name = 'intake_token_key'"))

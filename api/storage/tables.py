"""The tables of the current schema (what the migrations produce), named with the prefix.

They describe the schema for queries; only the Alembic revisions create or change tables.

Every stored assessment and every API key belongs to an organisation (``org``); the queries of
:mod:`api.storage.store` always filter on it, except for an operator's explicit cross-organisation
calls. ``idempotency_keys`` remembers, per organisation, which record an ``Idempotency-Key``
created and a digest of the request that created it (never the request itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text

__all__ = ["DEFAULT_ORG", "Tables", "build_tables"]

DEFAULT_ORG = "default"


@dataclass(frozen=True)
class Tables:
    metadata: MetaData
    version: Table  # Alembic's record of the schema revision (Alembic creates and writes it)
    legacy_migrations: Table  # the earlier migration runner's record, on old databases
    assessments: Table
    api_keys: Table
    secrets: Table
    idempotency: Table


def build_tables(prefix: str = "") -> Tables:
    md = MetaData()
    version = Table(
        f"{prefix}alembic_version", md,
        Column("version_num", String(32), primary_key=True),
    )
    legacy_migrations = Table(
        f"{prefix}schema_migrations", md,
        Column("version", Integer, primary_key=True, autoincrement=False),
        Column("name", String(200), nullable=False),
        Column("applied_at", DateTime(timezone=True), nullable=False),
    )
    assessments = Table(
        f"{prefix}assessments", md,
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
        Column("org", String(64), nullable=False, server_default=DEFAULT_ORG),
        Column("client_reference", String(200), nullable=True),
        Index(f"{prefix}ix_assessments_expires_at", "expires_at"),
        Index(f"{prefix}ix_assessments_org_created", "org", "created_at", "id"),
    )
    api_keys = Table(
        f"{prefix}api_keys", md,
        Column("key_id", String(32), primary_key=True),
        Column("name", String(100), nullable=False),
        Column("secret_hash", String(64), nullable=False),
        Column("scopes", String(200), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("revoked_at", DateTime(timezone=True), nullable=True),
        Column("org", String(64), nullable=False, server_default=DEFAULT_ORG),
        Index(f"{prefix}ix_api_keys_name", "name"),
    )
    secrets = Table(
        f"{prefix}service_secrets", md,
        Column("name", String(60), primary_key=True),
        Column("value", String(200), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    idempotency = Table(
        f"{prefix}idempotency_keys", md,
        Column("org", String(64), primary_key=True),
        Column("idempotency_key", String(255), primary_key=True),
        Column("request_digest", String(64), nullable=False),
        Column("assessment_id", String(40), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False),
        Index(f"{prefix}ix_idempotency_expires_at", "expires_at"),
        Index(f"{prefix}ix_idempotency_assessment", "assessment_id"),
    )
    return Tables(md, version, legacy_migrations, assessments, api_keys, secrets, idempotency)

"""The tables of the current schema (what the migrations produce), named with the prefix."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text

__all__ = ["Tables", "build_tables"]


@dataclass(frozen=True)
class Tables:
    metadata: MetaData
    migrations: Table
    assessments: Table
    api_keys: Table
    secrets: Table


def build_tables(prefix: str = "") -> Tables:
    md = MetaData()
    migrations = Table(
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
        Index(f"{prefix}ix_assessments_expires_at", "expires_at"),
    )
    api_keys = Table(
        f"{prefix}api_keys", md,
        Column("key_id", String(32), primary_key=True),
        Column("name", String(100), nullable=False),
        Column("secret_hash", String(64), nullable=False),
        Column("scopes", String(200), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("revoked_at", DateTime(timezone=True), nullable=True),
        Index(f"{prefix}ix_api_keys_name", "name"),
    )
    secrets = Table(
        f"{prefix}service_secrets", md,
        Column("name", String(60), primary_key=True),
        Column("value", String(200), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    return Tables(md, migrations, assessments, api_keys, secrets)

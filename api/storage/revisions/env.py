"""Alembic's environment: run the revisions on the connection :func:`migrate` passes in.

Online mode only (the service never writes SQL scripts); the connection's transaction and lock
belong to the caller, so every revision and the version stamp commit together or not at all.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from refoulement_risk.api.storage.migrations import version_table_name

connection = context.config.attributes["connection"]
prefix = context.config.attributes["prefix"]
if not isinstance(connection, Connection) or not isinstance(prefix, str):
    raise TypeError("run the revisions through api.storage.migrations.migrate()")
context.configure(connection=connection, version_table=version_table_name(prefix),
                  target_metadata=None)
with context.begin_transaction():
    context.run_migrations()

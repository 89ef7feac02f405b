"""The revisions, one file each (``r0001_initial.py`` ...), and what they share."""

from __future__ import annotations

from alembic import context

__all__ = ["prefix"]


def prefix() -> str:
    """The table prefix the running migration was given (see :func:`api.storage.migrate`)."""
    value = context.config.attributes["prefix"]
    if not isinstance(value, str):
        raise TypeError("run the revisions through api.storage.migrations.migrate()")
    return value

"""Databases made by the earlier migration runner (versions 1-4) upgrade under Alembic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, text

from refoulement_risk.api.storage import MIGRATIONS, Storage, steps

from .conftest import database_settings

_STEPS: tuple[Callable[[Connection, str], None], ...] = (
    steps.initial, steps.organisations, steps.idempotency, steps.forget_stored_secret)


def _old_runner_database(store: Storage, version: int) -> None:
    """What the earlier runner left at ``version``: its steps and its schema_migrations table."""
    p = store.prefix
    with store.engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE {p}schema_migrations (version INTEGER PRIMARY KEY, "
                          "name VARCHAR(200) NOT NULL, applied_at TIMESTAMP NOT NULL)"))
        for number, step in enumerate(_STEPS[:version], start=1):
            step(conn, p)
            conn.execute(text(f"INSERT INTO {p}schema_migrations VALUES (:v, :n, :a)"),
                         {"v": number, "n": MIGRATIONS[number - 1].name,
                          "a": dt.datetime.now(dt.UTC)})
        if version < 4:  # the key older versions kept; revision 4 deletes it
            conn.execute(text(f"INSERT INTO {p}service_secrets (name, value, created_at) "
                              "VALUES ('intake_token_key', 'stored-secret', :a)"),
                         {"a": dt.datetime.now(dt.UTC)})


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_old_runner_database_is_stamped_and_upgraded(db_kind: str, tmp_path: Path,
                                                          version: int) -> None:
    values = database_settings(db_kind, tmp_path)
    store = Storage(values["database_url"], values.get("database_table_prefix", ""))
    try:
        _old_runner_database(store, version)
        # Only the steps it had not run are applied (re-running one would fail: the
        # columns and tables exist), then nothing more.
        assert store.migrate() == [m.version for m in MIGRATIONS[version:]]
        assert store.migrate() == []
        assert store.schema_version() == MIGRATIONS[-1].version
        store.check_writable()
        names = set(inspect(store.engine).get_table_names())
        assert f"{store.prefix}idempotency_keys" in names
        with store.engine.connect() as conn:
            secrets = conn.execute(text(
                f"SELECT name FROM {store.prefix}service_secrets")).scalars().all()
            orgs = [c["name"] for c in inspect(conn).get_columns(f"{store.prefix}api_keys")]
        assert secrets == []  # revision 4 ran (now, or under the old runner)
        assert "org" in orgs
        assert store.find_key("0123456789abcdef") is None
        assert store.count_assessments() == 0
    finally:
        store.drop_all()
        store.dispose()


def test_a_database_newer_than_the_release_is_refused(db_kind: str, tmp_path: Path) -> None:
    values = database_settings(db_kind, tmp_path)
    store = Storage(values["database_url"], values.get("database_table_prefix", ""))
    try:
        _old_runner_database(store, 4)
        with store.engine.begin() as conn:
            conn.execute(text(f"INSERT INTO {store.prefix}schema_migrations VALUES "
                              "(9, 'from the future', :a)"), {"a": dt.datetime.now(dt.UTC)})
        with pytest.raises(RuntimeError, match="version 9, newer than this release"):
            store.migrate()
        # Its own tables only: a shared PostgreSQL database may hold other runs' prefixes.
        assert f"{store.prefix}alembic_version" not in inspect(store.engine).get_table_names()
    finally:
        store.drop_all()
        store.dispose()


def test_a_failing_revision_leaves_the_database_as_it_was(
        db_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    values = database_settings(db_kind, tmp_path)
    store = Storage(values["database_url"], values.get("database_table_prefix", ""))

    def broken(conn: Connection, prefix: str) -> None:
        raise RuntimeError("revision 0004 failed")

    try:
        monkeypatch.setattr(steps, "forget_stored_secret", broken)
        with pytest.raises(RuntimeError, match="revision 0004 failed"):
            store.migrate()
        names = set(inspect(store.engine).get_table_names())
        assert not {n for n in names if n.startswith(store.prefix or "")} - {
            f"{store.prefix}schema_migrations"}, names  # nothing of 0001-0003 stayed
        monkeypatch.undo()
        assert store.migrate() == [m.version for m in MIGRATIONS]
    finally:
        store.drop_all()
        store.dispose()

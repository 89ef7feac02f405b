"""The storage layer and its migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from refoulement_risk.api.storage import DEFAULT_ORG, MIGRATIONS, Storage, StoredAssessment

from .conftest import database_settings


@pytest.fixture
def storage(db_kind: str, tmp_path: Path) -> Iterator[Storage]:
    values = database_settings(db_kind, tmp_path)
    store = Storage(values["database_url"], values.get("database_table_prefix", ""))
    yield store
    store.drop_all()
    store.dispose()


def _record(expires_in: dt.timedelta) -> StoredAssessment:
    now = dt.datetime.now(dt.UTC)
    return StoredAssessment(
        id=uuid.uuid4().hex, created_at=now, expires_at=now + expires_in, key_name="k",
        case_json='{"destination": "UZ"}', assessment_json="{}", engine_version="0.1.0",
        rules_version="r", rule_set_digest="d", profiles_digest="p", backend="durable",
        band="low", score=1)


def test_migrations_apply_once_and_record_their_version(storage: Storage) -> None:
    assert storage.migrate() == [m.version for m in MIGRATIONS]
    assert storage.migrate() == []
    assert storage.schema_version() == MIGRATIONS[-1].version
    names = set(inspect(storage.engine).get_table_names())
    prefix = storage.prefix
    assert {f"{prefix}assessments", f"{prefix}api_keys", f"{prefix}service_secrets",
            f"{prefix}alembic_version"} <= names


def test_concurrent_starters_migrate_exactly_once(db_kind: str, tmp_path: Path) -> None:
    values = database_settings(db_kind, tmp_path)
    stores = [Storage(values["database_url"], values.get("database_table_prefix", ""))
              for _ in range(4)]
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def run(store: Storage) -> None:
        try:
            results.append(store.migrate())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors
        assert sorted(results, key=len) == [[], [], [], [m.version for m in MIGRATIONS]]
    finally:
        stores[0].drop_all()
        for s in stores:
            s.dispose()


def test_saved_assessments_are_read_back_and_expire(storage: Storage) -> None:
    storage.migrate()
    live, dead = _record(dt.timedelta(days=1)), _record(dt.timedelta(seconds=-1))
    storage.save_assessments([live, dead])
    now = dt.datetime.now(dt.UTC)
    assert storage.get_assessment(live.id, now, DEFAULT_ORG) == live
    assert storage.get_assessment(live.id, now, "another-org") is None
    assert storage.get_assessment(dead.id, now, DEFAULT_ORG) is None
    assert storage.purge_expired(now) == 1
    assert storage.count_assessments() == 1
    assert storage.delete_assessment(live.id, "another-org") is False
    assert storage.delete_assessment(live.id, DEFAULT_ORG) is True
    assert storage.delete_assessment(live.id, DEFAULT_ORG) is False


def test_a_version_1_database_upgrades_keys_and_records_to_the_default_organisation(
        db_kind: str, tmp_path: Path) -> None:
    """A database from before organisations: its keys and records belong to ``default`` after
    the migration, the client_reference column is filled from the stored case, and a key of
    another organisation does not see them."""
    values = database_settings(db_kind, tmp_path)
    old = Storage(values["database_url"], values.get("database_table_prefix", ""))
    try:
        assert old.migrate(upto=1) == [1]
        now = dt.datetime.now(dt.UTC)
        with old.engine.begin() as conn:
            conn.execute(text(
                f"INSERT INTO {old.prefix}assessments (id, created_at, expires_at, key_name, "
                "case_json, assessment_json, engine_version, rules_version, rule_set_digest, "
                "profiles_digest, backend, band, score) VALUES (:id, :c, :e, 'k', :case, '{}', "
                "'0.1.0', 'r', 'd', 'p', 'durable', 'low', 1)"),
                {"id": "a" * 32, "c": now, "e": now + dt.timedelta(days=1),
                 "case": '{"destination": "UZ", "client_reference": "old-7"}'})
            conn.execute(text(
                f"INSERT INTO {old.prefix}api_keys (key_id, name, secret_hash, scopes, "
                "created_at) VALUES ('0123456789abcdef', 'old', 'h', 'read', :c)"), {"c": now})
        assert old.migrate() == [m.version for m in MIGRATIONS[1:]]
        record = old.get_assessment("a" * 32, now, DEFAULT_ORG)
        assert record is not None and record.org == DEFAULT_ORG
        assert record.client_reference == "old-7"
        assert old.get_assessment("a" * 32, now, "alpha") is None
        key = old.find_key("0123456789abcdef")
        assert key is not None and key.org == DEFAULT_ORG
    finally:
        old.drop_all()
        old.dispose()


def test_a_new_sqlite_file_and_folder_are_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "fresh" / "nested" / "db.sqlite3"
    store = Storage(f"sqlite:///{database}")
    try:
        store.migrate()
        assert database.stat().st_mode & 0o777 == 0o600
        assert database.parent.stat().st_mode & 0o777 == 0o700
        for companion in (database.with_name(database.name + "-wal"),
                          database.with_name(database.name + "-shm")):
            if companion.exists():
                assert companion.stat().st_mode & 0o077 == 0, companion
    finally:
        store.dispose()

"""Database engines with bounded waits, so a database that is down, read-only or locked gives a
quick error (the service answers 503) instead of holding a thread for many seconds.

SQLite: the file and its folder are created owner-only (0600 / 0700); WAL mode with
``synchronous=FULL`` (a committed transaction survives a killed process and a power cut), a
``busy_timeout`` of ``timeout`` seconds, automatic WAL checkpoints, and ``BEGIN IMMEDIATE`` for
every writing transaction (writers queue on the busy timeout instead of failing on a lock
upgrade); reads begin deferred and do not wait for writers.

PostgreSQL: a connect timeout, TCP keep-alives (a cut connection is noticed in seconds), a
``lock_timeout``, connections checked before use (``pool_pre_ping``) and a pool whose wait is
bounded by the same timeout.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

__all__ = ["POOL_SIZE", "build_engine", "sqlite_path"]

POOL_SIZE = 5
POOL_OVERFLOW = 5


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None (in memory, or a ``file:`` URI)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _prepare_sqlite_file(path: Path) -> None:
    """Create the folder (0700) and the file (0600) if missing; leave existing ones alone."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)


def _sqlite_engine(url: str, timeout: float, pool: bool) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": timeout}}
    if pool:
        kwargs.update(pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_timeout=timeout)
    else:
        kwargs["poolclass"] = NullPool
    engine = create_engine(url, **kwargs)
    busy_ms = int(timeout * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA wal_autocheckpoint=1000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        # A connection that found its file read-only (or lost it) stays so: drop it from the
        # pool, so the next request opens a fresh one and recovers once the file is writable.
        text = str(context.original_exception).lower()
        if "readonly database" in text or "disk i/o error" in text:
            context.is_disconnect = True

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front (no deadlock upgrading a read lock); readers
        # (execution option ``readonly``) begin deferred and never wait in WAL mode.
        readonly = conn.get_execution_options().get("readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


def _postgres_engine(url: str, timeout: float, pool: bool) -> Engine:
    wait = max(1, round(timeout))
    connect_args = {
        "connect_timeout": wait,
        "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 2,
        "application_name": "refoulement-risk",
        "options": f"-c lock_timeout={int(timeout * 1000)} "
                   "-c idle_in_transaction_session_timeout=60000",
    }
    kwargs: dict[str, Any] = {"pool_pre_ping": True, "connect_args": connect_args}
    if pool:
        kwargs.update(pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_timeout=timeout)
    else:
        kwargs["poolclass"] = NullPool
    return create_engine(url, **kwargs)


def build_engine(url: str, *, timeout: float = 3.0, pool: bool = True) -> Engine:
    """An engine for a SQLite or PostgreSQL URL; every wait bounded by ``timeout`` seconds."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url, timeout, pool)
    return _postgres_engine(url, timeout, pool)

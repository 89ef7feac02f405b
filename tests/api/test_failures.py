"""Issue 14, item 3: the service fails cleanly, provoked for real. A database that is locked,
cut off or whose connections are terminated gives 503 problem+json with ``Retry-After`` within a
bounded time, ``/readyz`` says 503, an endpoint that needs no database keeps answering fast,
and once the database is back everything recovers with nothing confirmed lost."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from .conftest import ApiHarness, postgres_url
from .problems import assert_problem

URL = "/v1/assessments"
CASE = {"destination": "UZ", "as_of": "2013-04-25"}
TIMEOUT = 1.0  # database_timeout_seconds in these tests
# The longest a request may take to fail: a wait for a free database slot, the lock wait, and
# the assessments queued behind each other on a shared, loaded 2-core machine. (Before issue 14
# it was a 30 s busy timeout plus a 30 s pool timeout.)
BOUND = TIMEOUT * 2 + 6.0
FAST = 2.0  # a database-free endpoint while the database is stuck (it was 19-31 s)


def _store(api: ApiHarness, headers: dict[str, str]) -> httpx.Response:
    return api.client.post(URL, params={"store": "true"}, json=CASE, headers=headers)


def _timed(call: Any) -> tuple[httpx.Response, float]:
    began = time.perf_counter()
    response = call()
    return response, time.perf_counter() - began


def _assert_unavailable(response: httpx.Response, seconds: float) -> None:
    assert response.status_code == 503, response.text
    assert_problem(response, 503)
    assert int(response.headers["retry-after"]) >= 1
    assert seconds < BOUND, seconds


# -- SQLite: a writer holding the lock ----------------------------------------------------------


def test_a_held_sqlite_lock_gives_quick_503s_and_leaves_db_free_endpoints_fast(
        make_api: Any) -> None:
    api: ApiHarness = make_api("sqlite", database_timeout_seconds=TIMEOUT,
                               rate_limit_burst=1000, rate_limit_per_minute=100_000)
    headers = api.key("assess,read")
    confirmed = [_store(api, headers).json()["id"] for _ in range(3)]
    path = api.settings.database_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")  # a writer that holds the lock (45 s in the report)
    holder.execute(f"DELETE FROM {api.storage.prefix}service_secrets WHERE 1 = 0")
    try:
        with ThreadPoolExecutor(max_workers=12) as pool:
            stores = [pool.submit(_timed, lambda: _store(api, headers)) for _ in range(12)]
            time.sleep(0.3)  # the stores now wait on the lock
            country, seconds = _timed(lambda: api.client.get("/v1/countries/UZ"))
            assert country.status_code == 200 and seconds < FAST, seconds
            for future in stores:
                _assert_unavailable(*future.result())
        ready, seconds = _timed(lambda: api.client.get("/readyz"))
        _assert_unavailable(ready, seconds)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _store(api, headers).status_code == 201  # recovered at once
    assert api.client.get("/readyz").status_code == 200
    for record in confirmed:
        assert api.client.get(f"{URL}/{record}", headers=headers).status_code == 200


def test_a_deleted_sqlite_table_is_503_on_readyz_not_200(sqlite_api: ApiHarness) -> None:
    sqlite_api.storage.drop_all()
    assert_problem(sqlite_api.client.get("/readyz"), 503)


# -- PostgreSQL: connections terminated, and the network cut ------------------------------------


class Proxy:
    """A TCP proxy to PostgreSQL that can be cut (every connection closed, new ones refused at
    once) and restored."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = int(self.listener.getsockname()[1])
        self.cut_off = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_off:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.cut_off = True
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.cut_off = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    url = postgres_url()
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    proxy = Proxy((parsed.host or "127.0.0.1", parsed.port or 5432))
    yield proxy
    proxy.close()


@pytest.mark.postgres
def test_a_cut_postgresql_connection_gives_quick_503s_and_recovers(
        proxy: Proxy, make_api: Any) -> None:
    from sqlalchemy.engine import make_url

    direct = postgres_url()
    through = make_url(direct).set(host="127.0.0.1", port=proxy.port)
    prefix = f"t{uuid.uuid4().hex[:10]}_"
    api: ApiHarness = make_api("postgres", database_url=through.render_as_string(False),
                               database_table_prefix=prefix,
                               database_timeout_seconds=TIMEOUT)
    headers = api.key("assess,read")
    confirmed = [_store(api, headers).json()["id"] for _ in range(3)]
    proxy.cut()
    try:
        for call in (lambda: _store(api, headers),
                     lambda: api.client.get(f"{URL}/{confirmed[0]}", headers=headers),
                     lambda: api.client.get("/readyz")):
            _assert_unavailable(*_timed(call))
        country, seconds = _timed(lambda: api.client.get("/v1/countries/UZ"))
        assert country.status_code == 200 and seconds < FAST
    finally:
        proxy.restore()
    deadline = time.monotonic() + 10
    while api.client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, "no recovery after the network came back"
        time.sleep(0.2)
    assert _store(api, headers).status_code == 201
    for record in confirmed:
        assert api.client.get(f"{URL}/{record}", headers=headers).status_code == 200


@pytest.mark.postgres
def test_terminated_postgresql_connections_are_replaced(make_api: Any) -> None:
    api: ApiHarness = make_api("postgres", database_timeout_seconds=TIMEOUT)
    headers = api.key("assess,read")
    confirmed = [_store(api, headers).json()["id"] for _ in range(3)]
    admin = create_engine(postgres_url())
    with admin.begin() as conn:
        killed = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'refoulement-risk' AND pid <> pg_backend_pid()")).scalar()
    admin.dispose()
    assert killed and killed >= 1
    # Pooled connections are checked before use: the next requests simply work.
    for record in confirmed:
        response, seconds = _timed(lambda r=record: api.client.get(f"{URL}/{r}",
                                                                   headers=headers))
        assert response.status_code == 200 and seconds < BOUND
    assert _store(api, headers).status_code == 201
    assert api.client.get("/readyz").status_code == 200


def test_a_database_error_is_503_not_500(sqlite_api: ApiHarness, tmp_path: Path) -> None:
    """A key lookup against a database whose tables have gone is a 503 with Retry-After."""
    headers = sqlite_api.key("read")
    sqlite_api.storage.drop_all()
    response, seconds = _timed(lambda: sqlite_api.client.get(URL, headers=headers))
    _assert_unavailable(response, seconds)


# -- SQLite: the database file's file system turns read-only under a running service ------------


@contextlib.contextmanager
def _tmpfs(folder: Path) -> Iterator[Path]:
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)


def test_a_read_only_sqlite_file_gives_quick_503s_and_recovers(make_api: Any,
                                                                tmp_path: Path) -> None:
    """The database's file system is read-only when the service (re)connects — as after a
    remount or a worker restart (Linux refuses to remount while a connection holds the file open
    for writing, so the pool's connections are closed first): stores are 503 within the bound,
    /readyz says 503, reads of the evidence stay fast, and once it is writable again everything
    recovers with nothing lost."""
    with _tmpfs(tmp_path / "volume") as volume:
        api: ApiHarness = make_api("sqlite", database_url=f"sqlite:///{volume}/rr.sqlite3",
                                   database_timeout_seconds=TIMEOUT,
                                   rate_limit_burst=1000, rate_limit_per_minute=100_000)
        headers = api.key("assess,read")
        confirmed = [_store(api, headers).json()["id"] for _ in range(3)]
        api.storage.dispose()
        _remount(volume, "ro")
        try:
            _assert_unavailable(*_timed(lambda: _store(api, headers)))
            _assert_unavailable(*_timed(lambda: api.client.get("/readyz")))
            country, seconds = _timed(lambda: api.client.get("/v1/countries/UZ"))
            assert country.status_code == 200 and seconds < FAST, seconds
        finally:
            _remount(volume, "rw")
        assert _store(api, headers).status_code == 201
        assert api.client.get("/readyz").status_code == 200
        for record in confirmed:
            assert api.client.get(f"{URL}/{record}", headers=headers).status_code == 200

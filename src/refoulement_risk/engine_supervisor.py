"""The engine of record in a supervised worker process: a crash of the native extension costs one
engine run, never the process that asked for it.

durable-rules is a C extension; a segfault in it kills the whole interpreter.
:class:`IsolatedBackend` implements the engine interface (``engine.Backend``) by sending each run
to a worker process (:mod:`.engine_host`) over a pipe. If the worker dies (a signal such as
SIGSEGV, an exit) or gives no answer within ``timeout`` seconds (it is then killed), the run
raises :class:`~refoulement_risk.errors.EngineCrashed` naming the cause, and a fresh worker is
started at once (it is ready by the next run, which waits for it). What becomes of the assessment
is the caller's choice (the service assesses it again on the plain-Python evaluator, see
``docs/SERVICE.md``).

After :data:`MAX_CONSECUTIVE_CRASHES` crashes with no successful run in between, no worker is
started for :data:`COOL_DOWN_SECONDS` and runs fail at once (cause ``down``): a crash loop cannot
spend the machine on restarts. Runs are serialised by a lock, as the in-process durable backend
serialises them; a thread waiting on the worker releases the GIL.

Workers are *spawned* (never forked: a fork of a threaded server can inherit held locks) and get
the parent's rule book pickled, so both sides hold the same rule-set digest, which the worker
confirms before its first run.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import signal
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from .engine import EngineResult, Fact
from .engine_host import decode_result, encode_facts, serve
from .errors import EngineCrashed, EngineError
from .rulebook import Rulebook

__all__ = ["COOL_DOWN_SECONDS", "MAX_CONSECUTIVE_CRASHES", "IsolatedBackend", "exit_cause"]

MAX_CONSECUTIVE_CRASHES = 3
COOL_DOWN_SECONDS = 30.0
_JOIN_SECONDS = 5.0


def exit_cause(exitcode: int | None) -> str:
    """A process's end as a short code: the signal's name, ``exit_<status>``, or ``unknown``."""
    if exitcode is None:
        return "unknown"
    if exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal_{-exitcode}"
    return f"exit_{exitcode}"


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False


class _NoAnswer(Exception):
    """The worker did not answer in time."""


class IsolatedBackend:
    """durable-rules in a worker process; ``EngineCrashed`` when the worker dies or hangs."""

    name = "durable"

    def __init__(self, rulebook: Rulebook, *, timeout: float = 10.0,
                 start_timeout: float = 60.0) -> None:
        if multiprocessing.current_process().daemon:  # multiprocessing forbids it children
            raise EngineError("the engine worker cannot be started from a daemonic process")
        self._rulebook = rulebook
        self._timeout = timeout
        self._start_timeout = start_timeout
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._consecutive = 0
        self._down_until = 0.0
        self.crashes = 0  # worker deaths seen since start
        self.starts = 0  # workers started, the first one included
        self._worker: _Worker | None = None
        with self._lock:
            worker = self._worker = self._spawn()
            try:
                self._await_ready(worker)
            except EngineError as exc:
                for started in {id(w): w for w in (worker, self._worker) if w}.values():
                    self._stop(started)  # the first worker, and any started to replace it
                self._worker = None
                if isinstance(exc, EngineCrashed):
                    raise EngineError(f"the engine worker could not start: {exc}") from None
                raise

    @property
    def worker_pid(self) -> int | None:
        """The current worker's process id (None while none runs)."""
        worker = self._worker
        return None if worker is None else worker.process.pid

    # -- the engine interface --------------------------------------------------------------------

    def run(self, facts: Sequence[Fact], on: dt.date) -> EngineResult:
        payload = (encode_facts(tuple(facts)), on.toordinal())
        with self._lock:
            worker = self._current()
            try:
                if not worker.ready:
                    self._await_ready(worker)
                worker.conn.send(payload)
            except (EOFError, OSError):
                raise self._crashed(worker, None) from None
            reply = self._receive(worker, self._timeout)
            if reply[0] == "ok":
                self._consecutive = 0
                return decode_result(reply[1], reply[2], self.name)
            if reply[2]:  # the backend is unusable: this worker is done, the next run starts one
                self._stop(worker)
                self._worker = None
        raise EngineError(str(reply[1]))

    def close(self) -> None:
        """Stop the worker (it also stops by itself when this process's end of the pipe closes)."""
        with self._lock:
            if self._worker is not None:
                self._stop(self._worker)
                self._worker = None
            self._down_until = float("inf")

    # -- supervision (under the lock) ------------------------------------------------------------

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(target=serve, args=(child, self._rulebook),
                                        name="refoulement-risk-engine", daemon=True)
        process.start()
        child.close()  # else this process holds the worker's end open and never sees EOF
        self.starts += 1
        return _Worker(process, parent)

    def _current(self) -> _Worker:
        if self._worker is None:
            if time.monotonic() < self._down_until:
                raise EngineCrashed("the engine worker keeps crashing; restarting it is paused",
                                    "down")
            self._worker = self._spawn()
        return self._worker

    def _receive(self, worker: _Worker, timeout: float) -> tuple[Any, ...]:
        """The worker's next message; no answer in time, or a dead pipe, is a crash."""
        try:
            if not worker.conn.poll(timeout):
                raise _NoAnswer
            reply: tuple[Any, ...] = worker.conn.recv()
        except _NoAnswer:
            raise self._crashed(worker, "timeout") from None
        except (EOFError, OSError):
            raise self._crashed(worker, None) from None
        return reply

    def _await_ready(self, worker: _Worker) -> None:
        reply = self._receive(worker, self._start_timeout)
        if reply[0] == "failed":
            raise self._crashed(worker, "start_failed", str(reply[1]))
        if reply[1] != self._rulebook.digest:
            raise EngineError("the engine worker holds another rule set than this process")
        worker.ready = True

    def _crashed(self, worker: _Worker, cause: str | None, reason: str = "") -> EngineCrashed:
        """Reap a dead or hung worker, start the next one (unless paused), and say why."""
        if cause == "timeout":
            worker.process.kill()
        worker.process.join(_JOIN_SECONDS)
        if worker.process.is_alive():  # the pipe broke but the process lives on: end it
            worker.process.kill()
            worker.process.join(_JOIN_SECONDS)
        cause = cause or exit_cause(worker.process.exitcode)
        worker.conn.close()
        self.crashes += 1
        self._consecutive += 1
        self._worker = None
        if self._consecutive >= MAX_CONSECUTIVE_CRASHES:
            self._down_until = time.monotonic() + COOL_DOWN_SECONDS
        else:
            self._worker = self._spawn()
        detail = f": {reason}" if reason else ""
        return EngineCrashed(f"the engine worker failed ({cause}){detail}", cause)

    def _stop(self, worker: _Worker) -> None:
        worker.conn.close()
        worker.process.join(_JOIN_SECONDS)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(_JOIN_SECONDS)

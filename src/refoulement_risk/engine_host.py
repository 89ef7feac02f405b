"""The engine worker process: durable-rules behind a pipe (see ``engine_supervisor``).

The worker builds the durable-rules backend from the parent's own rule book (sent pickled, so
both sides hold the same rule-set digest), says ``ready``, then answers one run per message until
the pipe closes. Messages are plain tuples, cheap to pickle:

    parent -> worker   (facts as (id, name, value) tuples, date as an ordinal)
    worker -> parent   ("ready", digest) | ("failed", reason)            once, at start
                       ("ok", firings, derived) | ("error", message, broken)  per run

A native crash kills this process and nothing else: the parent sees the pipe close.
"""

from __future__ import annotations

import datetime as dt
import signal
from multiprocessing.connection import Connection
from typing import Any

from .engine import EngineResult, Fact, Firing
from .errors import EngineError
from .rulebook import Rulebook

__all__ = ["FactRow", "decode_result", "encode_facts", "serve"]

FactRow = tuple[str, str, Any]


def encode_facts(facts: list[Fact] | tuple[Fact, ...]) -> list[FactRow]:
    return [(f.id, f.name, f.value) for f in facts]


def decode_result(firings: list[tuple[int, str, int, tuple[str, ...]]],
                  derived: list[FactRow], backend: str) -> EngineResult:
    return EngineResult(firings=tuple(Firing(*f) for f in firings),
                        derived=tuple(Fact(*d) for d in derived), backend=backend)


def serve(conn: Connection, rulebook: Rulebook) -> None:
    """The worker's main loop (the target of the spawned process)."""
    # Ctrl-C reaches the whole process group: the parent decides when the worker stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from .durable_backend import DurableBackend

        backend = DurableBackend(rulebook)
    except Exception as exc:  # an import or rule-book failure: the parent reports it
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", rulebook.digest))
    while True:
        try:
            rows, day = conn.recv()
        except (EOFError, OSError):
            return  # the parent closed the pipe or died
        facts = [Fact(*row) for row in rows]
        try:
            result = backend.run(facts, dt.date.fromordinal(day))
        except EngineError as exc:
            # A backend that marked itself unusable needs a fresh process: say so, and exit.
            broken = getattr(backend, "_broken", None) is not None
            conn.send(("error", exc.message, broken))
            if broken:
                return
            continue
        except Exception as exc:  # a bug, not a crash: the parent raises it as EngineError
            conn.send(("error", f"{type(exc).__name__}: {exc}", False))
            continue
        conn.send(("ok", [(f.rule_order, f.rule_id, f.branch, f.matched)
                          for f in result.firings],
                   encode_facts(result.derived)))

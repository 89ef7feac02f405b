"""Crash containment of the native engine, for real: the supervised worker
(``engine_supervisor.IsolatedBackend``) killed by signals, and a batch run whose workers segfault
(planted with ``sitecustomize`` for one date, so production code holds no crash hook).
The live service's test is ``tests/api/test_engine_crash.py``."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from refoulement_risk import engine_supervisor
from refoulement_risk.assessor import _sheet, default_knowledge
from refoulement_risk.case import parse_case
from refoulement_risk.engine import Fact
from refoulement_risk.engine_supervisor import IsolatedBackend, exit_cause
from refoulement_risk.errors import EngineCrashed

from .decided import decided_case_dicts

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
pytest.importorskip("durable")

ROOT = Path(__file__).resolve().parents[1]
DECIDED = decided_case_dicts()
CRASH_DAY = "2011-11-11"
CANARY = "canary-5e1d"  # a client reference that must never reach standard error


def _sheets(count: int) -> list[tuple[list[Fact], dt.date]]:
    knowledge = default_knowledge("reference")
    out = []
    for data in DECIDED[:count]:
        case = parse_case(data)
        day = case.as_of or dt.date(2020, 1, 1)
        out.append((_sheet(case, day, knowledge, day).facts, day))
    return out


@pytest.fixture
def isolated() -> Iterator[IsolatedBackend]:
    backend = IsolatedBackend(default_knowledge("reference").rulebook, timeout=5.0)
    yield backend
    backend.close()


def _kill_worker(backend: IsolatedBackend, sig: signal.Signals) -> int:
    pid = backend.worker_pid
    assert pid is not None
    os.kill(pid, sig)
    return pid


def test_the_worker_gives_what_durable_rules_gives_in_process(isolated: IsolatedBackend) -> None:
    in_process = default_knowledge("durable").backend
    for facts, day in _sheets(20):
        assert isolated.run(facts, day) == in_process.run(facts, day)


def test_a_segfaulted_worker_fails_one_run_with_its_signal_and_is_replaced(
        isolated: IsolatedBackend) -> None:
    (facts, day), = _sheets(1)
    expected = isolated.run(facts, day)
    dead = _kill_worker(isolated, signal.SIGSEGV)
    with pytest.raises(EngineCrashed) as crash:
        isolated.run(facts, day)
    assert crash.value.cause == "SIGSEGV" and crash.value.code == "engine_crashed"
    assert isolated.run(facts, day) == expected  # a fresh worker
    assert isolated.worker_pid not in (None, dead)
    assert (isolated.crashes, isolated.starts) == (1, 2)


def test_a_worker_that_stops_answering_is_killed_after_the_timeout(
        isolated: IsolatedBackend) -> None:
    (facts, day), = _sheets(1)
    isolated.run(facts, day)
    _kill_worker(isolated, signal.SIGSTOP)  # alive, but never answers
    began = time.monotonic()
    with pytest.raises(EngineCrashed) as crash:
        isolated.run(facts, day)
    assert crash.value.cause == "timeout"
    assert 5.0 <= time.monotonic() - began < 30
    isolated.run(facts, day)


def test_repeated_crashes_pause_restarts_instead_of_looping(isolated: IsolatedBackend) -> None:
    (facts, day), = _sheets(1)
    for _ in range(engine_supervisor.MAX_CONSECUTIVE_CRASHES):
        isolated.run(facts, day)  # waits for the (re)started worker, resets nothing: it ran
        _kill_worker(isolated, signal.SIGKILL)
        with pytest.raises(EngineCrashed):
            isolated.run(facts, day)
    # Each crash above followed a successful run, so restarts went on; the last one counts
    # as the first of a series.
    assert isolated.worker_pid is not None
    for _ in range(engine_supervisor.MAX_CONSECUTIVE_CRASHES - 1):
        _kill_worker(isolated, signal.SIGKILL)
        with pytest.raises(EngineCrashed):
            isolated.run(facts, day)
    starts = isolated.starts
    with pytest.raises(EngineCrashed) as paused:
        isolated.run(facts, day)
    assert paused.value.cause == "down" and isolated.starts == starts
    isolated._down_until = 0.0  # the pause is over
    assert isolated.run(facts, day).firings


def test_exit_causes_are_short_codes() -> None:
    assert exit_cause(-signal.SIGSEGV) == "SIGSEGV"
    assert exit_cause(3) == "exit_3"
    assert exit_cause(None) == "unknown"


# --- a batch run ----------------------------------------------------------------------------

def _plant(folder: Path, *backends: str) -> dict[str, str]:
    """An environment whose processes segfault when one of ``backends`` runs on CRASH_DAY."""
    folder.mkdir()
    lines = ["import datetime, os, signal"]
    for module, cls in (("durable_backend", "DurableBackend"), ("reference", "ReferenceBackend")):
        if module in backends:
            lines += [f"from refoulement_risk import {module}",
                      f"_{module} = {module}.{cls}.run",
                      f"def _{module}_run(self, facts, on):",
                      f"    if on == datetime.date.fromisoformat({CRASH_DAY!r}):",
                      "        os.kill(os.getpid(), signal.SIGSEGV)",
                      f"    return _{module}(self, facts, on)",
                      f"{module}.{cls}.run = _{module}_run"]
    (folder / "sitecustomize.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(folder)])}


def _batch(tmp_path: Path, env: dict[str, str]) -> tuple[list[dict[str, Any]], dict[str, Any],
                                                         str]:
    cases = [{**DECIDED[i], "client_reference": f"{CANARY}-{i}"} for i in range(6)]
    cases[4] = {**cases[4], "as_of": CRASH_DAY}
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    finished = subprocess.run(
        [sys.executable, "-m", "refoulement_risk.cli", "batch", str(source), "--out", str(out),
         "--no-progress", "--backend", "durable", "--workers", "1"],
        env=env, capture_output=True, text=True, timeout=900, check=True)
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return results, json.loads(finished.stderr.strip().splitlines()[-1]), finished.stderr


@pytest.mark.slow
def test_a_batch_redoes_the_cases_of_a_segfaulted_worker_and_says_so(tmp_path: Path) -> None:
    results, summary, stderr = _batch(tmp_path, _plant(tmp_path / "plant", "durable_backend"))
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 6]
    assert all(r["status"] == "assessed" for r in results)
    versions = [r["assessment"]["versions"] for r in results]
    assert all(v["backend"] == "reference" for v in versions)
    assert all(v["engine_fallback"] == {"failed_backend": "durable", "cause": "worker_died"}
               for v in versions)
    assert summary["worker_crashes"] == 1 and summary["failed"] == 0
    assert "a worker process died" in stderr and CANARY not in stderr


@pytest.mark.slow
def test_a_case_that_kills_every_backend_is_reported_and_the_rest_complete(
        tmp_path: Path) -> None:
    env = _plant(tmp_path / "plant", "durable_backend", "reference")
    results, summary, stderr = _batch(tmp_path, env)
    assert [r["line"] for r in results] == [1, 2, 3, 4, 5, 6]
    assert [r["status"] for r in results] == ["assessed"] * 4 + ["failed", "assessed"]
    assert results[4]["problems"][0]["location"] == "(engine)"
    assert results[4]["client_reference"] == f"{CANARY}-4"
    # durable in the pool, the fallback in the pool, then line 5 alone.
    assert summary["worker_crashes"] == 3
    assert summary["failed"] == 1 and summary["assessed"] == 5
    assert "line 5: failed" in stderr and CANARY not in stderr

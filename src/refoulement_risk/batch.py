"""Batch screening: assess every case of a file on every core, resumably, in input order.

``refoulement-risk batch IN --out OUT`` (formats in :mod:`.batch_io`). Cases go to worker
processes in chunks; results are written in input order as soon as each chunk is done and
flushed, so an interrupted run loses at most the chunks in flight, and a rerun with the same
``--out`` skips every line already written (never redoing or duplicating one). A line that is
not a valid case is written as ``refused`` with its problems and the run goes on.

If a worker process dies (the native engine can crash the interpreter), the pool is replaced
and the chunks that were in flight are assessed again on the plain-Python backend, which the
differential tests prove identical; each such assessment names that backend in ``versions`` and
carries ``versions.engine_fallback`` (cause ``worker_died``). A chunk whose worker dies again on
that backend is redone one case at a time, and a case that still kills its worker is written as
``failed`` with the reason: no case stops the run or is lost. Each death is reported on standard
error (counts only, nothing of a case) and counted in the summary.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .batch_io import CSV_COLUMNS, Format, InputLine, csv_row, finished_lines, read_lines

__all__ = ["BatchSummary", "run_batch"]

CHUNK = 64
FALLBACK_BACKEND = "reference"
CRASH_CAUSE = "worker_died"  # a pool does not say which worker died, or of what


@dataclass
class BatchSummary:
    """What a run did: counts by band, refused lines, skipped (already done) lines, crashes."""

    assessed: int = 0
    refused: int = 0
    failed: int = 0
    skipped: int = 0
    worker_crashes: int = 0
    bands: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        rate = self.assessed / self.seconds if self.seconds else 0.0
        return {"assessed": self.assessed, "refused": self.refused, "failed": self.failed,
                "skipped_already_done": self.skipped, "worker_crashes": self.worker_crashes,
                "bands": dict(sorted(self.bands.items())), "seconds": round(self.seconds, 2),
                "cases_per_second": round(rate, 1)}


# --- in the worker processes -------------------------------------------------------------

def _assess_chunk(lines: list[InputLine], backend: str, out_fmt: Format,
                  fallback_cause: str | None = None
                  ) -> list[tuple[dict[str, Any], str | dict[str, Any]]]:
    """Each line's result summary and its output, serialised here so that only text crosses
    back to the parent. ``fallback_cause``: this is a redo after a worker died."""
    return [(_summary(r), _serialise(r, out_fmt))
            for r in _assess_lines(lines, backend, fallback_cause)]


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    summary = {k: result[k] for k in ("line", "status")}
    if result["status"] == "assessed":
        summary["band"] = result["assessment"]["band"]
    else:
        summary["problems"] = result["problems"]
    return summary


def _serialise(result: dict[str, Any], out_fmt: Format) -> str | dict[str, Any]:
    if out_fmt == "csv":
        return csv_row(result)
    return json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"


def _assess_lines(lines: list[InputLine], backend: str,
                  fallback_cause: str | None = None) -> list[dict[str, Any]]:
    from .assessor import assess, default_knowledge
    from .containment import mark_fallback
    from .errors import CaseValidationError

    knowledge = default_knowledge(backend)
    results = []
    for line in lines:
        reference = (line.data or {}).get("client_reference")
        base: dict[str, Any] = {"line": line.number,
                "client_reference": reference if isinstance(reference, str) else None}
        if line.data is None:
            results.append({**base, "status": "refused",
                            "problems": [{"location": f"line {line.number}",
                                          "reason": line.problem or "unreadable"}]})
            continue
        try:
            assessment = assess(line.data, knowledge=knowledge)
        except CaseValidationError as exc:
            results.append({**base, "status": "refused", "problems": [
                {"location": p.location, "reason": p.reason} for p in exc.problems]})
            continue
        if fallback_cause is not None:
            assessment = mark_fallback(assessment, fallback_cause)
        results.append({**base, "status": "assessed",
                        "assessment": assessment.model_dump(mode="json")})
    return results


def _warm(backend: str) -> None:
    from .assessor import default_knowledge
    default_knowledge(backend)


# --- in the parent ------------------------------------------------------------------------

class _Writer:
    def __init__(self, handle: IO[str], fmt: Format, new_file: bool) -> None:
        self.handle, self.fmt = handle, fmt
        self.csv = csv.DictWriter(handle, fieldnames=CSV_COLUMNS) if fmt == "csv" else None
        if self.csv is not None and new_file:
            self.csv.writeheader()

    def write(self, output: str | dict[str, Any]) -> None:
        if isinstance(output, dict):
            assert self.csv is not None
            self.csv.writerow(output)
        else:
            self.handle.write(output)


def _chunks(lines: Iterator[InputLine], done: set[int], summary: BatchSummary
            ) -> Iterator[list[InputLine]]:
    chunk: list[InputLine] = []
    for line in lines:
        if line.number in done:
            summary.skipped += 1
            continue
        chunk.append(line)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _new_pool(workers: int, backend: str) -> ProcessPoolExecutor:
    # spawn: a worker never inherits a parent's native-engine state.
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_warm, initargs=(backend,))


Output = tuple[dict[str, Any], str | dict[str, Any]]


@dataclass(frozen=True)
class _Job:
    """A chunk of lines and how often a worker has died on it: 0, on the chosen backend; 1, redone
    on the fallback in the pool; 2, each line alone in a one-worker pool (see the docstring)."""

    lines: list[InputLine]
    attempt: int = 0


def _submit(pool: ProcessPoolExecutor, job: _Job, backend: str,
            out_fmt: Format) -> Future[list[Output]] | None:
    if job.attempt == 0:
        return pool.submit(_assess_chunk, job.lines, backend, out_fmt)
    if job.attempt == 1:
        return pool.submit(_assess_chunk, job.lines, FALLBACK_BACKEND, out_fmt, CRASH_CAUSE)
    return None  # run alone when its turn comes


def _failed(line: InputLine, out_fmt: Format) -> Output:
    reference = (line.data or {}).get("client_reference")
    result: dict[str, Any] = {
        "line": line.number,
        "client_reference": reference if isinstance(reference, str) else None,
        "status": "failed",
        "problems": [{"location": "(engine)",
                      "reason": "the worker process died on this case, on the chosen backend "
                                "and on the plain-Python evaluator; nothing was assessed"}]}
    return _summary(result), _serialise(result, out_fmt)


def _alone(job: _Job, out_fmt: Format, summary: BatchSummary) -> list[Output]:
    """Each line on its own in a one-worker pool, so a death names its line."""
    outputs: list[Output] = []
    pool = _new_pool(1, FALLBACK_BACKEND)
    try:
        for line in job.lines:
            try:
                outputs += pool.submit(_assess_chunk, [line], FALLBACK_BACKEND, out_fmt,
                                       CRASH_CAUSE).result()
            except BrokenProcessPool:
                summary.worker_crashes += 1
                outputs.append(_failed(line, out_fmt))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(1, FALLBACK_BACKEND)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return outputs


def run_batch(source: Path, out: Path, fmt: Format, out_fmt: Format, *,
              backend: str = "auto", workers: int | None = None,
              progress: bool = True) -> BatchSummary:
    """Assess every line of ``source`` into ``out``; resumes if ``out`` already has lines."""
    workers = workers or os.cpu_count() or 1
    summary = BatchSummary()
    done = finished_lines(out, out_fmt)
    total = sum(1 for _ in read_lines(source, fmt))
    started = time.perf_counter()
    new_file = not out.exists() or out.stat().st_size == 0
    with out.open("a", encoding="utf-8", newline="") as handle, _Progress(
            total, len(done), progress) as bar:
        writer = _Writer(handle, out_fmt, new_file)
        chunks = _chunks(read_lines(source, fmt), done, summary)
        pool = _new_pool(workers, backend)
        pending: list[tuple[_Job, Future[list[Output]] | None]] = []
        try:
            while True:
                while len(pending) < 2 * workers:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    pending.append((_Job(chunk), _submit(pool, _Job(chunk), backend, out_fmt)))
                if not pending:
                    break
                job, future = pending.pop(0)
                try:
                    results = (future.result() if future is not None
                               else _alone(job, out_fmt, summary))
                except BrokenProcessPool:
                    summary.worker_crashes += 1
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _new_pool(workers, backend)
                    pending = _after_death([(job, future), *pending], pool, backend, out_fmt)
                    continue
                for result, output in results:
                    writer.write(output)
                    _count(summary, result)
                handle.flush()
                os.fsync(handle.fileno())
                bar.advance(len(results))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _after_death(in_flight: list[tuple[_Job, Future[list[Output]] | None]],
                 pool: ProcessPoolExecutor, backend: str, out_fmt: Format
                 ) -> list[tuple[_Job, Future[list[Output]] | None]]:
    """The jobs of a dead pool, one attempt further, on the new pool (in input order)."""
    jobs = [job if future is None else _Job(job.lines, job.attempt + 1)
            for job, future in in_flight]
    cases = sum(len(job.lines) for job in jobs)
    # Counts only: nothing of a case reaches the log.
    print(f"a worker process died; the {cases} cases in flight are assessed again on the "
          "plain-Python evaluator", file=sys.stderr)
    return [(job, _submit(pool, job, backend, out_fmt)) for job in jobs]


def _count(summary: BatchSummary, result: dict[str, Any]) -> None:
    if result["status"] == "assessed":
        summary.assessed += 1
        summary.bands[result["band"]] += 1
    elif result["status"] == "failed":
        summary.failed += 1
        _report_refusal(result)
    else:
        summary.refused += 1
        _report_refusal(result)


def _report_refusal(result: dict[str, Any]) -> None:
    reasons = "; ".join(f"{p['location']}: {p['reason']}" for p in result["problems"])
    print(f"line {result['line']}: {result['status']}: {reasons}", file=sys.stderr)


class _Progress:
    """A rich progress bar with cases/s and time left, or nothing when not wanted."""

    def __init__(self, total: int, already: int, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.total, self.already = total, already
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )
            self._progress = Progress(
                TextColumn("assessing"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(), transient=False)
            self._progress.__enter__()
            self._task = self._progress.add_task("batch", total=self.total,
                                                 completed=self.already, rate="")
            self._started = time.perf_counter()
            self._count = 0
        return self

    def advance(self, count: int) -> None:
        if self._progress is None:
            return
        self._count += count
        rate = self._count / max(time.perf_counter() - self._started, 1e-9)
        self._progress.update(self._task, advance=count, rate=f"{rate:,.0f} cases/s")

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)

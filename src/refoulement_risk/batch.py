"""Batch screening: assess every case of a file on every core, resumably, in input order.

``refoulement-risk batch IN --out OUT`` (formats in :mod:`.batch_io`). Cases go to worker
processes in chunks; results are written in input order as soon as each chunk is done and
flushed, so an interrupted run loses at most the chunks in flight, and a rerun with the same
``--out`` skips every line already written (never redoing or duplicating one). A line that is
not a valid case is written as ``refused`` with its problems and the run goes on.

If a worker process dies (the native engine can crash the interpreter), the pool is replaced
and the chunks that were in flight are assessed again on the plain-Python backend, which the
differential tests prove identical; each such assessment names that backend in ``versions``.
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


@dataclass
class BatchSummary:
    """What a run did: counts by band, refused lines, skipped (already done) lines, crashes."""

    assessed: int = 0
    refused: int = 0
    skipped: int = 0
    worker_crashes: int = 0
    bands: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        rate = self.assessed / self.seconds if self.seconds else 0.0
        return {"assessed": self.assessed, "refused": self.refused,
                "skipped_already_done": self.skipped, "worker_crashes": self.worker_crashes,
                "bands": dict(sorted(self.bands.items())), "seconds": round(self.seconds, 2),
                "cases_per_second": round(rate, 1)}


# --- in the worker processes -------------------------------------------------------------

def _assess_chunk(lines: list[InputLine], backend: str, out_fmt: Format
                  ) -> list[tuple[dict[str, Any], str | dict[str, Any]]]:
    """Each line's result summary and its output, serialised here so that only text crosses
    back to the parent."""
    return [(_summary(r), _serialise(r, out_fmt)) for r in _assess_lines(lines, backend)]


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


def _assess_lines(lines: list[InputLine], backend: str) -> list[dict[str, Any]]:
    from .assessor import assess, default_knowledge
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
        pending: list[tuple[list[InputLine], Future[list[tuple[dict[str, Any],
                                                               str | dict[str, Any]]]]]] = []
        try:
            while True:
                while len(pending) < 2 * workers:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    pending.append((chunk, pool.submit(_assess_chunk, chunk, backend, out_fmt)))
                if not pending:
                    break
                chunk, future = pending.pop(0)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    summary.worker_crashes += 1
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _new_pool(workers, backend)
                    retry = [chunk] + [c for c, _ in pending]
                    pending = [(c, pool.submit(_assess_chunk, c, FALLBACK_BACKEND, out_fmt))
                               for c in retry]
                    continue
                for result, output in results:
                    writer.write(output)
                    if result["status"] == "assessed":
                        summary.assessed += 1
                        summary.bands[result["band"]] += 1
                    else:
                        summary.refused += 1
                        _report_refusal(result)
                handle.flush()
                os.fsync(handle.fileno())
                bar.advance(len(results))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _report_refusal(result: dict[str, Any]) -> None:
    reasons = "; ".join(f"{p['location']}: {p['reason']}" for p in result["problems"])
    print(f"line {result['line']}: refused: {reasons}", file=sys.stderr)


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

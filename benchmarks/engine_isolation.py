"""What running durable-rules in a supervised worker process costs: the engine of record in
process against the same engine behind a pipe (``engine_supervisor.IsolatedBackend``), the
service's default, which survives a crash of the native extension.

    python benchmarks/engine_isolation.py [--repeat 4]

Three figures, each the median over the decided cases (tests/decided.py), both sides run
alternately on the same case so machine noise hits both alike: one engine run, one full
assessment (range and unknowns included), and the time to start a worker. The ratio printed is
the median of the per-case ratios (worker / in process).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.decided import decided_case_dicts  # noqa: E402

from refoulement_risk.assessor import _sheet, assess, default_knowledge  # noqa: E402
from refoulement_risk.case import parse_case  # noqa: E402
from refoulement_risk.engine_supervisor import IsolatedBackend  # noqa: E402


def _paired(first: list[float], second: list[float]) -> str:
    ratios = [b / a for a, b in zip(first, second, strict=True)]
    return (f"in process {statistics.median(first) * 1e3:.3f} ms, worker "
            f"{statistics.median(second) * 1e3:.3f} ms, ratio {statistics.median(ratios):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4)
    args = parser.parse_args()
    local = default_knowledge("durable")
    began = time.perf_counter()
    isolated = IsolatedBackend(local.rulebook)
    started = time.perf_counter() - began
    remote = dataclasses.replace(local, backend=isolated)
    cases = decided_case_dicts()
    sheets = []
    for data in cases:
        case = parse_case(data)
        day = case.as_of or dt.date(2020, 1, 1)
        sheets.append((_sheet(case, day, local, day).facts, day))
    for data in cases:  # warm both sides (caches, the worker's first runs)
        assess(data, knowledge=local)
        assess(data, knowledge=remote)
    runs: tuple[list[float], list[float]] = ([], [])
    whole: tuple[list[float], list[float]] = ([], [])
    for _ in range(args.repeat):
        for (facts, day), data in zip(sheets, cases, strict=True):
            for side, backend in enumerate((local.backend, isolated)):
                t = time.perf_counter()
                backend.run(facts, day)
                runs[side].append(time.perf_counter() - t)
            for side, knowledge in enumerate((local, remote)):
                t = time.perf_counter()
                assess(data, knowledge=knowledge)
                whole[side].append(time.perf_counter() - t)
    isolated.close()
    print(f"engine isolation, {len(cases)} decided cases x {args.repeat}")
    print(f"  one engine run:      {_paired(*runs)}")
    print(f"  one full assessment: {_paired(*whole)}")
    print(f"  worker start-up:     {started:.3f} s (once per service worker, and after a crash)")


if __name__ == "__main__":
    main()

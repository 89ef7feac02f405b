"""In-process latency of a full assessment (score, range, ranked unknowns), for each backend.

    python benchmarks/assessment.py [--cases 400] [--repeat 3]

Cases: the decided cases plus generated ones, no two alike (so no cache of whole assessments
could stand in for the engine). Each backend is timed twice on the same cases, interleaved so
that machine noise hits both alike: as shipped (unknowns explored on the compiled plan), and
with the unknowns explored by re-running the engine for every answer (the design before the
plan, kept as the fallback) — the baseline of the ratio. Targets (2 cores): durable-rules median
<= 2 ms and p99 <= 5 ms; plain-Python median <= 1 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.decided import decided_case_dicts  # noqa: E402
from tests.strategies import cases as case_strategy  # noqa: E402

from refoulement_risk import assess, assessor  # noqa: E402
from refoulement_risk.case import parse_case  # noqa: E402
from refoulement_risk.counterfactuals import Explorer  # noqa: E402
from refoulement_risk.knowledge import Knowledge, load_knowledge  # noqa: E402


def draw_cases(count: int) -> list[dict[str, Any]]:
    drawn: dict[str, dict[str, Any]] = {}

    @settings(max_examples=count * 3, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(case_strategy())
    def collect(case: dict[str, Any]) -> None:
        drawn.setdefault(json.dumps(case, sort_keys=True), case)

    collect()
    return decided_case_dicts() + list(drawn.values())[:count]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any], cpu: list[float] | None = None) -> float:
    """Wall-clock seconds of one call; its CPU seconds (this process) appended to ``cpu``."""
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start


def engine_explorer(knowledge: Knowledge, case: Any, day: Any, run: Any, destination: Any,
                    reusable: Any, published_by: Any) -> Explorer:
    return Explorer(knowledge.rulebook, assessor._Evaluator(knowledge, day, published_by),
                    run.sheet, run.scores)


def by_engine(case: dict[str, Any], knowledge: Knowledge) -> Any:
    original = assessor._explorer
    assessor._explorer = engine_explorer  # type: ignore[assignment]
    try:
        return assess(case, knowledge=knowledge)
    finally:
        assessor._explorer = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    backends = {name: load_knowledge(backend=name) for name in ("durable", "reference")}
    cases = draw_cases(args.cases)
    for case in cases:  # warm-up: patches, plan caches, engine sessions
        for knowledge in backends.values():
            assess(case, knowledge=knowledge)
    shipped: dict[str, list[float]] = {n: [] for n in backends}
    shipped_cpu: dict[str, list[float]] = {n: [] for n in backends}
    baseline: dict[str, list[float]] = {n: [] for n in backends}
    engine_only: dict[str, list[float]] = {n: [] for n in backends}
    parsed = [(parse_case(c), c) for c in cases]
    for _ in range(args.repeat):
        for case, raw in parsed:
            day = case.as_of or dt.date.today()
            for name, k in backends.items():
                shipped[name].append(timed(lambda c=raw, k=k: assess(c, knowledge=k),
                                           shipped_cpu[name]))
                sheet = assessor._sheet(case, day, k, day)
                engine_only[name].append(timed(lambda s=sheet, k=k, d=day: k.backend.run(
                    s.facts, d)))
            for name, k in backends.items():
                baseline[name].append(timed(lambda c=raw, k=k: by_engine(c, k)))
    print(f"{len(cases)} distinct cases x {args.repeat}, full assessment in-process (ms)")
    print(f"{'backend':10} {'median':>8} {'p99':>8} {'cpu median':>10} {'one engine run':>14} "
          f"{'baseline median':>16} {'ratio':>6} {'target median':>14}")
    targets = {"durable": 2.0, "reference": 1.0}
    for name in backends:
        med, p99 = statistics.median(shipped[name]) * 1e3, percentile(shipped[name], .99) * 1e3
        cpu = statistics.median(shipped_cpu[name]) * 1e3
        floor = statistics.median(engine_only[name]) * 1e3
        base = statistics.median(baseline[name]) * 1e3
        verdict = "met" if med <= targets[name] else "NOT met"
        print(f"{name:10} {med:8.2f} {p99:8.2f} {cpu:10.2f} {floor:14.2f} {base:16.2f} "
              f"{med / base:6.3f} {targets[name]:>8.1f} {verdict}")
    print("baseline: the same assessments with unknowns, treaty gaps and withheld evidence "
          "explored by re-running the engine for every variant")
    print("cpu median: this process's CPU time (the machine may be shared: wall time includes "
          "waiting for a core); one engine run: the backend alone on the case's facts, the floor "
          "of an assessment")


if __name__ == "__main__":
    main()

"""Median time per full assessment, in-process, for each engine backend, measured in one run.

    python benchmarks/assessment.py [--cases 150] [--repeat 3]

A full assessment includes the counterfactual runs behind ``range`` and
``missing_information``, so it also reports the engine runs per assessment and the time of one
engine run on the real rule set. The reference (plain-Python) backend is the baseline; ratios
are durable/reference, measured interleaved on the same cases, since this machine is noisy.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.strategies import cases as case_strategy  # noqa: E402

from refoulement_risk import Knowledge, assess, load_knowledge  # noqa: E402
from refoulement_risk.assessor import _run  # noqa: E402
from refoulement_risk.case import parse_case  # noqa: E402
from refoulement_risk.decided_cases import load_decided_cases  # noqa: E402


def draw_cases(count: int) -> list[dict[str, Any]]:
    drawn: list[dict[str, Any]] = []

    @settings(max_examples=count, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(case_strategy())
    def collect(case: dict[str, Any]) -> None:
        drawn.append(case)

    collect()
    decided = load_decided_cases([ROOT / "tests" / "caselaw"])
    return [json.loads(d.case.model_dump_json(exclude_none=True)) for d in decided] + drawn[:count]


def time_one(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    backends: dict[str, Knowledge] = {
        "reference": load_knowledge(backend="reference"),
        "durable": load_knowledge(backend="durable"),
    }
    cases = draw_cases(args.cases)
    full: dict[str, list[float]] = {name: [] for name in backends}
    engine: dict[str, list[float]] = {name: [] for name in backends}
    for case in cases:  # warm-up
        for knowledge in backends.values():
            assess(case, knowledge=knowledge)
    for _ in range(args.repeat):
        for case in cases:
            parsed = parse_case(case)
            day = parsed.as_of
            assert day is not None
            for name, knowledge in backends.items():  # interleaved: noise hits both alike
                full[name].append(time_one(lambda k=knowledge, c=case: assess(c, knowledge=k)))
                engine[name].append(
                    time_one(lambda k=knowledge, p=parsed, d=day: _run(p, d, k)))
    base_full = statistics.median(full["reference"])
    base_engine = statistics.median(engine["reference"])
    print(f"{len(cases)} cases x {args.repeat} repeats, in-process, medians")
    print(f"{'backend':10} {'assessment ms':>14} {'ratio':>6} {'one engine run ms':>18} "
          f"{'ratio':>6}")
    for name in backends:
        f, e = statistics.median(full[name]), statistics.median(engine[name])
        print(f"{name:10} {f * 1000:14.1f} {f / base_full:6.2f} {e * 1000:18.2f} "
              f"{e / base_engine:6.2f}")
    runs = statistics.median(full["reference"]) / statistics.median(engine["reference"])
    print(f"(about {runs:.0f} engine-run equivalents per assessment: facts, counterfactuals, "
          "explanations)")


if __name__ == "__main__":
    main()

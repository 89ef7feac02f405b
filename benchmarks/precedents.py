"""Time to find an assessment's precedents: the index assessments use, against the plain statement.

    python benchmarks/precedents.py [--cases 200] [--repeat 5]

Cases: the decided cases plus generated ones (benchmarks/assessment.py's draw), each with the
rules its own assessment fired. The baseline, timed in the same run on the same calls and
interleaved, is ``precedents.find_precedents`` (what the index must return exactly; checked here
too). Target: well under 0.3 ms a call.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.assessment import draw_cases  # noqa: E402
from refoulement_risk import assess  # noqa: E402
from refoulement_risk.case import parse_case  # noqa: E402
from refoulement_risk.knowledge import load_knowledge  # noqa: E402
from refoulement_risk.precedents import find_precedents  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    knowledge = load_knowledge(backend="reference")
    law = knowledge.caselaw
    calls = []
    for raw in draw_cases(args.cases):
        case = parse_case(raw)
        fired = [f.rule for f in assess(raw, knowledge=knowledge).factors]
        calls.append((case, case.as_of or dt.date.today(), fired))
    fast: list[float] = []
    plain: list[float] = []
    for _ in range(args.repeat):
        for case, day, fired in calls:
            start = time.perf_counter()
            found = law.index.find(case, day, fired)
            fast.append(time.perf_counter() - start)
            start = time.perf_counter()
            expected = find_precedents(case, day, fired, law.cases, law.stored_factors,
                                       known=law.features)
            plain.append(time.perf_counter() - start)
            assert found == expected, case
    med, base = statistics.median(fast) * 1e3, statistics.median(plain) * 1e3
    print(f"{len(calls)} cases x {args.repeat}: precedents median {med:.3f} ms (index); "
          f"baseline {base:.3f} ms (find_precedents); ratio {med / base:.3f} "
          f"(target well under 0.3 ms: {'met' if med < 0.3 else 'NOT met'})")


if __name__ == "__main__":
    main()

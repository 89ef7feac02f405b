"""Median time per ``run()`` of the durable-rules and reference backends, measured in one process.

    python benchmarks/engine_backends.py [--rules FOLDER] [--cases 200] [--repeat 5]

Without ``--rules`` it uses the engine test fixture (tests/engine/engine_fixture.py). Cases are
random fact sets drawn from the rule book's own literals (fixed seed), so most rules fire; both
backends run the same cases interleaved, so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "engine")]

from refoulement_risk.durable_backend import DurableBackend  # noqa: E402
from refoulement_risk.engine import Backend, Fact  # noqa: E402
from refoulement_risk.reference import ReferenceBackend  # noqa: E402
from refoulement_risk.rulebook import Rulebook, load_rulebook  # noqa: E402


def make_cases(rulebook: Rulebook, count: int, seed: int) -> list[list[Fact]]:
    literals: dict[str, set[object]] = {}
    for rule in rulebook.rules:
        for branch in rule.branches:
            for c in branch.conditions:
                values = literals.setdefault(c.fact, {None})
                if c.operator == "one_of":
                    values.update(c.operand)
                elif c.operator in ("is", "is_not"):
                    values.add(c.operand)
                elif c.operator in ("at_least", "at_most"):
                    values.update({c.operand - 1, c.operand, c.operand + 1})
    names = sorted(literals)
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        size = rng.randint(len(names) // 2, len(names) + 5)
        cases.append([Fact(f"f{k}", name, rng.choice(sorted(literals[name], key=repr)))  # type: ignore[arg-type]
                      for k, name in enumerate(rng.choice(names) for _ in range(size))])
    return cases


def time_runs(backend: Backend, cases: list[list[Fact]], on: dt.date) -> list[float]:
    times = []
    for facts in cases:
        start = time.perf_counter()
        backend.run(facts, on)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--on", type=dt.date.fromisoformat, default=dt.date(2024, 5, 1))
    args = parser.parse_args()
    if args.rules is None:
        from engine_fixture import write_fixture_rules

        args.rules = write_fixture_rules(Path(tempfile.mkdtemp()) / "rules")
    rulebook = load_rulebook(args.rules)
    durable, reference = DurableBackend(rulebook), ReferenceBackend(rulebook)
    cases = make_cases(rulebook, args.cases, seed=1)
    mismatches = sum(
        (d.firings, d.derived) != (r.firings, r.derived)
        for d, r in ((durable.run(c, args.on), reference.run(c, args.on)) for c in cases)
    )
    timings: dict[str, list[float]] = {"durable": [], "reference": []}
    for _ in range(args.repeat):
        timings["durable"] += time_runs(durable, cases, args.on)
        timings["reference"] += time_runs(reference, cases, args.on)
    firings = statistics.mean(len(reference.run(c, args.on).firings) for c in cases)
    facts = statistics.mean(len(c) for c in cases)
    medians = {name: statistics.median(t) * 1000 for name, t in timings.items()}
    print(f"rules: {len(rulebook.rules)} ({args.rules}); cases: {len(cases)}, "
          f"mean {facts:.1f} facts and {firings:.1f} firings; runs per backend: "
          f"{len(timings['durable'])}; mismatches: {mismatches}")
    for name, median in medians.items():
        print(f"{name:>9}: median {median:.3f} ms per run()")
    print(f"    ratio: durable/reference = {medians['durable'] / medians['reference']:.2f}")


if __name__ == "__main__":
    main()

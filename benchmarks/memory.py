"""Resident memory over many assessments in one process (target: growth <= 10 MB over 200,000).

    python benchmarks/memory.py [--count 200000] [--backend durable]

Prints RSS after loading, after a warm-up of 1,000 assessments (the baseline: caches filled),
and every tenth of the run (at least every 5,000, with the time left); the growth is measured
from the baseline. Cases cycle through the decided cases and generated ones, each with its own
client_reference so no two are alike.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.assessment import draw_cases  # noqa: E402
from refoulement_risk import assess  # noqa: E402
from refoulement_risk.knowledge import load_knowledge  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--backend", default="durable")
    args = parser.parse_args()
    knowledge = load_knowledge(backend=args.backend)
    cases = draw_cases(500)
    print(f"after loading: {rss_mb():.1f} MB")
    for i in range(1000):
        assess({**cases[i % len(cases)], "client_reference": f"w{i}"}, knowledge=knowledge)
    baseline = rss_mb()
    print(f"after 1,000 warm-up assessments (baseline): {baseline:.1f} MB")
    started = time.perf_counter()
    step = max(1, min(args.count // 10, 5000))  # progress at least every 5,000
    for i in range(args.count):
        assess({**cases[i % len(cases)], "client_reference": f"r{i}"}, knowledge=knowledge)
        if (i + 1) % step == 0:
            now = rss_mb()
            rate = (i + 1) / (time.perf_counter() - started)
            print(f"{i + 1:>8} assessments: {now:.1f} MB (growth {now - baseline:+.1f} MB, "
                  f"{rate:.0f}/s, {(args.count - i - 1) / rate / 60:.0f} min left)", flush=True)
    growth = rss_mb() - baseline
    print(f"growth over {args.count:,} assessments: {growth:+.1f} MB "
          f"(target <= 10 MB: {'met' if growth <= 10 else 'NOT met'})")


if __name__ == "__main__":
    main()

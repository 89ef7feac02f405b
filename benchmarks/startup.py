"""Start-up time: a fresh interpreter that loads and checks the rules and every profile.

    python benchmarks/startup.py [--repeat 5]

The baseline, measured in the same run, is a fresh interpreter that only imports the package;
the ratio and the difference (the cost of loading the knowledge) are printed. Target: <= 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOAD = ("from refoulement_risk.knowledge import load_knowledge; "
        "load_knowledge(backend='durable').patches")
IMPORT = "import refoulement_risk.assessor"


def run(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load, base = [], []
    for _ in range(args.repeat):  # interleaved
        load.append(run(LOAD))
        base.append(run(IMPORT))
    med, med_base = statistics.median(load), statistics.median(base)
    print(f"start-up with rules and profiles loaded: median {med:.2f} s; import only "
          f"(baseline) {med_base:.2f} s; ratio {med / med_base:.2f}; loading costs "
          f"{med - med_base:.2f} s (target <= 1 s: {'met' if med <= 1 else 'NOT met'})")


if __name__ == "__main__":
    main()

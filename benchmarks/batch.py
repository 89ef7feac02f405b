"""Batch throughput: ``refoulement-risk batch`` on every core against one process in a loop.

    python benchmarks/batch.py [--cases 4000]

Writes a JSON Lines file of distinct cases, runs the batch command (every core, default
backend) and, as the baseline measured in the same run, the same cases assessed one after the
other in this process; prints cases per second for both and the ratio. Target: >= 1,000 cases/s
on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.assessment import draw_cases  # noqa: E402
from refoulement_risk import assess  # noqa: E402
from refoulement_risk.knowledge import load_knowledge  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=4000)
    args = parser.parse_args()
    pool = draw_cases(500)
    cases = [{**pool[i % len(pool)], "client_reference": f"b{i}"} for i in range(args.cases)]
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
        source.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "refoulement_risk.cli", "batch", str(source),
                        "--out", str(out), "--no-progress"], check=True, cwd=ROOT,
                       stderr=subprocess.DEVNULL)
        batch_rate = args.cases / (time.perf_counter() - start)
    knowledge = load_knowledge()
    start = time.perf_counter()
    for case in cases:
        json.dumps(assess(case, knowledge=knowledge).model_dump(mode="json"))
    loop_rate = args.cases / (time.perf_counter() - start)
    print(f"batch: {batch_rate:.0f} cases/s (start-up included); one process in a loop "
          f"(baseline): {loop_rate:.0f} cases/s; ratio {batch_rate / loop_rate:.2f} "
          f"(target >= 1,000 cases/s: {'met' if batch_rate >= 1000 else 'NOT met'})")


if __name__ == "__main__":
    main()

"""Start-up time: a fresh interpreter that loads and checks the rules and every profile.

    python benchmarks/startup.py [--repeat 5]

The baseline, measured in the same run, is a fresh interpreter that only imports the package;
the ratio and the difference (the cost of loading the knowledge) are printed. Target: <= 1 s.
Start-up reads the data files' parsed form back from the parse cache (``yaml_cache``); the run
uses a cache folder of its own, filled by one start-up first, and also times the first start-up
after a change (an empty cache: every file parsed and written) and one with the cache off.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOAD = ("from refoulement_risk.knowledge import load_knowledge; "
        "load_knowledge(backend='durable').patches")
IMPORT = "import refoulement_risk.assessor"
CACHE_ENV = "REFOULEMENT_RISK_CACHE_DIR"


def run(code: str, cache: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                   env={**os.environ, CACHE_ENV: cache})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load, base, cold, off = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        warm = str(Path(folder) / "warm")
        run(LOAD, warm)  # fills the cache
        for n in range(args.repeat):  # interleaved
            load.append(run(LOAD, warm))
            base.append(run(IMPORT, warm))
            cold.append(run(LOAD, str(Path(folder) / f"cold-{n}")))
            off.append(run(LOAD, "off"))
    med, med_base = statistics.median(load), statistics.median(base)
    print(f"start-up with rules and profiles loaded: median {med:.2f} s; import only "
          f"(baseline) {med_base:.2f} s; ratio {med / med_base:.2f}; loading costs "
          f"{med - med_base:.2f} s (target <= 1 s: {'met' if med <= 1 else 'NOT met'})")
    print(f"first start-up after a change (empty parse cache): median "
          f"{statistics.median(cold):.2f} s; with the cache off: {statistics.median(off):.2f} s")


if __name__ == "__main__":
    main()

"""The decided cases' case parts, as contract dicts (for tests and benchmarks that need real
cases; the files themselves are validated by ``refoulement_risk.decided_cases``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CASELAW = Path(__file__).resolve().parent.parent / "caselaw"


def decided_case_dicts() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CASELAW.glob("*.yaml")):
        case = yaml.safe_load(path.read_text("utf-8"))["case"]
        assert isinstance(case, dict)
        cases.append(case)
    return cases


# The seven development cases (shared with the first sessions), by their case-law file id.
DEVELOPMENT_IDS = ("ryabikin-v-russia-2008", "muminov-v-russia-2008", "kaboulov-v-ukraine-2009",
                   "yefimova-v-russia-2013", "savriddin-dzhurayev-v-russia-2013",
                   "khamrakulov-v-russia-2015", "khasanov-and-rakhmanov-v-russia-2022")


def development_cases() -> list[dict[str, Any]]:
    """``{"id", "case"}`` for each development case, read from its case-law file."""
    out = []
    for case_id in DEVELOPMENT_IDS:
        data = yaml.safe_load((CASELAW / f"{case_id}.yaml").read_text("utf-8"))
        out.append({"id": case_id, "case": data["case"]})
    return out

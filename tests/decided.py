"""The decided cases' case parts, as contract dicts (for tests and benchmarks that need real
cases; the files themselves are validated by ``refoulement_risk.decided_cases``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CASELAW = Path(__file__).parent / "caselaw"


def decided_case_dicts() -> list[dict[str, Any]]:
    cases = []
    for path in sorted(CASELAW.glob("*.yaml")):
        case = yaml.safe_load(path.read_text("utf-8"))["case"]
        assert isinstance(case, dict)
        cases.append(case)
    return cases

"""The development cases (real ECtHR decisions) come out on the side of their decided outcome,
assessed as of each case's ``as_of``. A copy of ``shared/cases/decided.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from refoulement_risk import Knowledge, assess

DECIDED = json.loads((Path(__file__).parent / "scenarios" / "decided_cases.json").read_text())


@pytest.mark.parametrize("decided", DECIDED, ids=[d["id"] for d in DECIDED])
def test_decided_case_comes_out_on_the_side_of_its_outcome(
    decided: dict[str, Any], knowledge: Knowledge
) -> None:
    a = assess(decided["case"], knowledge=knowledge)
    assert str(a.as_of) == decided["case"]["as_of"]
    expected = {"high", "very_high"} if decided["outcome"] == "violation" else {"low",
                                                                               "moderate"}
    assert a.band in expected, (decided["id"], a.score, [(f.rule, f.contribution)
                                                         for f in a.factors])

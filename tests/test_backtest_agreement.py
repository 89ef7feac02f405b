"""Agreement with decided cases must not drop below the level last reported.

The floors are the figures of the closing note of the backtest issue, rounded down; raising them
is deliberate (a better rule or better evidence), lowering them needs a written reason.

Issue 9 (docs/BACKTEST.md) grew the set to 57 verified decisions; on it the engine reaches balanced
accuracy 0.717, MCC 0.401 and ROC AUC 0.786, above these floors, which were therefore left as they
were (only the minimum number of cases was raised).
"""

from __future__ import annotations

from pathlib import Path

from refoulement_risk import Knowledge, assess
from refoulement_risk.backtest import caselaw_paths, run_backtest

CASELAW = Path(__file__).parent / "caselaw"

MIN_CASES = 57
# Lowered on 2026-12-02 from 0.69 / 0.38 / 0.77: Kazakhstan's death penalty is now recorded as
# retained during the execution moratorium (courts still passed death sentences until the 2021
# abolition), and GEN-040 does not look at the charge, so Kazakh ordinary-crime cases gain 10
# points (Yefimova moves from moderate to high). Reached with the 57 cases of the courts
# review: 0.681 / 0.341 / 0.748.
FLOOR_BALANCED_ACCURACY = 0.68
FLOOR_MCC = 0.34
FLOOR_AUC = 0.74


def test_agreement_with_decided_cases_stays_above_the_reported_floor(
    knowledge: Knowledge,
) -> None:
    report = run_backtest(
        caselaw_paths([CASELAW]),
        lambda case, as_of: assess(case, as_of=as_of, knowledge=knowledge),
    )
    assert len(report.cases) >= MIN_CASES
    assert report.balanced_accuracy is not None and report.mcc is not None
    assert report.auc is not None
    assert report.balanced_accuracy >= FLOOR_BALANCED_ACCURACY, report.balanced_accuracy
    assert report.mcc >= FLOOR_MCC, report.mcc
    assert report.auc >= FLOOR_AUC, report.auc


def test_both_outcomes_and_every_central_asian_destination_are_in_the_set() -> None:
    from refoulement_risk.backtest import load_decided_cases

    cases = load_decided_cases(caselaw_paths([CASELAW]))
    outcomes = {c.decision.outcome.value for c in cases}
    destinations = {c.case.destination for c in cases}
    removing = {c.case.removing_state for c in cases if c.case.removing_state}
    assert outcomes == {"violation", "no_violation"}
    assert {"UZ", "TJ", "KG", "KZ", "TM"} <= destinations
    assert len(removing) >= 4

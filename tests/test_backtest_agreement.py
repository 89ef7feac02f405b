"""Agreement with decided cases must not drop below the level last reported.

The floors are the figures of the closing note of the backtest issue, rounded down; raising them
is deliberate (a better rule or better evidence), lowering them needs a written reason.

Issue 9 (docs/BACKTEST.md) grew the set to 57 verified decisions; on it the engine reaches balanced
accuracy 0.717, MCC 0.401 and ROC AUC 0.786, above these floors, which were therefore left as they
were (only the minimum number of cases was raised). Ten UN Committee against Torture decisions
and ten ECtHR decisions of a second pass (docs/BACKTEST.md, "ECtHR pass 2") then brought the set
to 77; the floors were kept. A third pass (docs/BACKTEST.md, "Third pass") added six decisions,
among them the first Human Rights Committee decisions; the floors were kept again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from refoulement_risk import Knowledge, assess
from refoulement_risk.backtest import caselaw_paths, run_backtest

CASELAW = Path(__file__).resolve().parent.parent / "caselaw"

MIN_CASES = 117
# Lowered on 2026-12-02 (issue 10, item 4, hindsight): each decided case is now assessed only on
# evidence published on or before its date, as the Court itself had to. Before, evidence
# published later (reports describing the same period, later judgments) was used. Without it,
# 12 profile items (by country and indicator or group) drop out of some cases, and the figures
# fell from 0.698 / 0.386 / 0.773 to 0.641 / 0.252 / 0.604 on the 44 cases of the time; on the
# 57 cases with every fix of the evidence audit they are 0.684 / 0.316 / 0.640 (rounded down
# here), and 0.681 / 0.341 / 0.748 with every source allowed. Nothing was
# re-weighted to win them back: the gap is evidence to find, published before each judgment.
# Raised on 2026-12-02 (issue 9, item 3, rules 2026.12.3): GRP-001 weighs 45, so membership of a
# systematically exposed group alone reaches high; 0.695 / 0.336 / 0.663 on the 57 cases.
# Raised on 2026-12-02 (issues 9 and 10, rules 2026.12.6, 83 cases): evidence of the period
# published before each judgment (Uzbekistan, Tajikistan, China, Turkey), the courts' reasons as
# rules, and no reassuring band without the general situation: 0.765 / 0.498 / 0.806.
# Lowered on 2026-12-02 (issue 9, audit of the evidence versions dated to a judgment): the five
# versions that started on the date of a decision of the set now start the day after it, since
# the judgment was their only source (country_profiles/CHANGELOG.md). Two agreements were built
# in and are now disagreements (Yefimova v. Russia, Khasanov and Rakhmanov v. Russia [GC]):
# 0.728 / 0.430 / 0.776 on the 83 cases.
# Raised on 2026-12-02 (rules 2026.12.7): a bar that is itself a breach of Article 3 (a claim
# never examined, the procedural limb) counts as the engine saying violation, as the bar tells
# the adviser; S. v. France (37 moderate, a procedural violation) now agrees: 0.736 / 0.449 /
# 0.776 (the bands alone still give 0.728 / 0.430, asserted below).
# Then six decisions on pushbacks from Poland and Lithuania to Belarus (2016-2017) were added, with
# Belarus evidence of 2011-2015: all six are violations of the procedural limb that the bar calls
# (0.747 / 0.466), but their scores are moderate (25-40), below several no-violation scores, so
# ROC AUC fell to 0.738 and the bands alone to 0.698 / 0.367. Floors set to those figures.
# Rules 2026.12.8 (every individual factor makes a claim arguable), Greece's ECHR status and
# R. v. France's file corrected: 0.772 / 0.522 / 0.745, the bands alone 0.706 / 0.382. With five
# decisions added after the rules were frozen (93 cases; three of the five agree): 0.770 / 0.513
# / 0.747, the bands alone 0.700 / 0.370. With seven more held-out decisions (four agree) and F.N.
# and Others' file corrected (100 cases): 0.767 / 0.499 / 0.741, the bands alone 0.689 / 0.343.
# With three no-violation decisions added (103 cases; two held out, both agree): 0.778 / 0.526 /
# 0.749, the bands alone 0.700 / 0.371. With China's death penalty and Türkiye's PKK-suspect group
# of 2010-2016 (evidence of the periods): 0.778 / 0.526 / 0.761. With a fourth held-out round (108
# cases; four of five agree): 0.779 / 0.522 / 0.762, the bands alone 0.706 / 0.377. With Belarus
# evidence of 2000-2011: 0.779 / 0.522 / 0.779. With Belarus's opposition activists without a
# charge (Y.P. and L.P. agrees): 0.785 / 0.537 / 0.781, the bands alone 0.713 / 0.389. With a
# fifth held-out round (111 cases; two of three agree): 0.785 / 0.535 / 0.779, the bands alone
# 0.714 / 0.392. With a sixth held-out round (117 cases; two of six agree, four UN violations on
# removals to China and Türkiye scored moderate): 0.771 / 0.499 / 0.772, the bands alone 0.704 /
# 0.371. Floors set to those figures (rounded down): a fall measured on decisions the engine was
# not tuned on, kept as it is. With the death-penalty rules (rule set 2026.12.9: the client's own
# answer replaces the charge's category, and the bar where the ECHR or the Second Optional
# Protocol binds; Kwok v. Australia agrees by the bar, Koktysh v. Ukraine by its band): 0.783 /
# 0.525 / 0.770, the bands alone 0.710 / 0.382. With China's group of Falun Gong practitioners
# (Ke Chun Rong v. Australia agrees; J.D. v. Denmark, a no-violation, rises from 32 to 44 and
# ranks above more violations): 0.789 / 0.539 / 0.769, the bands alone 0.716 / 0.393; with the
# Tajik and Turkish groups matched on affiliation (A.K. and F.K., violations, rise to 40 and 47):
# 0.789 / 0.539 / 0.777.
FLOOR_BALANCED_ACCURACY = 0.78
FLOOR_MCC = 0.53
FLOOR_AUC = 0.77
BANDS_ONLY_FLOORS = (0.71, 0.39)
# With every source allowed (`--evidence-published-by any`), the figures before the change
# (0.681 / 0.341 / 0.766 with rules 2026.12.3).
# Raised with them: 0.773 / 0.516 / 0.828 on the 83 cases.
# Lowered with them by the audit of judgment-dated versions: 0.736 / 0.449 / 0.796.
# Raised with the violation bars (rules 2026.12.7): 0.754 / 0.487 / 0.796; with the six Belarus
# pushback decisions 0.764 / 0.503 / 0.756 (AUC lower for the reason given above); with rules
# 2026.12.8, Greece's ECHR status and R. v. France corrected 0.780 / 0.541 / 0.763; with the five
# decisions added (93 cases) 0.778 / 0.531 / 0.765; on 100 cases 0.781 / 0.531 / 0.765; on 103
# cases 0.792 / 0.557 / 0.773; with the China and Türkiye evidence 0.792 / 0.557 / 0.786; on 108
# cases 0.792 / 0.552 / 0.786; with Belarus evidence of 2000-2011 0.792 / 0.552 / 0.803; on 111
# cases, with Belarus's opposition activists, 0.798 / 0.564 / 0.803; on 117 cases 0.783 / 0.525
# / 0.794; with the death-penalty rules 0.795 / 0.552 / 0.793; with the Falun Gong group 0.786 /
# 0.541 / 0.779 (lower: with every source allowed, Y v. Russia, a no-violation of 2007, is assessed
# with the Committee's observations of 2008 and scores 52 high); with the Türkiye files 0.786 /
# 0.541 / 0.788.
HINDSIGHT_FLOORS = (0.78, 0.54, 0.78)
# Leave-one-out figures of the constrained fit (`backtest --cross-validate`, docs/MODEL.md): on the
# 57 cases 0.614 / 0.201 / ROC AUC 0.673 / Brier 0.264; the weights as chosen 0.695 / 0.336 with
# Brier 0.253. The targets (0.85 / 0.60 on 80 cases) are not reached; these floors only
# keep what was reached from slipping unnoticed.
# On the 83 cases (rules 2026.12.6): leave-one-out 0.646 / 0.275 / ROC AUC 0.760 / Brier 0.214;
# the weights as chosen 0.765 / 0.498 with Brier 0.190.
# After the audit of judgment-dated versions: leave-one-out 0.684 / 0.345 / ROC AUC 0.719 / Brier
# 0.224 (held-out accuracy and MCC rose, AUC and Brier worsened); the weights as chosen 0.728 /
# 0.430 with Brier 0.199. Floors set to the new figures (rounded down; the ceiling rounded up).
# With the violation bars (rules 2026.12.7; cases a bar decides are left out of the fit):
# leave-one-out 0.692 / 0.361 / ROC AUC 0.726 / Brier 0.227; the weights as chosen 0.736 / 0.449
# with Brier 0.199.
# With the six Belarus pushback decisions (88 cases): leave-one-out 0.709 / 0.385 / ROC AUC
# 0.687 / Brier 0.251; the weights as chosen 0.747 / 0.466 with Brier 0.221 (the Brier score is of
# the score's probability, which a bar does not change: bar-called violations at 25-40 points
# count against it).
# With rules 2026.12.8, Greece's ECHR status and R. v. France corrected: leave-one-out 0.725 /
# 0.416 / ROC AUC 0.698 / Brier 0.248; the weights as chosen 0.772 / 0.522 with Brier 0.219.
# With the five decisions added (93 cases): leave-one-out 0.756 / 0.478 / ROC AUC 0.707 / Brier
# 0.244; the weights as chosen 0.770 / 0.513 with Brier 0.223. On 100 cases: leave-one-out
# 0.746 / 0.453 / ROC AUC 0.718 / Brier 0.247; the weights as chosen 0.767 / 0.499 with Brier
# 0.234 (the added violations decided by the bar score 30-45). On 103 cases: leave-one-out 0.772
# / 0.508 / ROC AUC 0.734 / Brier 0.240; the weights as chosen 0.778 / 0.526 with Brier 0.231.
# With the China and Türkiye evidence: leave-one-out 0.779 / 0.523 / ROC AUC 0.748 / Brier 0.232;
# the weights as chosen 0.778 / 0.526 with Brier 0.228. On 108 cases: leave-one-out 0.775 / 0.507
# / ROC AUC 0.748 / Brier 0.236; the weights as chosen 0.779 / 0.522 with Brier 0.229. With Belarus
# evidence of 2000-2011: leave-one-out 0.788 / 0.535 / ROC AUC 0.766 / Brier 0.222; the weights as
# chosen 0.779 / 0.522 with Brier 0.220. On 111 cases with Belarus's opposition activists:
# leave-one-out 0.787 / 0.533 / ROC AUC 0.766 / Brier 0.222; the weights as chosen 0.785 / 0.535
# with Brier 0.219. On 117 cases: leave-one-out 0.789 / 0.539 / ROC AUC 0.773 / Brier 0.218; the
# weights as chosen 0.771 / 0.499 with Brier 0.224. With the death-penalty rules (2026.12.9):
# leave-one-out 0.777 / 0.512 / ROC AUC 0.763 / Brier 0.224 (lower: Liu v. Poland's fraud charge
# lost a death-penalty factor that was wrong for it, and T.K. and Others v. Lithuania's held-out
# score moved from 50.9 to 49.5); the weights as chosen 0.783 / 0.525 with Brier 0.224. The
# floors follow the figures down, with the reason recorded here and in docs/MODEL.md. With the
# Falun Gong group: leave-one-out 0.777 / 0.512 / ROC AUC 0.761 / Brier 0.224 (unchanged but for
# the AUC); the weights as chosen 0.789 / 0.539 with Brier 0.224. With the Tajik and Turkish
# groups matched on affiliation: leave-one-out 0.783 / 0.525 / ROC AUC 0.760 / Brier 0.222 (A.K.
# v. Switzerland called a violation held out); the weights as chosen Brier 0.221.
CV_FLOORS = {"balanced_accuracy": 0.78, "mcc": 0.52, "auc": 0.76}
CV_BRIER_CEILING = 0.23
CHOSEN_BRIER_CEILING = 0.23


def _report(knowledge: Knowledge, published_by: str | None = None) -> Any:
    return run_backtest(
        caselaw_paths([CASELAW]),
        lambda case, as_of: assess(case, as_of=as_of, knowledge=knowledge,
                                   evidence_published_by="any" if published_by else None),
    )


def test_agreement_with_decided_cases_stays_above_the_reported_floor(
    knowledge: Knowledge,
) -> None:
    report = _report(knowledge)
    assert len(report.cases) >= MIN_CASES
    assert report.balanced_accuracy is not None and report.mcc is not None
    assert report.auc is not None
    assert report.balanced_accuracy >= FLOOR_BALANCED_ACCURACY, report.balanced_accuracy
    assert report.mcc >= FLOOR_MCC, report.mcc
    assert report.auc >= FLOOR_AUC, report.auc
    bands = report.confusion.bands_only()
    assert (report.bands_only_balanced_accuracy or 0) >= BANDS_ONLY_FLOORS[0], bands
    assert (report.bands_only_mcc or 0) >= BANDS_ONLY_FLOORS[1], bands


def test_with_hindsight_the_earlier_figures_still_hold(knowledge: Knowledge) -> None:
    report = _report(knowledge, "any")
    floors = HINDSIGHT_FLOORS
    assert (report.balanced_accuracy or 0) >= floors[0], report.balanced_accuracy
    assert (report.mcc or 0) >= floors[1], report.mcc
    assert (report.auc or 0) >= floors[2], report.auc


def test_both_outcomes_and_every_central_asian_destination_are_in_the_set() -> None:
    from refoulement_risk.backtest import load_decided_cases

    cases = load_decided_cases(caselaw_paths([CASELAW]))
    outcomes = {c.decision.outcome.value for c in cases}
    destinations = {c.case.destination for c in cases}
    removing = {c.case.removing_state for c in cases if c.case.removing_state}
    assert outcomes == {"violation", "no_violation"}
    assert {"UZ", "TJ", "KG", "KZ", "TM"} <= destinations
    assert len(removing) >= 4


def test_cross_validated_figures_stay_above_the_reported_floor(knowledge: Knowledge) -> None:
    from refoulement_risk.calibration_cv import run_cross_validation

    result = run_cross_validation(
        [CASELAW], lambda case, as_of: assess(case, as_of=as_of, knowledge=knowledge),
        knowledge.rulebook)
    held_out = result.cross_validated
    assert held_out.cases >= MIN_CASES
    for name, floor in CV_FLOORS.items():
        value = getattr(held_out, name)
        assert value is not None and value >= floor, (name, value)
    assert held_out.brier is not None and held_out.brier <= CV_BRIER_CEILING, held_out.brier
    # the weights as chosen are the engine's own: the same figures as the backtest above
    assert (result.chosen.balanced_accuracy or 0) >= FLOOR_BALANCED_ACCURACY
    assert result.chosen.brier is not None and result.chosen.brier <= CHOSEN_BRIER_CEILING
    assert result.converged

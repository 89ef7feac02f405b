"""No reassuring band without the general situation: where the destination's evidence of the date
does not say how detainees are treated (missing, or published only later), a score below the
violation bands is shown as ``insufficient_evidence``; a high band stands (unknowns only add)."""

from __future__ import annotations

from pathlib import Path

from refoulement_risk import Knowledge, assess
from refoulement_risk.catalogue import FACT_SPECS
from refoulement_risk.decided_cases import load_decided_case

CASELAW = Path(__file__).resolve().parent.parent / "caselaw"

# Türkiye, October 2016: the Gülen-movement group is documented (Amnesty, 24 July 2016), but no
# source published by then rates custody torture; the Special Rapporteur's statement came on
# 2 December 2016.
GULEN_2016 = {"destination": "TR", "removing_state": "BG", "as_of": "2016-10-15",
              "proceeding": "administrative_removal",
              "charges": [{"category": "terrorism", "organisation": "gulen_movement"}]}


def test_every_needed_fact_is_a_catalogue_fact(knowledge: Knowledge) -> None:
    needs = knowledge.rulebook.index.without_evidence.needs
    assert needs
    assert all(name in FACT_SPECS for name in needs)


def test_a_withheld_general_situation_gives_no_reassuring_band(knowledge: Knowledge) -> None:
    strict = assess(GULEN_2016, knowledge=knowledge)
    assert strict.band == "insufficient_evidence"
    assert any("custody_torture_level" in gap for gap in strict.evidence_gaps)
    later = assess(GULEN_2016, knowledge=knowledge, evidence_published_by="any")
    assert later.band != "insufficient_evidence"  # the test can fail: the same case, evidence known


def test_a_high_band_stands_when_the_general_situation_is_unknown(knowledge: Knowledge) -> None:
    """Rustamov v. Russia (2012): the Hizb ut-Tahrir group alone reaches high, while Uzbekistan's
    custody evidence of the date is withheld; an unknown can only add, so the band stands."""
    decided = load_decided_case(CASELAW / "rustamov-v-russia-2012.yaml")
    strict = assess(decided.case, knowledge=knowledge)
    assert any("custody_torture_level" in gap for gap in strict.evidence_gaps)
    assert strict.band in knowledge.rulebook.index.violation_bands

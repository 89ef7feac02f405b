"""No reassuring band without the general situation: where the destination's evidence of the date
does not say how detainees are treated (missing, or published only later), a score below the
violation bands is shown as ``insufficient_evidence``; a high band stands (unknowns only add)."""

from __future__ import annotations

from refoulement_risk import Knowledge, assess
from refoulement_risk.catalogue import FACT_SPECS

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


# Uzbekistan, mid-December 2019: the religious-charges group rests on A.N. and Others v. Russia
# (2018), but the custody level of the version that starts on 28 November 2019 rests only on
# CAT/C/UZB/CO/5, issued on 14 January 2020. (Rustamov v. Russia, 2012, served here until the
# evidence of the period made Uzbekistan's 2012 custody level known.)
HIZB_UT_TAHRIR_2019 = {"destination": "UZ", "removing_state": "RU", "as_of": "2019-12-15",
                       "proceeding": "extradition",
                       "charges": [{"category": "religious_extremism",
                                    "organisation": "hizb_ut_tahrir"}]}


def test_a_high_band_stands_when_the_general_situation_is_unknown(knowledge: Knowledge) -> None:
    """The Hizb ut-Tahrir group alone reaches high while Uzbekistan's custody evidence of the
    date is withheld; an unknown can only add, so the band stands."""
    strict = assess(HIZB_UT_TAHRIR_2019, knowledge=knowledge)
    assert any("custody_torture_level" in gap for gap in strict.evidence_gaps)
    assert strict.band in knowledge.rulebook.index.violation_bands

"""Case words: organisations and ethnicities resolve through the evidence vocabulary's aliases,
and one that does not resolve is reported in the assessment, never silently worth less."""

from __future__ import annotations

from typing import Any

import pytest

from refoulement_risk import Knowledge, assess

UZ = {"destination": "UZ", "removing_state": "RU", "as_of": "2013-04-25",
      "proceeding": "extradition"}


def _with_org(org: str) -> dict[str, Any]:
    return {**UZ, "charges": [{"category": "religious_extremism", "organisation": org}]}


@pytest.mark.parametrize("spelling", ["hizbut_tahrir", "хизб ут-тахрир", "Hizb ut-Tahrir",
                                      "ХИЗБ УТ-ТАХРИР"])
def test_other_spellings_of_an_organisation_score_as_its_id(knowledge: Knowledge,
                                                            spelling: str) -> None:
    canonical = assess(_with_org("hizb_ut_tahrir"), knowledge=knowledge)
    other = assess(_with_org(spelling), knowledge=knowledge)
    assert other.score == canonical.score
    assert [f.rule for f in other.factors] == [f.rule for f in canonical.factors]
    assert not any("unrecognised" in g for g in other.evidence_gaps)


def test_an_unrecognised_organisation_is_reported_not_ignored(knowledge: Knowledge) -> None:
    """Never silently worth fewer points: reported, and explored as an unknown."""
    case = {**UZ, "charges": [{"category": "other", "organisation": "hizb_ut_tahrirr"}]}
    a = assess(case, knowledge=knowledge)
    assert "unrecognised organisation: hizb_ut_tahrirr" in " ".join(a.evidence_gaps)
    entry = [m for m in a.missing_information if m.field == "charges[].organisation"]
    assert len(entry) == 1 and "hizb_ut_tahrirr" in entry[0].question
    known = assess({**case, "charges": [{"category": "other",
                                         "organisation": "hizb_ut_tahrir"}]},
                   knowledge=knowledge)
    assert known.score > a.score
    assert entry[0].could_raise_by == known.score - a.score
    assert a.range.high >= known.score


def test_an_ethnicity_alias_matches_the_group(knowledge: Knowledge) -> None:
    case = {"destination": "KG", "removing_state": "RU", "as_of": "2011-01-01",
            "proceeding": "extradition"}
    canonical = assess({**case, "profile": {"ethnicity": "uzbek"}}, knowledge=knowledge)
    russian = assess({**case, "profile": {"ethnicity": "узбек"}}, knowledge=knowledge)
    assert "targeted_group" in {f.tier for f in canonical.factors}
    assert russian.score == canonical.score
    unknown = assess({**case, "profile": {"ethnicity": "uzbk"}}, knowledge=knowledge)
    assert "unrecognised ethnicity: uzbk" in " ".join(unknown.evidence_gaps)


def test_no_destination_evidence_gives_no_band_of_risk(knowledge: Knowledge) -> None:
    """Contract 1.1: without evidence the band is insufficient_evidence, never low."""
    a = assess({"destination": "GB", "removing_state": "RU", "as_of": "2013-04-25"},
               knowledge=knowledge)
    assert a.band == "insufficient_evidence"
    assert a.missing_information[0].field == "destination_evidence"
    assert a.range.high == 100
    assert a.irregular_transfer.band != "insufficient_evidence"  # Russia has evidence
    unknown_removing = assess({"destination": "UZ", "as_of": "2013-04-25"},
                              knowledge=knowledge)
    assert unknown_removing.band != "insufficient_evidence"
    assert unknown_removing.irregular_transfer.band == "insufficient_evidence"
    no_record = assess({"destination": "UZ", "removing_state": "DE", "as_of": "2013-04-25"},
                           knowledge=knowledge)  # Germany: treaties only before 2023
    assert no_record.irregular_transfer.band == "insufficient_evidence"
    assert no_record.irregular_transfer.score > 0  # the score is still reported


CN_2013 = {"destination": "CN", "removing_state": "DK", "as_of": "2013-10-23",
           "proceeding": "deportation"}


def test_an_affiliation_without_a_charge_matches_its_group(knowledge: Knowledge) -> None:
    """A practitioner of a banned movement is in its group whether or not a charge names it."""
    none = assess(CN_2013, knowledge=knowledge)
    own = assess({**CN_2013, "profile": {"affiliation": "Falun Dafa"}}, knowledge=knowledge)
    charged = assess({**CN_2013, "charges": [{"category": "religious_extremism",
                                             "organisation": "фалуньгун"}]},
                     knowledge=knowledge)
    assert "GRP-002" not in {f.rule for f in none.factors}
    assert "GRP-002" in {f.rule for f in own.factors}
    assert "GRP-002" in {f.rule for f in charged.factors}  # a charge's organisation counts
    assert not any("unrecognised" in g for g in own.evidence_gaps + charged.evidence_gaps)


@pytest.mark.parametrize(("case", "tier_points"), [
    # Tajikistan after the 2015 ban: members and supporters of the IRPT, hunted abroad
    ({"destination": "TJ", "removing_state": "DE", "as_of": "2017-06-01",
      "profile": {"affiliation": "IRPT"}}, ("GRP-001", 45)),
    # Türkiye after July 2016: people held on an allegation of Gülen links, charged or not
    ({"destination": "TR", "removing_state": "UA", "as_of": "2019-01-15",
      "profile": {"affiliation": "Hizmet"}}, ("GRP-002", 12)),
])
def test_members_the_evidence_describes_match_without_a_charge(
        knowledge: Knowledge, case: dict[str, Any], tier_points: tuple[str, int]) -> None:
    a = assess(case, knowledge=knowledge)
    assert tier_points in {(f.rule, f.contribution) for f in a.factors}


def test_an_affiliation_does_not_stand_for_a_charge(knowledge: Knowledge) -> None:
    """Groups of people charged in connection with an organisation (``organisation``: alleged
    members of banned Islamic organisations in Uzbekistan, on the Court's line on people charged
    or wanted) need the charge: being a member is not being accused."""
    uz = {**UZ, "profile": {"affiliation": "hizb_ut_tahrir"}}
    member = assess(uz, knowledge=knowledge)
    charged = assess(_with_org("hizb_ut_tahrir"), knowledge=knowledge)
    assert "targeted_group" not in {f.tier for f in member.factors}
    assert "targeted_group" in {f.tier for f in charged.factors}


def test_an_unknown_affiliation_is_asked_and_explored(knowledge: Knowledge) -> None:
    a = assess(CN_2013, knowledge=knowledge)
    entry = [m for m in a.missing_information if m.field == "profile.affiliation"]
    assert len(entry) == 1
    member = assess({**CN_2013, "profile": {"affiliation": "falun_gong"}}, knowledge=knowledge)
    assert entry[0].could_raise_by == member.score - a.score > 0
    assert a.range.high >= member.score


@pytest.mark.parametrize("field", ["affiliation", "ethnicity"])
def test_the_answer_other_is_known_not_an_unrecognised_word(knowledge: Knowledge,
                                                            field: str) -> None:
    """The intake's "none of these" answer is a known answer: no warning, no question."""
    a = assess({**CN_2013, "profile": {field: "other"}}, knowledge=knowledge)
    assert not any("unrecognised" in g for g in a.evidence_gaps)
    assert not [m for m in a.missing_information if m.field == f"profile.{field}"]

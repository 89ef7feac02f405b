"""Contract 1.1, the courts' reasons (issue 9): what the new rules must do beyond firing.

Each test states an invariant of the design in docs/MODEL.md ("Contract 1.1"): no double count
of injuries and past ill-treatment, monotone levels, a forum that changes no score, the third
state of an onward removal read from its own evidence (and its absence never silent), and the
new fields published in the JSON Schema and the intake interview.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from refoulement_risk import Knowledge, assess
from refoulement_risk.api.case_schema import case_json_schema
from refoulement_risk.i18n_translate import translate_assessment
from refoulement_risk.report.interview import interview

_BASE: dict[str, Any] = {"destination": "KG", "removing_state": "RU", "as_of": "2023-05-01",
                         "proceeding": "extradition", "charges": [{"category": "ordinary_crime"}]}
_PAST = {None: 0, "none": 0, "alleged": 7, "documented": 15}
_INJURIES = {None: 0, "none": 0, "medical_report": 15, "court": 20}


def _individual(case: dict[str, Any], knowledge: Knowledge) -> int:
    """Points of the past-ill-treatment and injuries rules together."""
    a = assess({**_BASE, **case}, knowledge=knowledge)
    return sum(f.points for f in a.factors if f.rule.startswith(("IND-001", "IND-002", "INJ-")))


@pytest.mark.parametrize(("past", "injuries"), list(itertools.product(_PAST, _INJURIES)))
def test_injuries_and_past_ill_treatment_count_once_as_the_stronger(
        knowledge: Knowledge, past: str | None, injuries: str | None) -> None:
    """The two fields describe one history: together they weigh the stronger, never the sum."""
    case = {k: v for k, v in (("past_ill_treatment", past),
                              ("past_injuries_accepted", injuries)) if v is not None}
    assert _individual(case, knowledge) == max(_PAST[past], _INJURIES[injuries])


@pytest.mark.parametrize(("field", "order"), [
    ("prosecution_politically_motivated", ["none", "alleged", "documented", "found"]),
    ("associates_ill_treated", ["none", "alleged", "documented"]),
    ("past_injuries_accepted", ["none", "medical_report", "court"]),
])
def test_each_level_of_a_reason_weighs_more_than_the_one_below(
        knowledge: Knowledge, field: str, order: list[str]) -> None:
    """Strictly monotone above "none": a stronger finding always counts for more."""
    scores = [assess({**_BASE, field: value}, knowledge=knowledge).score for value in order]
    assert scores == sorted(scores) and len(set(scores)) == len(scores), scores


@pytest.mark.parametrize("forum", ["ecthr", "un_cat", "un_hrc", "domestic_court"])
def test_the_forum_changes_no_score(knowledge: Knowledge, forum: str) -> None:
    without = assess(_BASE, knowledge=knowledge)
    with_forum = assess({**_BASE, "forum": forum}, knowledge=knowledge)
    assert (with_forum.score, with_forum.irregular_transfer.score, with_forum.range) == (
        without.score, without.irregular_transfer.score, without.range)


_ONWARD: dict[str, Any] = {"destination": "KZ", "removing_state": "RU", "as_of": "2013-06-01",
                           "proceeding": "expulsion",
                           "charges": [{"category": "religious_extremism"}]}


def test_the_third_states_evidence_is_read_and_reported_as_used(knowledge: Knowledge) -> None:
    a = assess({**_ONWARD, "onward_removal": {"state": "UZ", "access_to_asylum": False}},
               knowledge=knowledge)
    used = {(p.role, p.country) for p in a.versions.profiles}
    assert ("onward_state", "UZ") in used
    onward = [f for f in a.factors if f.rule.startswith("ONW-")]
    assert onward and all(e.country == "UZ" for f in onward for e in f.evidence)
    baseline = assess({**_ONWARD, "onward_removal": {"state": "UZ", "access_to_asylum": True}},
                      knowledge=knowledge)
    assert a.score - baseline.score == sum(f.contribution for f in onward)


def test_a_third_state_without_evidence_is_the_first_gap_never_a_silent_no(
        knowledge: Knowledge) -> None:
    """No evidence is not safety: the gap comes first, says how far the score could rise, is
    asked in missing_information, and widens the range."""
    case = {**_ONWARD, "onward_removal": {"state": "AF"}}
    a = assess(case, knowledge=knowledge)
    assert a.evidence_gaps[0].startswith("No country evidence for AF, the third state")
    (entry,) = [m for m in a.missing_information if m.field == "onward_removal.state"]
    assert entry.could_raise_by and entry.could_raise_by >= 20
    assert f"up to {entry.could_raise_by} points" in a.evidence_gaps[0]
    with_evidence = assess({**_ONWARD, "onward_removal": {"state": "UZ"}}, knowledge=knowledge)
    assert not any(m.field == "onward_removal.state" for m in with_evidence.missing_information)
    assert a.range.high >= min(100, a.score + entry.could_raise_by)
    russian = translate_assessment(a, "ru")
    assert russian.evidence_gaps[0].startswith("Нет страновых данных по AF")
    (ru_entry,) = [m for m in russian.missing_information if m.field == "onward_removal.state"]
    assert ru_entry.question.startswith("Страновых данных по AF")


def test_a_claim_never_examined_is_a_bar_only_where_the_echr_binds(knowledge: Knowledge) -> None:
    case = {"destination": "TJ", "as_of": "2020-05-01", "proceeding": "expulsion",
            "charges": [{"category": "religious_extremism"}], "claim_examined": False}
    bound = assess({**case, "removing_state": "RU"}, knowledge=knowledge)
    assert "CLAIM_NOT_EXAMINED" in {b.code for b in bound.legal_bars}
    after = assess({**case, "removing_state": "RU", "as_of": "2024-05-01"}, knowledge=knowledge)
    assert "CLAIM_NOT_EXAMINED" not in {b.code for b in after.legal_bars}
    assert "DEMAND_EXAMINATION_OF_CLAIM" in {x.code for x in after.recommended_actions}
    examined = assess({**case, "removing_state": "RU", "claim_examined": True},
                      knowledge=knowledge)
    assert not {b.code for b in examined.legal_bars} & {"CLAIM_NOT_EXAMINED"}


_FIELDS = ("prosecution_politically_motivated", "associates_ill_treated",
           "information_shared_with_destination", "refugee_status_withdrawn",
           "past_injuries_accepted", "forum", "onward_removal", "claim_examined")


def test_the_json_schema_and_the_interview_carry_every_new_field(knowledge: Knowledge) -> None:
    schema = case_json_schema()
    assert set(_FIELDS) <= set(schema["properties"])
    assert {"state", "access_to_asylum"} <= set(schema["$defs"]["OnwardRemoval"]["properties"])
    steps = {s["field"]: s for s in interview(knowledge.profiles)["steps"]}
    for field in (*_FIELDS[:-3], "onward_removal.state", "onward_removal.access_to_asylum",
                  "claim_examined", "forum"):
        assert field in steps and steps[field]["question"], field
    assert [c["value"] for c in steps["past_injuries_accepted"]["choices"]] == [
        "none", "medical_report", "court"]
    assert steps["onward_removal.state"]["kind"] == "country"

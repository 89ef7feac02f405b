"""Invariants of the engine, checked on generated cases (strategies in ``strategies.py``)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from refoulement_risk import Knowledge, assess
from refoulement_risk.assessment import Assessment

from .strategies import FLAGS, ORGANISATIONS, SECURITY_CATEGORIES, cases


def _scores(a: Assessment) -> tuple[int, int]:
    return a.score, a.irregular_transfer.score


@given(case=cases(), category=st.sampled_from(SECURITY_CATEGORIES))
def test_a_security_charge_never_lowers_either_score(
    knowledge: Knowledge, case: dict[str, Any], category: Any
) -> None:
    """Chahal and Saadi: the gravity of a charge can raise the risk, never lower it."""
    before = assess(case, knowledge=knowledge)
    charged = copy.deepcopy(case)
    charged["charges"] = [*(case.get("charges") or []), {"category": category.value}]
    after = assess(charged, knowledge=knowledge)
    assert after.score >= before.score
    assert after.irregular_transfer.score >= before.irregular_transfer.score


def _with_indicator(case: dict[str, Any], indicator: str) -> dict[str, Any]:
    changed = copy.deepcopy(case)
    if indicator in FLAGS:
        changed.setdefault("profile", {})[indicator] = True
    elif indicator == "past_ill_treatment":
        order = [None, "none", "alleged", "documented"]
        current = order.index(case.get("past_ill_treatment"))
        changed["past_ill_treatment"] = order[min(current + 1, 3)]
    elif indicator == "release_imminent":
        changed.setdefault("custody", {})["release_imminent"] = True
    elif indicator == "prior_irregular_transfer_attempt":
        changed["prior_irregular_transfer_attempt"] = True
    elif indicator in _ORDERED:  # contract 1.1: one step up the field's risk order
        order: list[Any] = [None, *_ORDERED[indicator]]
        changed[indicator] = order[min(order.index(case.get(indicator)) + 1, len(order) - 1)]
    elif indicator in _YES:
        changed[indicator] = True
    elif indicator == "onward_removal.access_to_asylum":  # no access is the riskier answer
        changed.setdefault("onward_removal", {})["access_to_asylum"] = False
    elif indicator == "claim_examined":
        changed["claim_examined"] = False
    return changed


# Contract 1.1 fields, each with its risk order (least risky first).
_ORDERED = {
    "prosecution_politically_motivated": ["none", "alleged", "documented", "found"],
    "associates_ill_treated": ["none", "alleged", "documented"],
    "past_injuries_accepted": ["none", "medical_report", "court"],
}
_YES = ("information_shared_with_destination", "refugee_status_withdrawn")


@given(case=cases(), indicator=st.sampled_from(
    [*FLAGS, "past_ill_treatment", "release_imminent", "prior_irregular_transfer_attempt",
     *_ORDERED, *_YES, "onward_removal.access_to_asylum", "claim_examined"]))
def test_adding_a_risk_indicator_never_lowers_a_score(
    knowledge: Knowledge, case: dict[str, Any], indicator: str
) -> None:
    """Monotonicity: a further risk indicator leaves both scores equal or higher."""
    before = _scores(assess(case, knowledge=knowledge))
    after = _scores(assess(_with_indicator(case, indicator), knowledge=knowledge))
    assert after[0] >= before[0] and after[1] >= before[1]


@given(case=cases())
def test_same_input_and_versions_give_the_same_output(
    knowledge: Knowledge, case: dict[str, Any]
) -> None:
    """Determinism: the whole assessment, not just the score, is reproducible."""
    first = assess(case, knowledge=knowledge).model_dump_json()
    second = assess(copy.deepcopy(case), knowledge=knowledge).model_dump_json()
    assert first == second


@given(case=cases())
def test_base_plus_contributions_is_the_score_and_lies_in_range(
    knowledge: Knowledge, case: dict[str, Any]
) -> None:
    """Decomposition: every point of each score is explained by a factor; range holds it."""
    a = assess(case, knowledge=knowledge)
    assert a.base + sum(f.contribution for f in a.factors) == a.score
    it = a.irregular_transfer
    assert it.base + sum(f.contribution for f in it.factors) == it.score
    assert 0 <= a.range.low <= a.score <= a.range.high <= 100
    assert 0 <= it.score <= 100


@given(case=cases())
def test_every_factor_has_an_authority_and_profile_facts_have_dated_evidence(
    knowledge: Knowledge, case: dict[str, Any]
) -> None:
    """Every explanation is sourced: law for every factor, dated evidence where a profile fed it."""
    a = assess(case, knowledge=knowledge)
    for factor in [*a.factors, *a.irregular_transfer.factors]:
        assert factor.authorities, factor.rule
        assert all(auth.citation and auth.date for auth in factor.authorities)
        if any("(country profile" in fact for fact in factor.because):
            assert factor.evidence, f"{factor.rule} rests on profile facts without evidence"
            assert all(isinstance(e.date, dt.date) for e in factor.evidence)
    for bar in a.legal_bars:
        assert bar.authorities, bar.code


@given(case=cases())
def test_rule39_is_a_bar_only_where_the_removing_state_is_party_to_the_echr(
    knowledge: Knowledge, case: dict[str, Any]
) -> None:
    """Rule 39 binds only a state party to the ECHR on the date (Russia: until 16 Sep 2022)."""
    a = assess(case, knowledge=knowledge)
    indicated = any(m["body"] == "ecthr_rule39" and m["status"] == "indicated"
                    for m in case.get("interim_measures") or [])
    profile = knowledge.profiles.get(case.get("removing_state"))
    echr = profile.treaties.get("echr") if profile else None
    party = echr is not None and echr.in_force(a.as_of)
    assert ("ECTHR_RULE39" in {b.code for b in a.legal_bars}) == (indicated and party)


@given(case=cases())
def test_both_engine_backends_give_the_same_assessment(
    knowledge: Knowledge, reference_knowledge: Knowledge, case: dict[str, Any]
) -> None:
    """Differential: durable-rules and the plain-Python oracle fire the same rules."""
    default = assess(case, knowledge=knowledge).model_dump(mode="json")
    oracle = assess(case, knowledge=reference_knowledge).model_dump(mode="json")
    default["versions"].pop("backend")
    oracle["versions"].pop("backend")
    assert default == oracle


@given(case=cases())
def test_no_valid_case_makes_the_engine_fail(knowledge: Knowledge, case: dict[str, Any]) -> None:
    """Robustness: every valid case gets a complete assessment whose band matches its score, or,
    where the destination has no evidence on the date, the no-evidence band (contract 1.1)."""
    a = assess(case, knowledge=knowledge)
    bands = knowledge.rulebook.index.scores["torture"]
    evidence = any(p.available for p in a.versions.profiles if p.role == "destination")
    no_band = knowledge.rulebook.index.without_evidence.band
    assert a.band == (bands.band(a.score) if evidence else no_band)
    assert a.disclaimer and a.versions.rule_set_digest == knowledge.rulebook.digest
    assert {p.role for p in a.versions.profiles} >= {"destination"}


@given(case=cases(), data=st.data())
def test_answers_with_the_same_relevant_facts_score_the_same(
    knowledge: Knowledge, case: dict[str, Any], data: st.DataObject
) -> None:
    """The counterfactual cache is sound: equal signatures mean equal engine results."""
    from refoulement_risk.assessor import _run
    from refoulement_risk.case import parse_case
    from refoulement_risk.counterfactuals import relevant_signature, unknown_dimensions

    parsed = parse_case(case)
    assert parsed.as_of is not None
    dims = unknown_dimensions(parsed, parsed.as_of, knowledge.profiles.get(parsed.destination))
    if not dims:
        return
    dim = data.draw(st.sampled_from(dims))
    base = _run(parsed, parsed.as_of, knowledge)
    for _, edit in dim.answers:
        other = _run(edit(parsed), parsed.as_of, knowledge)
        same = (relevant_signature(knowledge.rulebook, base.sheet.facts)
                == relevant_signature(knowledge.rulebook, other.sheet.facts))
        if same:
            assert ({f.rule_id for f in base.result.firings}
                    == {f.rule_id for f in other.result.firings})
            assert (base.torture, base.transfer) == (other.torture, other.transfer)


_DEATH_PENALTY_BARS = {"DEATH_PENALTY_ECHR", "DEATH_PENALTY_ICCPR"}


def _bound_against_death_penalty(knowledge: Knowledge, code: str | None, day: dt.date) -> bool:
    profile = knowledge.profiles.get(code) if code else None
    if profile is None:
        return False
    return any(
        (status := profile.treaties.get(name)) is not None and status.in_force(day)
        for name in ("echr", "iccpr_op2"))


@given(case=cases())
def test_the_death_penalty_bar_rests_on_the_clients_answer_and_a_binding_treaty(
    knowledge: Knowledge, case: dict[str, Any]
) -> None:
    """Never on a charge's category alone, never past an assurance that excludes it, and only
    where the ECHR or the ICCPR Second Optional Protocol binds the removing state."""
    a = assess(case, knowledge=knowledge)
    if not _DEATH_PENALTY_BARS & {b.code for b in a.legal_bars}:
        return
    assert case.get("death_penalty_exposure") in ("possible", "sentenced")
    assert (case.get("diplomatic_assurances") or {}).get("death_penalty_excluded") is not True
    assert _bound_against_death_penalty(knowledge, case.get("removing_state"), a.as_of)


@given(case=cases())
def test_an_assurance_excluding_the_death_penalty_lifts_only_that_bar(
    knowledge: Knowledge, case: dict[str, Any]
) -> None:
    """It says nothing of torture: no score moves, and no other bar or step comes or goes."""
    given_ = {**(case.get("diplomatic_assurances") or {}), "given": True}
    given_.pop("death_penalty_excluded", None)
    without = assess({**case, "diplomatic_assurances": given_}, knowledge=knowledge)
    with_ = assess({**case, "diplomatic_assurances": {**given_, "death_penalty_excluded": True}},
                   knowledge=knowledge)
    assert _scores(with_) == _scores(without)
    assert ({b.code for b in with_.legal_bars}
            == {b.code for b in without.legal_bars} - _DEATH_PENALTY_BARS)



# Falun Gong first: China's group matched on affiliation, and the answer drawn most often.
@given(case=cases(), organisation=st.sampled_from(
           ["falun_gong", *(o for o in ORGANISATIONS if o != "falun_gong")]),
       day=st.dates(min_value=dt.date(2009, 1, 1), max_value=dt.date(2026, 11, 27)))
def test_an_affiliation_a_charge_already_names_changes_nothing(
    knowledge: Knowledge, case: dict[str, Any], organisation: str, day: dt.date
) -> None:
    """A charge's organisation already counts as the client's affiliation, so stating that
    affiliation as well adds no group (and takes none away). Drawn for China after 2008, whose
    evidence has a group matched on affiliation, and for any organisation of the vocabulary."""
    charged = {**copy.deepcopy(case), "destination": "CN", "as_of": day.isoformat()}
    charged["charges"] = [*(case.get("charges") or []),
                          {"category": "religious_extremism", "organisation": organisation}]
    charged["profile"] = {k: v for k, v in (charged.get("profile") or {}).items()
                          if k != "affiliation"}  # unstated: only the charge names it
    stated = copy.deepcopy(charged)
    stated["profile"] = {**(charged.get("profile") or {}), "affiliation": organisation}
    before, after = assess(charged, knowledge=knowledge), assess(stated, knowledge=knowledge)
    assert [(f.rule, f.contribution) for f in after.factors] == [
        (f.rule, f.contribution) for f in before.factors]

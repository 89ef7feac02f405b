"""The law of each bar (issue 10, item 3): the EU-law bar on extraditing a refugee rests on a
grant of refugee status by an EU Member State (CJEU, C-352/22); where it does not apply, what
EU law requires (Petruhhin; I.N.) is a recommended step, not a bar; who granted the status is a
case field that reaches the JSON Schema, the unknowns and the vocabulary."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
import yaml

from refoulement_risk import Knowledge, assess, load_knowledge
from refoulement_risk.case_model import case_model
from refoulement_risk.errors import CaseValidationError
from refoulement_risk.published import vocabulary_document
from refoulement_risk.render import render_text
from refoulement_risk.resources import profiles_dir

_SOURCE = {"title": "Test-only treaty record", "publisher": "refoulement-risk tests",
           "date": "1990-01-01", "symbol": "TEST/1",
           "verified": "Invented for a unit test; not evidence of any state's status."}


def _state(code: str, eu_member: bool) -> dict[str, Any]:
    return {"country": code, "name": f"Test state {code}", "sources": {"test": _SOURCE},
            "treaties": {"eu_member": {"from": "1990-01-01", "party": eu_member,
                                       "sources": ["test"], "note": "test-only entry"}}}


@pytest.fixture(scope="module")
def knowledge_with_grantors(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    """The shipped evidence plus two test-only granting states: NO (not in the EU) and IT (in
    the EU); JP has no profile at all."""
    folder = tmp_path_factory.mktemp("grantors") / "profiles"
    shutil.copytree(profiles_dir(), folder)
    for code, member in (("NO", False), ("IT", True)):
        (folder / f"{code}.yaml").write_text(yaml.safe_dump(_state(code, member)),
                                             encoding="utf-8")
    return load_knowledge(profiles=folder, backend="reference")


def _case(**extra: Any) -> dict[str, Any]:
    return {"destination": "UZ", "removing_state": "DE", "as_of": "2025-01-10",
            "proceeding": "extradition", "charges": [{"category": "religious_extremism"}],
            "refugee_status": "recognised", **extra}


def _codes(a: Any) -> tuple[set[str], set[str]]:
    return {b.code for b in a.legal_bars}, {x.code for x in a.recommended_actions}


def test_a_refugee_recognised_by_a_non_eu_state_triggers_no_eu_law_bar(
        knowledge_with_grantors: Knowledge) -> None:
    a = assess(_case(refugee_status_granted_by="NO"), knowledge=knowledge_with_grantors)
    bars, actions = _codes(a)
    assert "EU_REFUGEE_STATUS_BARS_EXTRADITION" not in bars
    assert "EU_LAW_VERIFY_RISK_AND_INFORM" in actions  # a duty to verify, not a bar
    assert "REFUGEE_NON_REFOULEMENT" in bars  # the Refugee Convention still binds Germany
    assert not [u for u in a.unknown_treaty_statuses if u.fact.startswith("granting_state")]


def test_a_refugee_recognised_by_an_eu_member_state_is_protected_by_the_eu_law_bar(
        knowledge_with_grantors: Knowledge) -> None:
    a = assess(_case(refugee_status_granted_by="IT"), knowledge=knowledge_with_grantors)
    bars, _ = _codes(a)
    assert "EU_REFUGEE_STATUS_BARS_EXTRADITION" in bars
    (bar,) = [b for b in a.legal_bars if b.code == "EU_REFUGEE_STATUS_BARS_EXTRADITION"]
    assert bar.basis == "eu_law"
    assert "cjeu-a-hamm" in [x.id for x in bar.authorities]
    assert any(e.country == "IT" and e.item == "treaties.eu_member" for e in bar.evidence)


def test_unhcr_mandate_is_no_member_state_grant(knowledge: Knowledge) -> None:
    bars, actions = _codes(assess(_case(refugee_status_granted_by="unhcr"), knowledge=knowledge))
    assert "EU_REFUGEE_STATUS_BARS_EXTRADITION" not in bars
    assert "EU_LAW_VERIFY_RISK_AND_INFORM" in actions


def test_an_unknown_grantor_is_a_named_gap_never_a_silent_no(knowledge: Knowledge) -> None:
    a = assess(_case(), knowledge=knowledge)
    assert "EU_REFUGEE_STATUS_BARS_EXTRADITION" not in _codes(a)[0]
    (status,) = [u for u in a.unknown_treaty_statuses if u.fact == "granting_state.eu_member"]
    assert any("EU_REFUGEE_STATUS_BARS_EXTRADITION" in x for x in status.if_bound)
    (missing,) = [m for m in a.missing_information if m.field == "refugee_status_granted_by"]
    assert "Which state granted" in missing.question
    assert "EU_REFUGEE_STATUS_BARS_EXTRADITION" in missing.question
    assert "the state that granted refugee status" in render_text(a)


def test_a_grantor_without_evidence_is_a_named_gap(
        knowledge_with_grantors: Knowledge) -> None:
    a = assess(_case(refugee_status_granted_by="JP"), knowledge=knowledge_with_grantors)
    (status,) = [u for u in a.unknown_treaty_statuses if u.fact == "granting_state.eu_member"]
    assert status.country == "JP" and "no country profile" in status.reason


def test_the_field_reaches_the_schema_and_the_vocabulary_and_is_checked() -> None:
    schema = case_model().model_json_schema()
    assert "refugee_status_granted_by" in schema["properties"]
    assert "case.refugee_status_granted_by" in vocabulary_document()["facts"]
    with pytest.raises(CaseValidationError) as err:
        assess(_case(refugee_status_granted_by="Italy"))
    assert "refugee_status_granted_by" in str(err.value.problems)

"""Turkey's geographical limitation is known law (issue 10, item 3): the Refugee Convention
binds Turkey for a refugee from a Council of Europe member state and not for one from elsewhere
(Law No. 6458, Art. 3(1)(b)); only where the destination's membership is not recorded is the
status unknown, and then it is reported."""

from __future__ import annotations

from typing import Any

from refoulement_risk import Knowledge, assess

_REFUGEE: dict[str, Any] = {"removing_state": "TR", "as_of": "2024-03-01",
                            "proceeding": "deportation", "refugee_status": "recognised"}


def _derived(a: Any) -> dict[str, Any]:
    return {d.fact: d.value for d in a.derived_facts}


def test_a_non_european_refugee_gets_no_convention_bar_and_no_unknown_status(
        knowledge: Knowledge) -> None:
    a = assess({**_REFUGEE, "destination": "UZ"}, knowledge=knowledge)
    assert "REFUGEE_NON_REFOULEMENT" not in {b.code for b in a.legal_bars}
    assert not [u for u in a.unknown_treaty_statuses if u.treaty == "refugee_convention"]
    assert not any("Refugee Convention" in g for g in a.evidence_gaps)
    # The fact is a known "no", with the limitation as its reason.
    fired = {t.rule for t in a.trace}
    assert "REF-010" not in fired and "REF-001" in fired


def test_a_refugee_from_a_council_of_europe_member_is_protected_by_the_convention(
        knowledge: Knowledge) -> None:
    a = assess({**_REFUGEE, "destination": "RU", "as_of": "2020-03-01"}, knowledge=knowledge)
    (bar,) = [b for b in a.legal_bars if b.code == "REFUGEE_NON_REFOULEMENT"]
    assert any(e.source == "tr_law_6458" for e in bar.evidence)  # the limitation's law


def test_membership_not_recorded_leaves_the_status_unknown_and_reported(
        knowledge: Knowledge) -> None:
    # Russia in the six months after its expulsion (16 March 2022) was still an ECHR party:
    # its membership on such a date is not read from the ECHR entry.
    a = assess({**_REFUGEE, "destination": "RU", "as_of": "2022-06-01"}, knowledge=knowledge)
    (status,) = [u for u in a.unknown_treaty_statuses if u.treaty == "refugee_convention"]
    assert "Council of Europe" in status.reason


def test_the_domestic_bar_rests_on_the_statute_in_the_evidence(knowledge: Knowledge) -> None:
    a = assess({**_REFUGEE, "destination": "UZ", "refugee_status": "asylum_pending",
                "as_of": "2024-06-01"}, knowledge=knowledge)
    (bar,) = [b for b in a.legal_bars if b.code == "ASYLUM_PENDING_DOMESTIC_RIGHT_TO_REMAIN"]
    assert bar.basis == "domestic_law"
    assert any(e.source == "tr_law_6458" for e in bar.evidence)
    # Before the evidence has the statute (the version to July 2016) the bar is not claimed.
    early = assess({**_REFUGEE, "destination": "UZ", "refugee_status": "asylum_pending",
                    "as_of": "2015-06-01"}, knowledge=knowledge)
    assert "ASYLUM_PENDING_DOMESTIC_RIGHT_TO_REMAIN" not in {b.code for b in early.legal_bars}

"""An unknown that could bar removal is named as such, and first (contract 1.1 additions)."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from refoulement_risk import Knowledge, assess
from refoulement_risk.render import render_markdown, render_text

from .strategies import cases

# Belarus retains the death penalty and lists aggravated murder among its capital crimes (2023);
# Poland is bound by the ECHR and by the ICCPR Second Optional Protocol.
CAPITAL = {"destination": "BY", "removing_state": "PL", "as_of": "2023-06-01",
           "proceeding": "extradition", "charges": [{"category": "ordinary_crime"}]}
DEATH_PENALTY_BARS = ["DEATH_PENALTY_ECHR", "DEATH_PENALTY_ICCPR"]


def test_an_unanswered_death_penalty_question_names_the_bars_it_could_bring(
    knowledge: Knowledge,
) -> None:
    a = assess(CAPITAL, knowledge=knowledge)
    entry = next(m for m in a.missing_information if m.field == "death_penalty_exposure")
    # the points alone would rank it low: the category already gives the factor
    assert entry.could_raise_by == 0 and entry.could_lower_by == 10
    assert entry.could_add_bars == DEATH_PENALTY_BARS
    barred = [m.field for m in a.missing_information if m.could_add_bars or m.could_lift_bars]
    assert "death_penalty_exposure" in barred
    assert [m.field for m in a.missing_information][:len(barred)] == barred  # bars first
    assert "could bring the legal bar DEATH_PENALTY_ECHR, DEATH_PENALTY_ICCPR" in render_text(a)
    assert "DEATH_PENALTY_ECHR, DEATH_PENALTY_ICCPR" in render_markdown(a)


def test_an_unanswered_assurance_question_names_the_bars_it_could_lift(
    knowledge: Knowledge,
) -> None:
    a = assess({**CAPITAL, "death_penalty_exposure": "possible",
                "diplomatic_assurances": {"given": True}}, knowledge=knowledge)
    assert {b.code for b in a.legal_bars} >= set(DEATH_PENALTY_BARS)
    entry = next(m for m in a.missing_information
                 if m.field == "diplomatic_assurances.death_penalty_excluded")
    assert entry.could_lift_bars == DEATH_PENALTY_BARS and not entry.could_add_bars


@given(case=cases())
def test_the_bars_an_answer_could_bring_or_lift_are_consistent_and_come_first(
    knowledge: Knowledge, case: dict[str, Any]
) -> None:
    a = assess(case, knowledge=knowledge)
    now = {b.code for b in a.legal_bars}
    decisive = [bool(m.could_add_bars or m.could_lift_bars) for m in a.missing_information
                if m.field != "destination_evidence"]  # that one always comes first
    assert decisive == sorted(decisive, reverse=True)
    for m in a.missing_information:
        assert not set(m.could_add_bars) & now, m
        assert set(m.could_lift_bars) <= now, m

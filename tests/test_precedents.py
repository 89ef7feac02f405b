"""Precedents: the decided cases most like the assessed one, never decided after its date, never
the case itself, ordered by a documented similarity in [0, 1]."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from refoulement_risk import Knowledge, assess
from refoulement_risk.case import Case
from refoulement_risk.case_law import load_case_law
from refoulement_risk.decided_cases import load_decided_case, load_decided_cases
from refoulement_risk.i18n_translate import translate_assessment
from refoulement_risk.precedents import WEIGHTS, citation, find_precedents, similarity
from refoulement_risk.render import render_markdown, render_text
from refoulement_risk.report import render_report_html

CASELAW = Path(__file__).resolve().parent.parent / "caselaw"
DECIDED = load_decided_cases([CASELAW])
UZ_HIZB = {"destination": "UZ", "removing_state": "RU", "as_of": "2014-05-01",
           "charges": [{"category": "religious_extremism", "organisation": "hizb_ut_tahrir"}]}


def test_the_weights_sum_to_one() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


def test_similarity_is_in_the_unit_interval_and_deterministic() -> None:
    case = Case.model_validate(UZ_HIZB)
    day = dt.date(2014, 5, 1)
    for other in DECIDED:
        first = similarity(case, day, {"GEN-010"}, other, {"GEN-010", "GRP-001"})
        assert 0.0 <= first <= 1.0
        assert similarity(case, day, {"GEN-010"}, other, {"GEN-010", "GRP-001"}) == first


def test_a_decided_case_is_wholly_like_itself_and_an_unknown_is_no_likeness() -> None:
    decided = load_decided_case(CASELAW / "ermakov-v-russia-2013.yaml")
    same = similarity(decided.case, decided.decision.date, {"GEN-010"}, decided, {"GEN-010"})
    bare = Case.model_validate({"destination": decided.case.destination})
    # Nothing but the destination and the date: the facts that drive the score count nothing.
    only_place = similarity(bare, decided.decision.date, None, decided, None)
    assert same > only_place
    assert only_place == pytest.approx(
        (WEIGHTS["destination"] + WEIGHTS["period"])
        / (1 - WEIGHTS["fired_rules"]), abs=1e-3)


def test_same_destination_comes_first_then_the_most_alike() -> None:
    case = Case.model_validate(UZ_HIZB)
    found = find_precedents(case, dt.date(2014, 5, 1), None, DECIDED, None, limit=60)
    destinations = [p.destination for p in found]
    first_other = next(i for i, d in enumerate(destinations) if d != "UZ")
    assert all(d == "UZ" for d in destinations[:first_other])
    assert all(d != "UZ" for d in destinations[first_other:])
    same = [p.similarity for p in found[:first_other]]
    assert same == sorted(same, reverse=True)


def test_the_shared_facts_raise_a_decided_case_above_one_of_another_kind() -> None:
    case = Case.model_validate(UZ_HIZB)
    day = dt.date(2014, 5, 1)
    known = [d for d in DECIDED if d.case.destination == "UZ" and d.decision.date <= day]
    hizb = [d for d in known
            if any(c.organisation == "hizb_ut_tahrir" for c in d.case.charges or [])]
    others = [d for d in known if not any(c.category.value == "religious_extremism"
                                          for c in d.case.charges or [])]
    assert hizb and others
    best_other = max(similarity(case, day, None, d, None) for d in others)
    assert max(similarity(case, day, None, d, None) for d in hizb) > best_other


def test_the_date_alone_never_makes_a_precedent_on_another_destination(
        knowledge: Knowledge) -> None:
    # No country evidence, no facts: only the period would be shared with any decided case.
    bare = assess({"destination": "AF", "removing_state": "DE", "as_of": "2023-01-01"},
                  knowledge=knowledge)
    assert bare.precedents == []
    # A shared charge and group are facts that drive the score: decisions elsewhere may follow.
    uyghur = assess({"destination": "CN", "removing_state": "TR", "as_of": "2023-01-01",
                     "charges": [{"category": "terrorism"}], "profile": {"ethnicity": "uyghur"}},
                    knowledge=knowledge)
    assert uyghur.precedents[0].destination == "CN"
    # Elsewhere, a decided case sharing the charge is like it; the period alone is not.
    case = Case.model_validate({"destination": "CN", "as_of": "2023-01-01",
                                "charges": [{"category": "terrorism"}]})
    day = dt.date(2023, 1, 1)
    terror = [d for d in DECIDED if d.case.destination != "CN" and d.decision.date <= day
              and any(c.category.value == "terrorism" for c in d.case.charges or [])]
    assert terror
    assert max(similarity(case, day, None, d, None) for d in terror) > 0


def test_no_precedent_is_decided_after_the_assessment_date(knowledge: Knowledge) -> None:
    later = assess(UZ_HIZB, knowledge=knowledge)
    earlier = assess({**UZ_HIZB, "as_of": "2009-01-01"}, knowledge=knowledge)
    assert any(p.date > dt.date(2009, 1, 1) for p in later.precedents)  # the test can fail
    assert earlier.precedents
    assert all(p.date <= dt.date(2009, 1, 1) for p in earlier.precedents)


def test_a_decided_case_is_never_its_own_precedent(knowledge: Knowledge) -> None:
    # Not removed: assessed on the day of its own decision, so only the reference excludes it.
    decided = load_decided_case(CASELAW / "rustamov-v-russia-2012.yaml")
    assert decided.removed_on is None
    facts = decided.case.model_dump(mode="json", exclude_none=True)
    with_ref = assess(facts, as_of=decided.assessed_as_of, knowledge=knowledge)
    assert decided.id not in [p.id for p in with_ref.precedents]
    # The same facts under another reference: the decision is the most alike of all.
    other = assess({**facts, "client_reference": "another-file"}, as_of=decided.assessed_as_of,
                   knowledge=knowledge)
    assert other.precedents[0].id == decided.id


def test_the_citation_follows_the_courts_and_the_committees_style() -> None:
    ermakov = load_decided_case(CASELAW / "ermakov-v-russia-2013.yaml")
    assert citation(ermakov) == "Ermakov v. Russia, no. 43165/10, 7 November 2013"
    grand = load_decided_case(CASELAW / "khasanov-and-rakhmanov-v-russia-2022.yaml")
    assert citation(grand) == ("Khasanov and Rakhmanov v. Russia [GC], nos. 28492/15 and "
                               "49975/15, 29 April 2022")
    cat = load_decided_case(CASELAW / "abdussamatov-and-others-v-kazakhstan-2012.yaml")
    assert citation(cat) == ("Abdussamatov and 28 others v. Kazakhstan, Committee against "
                             "Torture, communication no. 444/2010, 1 June 2012")


def test_a_precedent_carries_the_contract_fields_and_no_made_up_reason(
        knowledge: Knowledge) -> None:
    a = assess(UZ_HIZB, knowledge=knowledge)
    data = json.loads(a.model_dump_json())
    assert 1 <= len(data["precedents"]) <= 5
    by_id = {d.id: d for d in DECIDED}
    for p in data["precedents"]:
        assert {"name", "citation", "date", "body", "outcome", "reason", "similarity"} <= set(p)
        assert p["reason"] == by_id[p["id"]].reason  # the file's line, or null: never invented
        assert p["outcome"] in {"violation", "no_violation"}


def test_every_output_shows_the_precedents(knowledge: Knowledge) -> None:
    a = assess(UZ_HIZB, knowledge=knowledge)
    first = a.precedents[0].citation
    text, markdown = render_text(a), render_markdown(a)
    html = render_report_html(a)
    assert "Decided cases like this one" in text and first in text
    assert "## Decided cases like this one" in markdown and first in markdown
    assert "Decided cases like this one" in html and first in html


def test_a_recorded_reason_is_quoted_and_marked_english_in_russian(
        tmp_path: Path, knowledge: Knowledge) -> None:
    folder = tmp_path / "caselaw"
    shutil.copytree(CASELAW, folder)
    path = folder / "rustamov-v-russia-2012.yaml"
    line = "A sentence written by the test, standing for the recorded reason."
    data = yaml.safe_load(path.read_text("utf-8"))
    data["reason"] = line
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    law = load_case_law(folder, knowledge.rulebook.digest, knowledge.profiles.digest)
    with_reason = Knowledge(knowledge.rulebook, knowledge.profiles, knowledge.backend, law)
    english = assess(UZ_HIZB, knowledge=with_reason)
    shown = next(p for p in english.precedents if p.id == "rustamov-v-russia-2012")
    assert (shown.reason, shown.reason_language) == (line, "en")
    assert f"reason: {line}\n" in render_text(english)
    russian = translate_assessment(english, "ru")
    assert f"мотивы: {line} (на английском языке)" in render_text(russian)
    assert f"мотивы: {line} (на английском языке)" in render_markdown(russian)

"""The fact catalogue: declared once, checked against the case model, and the one source every
consumer reads (a throwaway fact added to the catalogue alone reaches all of them)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from refoulement_risk.case import Case
from refoulement_risk.case_model import case_model, check_against_case
from refoulement_risk.catalogue import CATALOGUE
from refoulement_risk.catalogue_model import Ask, Catalogue, FactEntry, Origin
from refoulement_risk.dimensions import unknown_dimensions
from refoulement_risk.facts import build_facts
from refoulement_risk.groups import GroupVocabulary
from refoulement_risk.published import vocabulary_document

THROWAWAY = FactEntry(
    name="case.solitary_confinement", type="bool", origin=Origin.case,
    path="custody.solitary_confinement", description="The client is held in solitary confinement.",
    question="Is the client held in solitary confinement?", ask=Ask.ordered,
    risk_order=(False, True))
NO_WORDS = GroupVocabulary(organisations={}, ethnicities={})


def test_the_catalogue_matches_the_case_model() -> None:
    assert check_against_case(CATALOGUE, Case) == []
    assert case_model(CATALOGUE) is Case


def test_the_check_sees_a_fact_the_case_lacks_and_a_field_no_fact_reads() -> None:
    problems = check_against_case(CATALOGUE.with_fact(THROWAWAY), Case)
    assert problems == ["case.solitary_confinement: the case has no field "
                        "custody.solitary_confinement"]
    without = Catalogue(facts=tuple(f for f in CATALOGUE.facts if f.name != "case.detained"))
    assert "custody.detained: a case field no catalogue fact reads" in check_against_case(
        without, Case)


def test_a_fact_is_declared_once() -> None:
    with pytest.raises(ValidationError, match="declared twice"):
        CATALOGUE.with_fact(CATALOGUE.get("case.detained"))


def test_a_throwaway_fact_reaches_every_consumer_through_the_catalogue_alone() -> None:
    catalogue = CATALOGUE.with_fact(THROWAWAY)
    model = case_model(catalogue)
    case = model.model_validate({"destination": "UZ", "custody": {"detained": True}})
    day = dt.date(2013, 4, 25)
    sheet = build_facts(case, day, None, None, NO_WORDS, catalogue)
    assert [f.value for f in sheet.facts if f.name == "case.solitary_confinement"] == [None]
    dims = {d.field: d for d in unknown_dimensions(case, day, None, catalogue)}
    answers = dims["custody.solitary_confinement"].answers
    assert [label for label, _ in answers] == ["False", "True"]
    edited = answers[-1][1](case)
    assert [f.value for f in build_facts(edited, day, None, None, NO_WORDS, catalogue).facts
            if f.name == "case.solitary_confinement"] == [True]
    schema = model.model_json_schema()
    assert "solitary_confinement" in str(schema["$defs"])
    document = vocabulary_document(catalogue)
    assert document["facts"]["case.solitary_confinement"]["question"] == THROWAWAY.question
    assert any(i["field"] == "custody.solitary_confinement" for i in document["intake"])


def test_entries_are_validated() -> None:
    with pytest.raises(ValidationError, match="needs a path"):
        FactEntry(name="case.x", type="bool", origin=Origin.case, description="no path here")
    with pytest.raises(ValidationError, match="lists its values"):
        FactEntry(name="case.x", type="enum", origin=Origin.case, path="x",
                  description="an enum without values")
    with pytest.raises(ValidationError, match="risk order value"):
        FactEntry(name="case.x", type="bool", origin=Origin.case, path="x",
                  description="a bad order", risk_order=("yes",))

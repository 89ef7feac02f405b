"""Scenario checks on the fixture rule book: each operator, chaining, multi-valued and unknown
facts, dates. Every scenario is run on both backends, which must agree exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from refoulement_risk.durable_backend import DurableBackend
from refoulement_risk.engine import EngineResult, Fact
from refoulement_risk.reference import ReferenceBackend

DAY = dt.date(2024, 5, 1)


def both(
    durable: DurableBackend, reference: ReferenceBackend, facts: list[Fact], on: dt.date = DAY
) -> EngineResult:
    got, want = durable.run(facts, on), reference.run(facts, on)
    assert got.backend == "durable"
    assert (got.firings, got.derived) == (want.firings, want.derived)
    return got


def fired(result: EngineResult) -> set[tuple[str, int, tuple[str, ...]]]:
    return {(f.rule_id, f.branch, f.matched) for f in result.firings}


def test_chaining_over_four_levels(durable: DurableBackend, reference: ReferenceBackend) -> None:
    facts = [
        Fact("det", "case.detained", True),
        Fact("ch", "case.charge_category", "terrorism"),
        Fact("lvl", "destination.custody_torture_level", "systematic"),
        Fact("pit", "case.past_ill_treatment", "documented"),
        Fact("ass", "case.assurances_given", False),
    ]
    result = both(durable, reference, facts)
    assert {
        ("FX-001", 0, ("det", "ch")),
        ("FX-002", 0, ("derived.exposed=true", "lvl")),
        ("FX-004", 0, ("derived.level=5",)),
        ("FX-006", 0, ('derived.concern="high"', "ass")),
        ("FX-007", 0, ("derived.final=true",)),
    } <= fired(result)
    # the same derived fact from two rules is derived once
    assert [f.id for f in result.derived].count("derived.level=3") == 1


def test_is_not_never_matches_unknown(durable: DurableBackend, reference: ReferenceBackend) -> None:
    facts = [Fact("pit", "case.past_ill_treatment", "documented"),
             Fact("ass", "case.assurances_given", None), Fact("eth", "case.ethnicity", None)]
    result = both(durable, reference, facts)
    assert not any(r == "FX-006" or r == "FX-008" for r, _, _ in fired(result))
    assert ("FX-009", 0, ("eth",)) in fired(result)  # known: false matches unknown


@pytest.mark.parametrize(("value", "fires"), [
    ("tajik", True), ("uzbek", False), (None, False), (1, True), (True, True),
])
def test_is_not_is_type_strict(
    durable: DurableBackend, reference: ReferenceBackend, value: object, fires: bool
) -> None:
    result = both(durable, reference, [Fact("eth", "case.ethnicity", value)])  # type: ignore[arg-type]
    assert (("FX-008", 0, ("eth",)) in fired(result)) is fires


@pytest.mark.parametrize(("value", "fires"), [("1", True), (1, False), (True, False)])
def test_no_coercion_in_one_of(
    durable: DurableBackend, reference: ReferenceBackend, value: object, fires: bool
) -> None:
    facts = [Fact("ch", "case.charge_category", "political"),
             Fact("org", "case.charge_organisation", value)]  # type: ignore[arg-type]
    result = both(durable, reference, facts)
    assert (("FX-014", 0, ("ch", "org")) in fired(result)) is fires


@pytest.mark.parametrize(("value", "rules"), [
    (4, {"FX-004"}), (3, {"FX-005"}), (-7, {"FX-005"}), ("5", set()), (True, set()),
    (None, set()), (2**62, {"FX-004"}),
])
def test_at_least_and_at_most(
    durable: DurableBackend, reference: ReferenceBackend, value: object, rules: set[str]
) -> None:
    result = both(durable, reference, [Fact("lv", "derived.level", value)])  # type: ignore[arg-type]
    assert {r for r, _, m in fired(result) if m == ("lv",)} == rules


def test_multi_valued_facts_fire_once_per_combination(
    durable: DurableBackend, reference: ReferenceBackend
) -> None:
    facts = [Fact("c1", "case.charge_category", "political"),
             Fact("c2", "case.charge_category", "religious_extremism"),
             Fact("c3", "case.charge_category", "economic"),
             Fact("o1", "case.charge_organisation", "akromiya"),
             Fact("o2", "case.charge_organisation", "hizb_ut_tahrir")]
    result = both(durable, reference, facts)
    assert {m for r, _, m in fired(result) if r == "FX-014"} == {
        ("c1", "o1"), ("c1", "o2"), ("c2", "o1"), ("c2", "o2")}


def test_any_becomes_branches(durable: DurableBackend, reference: ReferenceBackend) -> None:
    facts = [Fact("rel", "case.religious_practice", True),
             Fact("pol", "case.political_activity", True),
             Fact("tg", "destination.targeted_group_match", "elevated")]
    result = both(durable, reference, facts)
    assert {(b, m) for r, b, m in fired(result) if r == "FX-015"} == {
        (0, ("rel", "tg")), (2, ("pol", "tg"))}


@pytest.mark.parametrize(("day", "rules"), [
    (dt.date(2019, 12, 31), set()),
    (dt.date(2020, 1, 1), {"FX-012"}),
    (dt.date(2021, 12, 31), {"FX-012"}),
    (dt.date(2022, 1, 1), set()),  # valid_until is exclusive
    (dt.date(2030, 6, 14), set()),
    (dt.date(2030, 6, 15), {"FX-013"}),
])
def test_dates(
    durable: DurableBackend, reference: ReferenceBackend, day: dt.date, rules: set[str]
) -> None:
    result = both(durable, reference, [Fact("det", "case.detained", False)], day)
    assert {r for r, _, _ in fired(result)} == rules


def test_long_one_of_split_into_several_rules(
    durable: DurableBackend, reference: ReferenceBackend
) -> None:
    for value in ("e0", "e17", "uzbek", "1"):
        result = both(durable, reference, [Fact("eth", "case.ethnicity", value)])
        assert ("FX-016", 0, ("eth",)) in fired(result)
    result = both(durable, reference, [Fact("eth", "case.ethnicity", "e20")])
    assert ("FX-016", 0, ("eth",)) not in fired(result)


def test_unsafe_strings_and_names(durable: DurableBackend, reference: ReferenceBackend) -> None:
    facts = [Fact("a", "case.ethnicity", 'q"\\u00e9\n\x00é🙂'),
             Fact('b"\\', "case.charge_organisation", "akromiya"),
             Fact("c", "case.charge_category", "political"),
             Fact("d", "no such \"fact\"", "x")]
    result = both(durable, reference, facts)
    assert ("FX-014", 0, ("c", 'b"\\')) in fired(result)


def test_input_fact_with_a_derived_id_wins(
    durable: DurableBackend, reference: ReferenceBackend
) -> None:
    facts = [Fact("det", "case.detained", True), Fact("ch", "case.charge_category", "terrorism"),
             Fact("derived.exposed=true", "case.ethnicity", "uzbek"),
             Fact("x", "case.ethnicity", "tajik"), Fact("x", "case.ethnicity", None)]
    both(durable, reference, facts)


def test_enum_members_are_refused_not_coerced(durable: DurableBackend) -> None:
    """The reference compares exact types, so a StrEnum member never equals the rule's string;
    durable would compare equal strings. Refusing keeps the backends from diverging silently."""
    from refoulement_risk.case import ChargeCategory
    from refoulement_risk.errors import EngineError

    with pytest.raises(EngineError, match="plain bool, int, str or None"):
        durable.run([Fact("ch", "case.charge_category", ChargeCategory.terrorism)], DAY)

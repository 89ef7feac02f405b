"""Differential property: for any facts and any day, both backends (durable-rules and the
plain-Python backend on the compiled plan) return exactly what the naive evaluator, the oracle,
returns (apart from the backend's name)."""

from __future__ import annotations

import datetime as dt

from engine_fixture import FACT_NAMES, LITERALS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refoulement_risk.durable_backend import DurableBackend
from refoulement_risk.engine import Fact
from refoulement_risk.naive_evaluator import NaiveEvaluator
from refoulement_risk.reference import ReferenceBackend

_WORDS = [
    "terrorism", "religious_extremism", "political", "economic", "widespread", "systematic",
    "elevated", "documented", "alleged", "extradition", "deportation", "uzbek", "tajik", "high",
    "low", "akromiya", "hizb_ut_tahrir", "1", "true", "null", "e3", "group", "",
]
values = st.one_of(
    st.none(), st.booleans(), st.integers(-6, 8), st.integers(-(2**63) + 1, 2**63 - 1),
    st.sampled_from(_WORDS), st.text(max_size=8),
)
_DERIVED_IDS = ["derived.exposed=true", "derived.level=3", 'derived.concern="high"']
fact_ids = st.one_of(st.sampled_from([f"f{k}" for k in range(12)] + _DERIVED_IDS), st.text())
facts = st.lists(
    st.builds(Fact, fact_ids, st.sampled_from([*FACT_NAMES, "unknown.name"]), values),
    max_size=25,
)
days = st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=facts, on=days)
def test_backends_equal_the_naive_evaluator(
    durable: DurableBackend, reference: ReferenceBackend, naive: NaiveEvaluator,
    facts: list[Fact], on: dt.date
) -> None:
    """Same firings and derived facts, sorted, for any facts (ids repeated or equal to derived
    ids, values of every type, unknowns, names no rule reads) on any day."""
    want = naive.run(facts, on)
    for got in (durable.run(facts, on), reference.run(facts, on)):
        assert got.firings == want.firings
        assert got.derived == want.derived
    assert durable.run(facts, on).backend == "durable"
    assert reference.run(facts, on).backend == "reference"


# Facts that start the chains, so that deep chaining is common.
_CORE = [
    Fact("k0", "case.detained", True), Fact("k1", "case.charge_category", "terrorism"),
    Fact("k2", "destination.custody_torture_level", "widespread"),
    Fact("k3", "case.charge_category", "political"),
    Fact("k4", "case.charge_organisation", "akromiya"), Fact("k5", "case.detained", False),
    Fact("k6", "case.assurances_given", False), Fact("k7", "case.political_activity", True),
]
dense_facts = st.builds(
    lambda core, rest: [*core, *rest],
    st.lists(st.sampled_from(_CORE), max_size=8),
    st.lists(
        st.sampled_from(FACT_NAMES).flatmap(lambda name: st.builds(
            Fact, st.sampled_from([f"f{k}" for k in range(30)]), st.just(name),
            st.sampled_from(LITERALS[name]))),
        max_size=25,
    ),
)


@settings(max_examples=400, deadline=None)
@given(facts=dense_facts, on=days)
def test_backends_equal_the_naive_evaluator_dense(
    durable: DurableBackend, reference: ReferenceBackend, naive: NaiveEvaluator,
    facts: list[Fact], on: dt.date
) -> None:
    """The same with the values each fact's rules test for (and their neighbours), so that
    most rules fire and chain."""
    want = naive.run(facts, on)
    for got in (durable.run(facts, on), reference.run(facts, on)):
        assert (got.firings, got.derived) == (want.firings, want.derived)

"""Differential properties of the compiled evaluation plan: the same fired rules and derived
facts as the reference evaluator (and so as durable-rules), evaluated whole or from a base with
some facts changed."""

from __future__ import annotations

import datetime as dt

import pytest
from engine_fixture import FACT_NAMES, LITERALS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_differential import _CORE as CHAIN_STARTERS

from refoulement_risk.engine import Fact
from refoulement_risk.plan import RulePlan, fact_values
from refoulement_risk.reference import ReferenceBackend
from refoulement_risk.rulebook import Rulebook

_CORE = CHAIN_STARTERS  # the facts that start the chains, as in the differential tests
_value = st.sampled_from(FACT_NAMES).flatmap(
    lambda name: st.tuples(st.just(name), st.sampled_from(LITERALS[name])))
_pairs = st.lists(_value, max_size=25)
days = st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31))


def _facts(core: list[Fact], pairs: list[tuple[str, object]]) -> list[Fact]:
    # Unique ids, as a fact sheet gives them.
    return [*dict.fromkeys(core), *(Fact(f"f{i}", n, v) for i, (n, v) in enumerate(pairs))]


def _want(reference: ReferenceBackend, facts: list[Fact], on: dt.date
          ) -> tuple[set[str], dict[str, set[object]]]:
    result = reference.run(facts, on)
    derived: dict[str, set[object]] = {}
    for fact in result.derived:
        derived.setdefault(fact.name, set()).add(fact.value)
    return {f.rule_id for f in result.firings}, derived


@settings(max_examples=600, deadline=None)
@given(core=st.lists(st.sampled_from(_CORE), max_size=8), pairs=_pairs, on=days)
def test_plan_fires_what_the_reference_fires(
        rulebook: Rulebook, reference: ReferenceBackend, core: list[Fact],
        pairs: list[tuple[str, object]], on: dt.date) -> None:
    """Whole evaluation: identical fired rules and derived facts, on any facts and day."""
    plan = RulePlan(rulebook)
    facts = _facts(core, pairs)
    got = plan.evaluate(fact_values(facts), on)
    fired, derived = _want(reference, facts, on)
    assert set(plan.fired_ids(got)) == fired
    assert got.derived == {k: v for k, v in derived.items()}


@pytest.mark.parametrize("assume_cycle", [False, True])
@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(core=st.lists(st.sampled_from(_CORE), max_size=8), pairs=_pairs, changes=_pairs,
       on=days)
def test_a_changed_evaluation_equals_a_whole_one(
        rulebook: Rulebook, reference: ReferenceBackend, assume_cycle: bool, core: list[Fact],
        pairs: list[tuple[str, object]], changes: list[tuple[str, object]],
        on: dt.date) -> None:
    """From a base, replacing some facts' values re-evaluates only what they reach and gives
    exactly the whole evaluation of the changed facts (rules that stop firing included), by
    change propagation and by the re-derivation used when derived facts form a cycle."""
    plan = RulePlan(rulebook)
    plan._cyclic = assume_cycle
    base_facts = _facts(core, pairs)
    base = plan.evaluate(fact_values(base_facts), on)
    patch: dict[str, tuple[object, ...]] = {}
    for name, value in changes:
        patch[name] = (*patch.get(name, ()), value)
    patch |= {name: () for name in {n for n, _ in pairs[:2]} - set(patch)}  # some removed
    changed = {**fact_values(base_facts), **patch}
    changed_facts = [Fact(f"g{i}-{k}", n, v) for i, (n, vs) in enumerate(changed.items())
                     for k, v in enumerate(vs)]
    got = plan.evaluate_changed(base, patch, on)
    fired, derived = _want(reference, changed_facts, on)
    assert set(plan.fired_ids(got)) == fired
    assert got.derived == derived

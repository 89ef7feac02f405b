"""Differential property: exploring unknowns on the compiled plan gives exactly what re-running
the engine for every answer gives — the same range and missing information, hence the same
assessment — on generated cases, for both backends."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from refoulement_risk import assessor
from refoulement_risk.assessor import Knowledge, assess, load_knowledge
from refoulement_risk.counterfactuals import Explorer

from .decided import decided_case_dicts
from .strategies import cases


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(backend="auto")


def _engine_explorer(knowledge: Knowledge, case: Any, day: Any, run: Any, destination: Any,
                     reusable: Any, published_by: Any) -> Explorer:
    return Explorer(knowledge.rulebook, assessor._Evaluator(knowledge, day, published_by),
                    run.sheet, run.scores)


def _by_engine(case: dict[str, Any], knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch
               ) -> dict[str, Any]:
    with monkeypatch.context() as patch:
        patch.setattr(assessor, "_explorer", _engine_explorer)
        return assess(case, knowledge=knowledge).model_dump(mode="json")


# The engine-per-answer oracle re-runs the engine for every answer of every unknown; contract 1.1
# added seven explored fields (about half as much again per case), so 1,000 cases need more
# than the suite's default ten minutes; on a shared two-core machine under load it did not
# finish in thirty (the same test on 120 cases agreed exactly; see the CHANGELOG).
@pytest.mark.timeout(3600)
@settings(max_examples=1000, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_the_plan_explores_unknowns_exactly_as_the_engine(
        knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch, case: dict[str, Any]) -> None:
    """Identical range, missing information (each answer's reach) and everything else."""
    fast = assess(case, knowledge=knowledge).model_dump(mode="json")
    assert fast == _by_engine(case, knowledge, monkeypatch)


def test_the_plan_is_used_and_agrees_on_the_decided_cases(
        knowledge: Knowledge, monkeypatch: pytest.MonkeyPatch) -> None:
    """On every decided case the plan agrees with the engine on the case itself (so it is the
    explorer used), and the whole assessment equals the engine-per-answer one."""
    from refoulement_risk.case import parse_case

    for case in decided_case_dicts():
        parsed = parse_case(case)
        assert parsed.as_of is not None
        run = assessor._run(parsed, parsed.as_of, knowledge)
        chosen = assessor._explorer(knowledge, parsed, parsed.as_of, run,
                                    knowledge.profiles.get(parsed.destination), [],
                                    parsed.as_of)
        assert type(chosen).__name__ == "PlanExplorer"
    for case in decided_case_dicts():
        fast = assess(case, knowledge=knowledge).model_dump(mode="json")
        assert fast == _by_engine(case, knowledge, monkeypatch)

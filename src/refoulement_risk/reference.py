"""The plain-Python backend: the compiled plan finds which rules fire, then each fired rule's
matches are listed.

The plan (:mod:`.plan`) reaches the fixpoint in one pass over the rules in dependency order and
tells which rules fire and which facts they derive, but not which facts each branch matched.
Those are listed here for the fired rules only, as the naive evaluator lists them (every
combination of distinct facts meeting a branch's conditions), so the result is the naive
evaluator's (:mod:`.naive_evaluator`, the oracle of the differential tests) at a fraction of its
cost. Where an input fact carries the id of a fact the rules derive (the naive evaluator then
keeps the input and derives nothing), the plan cannot vouch for the result and the naive
evaluator runs instead.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from .engine import EngineResult, Fact, Firing, derived_fact_id, fact_values
from .matching import satisfies
from .naive_evaluator import NaiveEvaluator
from .plan import RulePlan
from .rulebook import Rulebook

__all__ = ["ReferenceBackend"]


class ReferenceBackend:
    name = "reference"

    def __init__(self, rulebook: Rulebook) -> None:
        self._rulebook = rulebook
        self._plan = RulePlan(rulebook)
        self._naive = NaiveEvaluator(rulebook)

    def run(self, facts: Sequence[Fact], on: dt.date) -> EngineResult:
        known: dict[str, Fact] = {f.id: f for f in facts}  # the last fact with an id wins
        state = self._plan.evaluate(fact_values(known.values()), on)
        derived: dict[str, Fact] = {}
        for name, values in state.derived.items():
            for value in values:
                fact_id = derived_fact_id(name, value)
                if fact_id in known:
                    return self._naive_result(facts, on)
                derived[fact_id] = Fact(fact_id, name, value)
        by_name: dict[str, list[Fact]] = {}
        for fact in itertools.chain(known.values(), derived.values()):
            by_name.setdefault(fact.name, []).append(fact)
        firings: list[Firing] = []
        for index in state.fired:
            compiled = self._rulebook.rules[index]
            for b, branch in enumerate(compiled.branches):
                candidates = [[f for f in by_name.get(c.fact, ()) if satisfies(f, c)]
                              for c in branch.conditions]
                for combo in itertools.product(*candidates):
                    ids = tuple(f.id for f in combo)
                    if len(set(ids)) == len(ids):
                        firings.append(Firing(compiled.order, compiled.id, b, ids))
        return EngineResult(firings=tuple(sorted(firings)),
                            derived=tuple(sorted(derived.values())), backend=self.name)

    def _naive_result(self, facts: Sequence[Fact], on: dt.date) -> EngineResult:
        result = self._naive.run(facts, on)
        return EngineResult(firings=result.firings, derived=result.derived, backend=self.name)

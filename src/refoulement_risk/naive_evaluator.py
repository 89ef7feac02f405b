"""Naive forward chaining to a fixpoint over the compiled rules: the oracle.

Both backends (durable-rules and the plain-Python ``reference`` backend, which runs on the
compiled plan) are tested against it, and the plain-Python backend falls back to it where the
plan cannot vouch for a fact sheet. Clarity over speed: every branch is re-matched on every
pass until a pass adds no firing (facts are looked up by name, which changes nothing else).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from .engine import EngineResult, Fact, Firing, derived_fact_id
from .matching import satisfies
from .rulebook import Rulebook

__all__ = ["NaiveEvaluator"]


class NaiveEvaluator:
    name = "naive"

    def __init__(self, rulebook: Rulebook) -> None:
        self._rulebook = rulebook

    def run(self, facts: Sequence[Fact], on: dt.date) -> EngineResult:
        rules = [r for r in self._rulebook.rules if r.in_force(on)]
        known: dict[str, Fact] = {f.id: f for f in facts}
        firings: set[Firing] = set()
        derived: dict[str, Fact] = {}
        changed = True
        while changed:
            changed = False
            by_name: dict[str, list[Fact]] = {}
            for fact in known.values():
                by_name.setdefault(fact.name, []).append(fact)
            for compiled in rules:
                for b, branch in enumerate(compiled.branches):
                    candidates = [[f for f in by_name.get(c.fact, ()) if satisfies(f, c)]
                                  for c in branch.conditions]
                    for combo in itertools.product(*candidates):
                        ids = tuple(f.id for f in combo)
                        if len(set(ids)) != len(ids):
                            continue
                        firing = Firing(compiled.order, compiled.id, b, ids)
                        if firing in firings:
                            continue
                        firings.add(firing)
                        changed = True
                        derive = compiled.rule.then.derive
                        if derive is not None:
                            fact_id = derived_fact_id(derive.fact, derive.value)
                            if fact_id not in known:
                                fact = Fact(fact_id, derive.fact, derive.value)
                                known[fact_id] = fact
                                derived[fact_id] = fact
        return EngineResult(
            firings=tuple(sorted(firings)),
            derived=tuple(sorted(derived.values())),
            backend=self.name,
        )

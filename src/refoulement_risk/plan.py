"""The rule book compiled once into an evaluation plan, for exploring what the unknowns could do.

The assessment that is returned runs on the configured engine (durable-rules by default). The
exploration of unknowns asks the same question some thirty times per assessment with one field
changed each time, and only needs *which rules fire*, not the matched facts. This plan answers
that quickly and exactly:

- every condition is compiled once into a test of one value;
- rules are ordered so that a rule deriving a fact comes before every rule that reads it (the
  rules have no negation, so one pass in that order reaches the fixpoint; a cycle falls back to
  repeating passes until nothing changes);
- an index from each fact name to the rules that read it, closed over derived facts, gives the
  rules a changed field can reach; a variant re-evaluates only those and keeps the rest from the
  base evaluation.

Its semantics are those of :func:`.matching.satisfies` and the naive evaluator (a branch
fires when each condition matches a *different* fact); the differential tests prove that the
fired rules, derived facts and scores are identical to both backends'.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .engine import fact_values
from .rule_models import Condition, FactorEffect
from .rulebook import Rulebook
from .scoring import combine
from .vocabulary import FactValue, Operator

__all__ = ["Evaluation", "RulePlan", "fact_values"]

Test = Callable[[FactValue], bool]
Values = Mapping[str, tuple[FactValue, ...]]


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def _compile(condition: Condition) -> Test:
    op, operand = condition.operator, condition.operand
    if op == Operator.known:
        wanted = bool(operand)
        return lambda v: (v is not None) is wanted
    if isinstance(operand, list):  # one_of
        items = tuple(operand)
        return lambda v: v is not None and any(_same(v, i) for i in items)
    if op == Operator.is_:
        return lambda v: v is not None and _same(v, operand)
    if op == Operator.is_not:
        return lambda v: v is not None and not _same(v, operand)
    assert isinstance(operand, int)
    bound: int = operand

    def number(v: FactValue) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)
    if op == Operator.at_least:
        return lambda v: number(v) and v >= bound  # type: ignore[operator]
    return lambda v: number(v) and v <= bound  # type: ignore[operator]


@dataclass(frozen=True)
class _Branch:
    groups: tuple[_Group, ...]


_MEMO_LIMIT = 4096


@dataclass(frozen=True, eq=False)
class _Group:
    """The conditions of one branch on one fact name; two conditions on one fact must be met by
    two different facts, as in the engines. Whether a set of values meets them is remembered
    (values with their types, since ``True == 1`` but a condition on ``1`` is not met by
    ``True``)."""

    name: str
    tests: tuple[Test, ...]
    memo: dict[tuple[object, ...], bool]

    def met_by(self, values: tuple[FactValue, ...]) -> bool:
        key = (*values, *map(type, values))
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= _MEMO_LIMIT:
                self.memo.clear()
            found = self.memo[key] = _distinct_match(values, self.tests)
        return found


@dataclass(frozen=True)
class _PlannedRule:
    index: int
    rule_id: str
    order: int
    branches: tuple[_Branch, ...]
    reads: frozenset[str]
    derive: tuple[str, FactValue] | None
    factor: FactorEffect | None
    valid_from: dt.date
    valid_until: dt.date | None

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


def _distinct_match(values: Sequence[FactValue], tests: tuple[Test, ...]) -> bool:
    if len(tests) == 1:
        return any(map(tests[0], values))

    def place(i: int, used: frozenset[int]) -> bool:
        if i == len(tests):
            return True
        return any(k not in used and tests[i](v) and place(i + 1, used | {k})
                   for k, v in enumerate(values))
    return place(0, frozenset())


@dataclass
class Evaluation:
    """Which rules fired (by plan index) and the facts they derived, for one fact sheet."""

    values: dict[str, tuple[FactValue, ...]]
    fired: set[int]
    derived: dict[str, set[FactValue]]
    # Which tests each value passes, by fact name, filled as variants of it are compared.
    passes: dict[str, tuple[tuple[bool, ...], ...]] = field(default_factory=dict, repr=False,
                                                           compare=False)
    # Whether this evaluation's own values meet a group, filled as variants read groups they
    # leave unchanged (only once the evaluation is complete: derived facts are then final).
    met: dict[_Group, bool] = field(default_factory=dict, repr=False, compare=False)


class RulePlan:
    def __init__(self, rulebook: Rulebook) -> None:
        planned = [self._plan(i, compiled) for i, compiled in enumerate(rulebook.rules)]
        self._rules, self._cyclic = _dependency_order(planned)
        self.rulebook = rulebook
        self._scales = rulebook.index.scores
        self.headline = next(iter(rulebook.index.scores))
        self._tiers = rulebook.index.tier_names()
        readers: dict[str, list[_PlannedRule]] = {}
        for rule in self._rules:
            for name in rule.reads:
                readers.setdefault(name, []).append(rule)
        self._readers = readers

    @staticmethod
    def _plan(index: int, compiled: object) -> _PlannedRule:
        from .rulebook import CompiledRule
        assert isinstance(compiled, CompiledRule)
        branches = []
        for branch in compiled.branches:
            groups: dict[str, list[Test]] = {}
            for condition in branch.conditions:
                groups.setdefault(condition.fact, []).append(_compile(condition))
            branches.append(_Branch(tuple(_Group(n, tuple(t), {}) for n, t in groups.items())))
        then = compiled.rule.then
        derive = (then.derive.fact, then.derive.value) if then.derive else None
        return _PlannedRule(
            index=index, rule_id=compiled.id, order=compiled.order, branches=tuple(branches),
            reads=frozenset(g.name for b in branches for g in b.groups), derive=derive,
            factor=then.factor, valid_from=compiled.rule.valid_from,
            valid_until=compiled.rule.valid_until)

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one plan per rule book, kept for its life
    def _active(self, day: dt.date) -> tuple[_PlannedRule, ...]:
        return tuple(r for r in self._rules if r.in_force(day))

    @functools.lru_cache(maxsize=1024)  # noqa: B019
    def _reach(self, changed: frozenset[str]) -> frozenset[int]:
        """Every rule a change to these facts can reach, through derived facts too."""
        reached: set[int] = set()
        frontier = list(changed)
        seen = set(frontier)
        while frontier:
            name = frontier.pop()
            for rule in self._readers.get(name, ()):
                if rule.index in reached:
                    continue
                reached.add(rule.index)
                if rule.derive is not None and rule.derive[0] not in seen:
                    seen.add(rule.derive[0])
                    frontier.append(rule.derive[0])
        return frozenset(reached)

    def evaluate(self, values: Values, day: dt.date) -> Evaluation:
        result = Evaluation(dict(values), set(), {})
        self._run(result, self._active(day))
        return result

    def evaluate_changed(self, base: Evaluation, patch: Values, day: dt.date) -> Evaluation:
        """The evaluation of ``base`` with the facts in ``patch`` replaced (name -> values).

        Rules are visited in dependency order among those the patch can reach, and one is
        re-matched only if a fact it reads has changed: a fact given in the patch, or a derived
        fact whose values changed because a rule before it started or stopped firing."""
        fired, derived = self._changed(base, patch, day)
        return Evaluation({**base.values, **patch}, set(fired),
                          {name: set(values) for name, values in
                           {**base.derived, **derived}.items() if values})

    def fired_changed(self, base: Evaluation, patch: Values,
                      day: dt.date) -> set[int] | frozenset[int]:
        """Only the fired rules of :meth:`evaluate_changed` (what the exploration scores),
        without building the patched evaluation: read-only, possibly ``base.fired`` itself."""
        return self._changed(base, patch, day)[0]

    def _changed(self, base: Evaluation, patch: Values, day: dt.date
                 ) -> tuple[set[int], dict[str, set[FactValue]]]:
        """The fired rules, and the derived facts whose values differ from ``base``'s (an
        empty set: no longer derived). Lookups go to ``patch`` and the changed derived facts
        first, then to ``base``, which is never copied whole."""
        patch = self._visible(patch, base)
        reach = self._reach(frozenset(patch))
        if not reach:
            return base.fired, {}  # no rule can tell what changed: the same firings
        if self._cyclic:
            state = self._evaluate_reached(base, patch, day, reach)
            changed = {n: state.derived.get(n, set())
                       for n in {*state.derived, *base.derived}
                       if state.derived.get(n) != base.derived.get(n)}
            return state.fired, changed
        fired = set(base.fired)
        derived: dict[str, set[FactValue]] = {}
        dirty = set(patch)
        for rule in self._active_reached(day, reach):
            if dirty.isdisjoint(rule.reads):
                continue
            was = rule.index in fired
            now = _matches_over(rule, patch, base.values, derived, base.derived, base.met)
            if now == was:
                continue
            if now:
                fired.add(rule.index)
            else:
                fired.discard(rule.index)
            if rule.derive is not None:
                name = rule.derive[0]
                values = {r.derive[1] for r in self._derivers_of[name]  # type: ignore[index]
                          if r.index in fired}
                before = derived[name] if name in derived else base.derived.get(name, set())
                if values != before:
                    dirty.add(name)
                derived[name] = values
        return fired, derived

    def _evaluate_reached(self, base: Evaluation, patch: Values, day: dt.date,
                          reach: frozenset[int]) -> Evaluation:
        # With a cycle among derived facts: drop everything the patch reaches and re-derive it.
        kept = base.fired - reach
        derived: dict[str, set[FactValue]] = {}
        for rule in self._derivers:
            if rule.index in kept:
                assert rule.derive is not None
                derived.setdefault(rule.derive[0], set()).add(rule.derive[1])
        result = Evaluation({**base.values, **patch}, kept, derived)
        self._run(result, self._active_reached(day, reach))
        return result

    @functools.cached_property
    def _derivers_of(self) -> dict[str, tuple[_PlannedRule, ...]]:
        table: dict[str, list[_PlannedRule]] = {}
        for rule in self._derivers:
            assert rule.derive is not None
            table.setdefault(rule.derive[0], []).append(rule)
        return {name: tuple(rules) for name, rules in table.items()}

    @functools.lru_cache(maxsize=4096)  # noqa: B019
    def _active_reached(self, day: dt.date, reach: frozenset[int]) -> tuple[_PlannedRule, ...]:
        return tuple(r for r in self._active(day) if r.index in reach)

    @functools.cached_property
    def _derivers(self) -> tuple[_PlannedRule, ...]:
        return tuple(r for r in self._rules if r.derive is not None)

    def _run(self, state: Evaluation, rules: Sequence[_PlannedRule]) -> None:
        while True:
            added = False
            for rule in rules:
                if rule.index in state.fired or not self._matches(rule, state):
                    continue
                state.fired.add(rule.index)
                added = True
                if rule.derive is not None:
                    state.derived.setdefault(rule.derive[0], set()).add(rule.derive[1])
            if not (added and self._cyclic):
                return

    @staticmethod
    def _matches(rule: _PlannedRule, state: Evaluation) -> bool:
        return _matches_over(rule, _NO_PATCH, state.values, _NO_DERIVED, state.derived)

    def _visible(self, patch: Values, base: Evaluation) -> Values:
        """``patch`` without the facts whose new values no condition can tell from the old.

        A group of conditions is met or not according to which of its tests each value passes
        (:func:`_distinct_match`), so values that pass the same tests, counted alike, meet every
        group alike; a value that passes no test can never be placed. Most answers explored
        change nothing the rules can see, and are then not re-matched at all."""
        known = base.passes
        kept = {}
        for name, items in patch.items():
            before = known.get(name)
            if before is None:
                before = known[name] = self._passes(name, base.values.get(name, ()))
            if self._passes(name, items) != before:
                kept[name] = items
        return kept if len(kept) != len(patch) else patch

    def _passes(self, name: str, items: tuple[FactValue, ...]) -> tuple[tuple[bool, ...], ...]:
        tests = self._tests_of.get(name)
        if tests is None:
            return ()  # read by no condition
        memo = self._pass_memo
        out = []
        for value in items:
            key = (name, type(value), value)
            found = memo.get(key)
            if found is None:
                if len(memo) >= _MEMO_LIMIT * 4:
                    memo.clear()
                passed = tuple(bool(test(value)) for test in tests)
                found = memo[key] = passed if any(passed) else ()  # () : placed nowhere
            if found:
                out.append(found)
        if len(out) > 1:
            out.sort()
        return tuple(out)

    @functools.cached_property
    def _tests_of(self) -> dict[str, tuple[Test, ...]]:
        """Every condition test on each fact name, across all rules and branches."""
        table: dict[str, list[Test]] = {}
        for rule in self._rules:
            for branch in rule.branches:
                for group in branch.groups:
                    table.setdefault(group.name, []).extend(group.tests)
        return {name: tuple(tests) for name, tests in table.items()}

    @functools.cached_property
    def _pass_memo(self) -> dict[tuple[str, type, FactValue], tuple[bool, ...]]:
        return {}

    def scores_of_fired(self, fired: set[int] | frozenset[int]) -> dict[str, int]:
        """Each score from a set of fired rules (plan indexes), as :meth:`scores`."""
        return self._scores_of(frozenset(self._factor_rules.intersection(fired)))

    def fired_ids(self, state: Evaluation) -> list[str]:
        return [r.rule_id for r in sorted(self._by_index(state.fired), key=lambda r: r.order)]

    def scores(self, state: Evaluation) -> dict[str, int]:
        """Each score as the assessor computes it from the same fired rules."""
        factors = frozenset(i for i in state.fired if i in self._factor_rules)
        return self._scores_of(factors)

    @functools.lru_cache(maxsize=8192)  # noqa: B019
    def _scores_of(self, factors: frozenset[int]) -> dict[str, int]:
        by_score: dict[str, list[tuple[str, int, FactorEffect]]] = {n: [] for n in self._scales}
        for rule in self._by_index(factors):
            assert rule.factor is not None
            by_score[rule.factor.score].append((rule.rule_id, rule.order, rule.factor))
        return {name: combine(scale.base, by_score[name], self._tiers)[0]
                for name, scale in self._scales.items()}

    @functools.cached_property
    def _factor_rules(self) -> frozenset[int]:
        return frozenset(r.index for r in self._rules if r.factor is not None)

    def _by_index(self, indexes: Iterable[int]) -> list[_PlannedRule]:
        table = self._table
        return [table[i] for i in indexes]

    @functools.cached_property
    def _table(self) -> dict[int, _PlannedRule]:
        return {r.index: r for r in self._rules}


_NO_PATCH: Values = {}
_NO_DERIVED: Mapping[str, set[FactValue]] = {}


def _matches_over(rule: _PlannedRule, patch: Values, values: Values,
                  derived: Mapping[str, set[FactValue]],
                  base_derived: Mapping[str, set[FactValue]],
                  base_met: dict[_Group, bool] | None = None) -> bool:
    """:meth:`RulePlan._matches` on ``values`` overlaid by ``patch``, and ``base_derived``
    overlaid by ``derived``. ``base_met`` remembers the groups met by the base alone (a
    complete evaluation's), which every variant leaving their fact unchanged reads again."""
    for branch in rule.branches:
        for group in branch.groups:
            name = group.name
            # the base's own verdict, where this variant leaves the group's fact unchanged
            memo = (base_met if base_met is not None and name not in patch
                    and name not in derived else None)
            met = memo.get(group) if memo is not None else None
            if met is None:
                found = patch[name] if name in patch else values.get(name, ())
                extra = derived[name] if name in derived else base_derived.get(name)
                if extra:  # in any order: whether values meet a group does not depend on it
                    found = (*found, *extra)
                met = group.met_by(found)
                if memo is not None:
                    memo[group] = met
            if not met:
                break
        else:
            return True
    return False


def _dependency_order(rules: list[_PlannedRule]) -> tuple[list[_PlannedRule], bool]:
    """Rules ordered so that derivers precede readers; ``True`` if there is a cycle."""
    derivers: dict[str, list[_PlannedRule]] = {}
    for rule in rules:
        if rule.derive is not None:
            derivers.setdefault(rule.derive[0], []).append(rule)
    ordered: list[_PlannedRule] = []
    state: dict[int, int] = {}  # 1 visiting, 2 done
    cyclic = False

    def visit(rule: _PlannedRule) -> None:
        nonlocal cyclic
        mark = state.get(rule.index)
        if mark == 2:
            return
        if mark == 1:
            cyclic = True
            return
        state[rule.index] = 1
        for name in sorted(rule.reads):
            for source in derivers.get(name, ()):
                visit(source)
        state[rule.index] = 2
        ordered.append(rule)

    for rule in rules:
        visit(rule)
    return ordered, cyclic

"""What it means for a fact to satisfy a condition: the single definition both backends follow.

The durable-rules backend compiles the same semantics into its JSON conditions; the differential
tests check that the two agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from .engine import Fact
from .rule_models import Condition
from .rulebook import Rulebook
from .vocabulary import FactValue

__all__ = ["relevant_signature", "satisfies"]


def satisfies(fact: Fact, condition: Condition) -> bool:
    if fact.name != condition.fact:
        return False
    value, op, operand = fact.value, condition.operator, condition.operand
    if op == "known":
        return (value is not None) is bool(operand)
    if value is None:
        return False
    if op == "is":
        return _same(value, operand)
    if op == "one_of":
        return any(_same(value, item) for item in operand)
    if op == "is_not":
        return not _same(value, operand)
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    bound: int = operand
    if op == "at_least":
        return value >= bound
    return value <= bound  # at_most


def _same(a: object, b: object) -> bool:
    # No coercion: True is not 1 and "1" is not 1.
    return type(a) is type(b) and a == b


def relevant_signature(rulebook: Rulebook,
                       facts: Iterable[Fact]) -> tuple[tuple[str, FactValue], ...]:
    """The facts some rule condition can match, as sorted (name, value) pairs. Two fact sets
    with the same signature fire the same rules on the same date, whatever their ids."""
    conditions = rulebook.conditions_by_fact()
    return tuple(sorted(
        ((f.name, f.value) for f in facts
         if any(satisfies(f, c) for c in conditions.get(f.name, ()))),
        key=repr,
    ))

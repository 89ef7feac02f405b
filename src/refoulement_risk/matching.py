"""What it means for a fact to satisfy a condition: the single definition both backends follow.

The durable-rules backend compiles the same semantics into its JSON conditions; the differential
tests check that the two agree. Conditions arrive normalised (``rule_models.Condition``).
"""

from __future__ import annotations

from .engine import Fact
from .rule_models import Condition
from .vocabulary import Operator

__all__ = ["satisfies"]


def satisfies(fact: Fact, condition: Condition) -> bool:
    if fact.name != condition.fact:
        return False
    value, op, operand = fact.value, condition.operator, condition.operand
    if op == Operator.known:
        return (value is not None) is operand
    if value is None:
        return False
    if isinstance(operand, list):  # one_of
        return any(_same(value, item) for item in operand)
    if op == Operator.is_:
        return _same(value, operand)
    if op == Operator.is_not:
        return not _same(value, operand)
    if isinstance(value, bool) or not isinstance(value, int) or not isinstance(operand, int):
        return False
    if op == Operator.at_least:
        return value >= operand
    return value <= operand  # at_most


def _same(a: object, b: object) -> bool:
    # No coercion: True is not 1 and "1" is not 1.
    return type(a) is type(b) and a == b

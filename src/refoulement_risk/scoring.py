"""From fired factor rules to a score that is exactly its base plus its contributions.

Factors are applied in a fixed order (tier, then rule order) to a running total kept within
0-100; a factor's contribution is how far it actually moved that total, so it equals its points
except where the total hits 0 or 100. Hence ``base + sum(contributions) == score`` always, and
the order is documented rather than hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .rule_models import FactorEffect

__all__ = ["ScoredFactor", "combine"]


@dataclass(frozen=True)
class ScoredFactor:
    rule_id: str
    order: int
    effect: FactorEffect
    contribution: int


def combine(base: int, factors: list[tuple[str, int, FactorEffect]],
            tiers: Sequence[str]) -> tuple[int, list[ScoredFactor]]:
    """``factors`` are (rule id, rule order, effect), ``tiers`` the order of application
    (``rules/index.yaml``); returns the score and the contributions."""
    tier_order = list(tiers)
    ordered = sorted(factors, key=lambda f: (tier_order.index(f[2].tier), f[1]))
    total = base
    scored = []
    for rule_id, order, effect in ordered:
        new_total = min(100, max(0, total + effect.points))
        scored.append(ScoredFactor(rule_id, order, effect, new_total - total))
        total = new_total
    return total, scored

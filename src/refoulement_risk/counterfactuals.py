"""What the unknowns could do: the range of the score and the value of each missing answer.

For every unknown field (``dimensions``) the case is re-assessed with each possible answer. The
rules are monotone in each field's risk order, so ``range`` is reached with every unknown at the
ends of its order; unordered fields (ethnicity) are tried value by value. This module owns the
cache of those runs: firings depend only on the facts some condition can match, so answers that
change no such fact share one engine run. It evaluates through a typed callback and knows
nothing of the engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from .assessment import MissingInformation, Range
from .dimensions import Dimension, Edit, unknown_dimensions
from .engine import Fact
from .facts import FactSheet
from .matching import satisfies
from .rulebook import Rulebook
from .vocabulary import FactValue

__all__ = ["Dimension", "Edit", "Evaluator", "Explorer", "Scores", "relevant_signature",
           "unknown_dimensions"]


@dataclass(frozen=True)
class Scores:
    """The headline score, the irregular-transfer score and the legal bars of one run."""

    torture: int
    transfer: int
    bars: frozenset[str] = frozenset()  # codes: an answer that brings or lifts one is decisive


class Evaluator(Protocol):
    """How the explorer evaluates an edited case: its facts, then the scores of those facts."""

    def facts(self, case: Any) -> FactSheet: ...

    def scores(self, case: Any, sheet: FactSheet) -> Scores: ...


Signature = tuple[tuple[str, FactValue], ...]


def relevant_signature(rulebook: Rulebook, facts: Iterable[Fact]) -> Signature:
    """The facts some rule condition can match, as sorted (name, value) pairs. Two fact sets
    with the same signature fire the same rules on the same date, whatever their ids."""
    conditions = rulebook.conditions_by_fact()
    return tuple(sorted(
        ((f.name, f.value) for f in facts
         if any(satisfies(f, c) for c in conditions.get(f.name, ()))),
        key=repr,
    ))


class Explorer:
    """Scores of edited cases for one assessment, each distinct signature run once."""

    def __init__(self, rulebook: Rulebook, evaluator: Evaluator, sheet: FactSheet,
                 scores: Scores) -> None:
        self._rulebook = rulebook
        self._evaluator = evaluator
        self._base_facts = sheet.facts
        self._signatures: dict[Signature, Scores] | None = None  # built on first use
        self.base = scores

    @property
    def _cache(self) -> dict[Signature, Scores]:
        # Lazily: an explorer that scores answers another way (the plan's) never needs it.
        if self._signatures is None:
            self._signatures = {relevant_signature(self._rulebook, self._base_facts): self.base}
        return self._signatures

    def scores(self, case: Any) -> Scores:
        sheet = self._evaluator.facts(case)
        key = relevant_signature(self._rulebook, sheet.facts)
        cache = self._cache
        if key not in cache:
            cache[key] = self._evaluator.scores(case, sheet)
        return cache[key]

    @property
    def runs(self) -> int:
        return len(self._cache)

    def combined(self, case: Any, choices: list[tuple[Dimension, int]]) -> Scores:
        """The scores of ``case`` with each chosen dimension given its answer (by index)."""
        for dim, answer in choices:
            case = dim.answers[answer][1](case)
        return self.scores(case)

    def missing(self, case: Any, dims: list[Dimension]) -> list[MissingInformation]:
        """How far each unknown field's answers could move each score."""
        base = self.base
        out = []
        for dim in dims:
            outcomes = [self.combined(case, [(dim, i)]) for i in range(len(dim.answers))]
            torture = [o.torture for o in outcomes]
            transfer = [o.transfer for o in outcomes]
            out.append(MissingInformation(
                field=dim.field, question=dim.question,
                could_raise_by=max(0, max(torture) - base.torture),
                could_lower_by=max(0, base.torture - min(torture)),
                irregular_transfer_could_raise_by=max(0, max(transfer) - base.transfer),
                irregular_transfer_could_lower_by=max(0, base.transfer - min(transfer)),
                could_add_bars=sorted(frozenset().union(*(o.bars for o in outcomes))
                                      - base.bars),
                could_lift_bars=sorted(base.bars - frozenset.intersection(
                    *(o.bars for o in outcomes))),
            ))
        return out

    def range(self, case: Any, dims: list[Dimension]) -> Range:
        """The headline score with every unknown at its least and at its most risky answer
        (unordered fields tried answer by answer on top of the most risky case)."""
        score = self.base.torture
        if not dims:
            return Range(low=score, high=score)
        lowest = [(dim, 0) for dim in dims]
        riskiest = [(dim, len(dim.answers) - 1) for dim in dims if dim.ordered]
        high = self.combined(case, riskiest).torture
        for dim in dims:
            if not dim.ordered:
                high = max([high] + [self.combined(case, [*riskiest, (dim, i)]).torture
                                     for i in range(len(dim.answers))])
        low = self.combined(case, lowest).torture
        return Range(low=min(low, score), high=max(high, score))

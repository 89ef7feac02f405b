"""The engine interface: facts in, the fixpoint of rule firings out.

Two backends implement it: durable-rules (``durable_backend``, the default) and a plain-Python
evaluator (``reference``), which is the oracle for differential tests and the fallback where
durable-rules cannot be imported; ``backends.create_backend`` chooses. Both must return the same
:class:`EngineResult` for the same facts: the rules contain no negation over derived facts, so
the set of firings at the fixpoint does not depend on the order in which rules fire, and results
are sorted canonically.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .vocabulary import FactValue

__all__ = [
    "Backend",
    "EngineResult",
    "Fact",
    "Firing",
    "derived_fact_id",
    "fact_values",
]

@dataclass(frozen=True, order=True)
class Fact:
    """One fact. Multi-valued facts (e.g. charge categories) appear once per value; an unknown
    fact is present with ``value=None`` so that rules can test for it without negation."""

    id: str
    name: str
    value: FactValue


@dataclass(frozen=True, order=True)
class Firing:
    """A rule branch matched these facts (ids in condition order)."""

    rule_order: int
    rule_id: str
    branch: int
    matched: tuple[str, ...]


@dataclass(frozen=True)
class EngineResult:
    firings: tuple[Firing, ...]
    derived: tuple[Fact, ...]
    backend: str


def fact_values(facts: Iterable[Fact]) -> dict[str, tuple[FactValue, ...]]:
    """A fact sheet as the plan reads it: each fact name with its values, duplicates kept."""
    values: dict[str, list[FactValue]] = {}
    for fact in facts:
        values.setdefault(fact.name, []).append(fact.value)
    return {name: tuple(items) for name, items in values.items()}


def derived_fact_id(name: str, value: FactValue) -> str:
    """Derived facts are identified by content, so every backend names them alike."""
    return f"{name}={json.dumps(value)}"


class Backend(Protocol):
    name: str

    def run(self, facts: Sequence[Fact], on: dt.date) -> EngineResult: ...

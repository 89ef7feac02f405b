"""What the unknowns could do, computed on the compiled plan instead of re-running the engine.

An answer to an unknown field changes only the case facts that field feeds, plus the
targeted-group matches that read them. So each answer is a *patch* of fact values, worked out
once per field and answer from a blank case through the same fact extraction as every
assessment (:func:`.facts.case_facts`, the catalogue's loops) and kept for the life of the
process; group matches are recomputed from the patched values by the same test
:func:`.facts.build_facts` uses. The plan then re-matches only the rules the patch can reach.

:class:`PlanExplorer` is a :class:`.counterfactuals.Explorer`: the formulas of
``missing_information`` and ``range`` are the explorer's, only the scoring of a combination of
answers differs. The engine's run of the case stays the assessment of record: if the plan's
scores of the unedited case ever differ from it, the assessor uses the engine-per-answer
explorer instead (the differential tests prove they never do).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .catalogue_model import Catalogue, EvidenceSource, Origin
from .counterfactuals import Dimension, Evaluator, Explorer, Scores
from .engine import fact_values
from .facts import FactSheet, case_facts, group_matches, published_sources
from .groups import GroupVocabulary
from .plan import Evaluation, RulePlan
from .profile_models import CountryProfile, TargetedGroup
from .rulebook import Rulebook
from .vocabulary import FactValue

__all__ = ["PatchBook", "PlanExplorer"]

Patch = dict[str, tuple[FactValue, ...]]


class PatchBook:
    """The rule plan, and each dimension's answer patches once computed (for one rule book,
    catalogue and group vocabulary, i.e. one :class:`.knowledge.Knowledge`)."""

    def __init__(self, rulebook: Rulebook, catalogue: Catalogue,
                 groups: GroupVocabulary) -> None:
        self.plan = RulePlan(rulebook)
        self.catalogue, self.groups = catalogue, groups
        # The group-match fact of each state the client could be held in (the destination,
        # the third state of an onward removal): recomputed when an answer changes the case.
        self.group_facts = {role: e.name for role in (Origin.destination, Origin.onward_state)
                            for e in catalogue.of(role) if e.source == EvidenceSource.groups}
        self.group_fact = self.group_facts[Origin.destination]
        self._cache: dict[tuple[str, str, tuple[str, ...]], tuple[Patch, ...]] = {}

    def patches(self, dim: Dimension, case: Any) -> tuple[Patch, ...]:
        """One patch per answer of a dimension built from the catalogue: the case facts the
        answers change, with each answer's values. Such a dimension sets its field whatever
        the rest of the case, so it is worked out once, on a blank case, and kept."""
        key = (type(case).__name__, dim.field, tuple(label for label, _ in dim.answers))
        cached = self._cache.get(key)
        if cached is None:
            blank = type(case).model_validate({"destination": case.destination})
            before = self._values(blank)
            cached = _diff(before, [self._values(edit(blank)) for _, edit in dim.answers])
            self._cache[key] = cached
        return cached

    def _values(self, case: Any) -> dict[str, tuple[FactValue, ...]]:
        sheet = FactSheet()
        case_facts(case, self.catalogue, self.groups, sheet)
        return sheet.case_values


def _diff(before: dict[str, tuple[FactValue, ...]],
          answers: list[dict[str, tuple[FactValue, ...]]]) -> tuple[Patch, ...]:
    changed = sorted({name for values in answers for name in values
                      if values[name] != before.get(name)}
                     | {name for name in before if any(name not in v for v in answers)})
    return tuple({name: values.get(name, ()) for name in changed} for values in answers)


class PlanExplorer(Explorer):
    """The explorer for one assessment, scoring answers on the plan."""

    def __init__(self, book: PatchBook, fallback: Evaluator, case: Any, day: dt.date,
                 sheet: FactSheet, destination: CountryProfile | None, scores: Scores,
                 reusable: Sequence[Dimension], onward: CountryProfile | None = None) -> None:
        super().__init__(book.plan.rulebook, fallback, sheet, scores)
        self._book, self._case, self._day = book, case, day
        self._reusable = {id(dim) for dim in reusable}
        self._fallback = fallback
        self._own: dict[int, tuple[Patch, ...]] = {}
        self._values = fact_values(sheet.facts)
        self._case_values = dict(sheet.case_values)
        self._start = book.plan.evaluate(self._values, day)
        self._groups = {fact: groups for role, profile in
                        ((Origin.destination, destination), (Origin.onward_state, onward))
                        if (fact := book.group_facts.get(role)) is not None
                        and (groups := _groups(profile, day, sheet, role)) is not None}
        self._seen: dict[tuple[tuple[str, tuple[FactValue, ...]], ...], Scores] = {}

    @property
    def agrees_with_engine(self) -> bool:
        """The plan scores the unedited case as the engine did."""
        return self._score(self._start) == self.base

    def combined(self, case: Any, choices: list[tuple[Dimension, int]]) -> Scores:
        patch: Patch = {}
        for dim, answer in choices:
            patch |= self._patches(dim)[answer]
        key = tuple(sorted(patch.items()))
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._evaluate(patch)
        return found

    def _patches(self, dim: Dimension) -> tuple[Patch, ...]:
        if id(dim) in self._reusable:
            return self._book.patches(dim, self._case)
        # Any other dimension (a word the vocabulary does not know, a field that picks another
        # state's evidence) is worked out on this case, from its whole fact sheet.
        found = self._own.get(id(dim))
        if found is None:
            answers = [fact_values(self._fallback.facts(edit(self._case)).facts)
                       for _, edit in dim.answers]
            found = self._own[id(dim)] = _diff(dict(self._values), answers)
        return found

    def _evaluate(self, patch: Patch) -> Scores:
        if not patch:
            return self._score(self._start)
        full = dict(patch)
        values = {**self._case_values, **patch}
        for fact, groups in self._groups.items():
            full[fact] = tuple(g.exposure for g in groups
                               if group_matches(g.match, self._book.catalogue, values))
        plan = self._book.plan
        return self._score(plan.evaluate_changed(self._start, full, self._day))

    def _score(self, state: Evaluation) -> Scores:
        scores = self._book.plan.scores(state)
        return Scores(scores[self._book.plan.headline], scores["irregular_transfer"])


def _groups(destination: CountryProfile | None, day: dt.date, sheet: FactSheet,
            role: Origin = Origin.destination) -> Sequence[TargetedGroup] | None:
    """The groups of a state's destination evidence an answer could match: those published
    by the sheet's cut-off, as :func:`.facts.build_facts` keeps them."""
    version = destination.version_on(day) if destination else None
    if destination is None or version is None or version.destination is None or not any(
            u.role == role.value and u.country == destination.country and u.evidence
            for u in sheet.profiles_used):
        return None  # no evidence: the group fact stays unknown whatever the answers
    return [g for g in version.destination.targeted_groups
            if published_sources(destination, g.sources, sheet.published_by)]


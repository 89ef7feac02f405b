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

from .case import Case
from .catalogue_model import Catalogue, EvidenceSource, Origin
from .counterfactuals import Dimension, Evaluator, Explorer, Scores
from .engine import fact_values
from .facts import FactSheet, case_facts, group_matches
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
        self.group_fact = next(e.name for e in catalogue.of(Origin.destination)
                               if e.source == EvidenceSource.groups)
        self._cache: dict[tuple[str, str, tuple[str, ...]], tuple[Patch, ...]] = {}

    def patches(self, dim: Dimension, case: Any, reusable: bool) -> tuple[Patch, ...]:
        """One patch per answer: the case facts the answers change, with each answer's values.

        A ``reusable`` dimension (one built from the catalogue) sets its field whatever the
        rest of the case, so it is worked out on a blank case and cached; any other is worked
        out on the case itself."""
        key = (type(case).__name__, dim.field, tuple(label for label, _ in dim.answers))
        if reusable and key in self._cache:
            return self._cache[key]
        start = Case.model_validate({"destination": case.destination}) if reusable else case
        before = self._values(start)
        answers = [self._values(edit(start)) for _, edit in dim.answers]
        changed = sorted({name for values in answers for name in values
                          if values[name] != before.get(name)})
        result = tuple({name: values.get(name, ()) for name in changed} for values in answers)
        if reusable:
            self._cache[key] = result
        return result

    def _values(self, case: Any) -> dict[str, tuple[FactValue, ...]]:
        sheet = FactSheet()
        case_facts(case, self.catalogue, self.groups, sheet)
        return sheet.case_values


class PlanExplorer(Explorer):
    """The explorer for one assessment, scoring answers on the plan."""

    def __init__(self, book: PatchBook, fallback: Evaluator, case: Any, day: dt.date,
                 sheet: FactSheet, destination: CountryProfile | None, scores: Scores,
                 reusable: Sequence[Dimension]) -> None:
        super().__init__(book.plan.rulebook, fallback, sheet, scores)
        self._book, self._case, self._day = book, case, day
        self._reusable = {id(dim) for dim in reusable}
        self._values = fact_values(sheet.facts)
        self._case_values = dict(sheet.case_values)
        self._start = book.plan.evaluate(self._values, day)
        self._groups = _groups(destination, day)
        self._group_fact = book.group_fact
        self._seen: dict[tuple[tuple[str, tuple[FactValue, ...]], ...], Scores] = {}

    @property
    def agrees_with_engine(self) -> bool:
        """The plan scores the unedited case as the engine did."""
        return self._score(self._start) == self.base

    def combined(self, case: Any, choices: list[tuple[Dimension, int]]) -> Scores:
        patch: Patch = {}
        for dim, answer in choices:
            patch |= self._book.patches(dim, self._case, id(dim) in self._reusable)[answer]
        key = tuple(sorted(patch.items()))
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._evaluate(patch)
        return found

    def _evaluate(self, patch: Patch) -> Scores:
        if not patch:
            return self._score(self._start)
        full = dict(patch)
        if self._groups is not None:
            values = {**self._case_values, **patch}
            full[self._group_fact] = tuple(
                g.exposure for g in self._groups
                if group_matches(g.match, self._book.catalogue, values))
        plan = self._book.plan
        return self._score(plan.evaluate_changed(self._start, full, self._day))

    def _score(self, state: Evaluation) -> Scores:
        scores = self._book.plan.scores(state)
        return Scores(scores[self._book.plan.headline], scores["irregular_transfer"])


def _groups(destination: CountryProfile | None, day: dt.date) -> Sequence[TargetedGroup] | None:
    version = destination.version_on(day) if destination else None
    if version is None or version.destination is None:
        return None  # no evidence: the group fact stays unknown whatever the answers
    return version.destination.targeted_groups


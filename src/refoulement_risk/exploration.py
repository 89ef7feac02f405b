"""What the unknowns could do, computed on the compiled plan instead of re-running the engine.

An answer to an unknown field changes only the case facts that field feeds, plus the
targeted-group matches and the capital-charge fact that read them. So each answer is a
*patch* of fact values, worked out
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
from .engine import Fact, fact_values
from .facts import (
    FactSheet,
    capital_charge,
    case_facts,
    group_criteria,
    group_matches,
    published_sources,
)
from .groups import GroupVocabulary
from .plan import Evaluation, RulePlan
from .profile_models import CapitalCharges, CountryProfile, TargetedGroup
from .rulebook import Rulebook
from .treaty_gaps import Linker, Outcome
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
        self.capital_fact = next(e.name for e in catalogue.of(Origin.destination)
                                 if e.source == EvidenceSource.capital_charges)
        self.outcomes = _outcomes_by_index(rulebook)
        # by plan index, the bar code a rule gives (if any): read on every explored answer
        self.bar_codes = {i: o.code for i, found in enumerate(self.outcomes)
                          for o in found if o.kind == "legal bar"}
        self.linker = Linker([c.rule for c in rulebook.rules])
        # The case facts a group match reads (``facts.group_matches``): an answer changing none
        # of them leaves the group fact as it is.
        self.group_criteria = group_criteria(catalogue)
        self.group_inputs = frozenset(
            [name for _, names in self.group_criteria for name in names]
            + [e.name for e in catalogue.of(Origin.case) if (e.path or "").startswith("profile.")])
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


def _outcomes_by_index(rulebook: Rulebook) -> tuple[tuple[Outcome, ...], ...]:
    """The legal bar and recommended step each rule gives, by plan index (the rule's position
    in the rule book), as the assessor names them from the engine's firings."""
    table = []
    for compiled in rulebook.rules:
        rule = compiled.rule
        found = []
        if rule.then.bar is not None:
            found.append(Outcome("legal bar", rule.then.bar.code, rule.title))
        if rule.then.recommend is not None:
            found.append(Outcome("recommended step", rule.then.recommend.code, rule.title))
        table.append(tuple(found))
    return tuple(table)


def _typed(values: tuple[FactValue, ...]) -> tuple[tuple[type, FactValue], ...]:
    # With their types: True == 1, but a condition on 1 is not met by True.
    return tuple((type(v), v) for v in values)


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
        self._sheet_facts = sheet.facts  # kept alive, so the ids below stay theirs
        self._own_facts = {id(f) for f in sheet.facts}
        self._patch_memo: dict[int, tuple[Patch, ...]] = {}
        self._case_values = dict(sheet.case_values)
        self._start = book.plan.evaluate(self._values, day)
        self._groups = {fact: groups for role, profile in
                        ((Origin.destination, destination), (Origin.onward_state, onward))
                        if (fact := book.group_facts.get(role)) is not None
                        and (groups := _groups(profile, day, sheet, role)) is not None}
        self._capital = _capital(destination, day, sheet)
        self._seen: dict[tuple[tuple[str, tuple[FactValue, ...]], ...], Scores] = {}
        self._single: dict[tuple[int, int], Scores] = {}  # by (dimension's id, answer)
        self._outcomes_seen: dict[tuple[tuple[str, tuple[tuple[type, FactValue], ...]], ...],
                                  tuple[int, int, frozenset[Outcome]]] = {}

    @property
    def agrees_with_engine(self) -> bool:
        """The plan scores the unedited case as the engine did."""
        return self._score(self._start) == self.base

    def combined(self, case: Any, choices: list[tuple[Dimension, int]]) -> Scores:
        if len(choices) == 1:  # most calls (``missing``): one answer, its patch as it is
            dim, answer = choices[0]
            single = (id(dim), answer)
            found = self._single.get(single)
            if found is None:
                found = self._single[single] = self._evaluate(self._patches(dim)[answer])
            return found
        patch: Patch = {}
        for dim, answer in choices:
            patch |= self._patches(dim)[answer]
        key = tuple(sorted(patch.items()))
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._evaluate(patch)
        return found

    def outcomes(self, facts: Sequence[Fact]) -> tuple[int, int, frozenset[Outcome]]:
        """The treaty-gap and withheld-evidence finders' callback: the scores, bars and steps of
        this case's fact sheet with some facts answered, on the plan (``facts`` is the whole
        sheet, so the patch is exactly what differs from the case's own facts)."""
        # The finders keep the sheet's own Fact objects where they change nothing: only the
        # names of new or dropped objects need comparing.
        own = self._own_facts
        kept = [f for f in facts if id(f) in own]
        changed = {f.name for f in facts if id(f) not in own}
        if len(kept) != len(own):
            present = {id(f) for f in kept}
            changed |= {f.name for f in self._sheet_facts if id(f) not in present}
        values = fact_values(f for f in facts if f.name in changed)
        patch: Patch = {name: values.get(name, ()) for name in changed}
        patch = {name: items for name, items in patch.items()
                 if _typed(items) != _typed(self._values.get(name, ()))}
        key = tuple(sorted((name, _typed(items)) for name, items in patch.items()))
        found = self._outcomes_seen.get(key)
        if found is None:
            fired = self._book.plan.fired_changed(self._start, patch, self._day)
            scores = self._score_fired(fired)
            table = self._book.outcomes
            found = self._outcomes_seen[key] = (
                scores.torture, scores.transfer,
                frozenset(o for i in fired for o in table[i]))
        return found

    def _patches(self, dim: Dimension) -> tuple[Patch, ...]:
        if id(dim) in self._reusable:
            found = self._patch_memo.get(id(dim))
            if found is None:
                found = self._patch_memo[id(dim)] = self._book.patches(dim, self._case)
            return found
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
        book = self._book
        if not book.group_inputs.isdisjoint(patch):
            values = {**self._case_values, **patch}
            for fact, groups in self._groups.items():
                matched = tuple(g.exposure for g in groups
                                if group_matches(g.match, book.catalogue, values,
                                                 book.group_criteria))
                if _typed(matched) != _typed(self._values.get(fact, ())):
                    full[fact] = matched
        if self._capital is not None:
            capital = (capital_charge(self._capital, book.catalogue,
                                      {**self._case_values, **patch}),)
            if _typed(capital) != _typed(self._values.get(book.capital_fact, ())):
                full[book.capital_fact] = capital
        return self._score_fired(book.plan.fired_changed(self._start, full, self._day))

    def _score(self, state: Evaluation) -> Scores:
        return self._score_fired(state.fired)

    def _score_fired(self, fired: set[int] | frozenset[int]) -> Scores:
        scores = self._book.plan.scores_of_fired(fired)
        codes = self._book.bar_codes
        bars = frozenset(codes[i] for i in fired if i in codes)
        return Scores(scores[self._book.plan.headline], scores["irregular_transfer"], bars)


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


def _capital(destination: CountryProfile | None, day: dt.date,
             sheet: FactSheet) -> CapitalCharges | None:
    """The destination's list of capital charges an answer could match, if it was published
    by the sheet's cut-off (as :func:`.facts.build_facts` keeps it); else the fact stays
    unknown whatever the answers."""
    version = destination.version_on(day) if destination else None
    if destination is None or version is None or version.destination is None or not any(
            u.role == "destination" and u.evidence for u in sheet.profiles_used):
        return None
    listed = version.destination.death_penalty_charges
    if listed is None or not published_sources(destination, listed.sources,
                                               sheet.published_by):
        return None
    return listed

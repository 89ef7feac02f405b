"""No silent gaps: the treaty statuses a bar or a route depends on that are unknown on the date.

A treaty status the evidence does not give (no profile, no entry, or a scope limitation such as
Turkey's geographical limitation) is unknown to the rules, so a bar that needs it does not fire.
That silence must not read as "no bar". For every unknown treaty status this module re-runs the
rules with the status answered both ways (every combination of the unknown statuses that some
rule reads together, directly or through a derived fact: ``linked``) and keeps the statuses
whose answer would bring or take away a legal bar or a recommended step. Those are reported in
``evidence_gaps``, ``missing_information`` and ``unknown_treaty_statuses``, each saying what
knowing it could change. A status that changes nothing for this case's facts is not reported.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .assessment import MissingInformation, UnknownTreatyStatus
from .catalogue import FACT_SPECS
from .engine import Fact
from .facts import FactSheet, UnknownTreaty
from .rule_models import ConditionGroup, Rule
from .treaty_gap_words import consequence as consequence_words
from .treaty_gap_words import gap_sentence, outcome_words, question_sentence

__all__ = ["Linker", "Outcome", "TreatyGaps", "find_treaty_gaps", "linked"]


@dataclass(frozen=True, order=True)
class Outcome:
    """A legal bar or a recommended step the rules gave."""

    kind: str  # "legal bar" or "recommended step"
    code: str
    title: str

    def words(self, no_longer: bool = False) -> str:
        return outcome_words(self.kind, self.code, self.title, no_longer=no_longer)


# facts -> (torture score, irregular-transfer score, bars and steps)
Evaluate = Callable[[Sequence[Fact]], tuple[int, int, frozenset[Outcome]]]


@dataclass(frozen=True)
class TreatyGaps:
    statuses: list[UnknownTreatyStatus]
    gaps: list[str]
    missing: list[MissingInformation]


def _reads(rule: Rule) -> set[str]:
    out: set[str] = set()
    for cond in rule.when.all:
        out |= {c.fact for c in (cond.any if isinstance(cond, ConditionGroup) else [cond])}
    return out


def linked(rules: Sequence[Rule], names: Sequence[str]) -> list[list[str]]:
    """``names`` split into groups no rule reads across (through derived facts too): the rules'
    outcomes depend on each group's answers alone, so each group is explored on its own."""
    wanted = set(names)
    through: dict[str, set[str]] = {}  # derived fact -> the statuses it depends on
    changed = True
    while changed:
        changed = False
        for rule in rules:
            derive = rule.then.derive
            if derive is None:
                continue
            needs = _needs(rule, wanted, through)
            if not needs <= through.get(derive.fact, set()):
                through[derive.fact] = through.get(derive.fact, set()) | needs
                changed = True
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for rule in rules:
        joined = sorted(_needs(rule, wanted, through))
        for other in joined[1:]:
            parent[root(other)] = root(joined[0])
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(root(n), []).append(n)
    return list(groups.values())


class Linker:
    """:func:`linked` for one rule set, each set of names worked out once (the rule set is
    fixed for the life of a :class:`.knowledge.Knowledge`; the statuses vary by case)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._memo: dict[tuple[str, ...], list[list[str]]] = {}

    def __call__(self, names: Sequence[str]) -> list[list[str]]:
        key = tuple(names)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= 4096:  # bounded: combinations of statuses are few in practice
                self._memo.clear()
            found = self._memo[key] = linked(self.rules, names)
        return [list(group) for group in found]


def _needs(rule: Rule, wanted: set[str], through: dict[str, set[str]]) -> set[str]:
    read = _reads(rule)
    return (read & wanted).union(*(through.get(f, set()) for f in read))


def _with(facts: Sequence[Fact], answers: dict[str, bool]) -> list[Fact]:
    return [Fact(f.id, f.name, answers[f.name]) if f.name in answers else f for f in facts]


def _change(gained: set[Outcome], lost: set[Outcome]) -> list[str]:
    return ([o.words() for o in sorted(gained)]
            + [o.words(no_longer=True) for o in sorted(lost)])


def find_treaty_gaps(sheet: FactSheet, day: dt.date, evaluate: Evaluate,
                     rules: Sequence[Rule] | Linker = ()) -> TreatyGaps:
    """The unknown treaty statuses that matter for this case, with what each could change.
    ``rules`` (the rule set, or its :class:`Linker`) lets independent statuses be explored
    apart; without it every combination of every unknown status is tried."""
    unknown: dict[str, UnknownTreaty] = {u.fact: u for u in sheet.unknown_treaties}
    if not unknown:
        return TreatyGaps([], [], [])
    torture, transfer, now = evaluate(sheet.facts)
    names = sorted(unknown)
    runs: dict[str, list[tuple[dict[str, bool], int, int, frozenset[Outcome]]]] = {}
    if isinstance(rules, Linker):
        groups = rules(names)
    else:
        groups = linked(rules, names) if rules else [names]
    for group in groups:
        group_runs = []
        for values in itertools.product((True, False), repeat=len(group)):
            answers = dict(zip(group, values, strict=True))
            group_runs.append((answers, *evaluate(_with(sheet.facts, answers))))
        for name in group:
            runs[name] = group_runs
    out = TreatyGaps([], [], [])
    for name in names:
        item = unknown[name]
        who = item.country or item.subject
        gained: dict[bool, set[Outcome]] = {True: set(), False: set()}
        lost: dict[bool, set[Outcome]] = {True: set(), False: set()}
        moves: list[tuple[int, int]] = []
        for answers, t, x, outcomes in runs[name]:
            gained[answers[name]] |= outcomes - now
            lost[answers[name]] |= now - outcomes
            moves.append((t - torture, x - transfer))
        if_bound = _change(gained[True] - gained[False], lost[True] - lost[False])
        if_not = _change(gained[False] - gained[True], lost[False] - lost[True])
        if not if_bound and not if_not:
            continue  # its answer changes nothing for this case
        label = FACT_SPECS[name].label or name
        out.statuses.append(UnknownTreatyStatus(
            fact=name, treaty=item.key, country=item.country, subject=who,
            reason=item.reason,
            if_bound=if_bound, if_not_bound=if_not))
        consequence = consequence_words(who, label, if_bound, if_not)
        out.gaps.append(gap_sentence(who, label, str(day), item.reason, consequence))
        out.missing.append(MissingInformation(
            field=item.field or f"removing_state.treaties.{item.key}",
            question=question_sentence(who, label, str(day), consequence, item.question),
            could_raise_by=max(0, *(t for t, _ in moves)),
            could_lower_by=max(0, *(-t for t, _ in moves)),
            irregular_transfer_could_raise_by=max(0, *(x for _, x in moves)),
            irregular_transfer_could_lower_by=max(0, *(-x for _, x in moves)),
            # what this status's answer decides, not what the other unknowns tried with it do
            could_add_bars=_bar_codes(gained[True] ^ gained[False]),
            could_lift_bars=_bar_codes(lost[True] ^ lost[False])))
    return out


def _bar_codes(outcomes: set[Outcome]) -> list[str]:
    return sorted({o.code for o in outcomes if o.kind == "legal bar"})

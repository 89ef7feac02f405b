"""No silent gaps: the treaty statuses a bar or a route depends on that are unknown on the date.

A treaty status the evidence does not give (no profile, no entry, or a scope limitation such as
Turkey's geographical limitation) is unknown to the rules, so a bar that needs it does not fire.
That silence must not read as "no bar". For every unknown treaty status this module re-runs the
rules with the status answered both ways (every combination of the unknown ones, at most
2**5 runs) and keeps the statuses whose answer would bring or take away a legal bar or a
recommended step: those are reported in ``evidence_gaps``, ``missing_information`` and
``unknown_treaty_statuses``, each saying what knowing it could change. A status that changes
nothing for this case's facts is not reported (it does not matter here).
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

__all__ = ["Outcome", "TreatyGaps", "find_treaty_gaps"]


@dataclass(frozen=True, order=True)
class Outcome:
    """A legal bar or a recommended step the rules gave."""

    kind: str  # "legal bar" or "recommended step"
    code: str
    title: str

    def words(self) -> str:
        return f"{self.kind} {self.code} ({self.title})"


# facts -> (torture score, irregular-transfer score, bars and steps)
Evaluate = Callable[[Sequence[Fact]], tuple[int, int, frozenset[Outcome]]]


@dataclass(frozen=True)
class TreatyGaps:
    statuses: list[UnknownTreatyStatus]
    gaps: list[str]
    missing: list[MissingInformation]


def _with(facts: Sequence[Fact], answers: dict[str, bool]) -> list[Fact]:
    return [Fact(f.id, f.name, answers[f.name]) if f.name in answers else f for f in facts]


def _change(gained: set[Outcome], lost: set[Outcome]) -> list[str]:
    return ([o.words() for o in sorted(gained)]
            + [f"no longer {o.words()}" for o in sorted(lost)])


def find_treaty_gaps(sheet: FactSheet, state: str | None, day: dt.date,
                     evaluate: Evaluate) -> TreatyGaps:
    """The unknown treaty statuses that matter for this case, with what each could change."""
    unknown: dict[str, UnknownTreaty] = {u.fact: u for u in sheet.unknown_treaties}
    if not unknown:
        return TreatyGaps([], [], [])
    torture, transfer, now = evaluate(sheet.facts)
    names = sorted(unknown)
    runs: list[tuple[dict[str, bool], int, int, frozenset[Outcome]]] = []
    for values in itertools.product((True, False), repeat=len(names)):
        answers = dict(zip(names, values, strict=True))
        runs.append((answers, *evaluate(_with(sheet.facts, answers))))
    who = state or "the removing state"
    out = TreatyGaps([], [], [])
    for name in names:
        item = unknown[name]
        gained: dict[bool, set[Outcome]] = {True: set(), False: set()}
        lost: dict[bool, set[Outcome]] = {True: set(), False: set()}
        moves: list[tuple[int, int]] = []
        for answers, t, x, outcomes in runs:
            gained[answers[name]] |= outcomes - now
            lost[answers[name]] |= now - outcomes
            moves.append((t - torture, x - transfer))
        if_bound = _change(gained[True] - gained[False], lost[True] - lost[False])
        if_not = _change(gained[False] - gained[True], lost[False] - lost[True])
        if not if_bound and not if_not:
            continue  # its answer changes nothing for this case
        label = FACT_SPECS[name].label or name
        out.statuses.append(UnknownTreatyStatus(
            fact=name, treaty=item.key, country=state, reason=item.reason,
            if_bound=if_bound, if_not_bound=if_not))
        consequence = "; ".join(
            part for part in (
                f"if {who} is {label} on this date: " + ", ".join(if_bound) if if_bound else "",
                "if it is not: " + ", ".join(if_not) if if_not else "",
            ) if part)
        out.gaps.append(f"Treaty status not checked: whether {who} is {label} on {day} is "
                        f"unknown ({item.reason}); {consequence}.")
        out.missing.append(MissingInformation(
            field=f"removing_state.treaties.{item.key}",
            question=(f"Is {who} {label} on {day}? Find the treaty record with its date "
                      f"(UN Treaty Collection, Council of Europe Treaty Office); "
                      f"{consequence}."),
            could_raise_by=max(0, *(t for t, _ in moves)),
            could_lower_by=max(0, *(-t for t, _ in moves)),
            irregular_transfer_could_raise_by=max(0, *(x for _, x in moves)),
            irregular_transfer_could_lower_by=max(0, *(-x for _, x in moves))))
    return out

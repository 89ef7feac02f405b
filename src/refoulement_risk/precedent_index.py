"""Precedents fast: the decided cases prepared once, so that an assessment only compares.

:func:`refoulement_risk.precedents.find_precedents` states the similarity and the order plainly;
this index returns exactly what it returns (a test compares the two on generated cases and
dates) at a fraction of the cost. At load it keeps each decided case's features, date (as a day
number), fired rules and the fixed fields of its :class:`Precedent`, grouped by destination and
sorted by date, so that an assessment:

- looks only at the decisions dated on or before its date (a bisection, not a scan);
- scores the same destination first, and looks elsewhere only when fewer than ``limit`` decisions
  on the same destination remain (the order puts every one of them before any other), and there
  only at decisions that share at least one of the case's facts (others score 0 on the facts,
  below ``MIN_SHARED_FACTS_ELSEWHERE``);
- adds the weighted features in the order of ``precedents._parts`` (the same floats: a feature
  that does not match adds exactly 0.0, so it is skipped without changing the sum).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .assessment import Precedent
from .case import Case
from .decided_cases import DecidedCase
from .precedents import (
    MIN_SHARED_FACTS_ELSEWHERE,
    PERIOD_YEARS,
    PRECEDENTS_SHOWN,
    WEIGHTS,
    Features,
    citation,
    features,
)

__all__ = ["PrecedentIndex"]

# The compared facts in the order of precedents._parts (the sums must add in the same order),
# each a set (compared by overlap) or a value (compared for equality); their place in
# ``_Entry.values`` is their place here. The fired rules come last, as in _parts.
_SET, _SAME = True, False
_SLOTS = (("charge_categories", _SET), ("organisations", _SET), ("groups", _SET),
          ("past_ill_treatment", _SAME), ("refugee_status", _SAME),
          ("diplomatic_assurances", _SAME), ("proceeding", _SAME), ("fired_rules", _SET))
_FIRED_SLOT = len(_SLOTS) - 1
_PARTS = ("destination", "period", *(name for name, _kind in _SLOTS[:_FIRED_SLOT]))
# _weighted's divisors, summed in the same order: without and with the fired rules.
_TOTAL = sum(WEIGHTS[name] for name in _PARTS)
_TOTAL_FIRED = sum(WEIGHTS[name] for name in (*_PARTS, "fired_rules"))
_YEAR_SPAN = 365.25 * PERIOD_YEARS
_W_DESTINATION, _W_PERIOD = WEIGHTS["destination"], WEIGHTS["period"]

# One comparison an assessment makes: the slot, its weight, whether it is a set, the case's value.
_Check = tuple[int, float, bool, Any]


@dataclass(frozen=True, slots=True)
class _Entry:
    """One decided case as the comparison reads it."""

    id: str
    day: int  # the decision date's ordinal
    destination: str
    # The features in the order of _SLOTS; the fired rules None where the calibration is stale.
    values: tuple[Any, ...]
    fields: Mapping[str, Any]  # the Precedent's fields but the similarity


def _values(known: Features, fired: Collection[str] | None) -> tuple[Any, ...]:
    return (known.charge_categories, known.organisations, known.groups, known.past_ill_treatment,
            known.refugee_status, known.assurances_given, known.proceeding,
            None if fired is None else frozenset(fired))


def _entry(decided: DecidedCase, known: Features, fired: Collection[str] | None) -> _Entry:
    decision = decided.decision
    fields = {
        "id": decided.id, "name": decided.name, "citation": citation(decided),
        "date": decision.date, "body": decision.body.value, "outcome": decision.outcome.value,
        "reason": decided.reason, "reason_language": "en" if decided.reason else None,
        "destination": decided.case.destination, "url": decision.source.url,
    }
    return _Entry(decided.id, decision.date.toordinal(), decided.case.destination,
                  _values(known, fired), fields)


def _checks(mine: Features, fired: Collection[str] | None) -> list[_Check]:
    """The comparisons worth making: a feature the case leaves unknown or empty matches
    nothing (its part is 0.0), so it is not compared at all."""
    checks = []
    for slot, value in enumerate(_values(mine, fired)):
        name, is_set = _SLOTS[slot]
        if value if is_set else value is not None:
            checks.append((slot, WEIGHTS[name], is_set, value))
    return checks


def _ceiling(checks: list[_Check], total: float) -> float:
    """The most the facts alone could reach with these checks (every part 1.0): float sums and
    products are monotone, so no decided case's facts can score above it."""
    best: float = 0
    for _slot, weight, _is_set, _value in checks:
        best += weight
    return round(min(1.0, max(0.0, best / total)), 3)


class PrecedentIndex:
    """The decided cases, prepared for :meth:`find` (built once, with the case law)."""

    def __init__(self, decided: Iterable[DecidedCase],
                 decided_fired: Mapping[str, Collection[str]] | None,
                 known: Mapping[str, Features] | None = None) -> None:
        entries = sorted(
            (_entry(d, (known or {}).get(d.id) or features(d.case),
                    None if decided_fired is None else decided_fired.get(d.id))
             for d in decided),
            key=lambda e: e.day)
        self._all = entries
        self._all_days = [e.day for e in entries]
        by_destination: dict[str, list[_Entry]] = {}
        for entry in entries:
            by_destination.setdefault(entry.destination, []).append(entry)
        self._by_destination = {d: (es, [e.day for e in es]) for d, es in by_destination.items()}
        # Which decided cases (bits by place in _all) hold each fact value or set member: a
        # case elsewhere that shares none of the assessed case's facts cannot reach the bar.
        holders: dict[tuple[int, Any], int] = {}
        for place, entry in enumerate(entries):
            for slot, (_name, is_set) in enumerate(_SLOTS):
                value = entry.values[slot]
                for member in (value or ()) if is_set else (value,):
                    holders[slot, member] = holders.get((slot, member), 0) | 1 << place
        self._holders = holders

    def find(self, case: Case, as_of: dt.date, fired: Collection[str] | None,
             limit: int = PRECEDENTS_SHOWN) -> list[Precedent]:
        """What ``find_precedents`` returns for the same case, date, fired rules and limit
        (a limit of 0 or more)."""
        mine = features(case)
        day = as_of.toordinal()
        own = case.client_reference
        checks = _checks(mine, fired)
        fired_known = fired is not None
        ranked: list[tuple[tuple[bool, float, int, str], _Entry, float]] = []
        same, same_days = self._by_destination.get(mine.destination, ((), []))
        for entry in same[:bisect.bisect_right(same_days, day)]:
            if entry.id != own:
                score = _score(checks, fired_known, day, entry, True)
                if score is not None:
                    ranked.append(((False, -score, day - entry.day, entry.id), entry, score))
        # Every decision on the same destination comes before any other: look elsewhere only
        # when fewer remain than are shown, and only if the case's facts could reach the bar.
        if len(ranked) < limit and max(_ceiling(checks, _TOTAL), _ceiling(checks, _TOTAL_FIRED)) \
                >= MIN_SHARED_FACTS_ELSEWHERE:
            for entry in self._sharing(checks, bisect.bisect_right(self._all_days, day)):
                if entry.destination != mine.destination and entry.id != own:
                    score = _score(checks, fired_known, day, entry, False)
                    if score is not None:
                        ranked.append(((True, -score, day - entry.day, entry.id), entry, score))
        ranked.sort(key=lambda item: item[0])
        return [Precedent(**entry.fields, similarity=score) for _key, entry, score
                in ranked[:limit]]

    def _sharing(self, checks: list[_Check], before: int) -> list[_Entry]:
        """The decided cases among the first ``before`` (by date) that share at least one of
        the checked facts (the others' facts score 0.0, below the bar elsewhere)."""
        holders = self._holders
        found = 0
        for slot, _weight, is_set, value in checks:
            for member in value if is_set else (value,):
                found |= holders.get((slot, member), 0)
        found &= (1 << before) - 1
        shared = []
        while found:
            lowest = found & -found
            shared.append(self._all[lowest.bit_length() - 1])
            found ^= lowest
        return shared


def _score(checks: list[_Check], fired_known: bool, day: int, entry: _Entry,
           same_destination: bool) -> float | None:
    """The rounded similarity, or None where ``find_precedents`` leaves the case out.

    The parts are added in the order of ``precedents._parts``; a part that is 0.0 is skipped
    (adding 0.0 changes no float), so the sums are the reference's to the last bit."""
    values = entry.values
    score: float = 0
    if same_destination:
        score += _W_DESTINATION
    period = max(0.0, 1.0 - abs(day - entry.day) / _YEAR_SPAN)
    if period:
        score += _W_PERIOD * period
    facts: float = 0
    for slot, weight, is_set, value in checks:
        theirs = values[slot]
        if is_set:
            if not theirs:
                continue
            shared = len(value & theirs)
            if not shared:
                continue
            term = weight * (shared / len(value | theirs))
        elif theirs == value:
            term = weight
        else:
            continue
        score += term
        facts += term
    # The fired rules count (even empty) where both sides know them; else they are left out.
    total = _TOTAL_FIRED if fired_known and values[_FIRED_SLOT] is not None else _TOTAL
    if not same_destination and round(min(1.0, max(0.0, facts / total)), 3) \
            < MIN_SHARED_FACTS_ELSEWHERE:
        return None
    rounded = round(min(1.0, max(0.0, score / total)), 3)
    return None if rounded <= 0 else rounded

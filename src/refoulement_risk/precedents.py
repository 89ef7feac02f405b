"""Precedents: the decided cases most like the assessed one.

The similarity of a decided case to the assessed one is a weighted sum in [0, 1] of features that
are compared only where both cases state them (an unknown matches nothing: no information is not
likeness). The weights (``WEIGHTS``) put the same destination and period first, then the facts that
drive the score. Shared fired rules come from the stored calibration (the backtest's factors of
each decided case); where it is stale, that part is left out and the other weights are scaled up
so that they still sum to one. A decision on another destination is offered only where the facts
alone (destination and period left out) reach ``MIN_SHARED_FACTS_ELSEWHERE``. Ties are broken by
the closest date, then the id, so the order is deterministic. ``docs/MODEL.md`` (Precedents)
documents the same.

Two cases are never offered: a decision dated after the assessment date (a lawyer then could not
have cited it), and the assessed case itself (the backtest assesses decided cases, which carry
their id as ``client_reference``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from .assessment import Precedent
from .case import OTHER_WORD, Case
from .decided_cases import Body, DecidedCase

__all__ = [
    "MIN_SHARED_FACTS_ELSEWHERE",
    "PRECEDENTS_SHOWN",
    "WEIGHTS",
    "Features",
    "citation",
    "features",
    "find_precedents",
    "similarity",
]

PRECEDENTS_SHOWN = 5
PERIOD_YEARS = 10  # decisions this many years apart or more share no period
# A decision on another destination must share this much of the facts that drive the score
# (the destination and the period left out): the date alone never makes a precedent.
MIN_SHARED_FACTS_ELSEWHERE = 0.10

WEIGHTS: dict[str, float] = {
    "destination": 0.30,
    "period": 0.10,
    "fired_rules": 0.20,
    "charge_categories": 0.10,
    "organisations": 0.05,
    "groups": 0.05,
    "past_ill_treatment": 0.05,
    "refugee_status": 0.05,
    "diplomatic_assurances": 0.05,
    "proceeding": 0.05,
}

_BODY_NAMES = {Body.un_cat: "Committee against Torture",
               Body.un_hrc: "Human Rights Committee"}


@dataclass(frozen=True)
class Features:
    """What the similarity compares of a case (computed once per decided case)."""

    destination: str
    charge_categories: frozenset[str]
    organisations: frozenset[str]
    groups: frozenset[str]
    past_ill_treatment: str | None
    refugee_status: str | None
    assurances_given: bool | None
    proceeding: str | None


def features(case: Case) -> Features:
    charges = case.charges or []
    profile = case.profile.model_dump(exclude_none=True) if case.profile else {}
    groups = {name for name, value in profile.items() if value is True}
    for word in ("ethnicity", "affiliation"):
        if isinstance(profile.get(word), str) and profile[word] != OTHER_WORD:
            groups.add(f"{word}:{profile[word]}")
    proceeding = case.proceeding.value if case.proceeding else None
    return Features(
        destination=case.destination,
        charge_categories=frozenset(c.category.value for c in charges),
        organisations=frozenset(c.organisation for c in charges if c.organisation),
        groups=frozenset(groups),
        past_ill_treatment=case.past_ill_treatment.value if case.past_ill_treatment else None,
        refugee_status=case.refugee_status.value if case.refugee_status else None,
        assurances_given=(case.diplomatic_assurances.given
                          if case.diplomatic_assurances else None),
        proceeding=None if proceeding == "unknown" else proceeding,
    )


def _jaccard(a: Collection[str], b: Collection[str]) -> float:
    if not a or not b:  # an empty side says nothing: no likeness
        return 0.0
    return len(set(a) & set(b)) / len(set(a) | set(b))


def _same(a: object, b: object) -> float:
    return 1.0 if a is not None and b is not None and a == b else 0.0


def _period(a: dt.date, b: dt.date) -> float:
    return max(0.0, 1.0 - abs((a - b).days) / (365.25 * PERIOD_YEARS))


def _parts(mine: Features, as_of: dt.date, fired: Collection[str] | None, decided: DecidedCase,
           theirs: Features, decided_fired: Collection[str] | None) -> dict[str, float]:
    """Each feature's likeness in [0, 1]; fired rules only where both sides are known."""
    parts = {
        "destination": _same(mine.destination, theirs.destination),
        "period": _period(as_of, decided.decision.date),
        "charge_categories": _jaccard(mine.charge_categories, theirs.charge_categories),
        "organisations": _jaccard(mine.organisations, theirs.organisations),
        "groups": _jaccard(mine.groups, theirs.groups),
        "past_ill_treatment": _same(mine.past_ill_treatment, theirs.past_ill_treatment),
        "refugee_status": _same(mine.refugee_status, theirs.refugee_status),
        "diplomatic_assurances": _same(mine.assurances_given, theirs.assurances_given),
        "proceeding": _same(mine.proceeding, theirs.proceeding),
    }
    if fired is not None and decided_fired is not None:
        parts["fired_rules"] = _jaccard(fired, decided_fired)
    return parts


def _weighted(parts: Mapping[str, float], leave_out: Collection[str] = ()) -> float:
    total = sum(WEIGHTS[name] for name in parts)
    score = sum(WEIGHTS[name] * value for name, value in parts.items() if name not in leave_out)
    return round(min(1.0, max(0.0, score / total)), 3)


def similarity(case: Case, as_of: dt.date, fired: Collection[str] | None,
               decided: DecidedCase, decided_fired: Collection[str] | None) -> float:
    """How alike ``decided`` is to ``case`` assessed on ``as_of``, in [0, 1] (see module doc).

    ``fired``/``decided_fired``: the rules that moved each torture score; None where unknown
    (then that feature is left out and the other weights are rescaled)."""
    return _weighted(_parts(features(case), as_of, fired, decided, features(decided.case),
                            decided_fired))


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def citation(decided: DecidedCase) -> str:
    """``Name v. State, no. X, date`` (ECtHR); the committee and communication no. (UN)."""
    decision = decided.decision
    when = _long_date(decision.date)
    if decision.body is Body.ecthr:
        numbers = [n.strip() for n in decision.reference.split(";") if n.strip()]
        if len(numbers) > 1:  # the Court's style: "nos. 28492/15 and 49975/15"
            listed = ", ".join(numbers[:-1]) + f" and {numbers[-1]}"
            return f"{decided.name}, nos. {listed}, {when}"
        return f"{decided.name}, no. {decision.reference}, {when}"
    name = decided.name.removesuffix(" (CAT)").removesuffix(" (HRC)")
    reference = decision.reference
    if "/" in reference and not reference.split("/")[0].isdigit():  # a document symbol
        return f"{name}, {_BODY_NAMES[decision.body]}, {reference}, {when}"
    return f"{name}, {_BODY_NAMES[decision.body]}, communication no. {reference}, {when}"


def find_precedents(case: Case, as_of: dt.date, fired: Collection[str] | None,
                    decided: Iterable[DecidedCase],
                    decided_fired: Mapping[str, Collection[str]] | None,
                    limit: int = PRECEDENTS_SHOWN,
                    known: Mapping[str, Features] | None = None) -> list[Precedent]:
    """The ``limit`` decided cases most like ``case``: same destination first, then the most
    alike, then the closest in date. None decided after ``as_of``; never the case itself.
    ``known``: the decided cases' features by id, computed once (else computed here)."""
    ranked = []
    mine = features(case)
    for other in decided:
        if other.decision.date > as_of or other.id == case.client_reference:
            continue
        theirs = None if decided_fired is None else decided_fired.get(other.id)
        their_features = (known or {}).get(other.id) or features(other.case)
        parts = _parts(mine, as_of, fired if theirs is not None else None, other, their_features,
                       theirs)
        score = _weighted(parts)
        elsewhere = other.case.destination != case.destination
        if score <= 0 or (elsewhere and _weighted(parts, ("destination", "period"))
                          < MIN_SHARED_FACTS_ELSEWHERE):
            continue
        apart = abs((as_of - other.decision.date).days)
        ranked.append(((other.case.destination != case.destination, -score, apart, other.id),
                       other, score))
    ranked.sort(key=lambda item: item[0])
    return [_precedent(other, score) for _key, other, score in ranked[:limit]]


def _precedent(decided: DecidedCase, score: float) -> Precedent:
    return Precedent(
        id=decided.id, name=decided.name, citation=citation(decided),
        date=decided.decision.date, body=decided.decision.body.value,
        outcome=decided.decision.outcome.value, reason=decided.reason,
        reason_language="en" if decided.reason else None, similarity=score,
        destination=decided.case.destination, url=decided.decision.source.url)

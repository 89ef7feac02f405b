"""The parts of an assessment read off the fired rules: factors, bars, actions, evidence gaps."""

from __future__ import annotations

import datetime as dt

from .assessment import Factor, LegalBar, RecommendedAction
from .explain import Explainer, FiredRule
from .facts import FactSheet, Unrecognised
from .scoring import ScoredFactor

__all__ = ["actions", "bars", "factors", "gaps", "unrecognised_line", "unrecognised_question"]

_SINGULAR = {"organisations": "organisation", "ethnicities": "ethnicity"}


def factors(scored: list[ScoredFactor], fired: list[FiredRule], explainer: Explainer,
            day: dt.date) -> list[Factor]:
    by_id = {f.compiled.id: f for f in fired}
    out = []
    for item in scored:
        rule = by_id[item.rule_id]
        out.append(Factor(
            rule=item.rule_id,
            title=rule.compiled.rule.title,
            tier=item.effect.tier,
            contribution=item.contribution,
            points=item.effect.points,
            because=[explainer.describe(i) for i in rule.matched],
            reasoning=rule.compiled.rule.because.strip(),
            authorities=explainer.authorities(rule.compiled.rule.authorities),
            evidence=explainer.evidence(rule.matched, day),
        ))
    return out


def bars(fired: list[FiredRule], explainer: Explainer, day: dt.date) -> list[LegalBar]:
    out = []
    for item in fired:
        bar = item.compiled.rule.then.bar
        if bar is None:
            continue
        out.append(LegalBar(
            code=bar.code, title=item.compiled.rule.title, effect=" ".join(bar.effect.split()),
            basis=bar.basis,
            rule=item.compiled.id, because=[explainer.describe(i) for i in item.matched],
            authorities=explainer.authorities(item.compiled.rule.authorities),
            evidence=explainer.evidence(item.matched, day), as_of=day,
        ))
    return out


def actions(fired: list[FiredRule], explainer: Explainer) -> list[RecommendedAction]:
    out = []
    for item in fired:
        rec = item.compiled.rule.then.recommend
        if rec is None:
            continue
        out.append(RecommendedAction(
            code=rec.code, action=" ".join(rec.action.split()),
            reason=" ".join(item.compiled.rule.because.split()), priority=rec.priority,
            rule=item.compiled.id,
            authorities=explainer.authorities(item.compiled.rule.authorities),
        ))
    return sorted(out, key=lambda a: (a.priority, a.rule))


def unrecognised_line(item: Unrecognised) -> str:
    return f"unrecognised {_SINGULAR[item.kind]}: {item.word}"


def unrecognised_question(item: Unrecognised) -> str:
    return (f"{unrecognised_line(item)}. Which {_SINGULAR[item.kind]} is it? No group of the "
            "evidence could be matched on it, so a risk it carries is not in the score; the "
            "published vocabulary lists the known names and spellings.")


def gaps(removing_state: str | None, sheet: FactSheet) -> list[str]:
    out = []
    for use in sheet.profiles_used:
        if use.role == "onward_state":
            continue  # said first, with what it could change (``onward.onward_findings``)
        if not use.evidence:  # no evidence version for this role covers the date
            out.append(f"No {use.role.replace('_', ' ')} evidence for {use.country} on this "
                       "date: the tiers that depend on it could not be assessed.")
    if removing_state is None:
        out.append("The removing state is unknown: treaty-based bars and its record of "
                   "irregular transfers could not be assessed.")
    return out + list(dict.fromkeys(unrecognised_line(i) for i in sheet.unrecognised))

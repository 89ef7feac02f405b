"""Assess a case: facts from the case and the evidence of its date, the engine to a fixpoint,
scores with their factors, bars, actions, and what the unknowns could change."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .assessment import (
    Assessment,
    Factor,
    IrregularTransfer,
    LegalBar,
    MissingInformation,
    ProfileVersionUsed,
    Range,
    RecommendedAction,
    Versions,
)
from .backends import create_backend
from .case import Case, parse_case
from .counterfactuals import Dimension, unknown_dimensions
from .engine import Backend, EngineResult
from .explain import Explainer, FiredRule
from .facts import FactSheet, build_facts
from .matching import relevant_signature
from .profiles import ProfileSet, load_profiles
from .resources import profiles_dir, rules_dir
from .rule_models import FactorEffect
from .rulebook import Rulebook, load_rulebook
from .scoring import ScoredFactor, combine
from .vocabulary import FactValue

__all__ = ["Knowledge", "assess", "default_knowledge", "load_knowledge"]


@dataclass(frozen=True)
class Knowledge:
    """The rule set, the evidence and the engine an assessment runs on (loaded once)."""

    rulebook: Rulebook
    profiles: ProfileSet
    backend: Backend


def load_knowledge(rules: Path | None = None, profiles: Path | None = None,
                   backend: str = "auto") -> Knowledge:
    rulebook = load_rulebook(rules or rules_dir())
    profile_set = load_profiles(profiles or profiles_dir())
    return Knowledge(rulebook, profile_set, create_backend(rulebook, backend))


@functools.lru_cache(maxsize=4)
def default_knowledge(backend: str = "auto") -> Knowledge:
    return load_knowledge(backend=backend)


@dataclass(frozen=True)
class _Run:
    sheet: FactSheet
    result: EngineResult
    scored: dict[str, list[ScoredFactor]]  # by score name, in the order they were applied
    torture: int
    transfer: int


def _sheet(case: Case, day: dt.date, knowledge: Knowledge) -> FactSheet:
    profiles = knowledge.profiles
    return build_facts(case, day, profiles.get(case.destination),
                       profiles.get(case.removing_state))


def _run(case: Case, day: dt.date, knowledge: Knowledge, sheet: FactSheet | None = None) -> _Run:
    sheet = sheet or _sheet(case, day, knowledge)
    result = knowledge.backend.run(sheet.facts, day)
    scales = knowledge.rulebook.index.scores
    by_score: dict[str, list[tuple[str, int, FactorEffect]]] = {name: [] for name in scales}
    for rule_id in dict.fromkeys(f.rule_id for f in result.firings):
        compiled = knowledge.rulebook.rule(rule_id)
        factor = compiled.rule.then.factor
        if factor is not None:
            by_score[factor.score].append((rule_id, compiled.order, factor))
    totals: dict[str, int] = {}
    scored: dict[str, list[ScoredFactor]] = {}
    for name, scale in scales.items():
        totals[name], scored[name] = combine(scale.base, by_score[name])
    return _Run(sheet, result, scored, totals["torture"], totals["irregular_transfer"])


def assess(case: Case | dict[str, Any], as_of: dt.date | None = None,
           knowledge: Knowledge | None = None) -> Assessment:
    """Assess ``case`` as of ``as_of`` (else the case's ``as_of``, else today).

    Raises :class:`~refoulement_risk.errors.CaseValidationError` listing every problem if the
    case does not fit the contract; nothing is computed from a partial case.
    """
    parsed = parse_case(case)
    knowledge = knowledge or default_knowledge()
    day = as_of or parsed.as_of or dt.date.today()
    run = _run(parsed, day, knowledge)
    explainer = Explainer(knowledge.rulebook, knowledge.profiles, run.sheet, run.result)
    fired = explainer.fired_rules()
    scales = knowledge.rulebook.index.scores
    torture_factors = _factors(run.scored["torture"], fired, explainer, day)
    transfer_factors = _factors(run.scored["irregular_transfer"], fired, explainer, day)
    dims = unknown_dimensions(parsed, day, knowledge.profiles.get(parsed.destination))
    missing, score_range = _unknowns(parsed, day, knowledge, run, dims)
    return Assessment(
        as_of=day,
        destination=parsed.destination,
        removing_state=parsed.removing_state,
        client_reference=parsed.client_reference,
        score=run.torture,
        band=scales["torture"].band(run.torture),
        range=score_range,
        base=scales["torture"].base,
        factors=torture_factors,
        irregular_transfer=IrregularTransfer(
            score=run.transfer,
            band=scales["irregular_transfer"].band(run.transfer),
            base=scales["irregular_transfer"].base,
            factors=transfer_factors,
        ),
        legal_bars=_bars(fired, explainer, day),
        missing_information=missing,
        recommended_actions=_actions(fired, explainer),
        evidence_gaps=_gaps(parsed, run.sheet),
        derived_facts=explainer.derived_facts(),
        trace=explainer.trace(),
        bands=dict(scales["torture"].bands),
        versions=Versions(
            engine=__version__,
            rules=knowledge.rulebook.index.version,
            rule_set_digest=knowledge.rulebook.digest,
            profiles_digest=knowledge.profiles.digest,
            profiles=[ProfileVersionUsed(role=u.role, country=u.country,
                                         evidence_version=u.version_from, available=u.available)
                      for u in run.sheet.profiles_used],
            backend=knowledge.backend.name,
        ),
    )


def _factors(scored: list[ScoredFactor], fired: list[FiredRule], explainer: Explainer,
             day: dt.date) -> list[Factor]:
    by_id = {f.compiled.id: f for f in fired}
    factors = []
    for item in scored:
        rule = by_id[item.rule_id]
        factors.append(Factor(
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
    return factors


def _bars(fired: list[FiredRule], explainer: Explainer, day: dt.date) -> list[LegalBar]:
    bars = []
    for item in fired:
        bar = item.compiled.rule.then.bar
        if bar is None:
            continue
        bars.append(LegalBar(
            code=bar.code, title=item.compiled.rule.title, effect=" ".join(bar.effect.split()),
            rule=item.compiled.id, because=[explainer.describe(i) for i in item.matched],
            authorities=explainer.authorities(item.compiled.rule.authorities),
            evidence=explainer.evidence(item.matched, day), as_of=day,
        ))
    return bars


def _actions(fired: list[FiredRule], explainer: Explainer) -> list[RecommendedAction]:
    actions = []
    for item in fired:
        rec = item.compiled.rule.then.recommend
        if rec is None:
            continue
        actions.append(RecommendedAction(
            code=rec.code, action=" ".join(rec.action.split()),
            reason=" ".join(item.compiled.rule.because.split()), priority=rec.priority,
            rule=item.compiled.id,
            authorities=explainer.authorities(item.compiled.rule.authorities),
        ))
    return sorted(actions, key=lambda a: (a.priority, a.rule))


def _gaps(case: Case, sheet: FactSheet) -> list[str]:
    gaps = []
    for use in sheet.profiles_used:
        if not use.available:
            gaps.append(f"No {use.role.replace('_', ' ')} evidence for {use.country} on this "
                        "date: the tiers that depend on it could not be assessed.")
    if case.removing_state is None:
        gaps.append("The removing state is unknown: treaty-based bars and its record of "
                    "irregular transfers could not be assessed.")
    return gaps


def _unknowns(case: Case, day: dt.date, knowledge: Knowledge, run: _Run,
              dims: list[Dimension]) -> tuple[list[MissingInformation], Range]:
    # Firings depend only on the facts some condition can match, so answers that change no
    # such fact share one engine run (most "no" answers match no rule at all).
    cache: dict[tuple[tuple[str, FactValue], ...], tuple[int, int]] = {
        relevant_signature(knowledge.rulebook, run.sheet.facts): (run.torture, run.transfer)}

    def scores(edited: Case) -> tuple[int, int]:
        sheet = _sheet(edited, day, knowledge)
        key = relevant_signature(knowledge.rulebook, sheet.facts)
        if key not in cache:
            result = _run(edited, day, knowledge, sheet)
            cache[key] = (result.torture, result.transfer)
        return cache[key]

    missing = []
    for dim in dims:
        outcomes = [scores(edit(case)) for _, edit in dim.answers]
        torture = [t for t, _ in outcomes]
        transfer = [i for _, i in outcomes]
        missing.append(MissingInformation(
            field=dim.field, question=dim.question,
            could_raise_by=max(0, max(torture) - run.torture),
            could_lower_by=max(0, run.torture - min(torture)),
            irregular_transfer_could_raise_by=max(0, max(transfer) - run.transfer),
            irregular_transfer_could_lower_by=max(0, run.transfer - min(transfer)),
        ))
    if not any(u.available for u in run.sheet.profiles_used if u.role == "destination"):
        # No evidence is not evidence of safety: anything up to the maximum stays possible.
        missing.append(MissingInformation(
            field="destination_evidence",
            question=(f"There is no country evidence for {case.destination} on {day}: what do "
                      "UN treaty bodies, Special Rapporteurs, the ECtHR and NGOs report about "
                      "the treatment of detainees and of people like the client?"),
            could_raise_by=100 - run.torture, could_lower_by=0,
            irregular_transfer_could_raise_by=None, irregular_transfer_could_lower_by=None))
    if case.removing_state is None:
        missing.append(MissingInformation(
            field="removing_state", question="Which state is removing the client?",
            could_raise_by=None, could_lower_by=None, irregular_transfer_could_raise_by=None,
            irregular_transfer_could_lower_by=None))
    missing.sort(key=lambda m: (
        -max(m.could_raise_by or 0, m.could_lower_by or 0),
        -max(m.irregular_transfer_could_raise_by or 0, m.irregular_transfer_could_lower_by or 0),
        m.field,
    ))
    score_range = _range(case, dims, run.torture, scores)
    if any(m.field == "destination_evidence" for m in missing):
        score_range = Range(low=score_range.low, high=100)
    return missing, score_range


def _range(case: Case, dims: list[Dimension], score: int, scores: Any) -> Range:
    if not dims:
        return Range(low=score, high=score)
    low_case = case
    high_case = case
    for dim in dims:
        low_case = dim.answers[0][1](low_case)
        if dim.ordered:
            high_case = dim.answers[-1][1](high_case)
    high = scores(high_case)[0]
    for dim in dims:
        if not dim.ordered:
            high = max([high] + [scores(edit(high_case))[0] for _, edit in dim.answers])
    low = scores(low_case)[0]
    return Range(low=min(low, score), high=max(high, score))

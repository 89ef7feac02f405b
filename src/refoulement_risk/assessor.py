"""Assess a case: facts from the case and the evidence of its date, the engine to a fixpoint,
scores with their factors (one per scale of ``rules/index.yaml``), bars, actions, and what the
unknowns could change (``counterfactuals``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from . import findings
from .assessment import (
    Assessment,
    IrregularTransfer,
    MissingInformation,
    ProfileVersionUsed,
    Range,
    Versions,
)
from .capital_charges import capital_findings
from .case import Case, parse_case
from .catalogue import CATALOGUE
from .counterfactuals import Dimension, Explorer, Scores, unknown_dimensions
from .dimensions import unrecognised_dimensions
from .engine import EngineResult, Fact
from .explain import Explainer
from .exploration import PlanExplorer
from .facts import FactSheet, build_facts, onward_state_code
from .knowledge import Knowledge, default_knowledge, load_knowledge
from .onward import onward_findings
from .profile_models import CountryProfile
from .rule_models import Band, FactorEffect
from .scoring import ScoredFactor, combine
from .treaty_gaps import Evaluate, Outcome, find_treaty_gaps
from .version import __version__
from .vocabulary import FactValue
from .withheld import withheld_findings

__all__ = ["Knowledge", "assess", "default_knowledge", "load_knowledge"]

_TRANSFER = "irregular_transfer"  # the contract's name for the second score
_PICKS_EVIDENCE = frozenset({"refugee_status_granted_by"})  # see ``_sheet``


@dataclass(frozen=True)
class _Run:
    sheet: FactSheet
    result: EngineResult
    scored: dict[str, list[ScoredFactor]]  # by score name, in the order they were applied
    totals: dict[str, int]
    headline: str
    bars: frozenset[str] = frozenset()  # the codes of the legal bars the rules gave

    @property
    def torture(self) -> int:
        return self.totals[self.headline]

    @property
    def transfer(self) -> int:
        return self.totals[_TRANSFER]

    @property
    def scores(self) -> Scores:
        return Scores(self.torture, self.transfer, self.bars)


def _sheet(case: Any, day: dt.date, knowledge: Knowledge,
           published_by: dt.date | None) -> FactSheet:
    profiles = knowledge.profiles
    granted_by = getattr(case, "refugee_status_granted_by", None)
    return build_facts(case, day, profiles.get(case.destination),
                       profiles.get(case.removing_state), profiles.groups,
                       published_by=published_by, granting_state=profiles.get(granted_by),
                       onward_state=profiles.get(onward_state_code(case)))


def _run(case: Any, day: dt.date, knowledge: Knowledge, sheet: FactSheet | None = None) -> _Run:
    """Facts (by default on evidence published by ``day``), the engine, and the scores."""
    sheet = sheet or _sheet(case, day, knowledge, day)
    result = knowledge.backend.run(sheet.facts, day)
    index = knowledge.rulebook.index
    by_score: dict[str, list[tuple[str, int, FactorEffect]]] = {name: [] for name in index.scores}
    for rule_id in dict.fromkeys(f.rule_id for f in result.firings):
        compiled = knowledge.rulebook.rule(rule_id)
        factor = compiled.rule.then.factor
        if factor is not None:
            by_score[factor.score].append((rule_id, compiled.order, factor))
    totals: dict[str, int] = {}
    scored: dict[str, list[ScoredFactor]] = {}
    for name, scale in index.scores.items():
        totals[name], scored[name] = combine(scale.base, by_score[name], index.tier_names())
    bars = frozenset(o.code for o in _outcomes(knowledge, result) if o.kind == "legal bar")
    return _Run(sheet, result, scored, totals, next(iter(index.scores)), bars)


@dataclass(frozen=True)
class _Evaluator:
    """The explorer's callback: facts of an edited case, then its scores."""

    knowledge: Knowledge
    day: dt.date
    published_by: dt.date | None

    def facts(self, case: Any) -> FactSheet:
        return _sheet(case, self.day, self.knowledge, self.published_by)

    def scores(self, case: Any, sheet: FactSheet) -> Scores:
        return _run(case, self.day, self.knowledge, sheet).scores


def _explorer(knowledge: Knowledge, case: Case, day: dt.date, run: _Run,
              destination: CountryProfile | None, reusable: list[Dimension],
              published_by: dt.date | None) -> Explorer:
    """The plan's explorer; the engine-per-answer one if the plan ever disagrees with the
    engine on the case itself."""
    evaluator = _Evaluator(knowledge, day, published_by)
    fast = PlanExplorer(knowledge.patches, evaluator, case, day, run.sheet, destination,
                        run.scores, reusable,
                        onward=knowledge.profiles.get(onward_state_code(case)))
    if fast.agrees_with_engine:
        return fast
    return Explorer(knowledge.rulebook, evaluator, run.sheet, run.scores)


def _outcomes(knowledge: Knowledge, result: EngineResult) -> frozenset[Outcome]:
    """The bars and recommended steps of a run."""
    out = set()
    for rule_id in {f.rule_id for f in result.firings}:
        rule = knowledge.rulebook.rule(rule_id).rule
        if rule.then.bar is not None:
            out.add(Outcome("legal bar", rule.then.bar.code, rule.title))
        if rule.then.recommend is not None:
            out.add(Outcome("recommended step", rule.then.recommend.code, rule.title))
    return frozenset(out)


@dataclass(frozen=True)
class _TreatyEvaluator:
    """The treaty-gap finder's callback: scores and outcomes of the same case with some
    treaty statuses answered."""

    knowledge: Knowledge
    day: dt.date
    case: Any
    base: _Run | None = None  # the case as assessed: its facts need no second engine run
    _seen: dict[tuple[tuple[str, type, FactValue], ...], tuple[int, int, frozenset[Outcome]]] = (
        field(default_factory=dict, compare=False))

    def __call__(self, facts: Sequence[Fact]) -> tuple[int, int, frozenset[Outcome]]:
        # The treaty-gap finder and the withheld-evidence finder both start from the case's
        # own facts, and linked statuses repeat combinations: run each fact set once.
        key = tuple((f.name, type(f.value), f.value) for f in facts)
        base = self.base
        if base is not None and not self._seen:
            self._seen[tuple((f.name, type(f.value), f.value) for f in base.sheet.facts)] = (
                base.torture, base.transfer, _outcomes(self.knowledge, base.result))
        found = self._seen.get(key)
        if found is None:
            run = _run(self.case, self.day, self.knowledge, FactSheet(facts=list(facts)))
            found = self._seen[key] = (run.torture, run.transfer,
                                       _outcomes(self.knowledge, run.result))
        return found


def _outcome_evaluator(knowledge: Knowledge, day: dt.date, case: Case, run: _Run,
                       explorer: Explorer) -> Evaluate:
    """The treaty-gap and withheld-evidence finders' callback: on the plan where the plan
    explores this case, else an engine run per fact set."""
    if isinstance(explorer, PlanExplorer):
        return explorer.outcomes
    return _TreatyEvaluator(knowledge, day, case, run)


def _band(knowledge: Knowledge, run: _Run, name: str) -> Band:
    """The band of a score, or the no-evidence band where its country evidence is missing, or
    where it lacks a fact the band rests on (``without_evidence.needs``: the general situation)
    and the score is below the violation bands: an unknown can only add risk, so a high band
    stands, but a low or moderate one would reassure on what the engine does not know."""
    index = knowledge.rulebook.index
    scale = index.scores[name]
    if not any(u.evidence for u in run.sheet.profiles_used if u.role == scale.evidence_of):
        return index.without_evidence.band
    known = {f.name for f in run.sheet.facts if f.value is not None}
    needed = [n for n in index.without_evidence.needs
              if n.split(".", 1)[0] == scale.evidence_of]
    band = scale.band(run.totals[name])
    if band not in index.violation_bands and any(n not in known for n in needed):
        return index.without_evidence.band
    return band


def assess(case: Case | dict[str, Any], as_of: dt.date | None = None,
           knowledge: Knowledge | None = None,
           evidence_published_by: dt.date | Literal["any"] | None = None) -> Assessment:
    """Assess ``case`` as of ``as_of`` (else the case's ``as_of``, else today).

    Only evidence published on or before ``evidence_published_by`` is used: by default the
    assessment date (no hindsight); a later date, or ``"any"`` for every source, on request.
    An item none of whose sources was published by then is unknown, and reported.

    Raises :class:`~refoulement_risk.errors.CaseValidationError` listing every problem if the
    case does not fit the contract; nothing is computed from a partial case.
    """
    parsed = parse_case(case)
    knowledge = knowledge or default_knowledge()
    day = as_of or parsed.as_of or dt.date.today()
    published_by = (None if evidence_published_by == "any"
                    else evidence_published_by or day)
    run = _run(parsed, day, knowledge, _sheet(parsed, day, knowledge, published_by))
    explainer = Explainer(knowledge.rulebook, knowledge.profiles, run.sheet, run.result)
    fired = explainer.fired_rules()
    scales = knowledge.rulebook.index.scores
    destination = knowledge.profiles.get(parsed.destination)
    dims = unknown_dimensions(parsed, day, destination)
    # A dimension whose answer picks another state's evidence (who granted refugee status) is
    # not a plain case fact: the explorer works it out on this case's whole fact sheet.
    reusable = [d for d in dims if d.field not in _PICKS_EVIDENCE]
    # A word the vocabulary does not know could be any word the evidence names: an unknown too.
    dims += unrecognised_dimensions(run.sheet.unrecognised, day, destination,
                                    findings.unrecognised_question)
    explorer = _explorer(knowledge, parsed, day, run, destination, reusable, published_by)
    evaluate = _outcome_evaluator(knowledge, day, parsed, run, explorer)
    treaty = find_treaty_gaps(run.sheet, day, evaluate, knowledge.patches.linker)
    withheld = withheld_findings(run.sheet, evaluate)
    capital = capital_findings(run.sheet, evaluate)
    onward = onward_findings(run.sheet, evaluate, day)
    missing = _missing(parsed, day, run,
                       explorer.missing(parsed, dims) + treaty.missing + withheld.missing
                       + capital.missing + onward.missing)
    score_range = explorer.range(parsed, dims)
    rise = max(withheld.could_raise_by, capital.could_raise_by)
    if rise or withheld.could_lower_by:
        # Each withheld item could be any value of its scale, and an unlisted capital charge
        # could be the client's: widen by the largest effect.
        score_range = Range(low=max(0, score_range.low - withheld.could_lower_by),
                            high=min(100, score_range.high + rise))
    if onward.could_raise_by:  # the third state's evidence could be anything: widen
        score_range = Range(low=score_range.low,
                            high=min(100, score_range.high + onward.could_raise_by))
    if any(m.field == "destination_evidence" for m in missing):
        score_range = Range(low=score_range.low, high=100)
    headline = run.headline
    band = _band(knowledge, run, headline)
    factors = findings.factors(run.scored[headline], fired, explainer, day)
    return Assessment(
        as_of=day,
        destination=parsed.destination,
        removing_state=parsed.removing_state,
        client_reference=parsed.client_reference,
        score=run.torture,
        band=band,
        range=score_range,
        base=scales[headline].base,
        factors=factors,
        irregular_transfer=IrregularTransfer(
            score=run.transfer,
            band=_band(knowledge, run, _TRANSFER),
            base=scales[_TRANSFER].base,
            factors=findings.factors(run.scored[_TRANSFER], fired, explainer, day),
        ),
        legal_bars=findings.bars(fired, explainer, day),
        missing_information=missing,
        recommended_actions=findings.actions(fired, explainer),
        evidence_gaps=(onward.gaps + findings.gaps(parsed.removing_state, run.sheet)
                       + withheld.gaps + capital.gaps + treaty.gaps),
        evidence_published_by=published_by,
        unknown_treaty_statuses=treaty.statuses,
        derived_facts=explainer.derived_facts(),
        trace=explainer.trace(),
        bands=dict(scales[headline].bands),
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
        precedents=knowledge.caselaw.precedents(parsed, day, [f.rule for f in factors]),
        calibration=knowledge.caselaw.track_record(band),
    )


def _missing(case: Case, day: dt.date, run: _Run,
             missing: list[MissingInformation]) -> list[MissingInformation]:
    """The explorer's answers, plus the gaps no answer of the case can fill, most decisive
    first."""
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
            field="removing_state", question=CATALOGUE.at_path("removing_state").question,
            could_raise_by=None, could_lower_by=None, irregular_transfer_could_raise_by=None,
            irregular_transfer_could_lower_by=None))
    explored = {m.question for m in missing}
    for item in dict.fromkeys(run.sheet.unrecognised):
        question = findings.unrecognised_question(item)
        if question not in explored:  # the evidence names no word of its kind to try
            missing.append(MissingInformation(
                field=item.path, question=question, could_raise_by=None, could_lower_by=None,
                irregular_transfer_could_raise_by=None, irregular_transfer_could_lower_by=None))
    missing.sort(key=lambda m: (
        m.field != "destination_evidence",  # without it no score means anything
        not (m.could_add_bars or m.could_lift_bars),  # a bar decides more than any points
        -max(m.could_raise_by or 0, m.could_lower_by or 0),
        -max(m.irregular_transfer_could_raise_by or 0, m.irregular_transfer_could_lower_by or 0),
        m.field,
    ))
    return missing

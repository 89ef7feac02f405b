"""What the unknowns could do: each unknown field's possible answers, and the cases they make.

Used for ``range`` (every unknown at its least and at its most risky answer) and for
``missing_information`` (how far each answer alone could move the scores). The rules are
monotone in each field's risk order, so the extremes are reached at the ends of that order;
charges are a list, and the most risky answer is the union of every category (and every
organisation the destination's evidence names), which is what a monotone rule set makes maximal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .case import (
    PROFILE_FLAGS,
    Case,
    Charge,
    ChargeCategory,
    DiplomaticAssurances,
    InterimMeasure,
    InterimMeasureBody,
    InterimMeasureStatus,
)
from .profiles import CountryProfile
from .vocabulary import FACT_SPECS

__all__ = ["Dimension", "unknown_dimensions"]

Edit = Callable[[Case], Case]



@dataclass(frozen=True)
class Dimension:
    """One unknown field: its question, and its answers ordered from least to most risky."""

    field: str
    question: str
    answers: tuple[tuple[str, Edit], ...]
    ordered: bool = True  # False: no answer is known to be the riskiest (e.g. ethnicity)


def _set(**update: Any) -> Edit:
    # Re-validate rather than model_copy(update=...), which would store raw strings, not enums.
    return lambda case: Case.model_validate({**case.model_dump(), **update})


def _set_in(part: str, **update: Any) -> Edit:
    def edit(case: Case) -> Case:
        data = case.model_dump()
        data[part] = {**(data.get(part) or {}), **update}
        return Case.model_validate(data)
    return edit


def _setter_in(part: str, key: str) -> Callable[[Any], Edit]:
    return lambda value: _set_in(part, **{key: value})


def _question(fact: str) -> str:
    return FACT_SPECS[fact].question


def _profile_words(profile: CountryProfile | None, day: dt.date) -> tuple[list[str], list[str]]:
    """Organisations and ethnicities the destination's evidence of the date names."""
    version = profile.version_on(day) if profile else None
    if version is None or version.destination is None:
        return [], []
    orgs: list[str] = []
    ethnicities: list[str] = []
    for group in version.destination.targeted_groups:
        orgs.extend(o for o in group.match.organisation or [] if o not in orgs)
        ethnicities.extend(e for e in group.match.ethnicity or [] if e not in ethnicities)
    return orgs, ethnicities


def _charges_dimension(orgs: list[str]) -> Dimension:
    answers: list[tuple[str, Edit]] = [("no charges", _set(charges=[]))]
    for category in ChargeCategory:
        answers.append((category.value, _set(charges=[Charge(category=category)])))
    for org in orgs:
        answers.append((f"religious_extremism ({org})", _set(charges=[
            Charge(category=ChargeCategory.religious_extremism, organisation=org)])))
    everything = [Charge(category=c) for c in ChargeCategory]
    everything += [Charge(category=ChargeCategory.religious_extremism, organisation=o)
                   for o in orgs]
    answers.append(("every category", _set(charges=everything)))
    return Dimension("charges", _question("case.charge_category"), tuple(answers))


def _ordered(field: str, fact: str, make: Callable[[Any], Edit]) -> Dimension:
    spec = FACT_SPECS[fact]
    values = spec.risk_order or (spec.values if spec.values else (False, True))
    return Dimension(field, spec.question, tuple((str(v), make(v)) for v in values))


def unknown_dimensions(case: Case, day: dt.date,
                       destination: CountryProfile | None) -> list[Dimension]:
    orgs, ethnicities = _profile_words(destination, day)
    dims: list[Dimension] = []
    if case.proceeding is None or case.proceeding.value == "unknown":
        dims.append(_ordered("proceeding", "case.proceeding",
                             lambda v: _set(proceeding=v)))
    if case.charges is None:
        dims.append(_charges_dimension(orgs))
    profile = case.profile
    if (profile is None or profile.ethnicity is None) and ethnicities:
        answers = [("another ethnicity", _set_in("profile", ethnicity="other"))]
        answers += [(e, _set_in("profile", ethnicity=e)) for e in ethnicities]
        dims.append(Dimension("profile.ethnicity", _question("case.ethnicity"), tuple(answers),
                              ordered=False))
    for flag in PROFILE_FLAGS:
        if profile is None or getattr(profile, flag) is None:
            dims.append(_ordered(f"profile.{flag}", f"case.{flag}", _setter_in("profile", flag)))
    if case.past_ill_treatment is None:
        dims.append(_ordered("past_ill_treatment", "case.past_ill_treatment",
                             lambda v: _set(past_ill_treatment=v)))
    if case.refugee_status is None:
        dims.append(_ordered("refugee_status", "case.refugee_status",
                             lambda v: _set(refugee_status=v)))
    if case.interim_measures is None:
        answers = [("none", _set(interim_measures=[]))]
        answers += [(f"{b.value} indicated", _set(interim_measures=[
            InterimMeasure(body=b, status=InterimMeasureStatus.indicated)]))
            for b in InterimMeasureBody]
        dims.append(Dimension("interim_measures",
                              _question("case.interim_measure.ecthr_rule39"), tuple(answers)))
    dims.extend(_assurance_dimensions(case.diplomatic_assurances))
    custody = case.custody
    for part, fact in (("detained", "case.detained"), ("release_imminent",
                                                       "case.release_imminent")):
        if custody is None or getattr(custody, part) is None:
            dims.append(_ordered(f"custody.{part}", fact, _setter_in("custody", part)))
    if case.prior_irregular_transfer_attempt is None:
        dims.append(_ordered("prior_irregular_transfer_attempt",
                             "case.prior_irregular_transfer_attempt",
                             lambda v: _set(prior_irregular_transfer_attempt=v)))
    return dims


_ASSURANCE_PARTS = (
    ("given", "case.assurances_given"),
    ("specific", "case.assurances_specific"),
    ("binding", "case.assurances_binding"),
    ("monitoring", "case.assurances_monitoring"),
    ("track_record_of_compliance", "case.assurances_track_record"),
)


def _assurance_dimensions(da: DiplomaticAssurances | None) -> list[Dimension]:
    if da is not None and da.given is False:
        return []
    dims = []
    for part, fact in _ASSURANCE_PARTS:
        if da is None or getattr(da, part) is None:
            dims.append(_ordered(f"diplomatic_assurances.{part}", fact,
                                 _setter_in("diplomatic_assurances", part)))
    return dims

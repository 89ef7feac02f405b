"""From a case and the country evidence of its date to the facts the rules read, with provenance.

Every case field becomes one fact, or one per value for lists, and an unknown field becomes a fact
with value ``None``: absence is explicit, so no rule needs negation. Profile evidence becomes facts
too, each remembering the profile item (and so the dated sources) it came from. Membership of a
targeted group is matched here, from the group's criteria in the profile, because the criteria are
evidence (data), not law.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .case import PROFILE_FLAGS, Case, InterimMeasureBody
from .engine import Fact
from .profiles import (
    CountryProfile,
    EvidenceVersion,
    GroupMatch,
    Indicator,
    TargetedGroup,
    TreatyName,
)
from .vocabulary import FactValue

__all__ = ["EvidenceRef", "FactSheet", "ProfileUse", "build_facts"]

@dataclass(frozen=True)
class EvidenceRef:
    """A profile item a fact came from: country, version date, item path, and its sources."""

    country: str
    version_from: dt.date | None
    item: str
    sources: tuple[str, ...]
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class ProfileUse:
    role: str
    country: str
    version_from: dt.date | None
    available: bool


@dataclass
class FactSheet:
    facts: list[Fact] = field(default_factory=list)
    case_paths: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, EvidenceRef] = field(default_factory=dict)
    profiles_used: list[ProfileUse] = field(default_factory=list)

    def add(self, name: str, value: FactValue, *, path: str | None = None,
            evidence: EvidenceRef | None = None) -> None:
        prefix = "c" if evidence is None else "p"
        fact_id = f"{prefix}{len(self.facts)}"
        self.facts.append(Fact(fact_id, name, value))
        if path is not None:
            self.case_paths[fact_id] = path
        if evidence is not None:
            self.evidence[fact_id] = evidence


def _case_facts(case: Case, sheet: FactSheet) -> None:
    sheet.add("case.proceeding", case.proceeding.value if case.proceeding else None,
              path="proceeding")
    sheet.add("case.removing_state_known", case.removing_state is not None, path="removing_state")
    if case.charges is None:
        sheet.add("case.charge_category", None, path="charges")
    else:
        for category in sorted({c.category.value for c in case.charges}):
            sheet.add("case.charge_category", category, path="charges[].category")
        for org in sorted({c.organisation for c in case.charges if c.organisation}):
            sheet.add("case.charge_organisation", org, path="charges[].organisation")
    profile = case.profile
    sheet.add("case.ethnicity", profile.ethnicity if profile else None, path="profile.ethnicity")
    for flag in PROFILE_FLAGS:
        value = getattr(profile, flag) if profile else None
        sheet.add(f"case.{flag}", value, path=f"profile.{flag}")
    sheet.add("case.past_ill_treatment",
              case.past_ill_treatment.value if case.past_ill_treatment else None,
              path="past_ill_treatment")
    sheet.add("case.refugee_status", case.refugee_status.value if case.refugee_status else None,
              path="refugee_status")
    for body in InterimMeasureBody:
        sheet.add(f"case.interim_measure.{body.value}", _measure_status(case, body),
                  path="interim_measures")
    da = case.diplomatic_assurances
    sheet.add("case.assurances_given", da.given if da else None,
              path="diplomatic_assurances.given")
    sheet.add("case.assurances_specific", da.specific if da else None,
              path="diplomatic_assurances.specific")
    sheet.add("case.assurances_binding", da.binding if da else None,
              path="diplomatic_assurances.binding")
    sheet.add("case.assurances_monitoring", da.monitoring.value if da and da.monitoring else None,
              path="diplomatic_assurances.monitoring")
    sheet.add("case.assurances_track_record", da.track_record_of_compliance if da else None,
              path="diplomatic_assurances.track_record_of_compliance")
    custody = case.custody
    sheet.add("case.detained", custody.detained if custody else None, path="custody.detained")
    sheet.add("case.release_imminent", custody.release_imminent if custody else None,
              path="custody.release_imminent")
    sheet.add("case.prior_irregular_transfer_attempt", case.prior_irregular_transfer_attempt,
              path="prior_irregular_transfer_attempt")


# The strongest status wins when one body appears several times (e.g. requested, then indicated).
_STATUS_STRENGTH = {"indicated": 4, "requested": 3, "lifted": 2, "refused": 1}


def _measure_status(case: Case, body: InterimMeasureBody) -> str | None:
    if case.interim_measures is None:
        return None
    statuses = [m.status.value for m in case.interim_measures if m.body == body]
    if not statuses:
        return "none"
    return max(statuses, key=lambda s: _STATUS_STRENGTH[s])


def _ref(profile: CountryProfile, version: EvidenceVersion, item: str,
         evidence: Indicator | TargetedGroup) -> EvidenceRef:
    return EvidenceRef(profile.country, version.valid_from, item, tuple(evidence.sources),
                       evidence.period.start, evidence.period.end, evidence.note)


def _group_matches(match: GroupMatch, case: Case) -> bool:
    charges = case.charges or []
    if match.charge_category and not any(c.category in match.charge_category for c in charges):
        return False
    if match.organisation and not any(c.organisation in match.organisation for c in charges):
        return False
    profile = case.profile
    if match.ethnicity and (profile is None or profile.ethnicity not in match.ethnicity):
        return False
    if match.profile_flags and (
        profile is None or not any(getattr(profile, flag) is True for flag in match.profile_flags)
    ):
        return False
    return not (match.refugee_status and (
        case.refugee_status is None or case.refugee_status.value not in match.refugee_status
    ))


_DESTINATION_INDICATORS = (
    "custody_torture_level", "assurances_record", "death_penalty", "renditions_abroad",
)
_REMOVING_INDICATORS = ("irregular_transfer_record", "interim_measures_disregarded")
_TREATIES: tuple[TreatyName, ...] = (
    "echr", "cat_article22", "iccpr_op1", "refugee_convention", "eu_member")
_TREATY_FACT = {"echr": "echr_party"}


def _destination_facts(case: Case, profile: CountryProfile | None, day: dt.date,
                       sheet: FactSheet) -> None:
    version = profile.version_on(day) if profile else None
    evidence = version.destination if version else None
    code = case.destination
    sheet.profiles_used.append(ProfileUse("destination", code,
                                          version.valid_from if version else None,
                                          evidence is not None))
    if profile is None or version is None or evidence is None:
        sheet.add("destination.profile_available", False)
        for name in _DESTINATION_INDICATORS:
            sheet.add(f"destination.{name}", None)
        sheet.add("destination.targeted_group_match", None)
        return
    sheet.add("destination.profile_available", True,
              evidence=EvidenceRef(code, version.valid_from, "summary", ()))
    for name in _DESTINATION_INDICATORS:
        indicator: Indicator | None = getattr(evidence, name)
        if indicator is None:
            sheet.add(f"destination.{name}", None)
        else:
            sheet.add(f"destination.{name}", indicator.value,
                      evidence=_ref(profile, version, f"destination.{name}", indicator))
    for i, group in enumerate(evidence.targeted_groups):
        if _group_matches(group.match, case):
            sheet.add("destination.targeted_group_match", group.exposure,
                      evidence=_ref(profile, version, f"destination.targeted_groups[{i}] "
                                                      f"({group.id})", group))


def _removing_state_facts(case: Case, profile: CountryProfile | None, day: dt.date,
                          sheet: FactSheet) -> None:
    code = case.removing_state
    version = profile.version_on(day) if profile else None
    if code is not None:
        sheet.profiles_used.append(ProfileUse("removing_state", code,
                                              version.valid_from if version else None,
                                              profile is not None))
    sheet.add("removing_state.profile_available", profile is not None)
    for treaty in _TREATIES:
        fact = f"removing_state.{_TREATY_FACT.get(treaty, treaty)}"
        status = profile.treaties.get(treaty) if profile else None
        if profile is None or status is None:
            sheet.add(fact, None)
            continue
        if status.scope_limitation is not None and status.in_force(day):
            # Bound only for some clients (e.g. Turkey's geographical limitation): unknown.
            sheet.add(fact, None)
            continue
        ref = EvidenceRef(profile.country, None, f"treaties.{treaty}", tuple(status.sources),
                          status.start, status.end, status.note)
        sheet.add(fact, status.in_force(day), evidence=ref)
    evidence = version.removing_state if version else None
    for name in _REMOVING_INDICATORS:
        indicator: Indicator | None = getattr(evidence, name) if evidence else None
        if profile is None or version is None or indicator is None:
            sheet.add(f"removing_state.{name}", None)
        else:
            sheet.add(f"removing_state.{name}", indicator.value,
                      evidence=_ref(profile, version, f"removing_state.{name}", indicator))


def build_facts(case: Case, day: dt.date, destination: CountryProfile | None,
                removing_state: CountryProfile | None) -> FactSheet:
    sheet = FactSheet()
    _case_facts(case, sheet)
    _destination_facts(case, destination, day, sheet)
    _removing_state_facts(case, removing_state, day, sheet)
    return sheet

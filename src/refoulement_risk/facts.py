"""From a case and the country evidence of its date to the facts the rules read, with provenance.

Every case fact of the catalogue becomes one fact, or one per value for lists, and an unknown
field becomes a fact with value ``None``: absence is explicit, so no rule needs negation.
Organisations and ethnicities are resolved through the group vocabulary's aliases; a word it
does not recognise is kept, and listed in ``unrecognised`` for the assessment to report. Profile
evidence becomes facts too, each remembering the profile item (and so the dated sources) it came
from. Membership of a targeted group is matched here, from the group's criteria in the profile,
because the criteria are evidence (data), not law.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import BaseModel

from .case import OTHER_WORD, Case
from .case_paths import read_fact_values
from .catalogue import CATALOGUE
from .catalogue_model import Catalogue, EvidenceSource, FactEntry, Origin
from .fact_sheet import (
    EvidenceRef,
    FactSheet,
    ProfileUse,
    UnknownTreaty,
    Unrecognised,
    Withheld,
)
from .groups import GroupVocabulary
from .profile_models import (
    CapitalCharges,
    CountryProfile,
    DestinationEvidence,
    EvidencePart,
    EvidenceVersion,
    GroupMatch,
    Indicator,
    TargetedGroup,
    TreatyStatus,
)
from .treaty_gap_words import TREATY_MESSAGES
from .vocabulary import FactValue

__all__ = [
    "EvidenceRef",
    "FactSheet",
    "ProfileUse",
    "UnknownTreaty",
    "Unrecognised",
    "Withheld",
    "build_facts",
    "capital_charge",
    "case_facts",
    "criteria_reading",
    "group_criteria",
    "group_matches",
    "onward_state_code",
]


def _display_path(entry: FactEntry) -> str:
    assert entry.path is not None
    return entry.path.split("[", 1)[0] if "=" in entry.path else entry.path


def case_facts(case: BaseModel, catalogue: Catalogue, groups: GroupVocabulary,
               sheet: FactSheet) -> None:
    for entry in catalogue.of(Origin.case):
        values = read_fact_values(case, entry)
        if entry.words is not None:
            resolved = [_resolve(entry, v, groups, sheet) for v in values]
            values = tuple(sorted(set(resolved), key=str)) if entry.multi else tuple(resolved)
        sheet.case_values[entry.name] = values
        for value in values:
            sheet.add(entry.name, value, path=_display_path(entry))


def _resolve(entry: FactEntry, value: FactValue, groups: GroupVocabulary,
             sheet: FactSheet) -> FactValue:
    if not isinstance(value, str) or entry.words is None or value == OTHER_WORD:
        return value  # "other": none of the words the evidence names, a known answer
    word_id = groups.resolve(entry.words, value)
    if word_id is None:
        sheet.unrecognised.append(Unrecognised(entry.words, value, _display_path(entry)))
        return value
    return word_id


def published_sources(profile: CountryProfile, sources: list[str],
               published_by: dt.date | None) -> tuple[str, ...]:
    """The sources published on or before ``published_by`` (all when it is None)."""
    return tuple(s for s in sources
                 if published_by is None or profile.sources[s].date <= published_by)


def _ref(profile: CountryProfile, version: EvidenceVersion, item: str,
         evidence: Indicator | TargetedGroup | CapitalCharges, sheet: FactSheet,
         fact: str) -> EvidenceRef | None:
    """The item with the sources published by the sheet's cut-off, or None (and the item
    recorded as withheld) when none was."""
    sources = published_sources(profile, evidence.sources, sheet.published_by)
    if not sources:
        assert sheet.published_by is not None
        first = min(profile.sources[s].date for s in evidence.sources)
        sheet.withheld.append(Withheld(fact, profile.country, item, first, sheet.published_by))
        return None
    return EvidenceRef(profile.country, version.valid_from, item, sources,
                       evidence.period.start, evidence.period.end, evidence.note)


def _has_published_item(profile: CountryProfile, part: DestinationEvidence,
                        published_by: dt.date | None) -> bool:
    items: list[Indicator | TargetedGroup | CapitalCharges] = [
        *part.indicators().values(), *part.targeted_groups]
    if part.death_penalty_charges is not None:
        items.append(part.death_penalty_charges)
    return any(published_sources(profile, item.sources, published_by) for item in items)


# Each group criterion with the case paths whose values it reads. An affiliation is held by
# the client's own answer or by a charge naming the organisation: either way the authorities
# identify the client with it.
_CRITERIA: dict[str, tuple[str, ...]] = {
    "charge_category": ("charges[].category",),
    "organisation": ("charges[].organisation",),
    "affiliation": ("profile.affiliation", "charges[].organisation"),
    "ethnicity": ("profile.ethnicity",),
    "refugee_status": ("refugee_status",),
}


def criteria_reading(path: str) -> tuple[str, ...]:
    """The group criteria a case path's values can hold (``charges[].organisation``: both
    ``organisation`` and ``affiliation``), so its unknowns are tried with their words."""
    return tuple(criterion for criterion, paths in _CRITERIA.items() if path in paths)


def group_criteria(catalogue: Catalogue) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each group criterion with the fact names it reads (for :func:`group_matches`)."""
    return tuple((criterion, tuple(catalogue.at_path(path).name for path in paths))
                 for criterion, paths in _CRITERIA.items())


def group_matches(match: GroupMatch, catalogue: Catalogue,
                  values: Mapping[str, tuple[FactValue, ...]],
                  criteria: tuple[tuple[str, tuple[str, ...]], ...] | None = None) -> bool:
    """Every criterion given holds; within a criterion, any value will do. ``values`` are the
    case's fact values by name (the exploration of unknowns passes answers' values here, and
    :func:`group_criteria` worked out once)."""
    for criterion, names in criteria or group_criteria(catalogue):
        wanted = getattr(match, criterion)
        if wanted and not any(v in wanted for name in names for v in values[name]
                              if v is not None):
            return False
    flags = match.profile_flags
    return not flags or any(values[catalogue.at_path(f"profile.{flag}").name] == (True,)
                            for flag in flags)


def capital_charge(listed: CapitalCharges, catalogue: Catalogue,
                   values: Mapping[str, tuple[FactValue, ...]]) -> bool | None:
    """Whether a charge of the case is of a category ``listed`` as carrying the death penalty;
    None (unknown) when the case gives no charge category. Like :func:`group_matches`, it reads
    the case's fact values, so the exploration of unknowns can pass answers' values."""
    given = [v for v in values[catalogue.at_path("charges[].category").name] if v is not None]
    if not given:
        return None
    return any(v in listed.categories for v in given)


def _capital_fact(entry: FactEntry, profile: CountryProfile | None,
                  version: EvidenceVersion | None, part: DestinationEvidence | None,
                  catalogue: Catalogue, sheet: FactSheet) -> None:
    listed = part.death_penalty_charges if part is not None else None
    if profile is None or version is None or part is None or listed is None:
        if profile is not None and part is not None and (
                (indicator := part.indicator("death_penalty")) is not None
                and indicator.value == "retained"):
            sheet.capital_charges_unlisted = profile.country  # reported, never a silent "no"
        sheet.add(entry.name, None)
        return
    ref = _ref(profile, version, f"destination.{entry.key}", listed, sheet, entry.name)
    answer = capital_charge(listed, catalogue, sheet.case_values)
    sheet.add(entry.name, None if ref is None else answer,
              evidence=ref if answer is not None else None)


def _indicator_fact(entry: FactEntry, profile: CountryProfile | None,
                    version: EvidenceVersion | None, part: EvidencePart | None,
                    sheet: FactSheet) -> None:
    assert entry.key is not None
    indicator = part.indicator(entry.key) if part is not None else None
    if profile is None or version is None or indicator is None:
        sheet.add(entry.name, None)
        return
    ref = _ref(profile, version, f"{entry.origin.value}.{entry.key}", indicator, sheet,
               entry.name)
    sheet.add(entry.name, None if ref is None else indicator.value, evidence=ref)


def _destination_facts(code: str | None, profile: CountryProfile | None, day: dt.date,
                       catalogue: Catalogue, sheet: FactSheet,
                       role: Origin = Origin.destination) -> None:
    """The evidence of a state the client would be held in: the destination, or the third
    state of an onward removal (``role`` onward_state, read from that state's own destination
    evidence). No code (no onward state named): every fact unknown, no profile used."""
    if code is None:
        for entry in catalogue.of(role):
            sheet.add(entry.name, False if entry.source == EvidenceSource.available else None)
        return
    version = profile.version_on(day) if profile else None
    evidence = version.destination if version else None
    if (profile is not None and evidence is not None
            and not _has_published_item(profile, evidence, sheet.published_by)):
        evidence = None  # nothing of this version had been published by the cut-off
    sheet.profiles_used.append(ProfileUse(role.value, code,
                                          version.valid_from if version else None,
                                          evidence is not None, evidence is not None))
    for entry in catalogue.of(role):
        if entry.source == EvidenceSource.available:
            if profile is None or version is None or evidence is None:
                sheet.add(entry.name, False)
            else:
                sheet.add(entry.name, True,
                          evidence=EvidenceRef(code, version.valid_from, "summary", ()))
        elif entry.source == EvidenceSource.indicator:
            _indicator_fact(entry, profile, version, evidence, sheet)
        elif entry.source == EvidenceSource.capital_charges:
            _capital_fact(entry, profile, version, evidence, catalogue, sheet)
        elif entry.source == EvidenceSource.groups:
            if profile is None or version is None or evidence is None:
                sheet.add(entry.name, None)
                continue
            for i, group in enumerate(evidence.targeted_groups):
                if group_matches(group.match, catalogue, sheet.case_values):
                    item = f"destination.targeted_groups[{i}] ({group.id})"
                    ref = _ref(profile, version, item, group, sheet, entry.name)
                    if ref is not None:
                        sheet.add(entry.name, group.exposure, evidence=ref)


def _treaty_unknown(code: str | None, profile: CountryProfile | None,
                    status: TreatyStatus | None, day: dt.date) -> str | None:
    """Why a treaty status is unknown on ``day``, or None when it is known."""
    if code is None:
        return TREATY_MESSAGES["treaty.reason.no_removing_state"]
    if profile is None:
        return TREATY_MESSAGES["treaty.reason.no_profile"].format(country=code)
    if status is None:
        return TREATY_MESSAGES["treaty.reason.no_entry"].format(country=code)
    if not status.known_on(day):
        return TREATY_MESSAGES["treaty.reason.before_latest_start"].format(
            country=code, start=status.start)
    if status.scope_limitation is not None and status.in_force(day):
        return TREATY_MESSAGES["treaty.reason.scope"].format(
            country=code, limitation=status.scope_limitation)
    return None


def _coe_member(destination: CountryProfile | None, day: dt.date) -> bool | None:
    """Whether the destination is a Council of Europe member on ``day``, from its ECHR entry:
    only members may be parties (ECHR Art. 59(1)), so a party is a member, and an entry
    recording a state never a party is the record of a non-member. Unknown otherwise: a member
    may not have ratified yet, and a state expelled stays a party for six months (Russia, 2022),
    so the last six months of a party's membership are left unknown too."""
    echr = destination.treaties.get("echr") if destination else None
    if echr is None:
        return None
    if not echr.party:
        return False
    if echr.in_force(day) and (echr.end is None or day < echr.end - _EXPULSION_NOTICE):
        return True
    return None


_EXPULSION_NOTICE = dt.timedelta(days=184)  # six months: membership may have ended first


def _origin_limit(status: TreatyStatus, code: str, destination: CountryProfile | None,
                  destination_code: str, day: dt.date) -> tuple[bool | None, str]:
    """A treaty limited to refugees from some countries of origin, for a client from the
    destination: (binds the removing state for this client, or None; why)."""
    member = _coe_member(destination, day)
    if member is None:
        return None, (f"{code} applies the treaty only to refugees from Council of Europe "
                      f"member states, and whether {destination_code} is one on this date is "
                      "not recorded")
    return member, (f"{code} applies the treaty only to refugees from Council of Europe "
                    f"member states; {destination_code} is "
                    f"{'one' if member else 'not one'} (its country profile), so the treaty "
                    f"{'binds' if member else 'does not bind'} {code} for this client")


def _removing_state_facts(code: str | None, profile: CountryProfile | None, day: dt.date,
                          catalogue: Catalogue, sheet: FactSheet,
                          destination: CountryProfile | None = None,
                          destination_code: str = "") -> None:
    version = profile.version_on(day) if profile else None
    if code is not None:
        sheet.profiles_used.append(ProfileUse(
            "removing_state", code, version.valid_from if version else None,
            profile is not None, version is not None and version.removing_state is not None))
    role = Origin.removing_state
    for entry in catalogue.of(role):
        if entry.source == EvidenceSource.available:
            sheet.add(entry.name, profile is not None)
        elif entry.source == EvidenceSource.treaty and entry.key is not None:
            status = profile.treaties.get(entry.key) if profile else None
            reason = _treaty_unknown(code, profile, status, day)
            limited: tuple[bool | None, str] | None = None
            if (reason is None and status is not None and code is not None
                    and status.limited_to_origin is not None and status.in_force(day)):
                limited = _origin_limit(status, code, destination, destination_code, day)
                if limited[0] is None:
                    reason = limited[1]
            if reason is not None:
                # Unknown; a scope limitation (e.g. Turkey's geographical limitation) means
                # the treaty binds the state for some clients only. An unstated removing state
                # is reported as such (findings.gaps), not treaty by treaty.
                sheet.add(entry.name, None)
                if code is not None:
                    sheet.unknown_treaties.append(
                        UnknownTreaty(entry.name, entry.key, reason, code))
                continue
            assert profile is not None and status is not None
            # A treaty status is not held to the publication cut-off: it is a legal fact fixed
            # by the deposit of an instrument, public when it happened; the source's date is
            # when the record we cite was issued or read. Withholding it would make, e.g., every
            # Rule 39 bar against Russia before 2022 vanish. A later record is flagged in the
            # output (``published_after_as_of``) instead (docs/MODEL.md).
            note = status.note if limited is None else f"{limited[1]}. {status.note}"
            ref = EvidenceRef(profile.country, None, f"treaties.{entry.key}",
                              tuple(status.sources), status.start, status.end, note)
            sheet.add(entry.name, status.in_force(day) if limited is None else limited[0],
                      evidence=ref)
        elif entry.source == EvidenceSource.indicator:
            _indicator_fact(entry, profile, version,
                            version.removing_state if version else None, sheet)


def _granting_state_facts(case: BaseModel, removing: str | None,
                          profile: CountryProfile | None, day: dt.date, catalogue: Catalogue,
                          sheet: FactSheet) -> None:
    """The status of the state that granted refugee status (``refugee_status_granted_by``)."""
    code = getattr(case, "refugee_status_granted_by", None)
    for entry in catalogue.of(Origin.granting_state):
        if entry.source != EvidenceSource.treaty or entry.key is None:
            continue
        if code == "unhcr":  # UNHCR's mandate is no state's grant
            sheet.add(entry.name, False, path="refugee_status_granted_by")
            continue
        status = profile.treaties.get(entry.key) if profile else None
        reason = (TREATY_MESSAGES["treaty.reason.no_grantor"] if code is None
                  else _treaty_unknown(code, profile, status, day))
        if reason is not None:
            sheet.add(entry.name, None)
            if getattr(case, "refugee_status", None) in (None, "none"):
                continue  # no status is claimed: who granted one does not arise
            sheet.unknown_treaties.append(UnknownTreaty(
                entry.name, entry.key, reason, code,
                subject=TREATY_MESSAGES["treaty.subject.granting_state"],
                field="refugee_status_granted_by" if code is None
                else f"granting_state.treaties.{entry.key}",
                question="" if code is not None
                else catalogue.at_path("refugee_status_granted_by").question))
            continue
        assert profile is not None and status is not None
        ref = EvidenceRef(profile.country, None, f"treaties.{entry.key}",
                          tuple(status.sources), status.start, status.end, status.note)
        sheet.add(entry.name, status.in_force(day), evidence=ref)


def build_facts(case: Case, day: dt.date, destination: CountryProfile | None,
                removing_state: CountryProfile | None, groups: GroupVocabulary,
                catalogue: Catalogue = CATALOGUE,
                published_by: dt.date | None = None,
                granting_state: CountryProfile | None = None,
                onward_state: CountryProfile | None = None) -> FactSheet:
    """The facts of ``case`` (a :class:`~refoulement_risk.case.Case`, or the model of a
    catalogue that extends it) and of the evidence of ``day``, in catalogue order.

    With ``published_by``, only sources published on or before it are used: an item none of
    whose sources was is left out and recorded in ``withheld`` (its fact is unknown)."""
    sheet = FactSheet(published_by=published_by)
    case_facts(case, catalogue, groups, sheet)
    _destination_facts(case.destination, destination, day, catalogue, sheet)
    _removing_state_facts(case.removing_state, removing_state, day, catalogue,
                          sheet, destination, case.destination)
    _granting_state_facts(case, case.removing_state, granting_state, day, catalogue, sheet)
    _destination_facts(onward_state_code(case), onward_state, day, catalogue, sheet,
                       role=Origin.onward_state)
    return sheet


def onward_state_code(case: BaseModel) -> str | None:
    """The third state the case says the destination may send the client on to, if any."""
    onward = getattr(case, "onward_removal", None)
    code = getattr(onward, "state", None) if onward is not None else None
    return code if isinstance(code, str) else None

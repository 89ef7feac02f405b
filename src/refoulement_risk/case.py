"""The case: the contract's input, exactly (CONTRACT.md, version 1).

Every field but ``destination`` is optional and ``None`` means *unknown*, which is never the same
as ``False`` or ``"none"``. Models are strict: unknown fields and values are refused, so a typo in
an intake form is an error, not a silently ignored fact.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
)

from .errors import CaseValidationError, Problem
from .iso_countries import ISO_3166_ALPHA2

__all__ = [
    "OTHER_WORD",
    "PROFILE_FLAGS",
    "AssociatesRecord",
    "Case",
    "Charge",
    "ChargeCategory",
    "Custody",
    "DeathPenaltyExposure",
    "DiplomaticAssurances",
    "Forum",
    "InjuriesAccepted",
    "InterimMeasure",
    "InterimMeasureBody",
    "InterimMeasureStatus",
    "Monitoring",
    "OnwardRemoval",
    "PastIllTreatment",
    "PersonalProfile",
    "Proceeding",
    "ProsecutionMotive",
    "RefugeeStatus",
    "field_path",
    "parse_case",
]

# An organisation or ethnicity is an id of the evidence vocabulary (``hizb_ut_tahrir``) or a
# plain name or other spelling of one, in any script (``хизб ут-тахрир``); the assessment resolves
# it, and reports one it does not recognise.
_NAME = re.compile(r"^[^\W\d_][\w' .\-]*$")
# The answer "none of the words the evidence names" (for an affiliation: none at all): a known
# answer, never reported as an unrecognised word.
OTHER_WORD = "other"


def _iso_country(value: str) -> str:
    if value not in ISO_3166_ALPHA2:
        raise ValueError("must be an ISO 3166-1 alpha-2 country code in upper case, e.g. 'UZ'")
    return value


def _name(example: str) -> AfterValidator:
    def check(value: str) -> str:
        if not _NAME.match(value):
            raise ValueError(f"must be an id or a name in letters, e.g. {example!r}")
        return value
    return AfterValidator(check)


def _granted_by(value: str) -> str:
    if value != "unhcr" and value not in ISO_3166_ALPHA2:
        raise ValueError("must be the ISO 3166-1 alpha-2 code of the state that granted refugee "
                         "status, in upper case (e.g. 'IT'), or 'unhcr' for UNHCR's mandate")
    return value


CountryCode = Annotated[str, AfterValidator(_iso_country)]
GrantedBy = Annotated[str, AfterValidator(_granted_by)]
OrganisationId = Annotated[str, Field(max_length=64), _name("hizb_ut_tahrir")]
EthnicityWord = Annotated[str, Field(max_length=40), _name("uzbek")]


class Proceeding(StrEnum):
    extradition = "extradition"
    deportation = "deportation"
    expulsion = "expulsion"
    administrative_removal = "administrative_removal"
    transfer_of_sentenced_person = "transfer_of_sentenced_person"
    unknown = "unknown"


class ChargeCategory(StrEnum):
    religious_extremism = "religious_extremism"
    terrorism = "terrorism"
    political = "political"
    unrest_participation = "unrest_participation"
    economic = "economic"
    ordinary_crime = "ordinary_crime"
    military = "military"
    other = "other"


class PastIllTreatment(StrEnum):
    none = "none"
    alleged = "alleged"
    documented = "documented"


class RefugeeStatus(StrEnum):
    none = "none"
    asylum_pending = "asylum_pending"
    asylum_refused = "asylum_refused"
    temporary_asylum = "temporary_asylum"
    recognised = "recognised"
    unhcr_mandate = "unhcr_mandate"
    subsidiary_protection = "subsidiary_protection"


class InterimMeasureBody(StrEnum):
    ecthr_rule39 = "ecthr_rule39"
    un_cat = "un_cat"
    un_hrc = "un_hrc"
    domestic_court = "domestic_court"


class InterimMeasureStatus(StrEnum):
    requested = "requested"
    indicated = "indicated"
    refused = "refused"
    lifted = "lifted"


class Monitoring(StrEnum):
    none = "none"
    consular = "consular"
    independent = "independent"


class ProsecutionMotive(StrEnum):
    """How far a political motive behind the prosecution is shown (contract 1.1)."""

    none = "none"  # nothing suggests one
    alleged = "alleged"  # the client says so
    documented = "documented"  # independent sources (UN bodies, NGOs, Interpol's CCF) say so
    found = "found"  # a court or treaty body found the prosecution politically motivated


class AssociatesRecord(StrEnum):
    """Co-accused or associates ill-treated, or convicted on confessions (contract 1.1)."""

    none = "none"
    alleged = "alleged"
    documented = "documented"  # a judgment, a UN body or an NGO report records it


class InjuriesAccepted(StrEnum):
    """Who accepted the client's past injuries as consistent with ill-treatment (contract 1.1)."""

    none = "none"  # no one, or no injuries
    medical_report = "medical_report"  # an independent medical report (e.g. Istanbul Protocol)
    court = "court"  # a court or treaty body accepted them as established


class DeathPenaltyExposure(StrEnum):
    """Whether the client faces the death penalty on the charges, as far as it is known."""

    none = "none"  # no offence charged or convicted can carry it in the destination
    possible = "possible"  # an offence charged can carry it (the code's penalty, or it is sought)
    sentenced = "sentenced"  # sentenced to death, in person or in absentia


class Forum(StrEnum):
    """Where the risk is being argued (contract 1.1)."""

    ecthr = "ecthr"
    un_cat = "un_cat"
    un_hrc = "un_hrc"
    domestic_court = "domestic_court"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True, use_enum_values=False)


class Charge(_Strict):
    category: ChargeCategory
    organisation: OrganisationId | None = None
    detail: str | None = Field(default=None, max_length=2000)


class PersonalProfile(_Strict):
    ethnicity: EthnicityWord | None = None
    # The organisation, movement or faith the destination's authorities identify the client
    # with, charged or not: some groups of the evidence are members or suspects, not the charged.
    affiliation: OrganisationId | None = None
    political_activity: StrictBool | None = None
    religious_practice: StrictBool | None = None
    human_rights_defender: StrictBool | None = None
    journalist: StrictBool | None = None
    wealthy_or_fallen_out_with_regime: StrictBool | None = None
    former_official: StrictBool | None = None
    family_persecuted: StrictBool | None = None
    high_profile: StrictBool | None = None
    sur_place_activity: StrictBool | None = None


# The yes/no questions of the personal profile (every field but the two words), in contract
# order.
PROFILE_FLAGS: tuple[str, ...] = tuple(f for f in PersonalProfile.model_fields
                                       if f not in ("ethnicity", "affiliation"))


class InterimMeasure(_Strict):
    body: InterimMeasureBody
    status: InterimMeasureStatus
    date: dt.date | None = None


class DiplomaticAssurances(_Strict):
    given: StrictBool | None = None
    specific: StrictBool | None = None
    monitoring: Monitoring | None = None
    binding: StrictBool | None = None
    track_record_of_compliance: StrictBool | None = None
    # That the death penalty will not be sought, imposed or carried out (a separate promise,
    # which courts accept more readily than one against torture).
    death_penalty_excluded: StrictBool | None = None


class Custody(_Strict):
    detained: StrictBool | None = None
    release_imminent: StrictBool | None = None


class OnwardRemoval(_Strict):
    """Removal on from the destination to a third state (chain refoulement; contract 1.1)."""

    state: CountryCode | None = None  # the third state the person may be sent on to
    access_to_asylum: StrictBool | None = None  # does the destination examine asylum claims?


class Case(_Strict):
    """One person's situation. No names: ``client_reference`` is an opaque id of the caller's."""

    destination: CountryCode
    removing_state: CountryCode | None = None
    as_of: dt.date | None = None
    proceeding: Proceeding | None = None
    charges: list[Charge] | None = Field(default=None, max_length=50)
    profile: PersonalProfile | None = None
    past_ill_treatment: PastIllTreatment | None = None
    refugee_status: RefugeeStatus | None = None
    refugee_status_granted_by: GrantedBy | None = None
    interim_measures: list[InterimMeasure] | None = Field(default=None, max_length=20)
    diplomatic_assurances: DiplomaticAssurances | None = None
    custody: Custody | None = None
    prior_irregular_transfer_attempt: StrictBool | None = None
    # Contract 1.1: the courts' reasons version 1 could not express.
    prosecution_politically_motivated: ProsecutionMotive | None = None
    associates_ill_treated: AssociatesRecord | None = None
    information_shared_with_destination: StrictBool | None = None
    refugee_status_withdrawn: StrictBool | None = None
    past_injuries_accepted: InjuriesAccepted | None = None
    forum: Forum | None = None
    onward_removal: OnwardRemoval | None = None
    claim_examined: StrictBool | None = None
    death_penalty_exposure: DeathPenaltyExposure | None = None
    client_reference: str | None = Field(default=None, max_length=128)


def field_path(loc: tuple[int | str, ...] | list[int | str], root: str = "(case)") -> str:
    """A pydantic error location as a field path: ``charges[0].category``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or root


def _reason(item: Any) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return "is not a field of the case contract"
    if kind == "missing":
        return "is required"
    if kind == "enum":
        expected = item.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}"
    msg: str = item["msg"]
    return msg.removeprefix("Value error, ")


def parse_case(data: Case | dict[str, Any] | Any) -> Case:
    """Validate a case; on failure raise :class:`CaseValidationError` listing every problem."""
    if isinstance(data, Case):
        return data
    if not isinstance(data, dict):
        raise CaseValidationError(
            "The case is not valid.", [Problem("(case)", "must be a JSON object")]
        )
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(field_path(item["loc"]), _reason(item)) for item in exc.errors()]
        raise CaseValidationError("The case is not valid.", problems) from None

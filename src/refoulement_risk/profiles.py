"""Country profiles: the dated, sourced evidence, loaded strictly and looked up as of a date.

One YAML file per ISO code in ``country_profiles/``. A file holds the sources it cites, the
country's treaty status (each with the dates it applies between) and a series of evidence
*versions*, each valid from a date until the next one, so that an assessment as of a date uses
the evidence of that date. Every indicator names its sources and the period it describes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .case import ChargeCategory
from .errors import Problem, ProfileFileError
from .yaml_loading import load_yaml_file, problems_from_validation

__all__ = [
    "CountryProfile",
    "EvidenceVersion",
    "Indicator",
    "ProfileSet",
    "Source",
    "TargetedGroup",
    "TreatyStatus",
    "load_profiles",
]

ProfileFlag = Literal[
    "political_activity", "religious_practice", "human_rights_defender", "journalist",
    "wealthy_or_fallen_out_with_regime", "former_official", "family_persecuted",
    "high_profile", "sur_place_activity",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A document the evidence rests on. ``verified`` says how and where it was checked."""

    title: str = Field(min_length=3)
    publisher: str = Field(min_length=2)
    date: dt.date
    url: str | None = None
    symbol: str | None = Field(default=None, description="document symbol or application no.")
    verified: str = Field(min_length=10, description="how the citation was verified")

    @model_validator(mode="after")
    def _locatable(self) -> Source:
        if not self.url and not self.symbol:
            raise ValueError("a source needs a url or a document symbol")
        return self


class Period(_Strict):
    """The period a piece of evidence describes (not when it was published)."""

    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(default=None, alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError("period 'to' is before 'from'")
        return self


class _Evidenced(_Strict):
    sources: list[str] = Field(min_length=1)
    period: Period
    note: str = Field(min_length=10, description="paraphrase of what the sources establish")


class Indicator(_Evidenced):
    value: str


class GroupMatch(_Strict):
    """Who belongs to the group: every key given must hold; within a key, any value will do."""

    charge_category: list[ChargeCategory] | None = None
    organisation: list[str] | None = None
    ethnicity: list[str] | None = None
    profile_flags: list[ProfileFlag] | None = None
    refugee_status: list[str] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> GroupMatch:
        if not any(getattr(self, key) for key in type(self).model_fields):
            raise ValueError("a group needs at least one criterion")
        return self


class TargetedGroup(_Evidenced):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    exposure: Literal["elevated", "systematic"]
    match: GroupMatch


class DestinationEvidence(_Strict):
    custody_torture_level: Indicator | None = None
    assurances_record: Indicator | None = None
    death_penalty: Indicator | None = None
    renditions_abroad: Indicator | None = None
    targeted_groups: list[TargetedGroup] = Field(default_factory=list)


class RemovingStateEvidence(_Strict):
    irregular_transfer_record: Indicator | None = None
    interim_measures_disregarded: Indicator | None = None


class EvidenceVersion(_Strict):
    valid_from: dt.date
    valid_until: dt.date | None = Field(default=None, description="exclusive")
    summary: str = Field(min_length=10)
    destination: DestinationEvidence | None = None
    removing_state: RemovingStateEvidence | None = None

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


class TreatyStatus(_Strict):
    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="until", description="exclusive")
    party: bool = True
    sources: list[str] = Field(min_length=1)
    note: str = Field(min_length=5)
    scope_limitation: str | None = Field(
        default=None,
        description="a reservation or declaration that means the treaty may not protect every "
                    "client (e.g. a geographical limitation); the engine then treats the status "
                    "as unknown rather than claim a bar that may not exist")

    def in_force(self, day: dt.date) -> bool:
        if not self.party or self.start is None:
            return False
        return self.start <= day and (self.end is None or day < self.end)


# The engine's rules read the first five; the others are recorded so that a removing state's
# treaty position can be shown and checked in full (ECHR Art. 34 petition, CAT and ICCPR
# themselves, the 1967 Protocol).
TreatyName = Literal[
    "echr", "cat_article22", "iccpr_op1", "refugee_convention", "eu_member",
    "echr_individual_petition", "cat", "iccpr", "refugee_protocol",
]


class CountryProfile(_Strict):
    country: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    sources: dict[str, Source]
    treaties: dict[TreatyName, TreatyStatus] = Field(default_factory=dict)
    versions: list[EvidenceVersion] = Field(
        default_factory=list,
        description="none for a state known only by its treaties: it then has no evidence "
                    "on any date")

    @model_validator(mode="after")
    def _consistent(self) -> CountryProfile:
        ordered = sorted(self.versions, key=lambda v: v.valid_from)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.valid_until is None or earlier.valid_until > later.valid_from:
                raise ValueError(
                    f"versions overlap: the one from {earlier.valid_from} runs past "
                    f"{later.valid_from} (set its valid_until)"
                )
        for version in self.versions:
            if version.valid_until is not None and version.valid_until <= version.valid_from:
                raise ValueError(f"version from {version.valid_from} ends before it starts")
        unknown = sorted(set(self.cited_sources()) - set(self.sources))
        if unknown:
            raise ValueError(f"cites undeclared sources: {', '.join(unknown)}")
        return self

    def cited_sources(self) -> Iterable[str]:
        for treaty in self.treaties.values():
            yield from treaty.sources
        for version in self.versions:
            for item in _items(version):
                yield from item.sources

    def version_on(self, day: dt.date) -> EvidenceVersion | None:
        for version in self.versions:
            if version.covers(day):
                return version
        return None


def _items(version: EvidenceVersion) -> Iterable[_Evidenced]:
    for part in (version.destination, version.removing_state):
        if part is None:
            continue
        for name in type(part).model_fields:
            value = getattr(part, name)
            if isinstance(value, list):
                yield from value
            elif value is not None:
                yield value


@dataclass(frozen=True)
class ProfileSet:
    """Every profile loaded, by ISO code, and a digest of the files for ``versions``."""

    profiles: dict[str, CountryProfile]
    digest: str

    def get(self, code: str | None) -> CountryProfile | None:
        return self.profiles.get(code) if code else None


def load_profiles(folder: Path) -> ProfileSet:
    """Load and validate every ``XX.yaml`` in ``folder``; raise listing every problem found."""
    problems: list[Problem] = []
    profiles: dict[str, CountryProfile] = {}
    digest = hashlib.sha256()
    files = sorted(p for p in folder.glob("*.yaml") if p.name != "index.yaml")
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        data, load_problems = load_yaml_file(path)
        if load_problems:
            problems.extend(load_problems)
            continue
        try:
            profile = CountryProfile.model_validate(data)
        except ValidationError as exc:
            problems.extend(problems_from_validation(str(path), exc))
            continue
        if profile.country != path.stem:
            problems.append(Problem(f"{path}:country", f"is {profile.country} but the file is "
                                                       f"named {path.name}"))
            continue
        profiles[profile.country] = profile
    if problems:
        raise ProfileFileError(f"Invalid country profiles in {folder}", problems)
    return ProfileSet(profiles=profiles, digest=digest.hexdigest()[:16])

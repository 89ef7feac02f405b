"""The shape of a country profile: dated, sourced evidence and treaty status, as pydantic models.

One YAML file per ISO code in ``country_profiles/``. A file holds the sources it cites, the
country's treaty status (each with the dates it applies between) and a series of evidence
*versions*, each valid from a date until the next one. Every indicator names its sources and the
period it describes. Names and values are checked against the fact catalogue when the files load
(``evidence_check``); these models check the shape.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .catalogue import CATALOGUE

__all__ = [
    "CapitalCharges",
    "CountryProfile",
    "DestinationEvidence",
    "EvidencePart",
    "EvidenceVersion",
    "GroupMatch",
    "Indicator",
    "Period",
    "ProfileFlag",
    "RemovingStateEvidence",
    "Source",
    "TargetedGroup",
    "TreatyName",
    "TreatyStatus",
    "evidence_items",
]

# A treaty's name: one the fact catalogue knows (checked at load by evidence_check).
TreatyName = str

# The profile flags a group criterion may name, as a type for tools (from the catalogue).
ProfileFlag: Any = cast(Any, Literal)[CATALOGUE.flags("profile")]


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
    value: str = Field(description="a value of the indicator's scale (checked at load)")


class CapitalCharges(_Evidenced):
    """The charge categories that can carry the death penalty in the destination in the
    version's period. Without this list, whether a client's charge can is unknown."""

    categories: list[str] = Field(
        min_length=1, description="charge categories of the case contract (checked at load)")


class GroupMatch(_Strict):
    """Who belongs to the group: every key given must hold; within a key, any value will do."""

    charge_category: list[str] | None = None
    organisation: list[str] | None = None
    # held by the client's affiliation or by a charge's organisation: the authorities identify
    # the client with it, charged or not (``organisation`` needs a charge)
    affiliation: list[str] | None = None
    ethnicity: list[str] | None = None
    profile_flags: list[str] | None = None
    refugee_status: list[str] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> GroupMatch:
        if not any(getattr(self, key) for key in type(self).model_fields):
            raise ValueError("a group needs at least one criterion")
        return self


class TargetedGroup(_Evidenced):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    description: str
    exposure: str = Field(description="a value of targeted_groups.exposure (checked at load)")
    match: GroupMatch


class EvidencePart(BaseModel):
    """Indicators by name; which names and values are allowed is the fact catalogue's to say
    (checked at load by ``evidence_check``), so no indicator is declared twice."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, Indicator] = Field(init=False)

    def indicators(self) -> dict[str, Indicator]:
        return dict(self.__pydantic_extra__ or {})

    def indicator(self, name: str) -> Indicator | None:
        return (self.__pydantic_extra__ or {}).get(name)


class DestinationEvidence(EvidencePart):
    targeted_groups: list[TargetedGroup] = Field(default_factory=list)
    death_penalty_charges: CapitalCharges | None = None


class RemovingStateEvidence(EvidencePart):
    pass


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
    from_at_latest: bool = Field(
        default=False,
        description="the sources show the treaty in force on `from` but not the day it took "
                    "effect (e.g. a judgment applying it to events of that date): before "
                    "`from` the status is unknown, not 'not a party'")
    party: bool = True
    sources: list[str] = Field(min_length=1)
    note: str = Field(min_length=5)
    scope_limitation: str | None = Field(
        default=None,
        description="a reservation or declaration that means the treaty may not protect every "
                    "client (e.g. a geographical limitation); the engine then treats the status "
                    "as unknown rather than claim a bar that may not exist")
    limited_to_origin: Literal["council_of_europe_members"] | None = Field(
        default=None,
        description="the treaty binds the state only for refugees from these countries of "
                    "origin (Turkey's geographical limitation, applied by Law No. 6458 to "
                    "Council of Europe member states): the engine decides it per client, from "
                    "the destination's membership on the date")

    @model_validator(mode="after")
    def _latest_start_needs_a_start(self) -> TreatyStatus:
        if self.from_at_latest and (self.start is None or not self.party):
            raise ValueError("from_at_latest needs a `from` date on a treaty the state is party to")
        return self

    def known_on(self, day: dt.date) -> bool:
        """False before a `from` that is only the latest possible start."""
        return not (self.from_at_latest and self.start is not None and day < self.start)

    def in_force(self, day: dt.date) -> bool:
        if not self.party or self.start is None:
            return False
        return self.start <= day and (self.end is None or day < self.end)


class CountryProfile(_Strict):
    country: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    sources: dict[str, Source]
    treaties: dict[str, TreatyStatus] = Field(
        default_factory=dict, description="by treaty name (the fact catalogue's; checked at load)")
    versions: list[EvidenceVersion] = Field(
        default_factory=list,
        description="none for a state known only by its treaties: no evidence on any date")

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
            for item in evidence_items(version):
                yield from item.sources

    def version_on(self, day: dt.date) -> EvidenceVersion | None:
        for version in self.versions:
            if version.covers(day):
                return version
        return None


def evidence_items(version: EvidenceVersion,
                   ) -> Iterable[Indicator | TargetedGroup | CapitalCharges]:
    """Every sourced item of a version: indicators, targeted groups, the capital charges."""
    for part in (version.destination, version.removing_state):
        if part is not None:
            yield from part.indicators().values()
    if version.destination is not None:
        yield from version.destination.targeted_groups
        if version.destination.death_penalty_charges is not None:
            yield version.destination.death_penalty_charges

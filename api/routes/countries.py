"""/v1/countries: the evidence the assessments use, per country and as of a date."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from refoulement_risk.profile_tools import coverage_rows, show_profile

from ..deps import ServiceDep
from ..errors import NotFound
from ..examples import problem_responses
from ..params import IsoDate

__all__ = ["CountryList", "CountryRow", "router"]

router = APIRouter(prefix="/v1", tags=["countries"])


class CountryRow(BaseModel):
    country: str = Field(examples=["UZ"])
    name: str = Field(examples=["Uzbekistan"])
    roles: list[str] = Field(description="destination and/or removing_state")
    versions: list[str] = Field(description="evidence versions, valid_from..valid_until")
    sourced_items: int
    treaties: dict[str, str] = Field(description="each treaty recorded: `from..until` (in "
                                     "force), `not a party`, or with a limitation")
    sources: int
    oldest_source: str | None
    newest_source: str | None


class CountryList(BaseModel):
    profiles_digest: str
    countries: list[CountryRow]


class TreatyInForce(BaseModel):
    in_force: bool | None = Field(
        description="null: not known on that date (it falls before a start the sources show "
                    "only as the latest possible, `from_at_latest`)")
    from_: dt.date | None = Field(alias="from")
    from_at_latest: bool = Field(
        default=False, description="`from` is the latest possible start, not the day the "
                                   "treaty took effect")
    until: dt.date | None
    sources: list[str]


class CountryEvidence(BaseModel):
    """What an assessment as of ``as_of`` uses from a country's profile."""

    country: str
    name: str
    as_of: dt.date
    evidence_version: dict[str, Any] | None = Field(
        description="the evidence version in force on as_of (null: no evidence for that date)")
    treaties: dict[str, TreatyInForce]
    sources: dict[str, dict[str, Any]] = Field(description="the sources cited, by id")
    profiles_digest: str


@router.get("/countries", response_model=CountryList, summary="Countries with evidence",
            description="Every country profile: its roles, evidence versions, sources and "
                        "treaties. Public (no key needed).",
            responses={200: {"content": {"application/json": {"example": {
                "profiles_digest": "3f1c…", "countries": [{
                    "country": "UZ", "name": "Uzbekistan",
                    "roles": ["destination", "removing_state"],
                    "versions": ["2005-01-01..2008-01-01", "2008-01-01..2019-11-28",
                                 "2019-11-28..2022-07-01", "2022-07-01.."],
                    "sourced_items": 27,
                    "treaties": {"echr": "not a party", "iccpr_op1": "1995-12-28..",
                                 "refugee_convention": "not a party",
                                 "refugee_protocol": "not a party"},
                    "sources": 22, "oldest_source": "2003-02-03",
                    "newest_source": "2023-07-01"}]}}}},
                       **problem_responses(500)})
async def list_countries(service: ServiceDep) -> JSONResponse:
    assert service.knowledge is not None
    profiles = service.knowledge.profiles
    return JSONResponse({"profiles_digest": profiles.digest,
                         "countries": coverage_rows(profiles)})


@router.get("/countries/{cc}", response_model=CountryEvidence,
            summary="The evidence used for a country on a date",
            description="The evidence version in force on `as_of` (default today), the treaty "
                        "status on that date and the sources cited. Public (no key needed).",
            responses={200: {"content": {"application/json": {"example": {
                "country": "RU", "name": "Russian Federation", "as_of": "2013-01-01",
                "evidence_version": {"valid_from": "2012-10-03", "valid_until": "2013-04-26",
                                     "summary": "After Abdulkhakov (2 Oct 2012): …"},
                "treaties": {"echr": {"in_force": True, "from": "1998-05-05",
                                      "until": "2022-09-16",
                                      "sources": ["coe_execution_ru", "coe_impact_ru"]}},
                "sources": {"coe_execution_ru": {"title": "Department for the Execution of "
                                                          "Judgments: Russian Federation "
                                                          "(country page)",
                                                 "publisher": "Council of Europe",
                                                 "date": "2025-12-31"}},
                "profiles_digest": "3f1c…"}}}},
                       **problem_responses(404, 422, 500)})
async def get_country(
    service: ServiceDep,
    cc: Annotated[str, Path(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2",
                            examples=["UZ"])],
    as_of: Annotated[IsoDate | None, Query(description="the date, YYYY-MM-DD (default today)",
                                           examples=["2013-04-25"])] = None,
) -> JSONResponse:
    assert service.knowledge is not None
    profiles = service.knowledge.profiles
    profile = profiles.get(cc.upper())
    if profile is None:
        raise NotFound(f"There is no country profile for {cc.upper()}; GET /v1/countries lists "
                       "them. An assessment to it runs without country evidence.")
    body = show_profile(profile, as_of or dt.date.today())
    body["profiles_digest"] = profiles.digest
    return JSONResponse(jsonable_encoder(body))

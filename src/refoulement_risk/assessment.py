"""The assessment: the contract's output models (CONTRACT.md, version 1), plus optional fields.

Field names of the contract are fixed; anything added is optional for callers to use.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .rule_models import Band

__all__ = [
    "Assessment",
    "AuthorityRef",
    "Calibration",
    "DerivedFact",
    "EngineFallback",
    "EvidenceItem",
    "Factor",
    "IrregularTransfer",
    "LegalBar",
    "MissingInformation",
    "Precedent",
    "ProfileVersionUsed",
    "Range",
    "RecommendedAction",
    "TraceEntry",
    "UnknownTreatyStatus",
    "Versions",
]


DISCLAIMER = (
    "This is a screening aid for a qualified adviser, not a legal determination. It weighs the "
    "dated evidence and rules shown here; it cannot see facts outside the case file, and an "
    "absent answer is treated as unknown. The prohibition of refoulement to torture is absolute: "
    "a low score never justifies removal without an individual assessment by the competent "
    "authority."
)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class AuthorityRef(_Out):
    id: str
    citation: str
    reference: str | None
    date: dt.date
    url: str | None
    proposition: str


class EvidenceItem(_Out):
    country: str
    evidence_version: dt.date | None = Field(description="valid_from of the profile version")
    item: str
    source: str
    title: str
    publisher: str
    date: dt.date
    url: str | None
    symbol: str | None
    period_from: dt.date | None
    period_to: dt.date | None
    published_after_as_of: bool = Field(
        description="the source is dated after the assessment date: it was not available then, "
                    "though it may describe that period")


class Factor(_Out):
    rule: str
    title: str
    tier: str
    contribution: int
    points: int = Field(description="the rule's weight; differs from contribution only at 0 or 100")
    because: list[str] = Field(description="the facts the rule matched")
    reasoning: str
    authorities: list[AuthorityRef]
    evidence: list[EvidenceItem]


class IrregularTransfer(_Out):
    score: int
    band: Band
    base: float
    factors: list[Factor]


class LegalBar(_Out):
    code: str
    title: str
    effect: str
    basis: str = Field(default="international_law",
                       description="international_law, eu_law or domestic_law")
    rule: str
    because: list[str]
    authorities: list[AuthorityRef]
    evidence: list[EvidenceItem]
    as_of: dt.date


class MissingInformation(_Out):
    field: str
    question: str
    could_raise_by: int | None = Field(description="torture score points; null if not computable")
    could_lower_by: int | None
    irregular_transfer_could_raise_by: int | None
    irregular_transfer_could_lower_by: int | None
    could_add_bars: list[str] = Field(
        default_factory=list,
        description="codes of legal bars some answer would bring (listed first: a bar decides "
                    "whatever the score)")
    could_lift_bars: list[str] = Field(
        default_factory=list, description="codes of legal bars some answer would lift")


class RecommendedAction(_Out):
    code: str
    action: str
    reason: str
    priority: int
    rule: str
    authorities: list[AuthorityRef]


class Range(_Out):
    low: int
    high: int


class ProfileVersionUsed(_Out):
    role: Literal["destination", "removing_state", "onward_state"]
    country: str
    evidence_version: dt.date | None
    available: bool


class EngineFallback(_Out):
    """Why this assessment was computed by another backend than the engine of record."""

    failed_backend: str = Field(description="the backend that failed, e.g. durable")
    cause: str = Field(description="how it failed: a signal (SIGSEGV, SIGKILL), exit_<status>, "
                                   "timeout, down (restarting after repeated crashes) or "
                                   "worker_died (a batch worker, signal unknown)")


class Versions(_Out):
    engine: str
    rules: str
    rule_set_digest: str
    profiles_digest: str
    profiles: list[ProfileVersionUsed]
    backend: str = Field(description="the backend that computed this assessment")
    engine_fallback: EngineFallback | None = Field(
        default=None, description="set when the engine of record failed on this assessment "
                                  "and `backend` (the plain-Python evaluator, proven identical "
                                  "by the differential tests) answered instead")


class DerivedFact(_Out):
    fact: str
    value: bool | int | str | None
    derived_by: list[str]


class TraceEntry(_Out):
    rule: str
    branch: int
    matched: list[str]
    derives: str | None


class UnknownTreatyStatus(_Out):
    """A treaty status a bar or a route depends on that could not be checked on the date."""

    fact: str = Field(description="the rules' fact, e.g. removing_state.echr_party")
    treaty: str = Field(description="the treaty name in a country profile, e.g. echr")
    country: str | None = Field(description="the state whose status it is, if known")
    subject: str = Field(description="whose status it is, in words (the country code if known)")
    reason: str = Field(description="why it is unknown: no profile, no entry, a scope limitation")
    if_bound: list[str] = Field(description="the bars and steps that come (or go) if it binds")
    if_not_bound: list[str] = Field(description="the bars and steps that come (or go) if not")


class Precedent(_Out):
    """A decided case like the assessed one (``precedents``): never one decided after the
    assessment date, never the assessed case itself."""

    id: str = Field(description="the decided case's id (its file in caselaw/)")
    name: str
    citation: str = Field(description="name, application or communication number and date")
    date: dt.date = Field(description="the date of the decision")
    body: str = Field(description="ecthr, un_cat or un_hrc")
    outcome: str = Field(description="violation or no_violation")
    reason: str | None = Field(
        default=None, description="the decision's reason in one line, paraphrased; null where "
                                  "the case file records none (never made up)")
    reason_language: str | None = Field(
        default=None, description="the language of reason (decided cases are kept in English)")
    similarity: float = Field(ge=0, le=1, description="how alike the two cases are "
                                                      "(docs/MODEL.md, Precedents)")
    destination: str
    url: str | None = Field(default=None, description="where the decision was read")


class Calibration(_Out):
    """The band's track record: decided cases the engine scores in this band, and how many of
    them the court or committee found a violation in."""

    band: str
    decided_cases: int = Field(ge=0)
    violations: int = Field(ge=0)


class Assessment(_Out):
    as_of: dt.date
    destination: str
    removing_state: str | None
    client_reference: str | None
    score: int
    band: Band
    range: Range
    base: float
    factors: list[Factor]
    irregular_transfer: IrregularTransfer
    legal_bars: list[LegalBar]
    missing_information: list[MissingInformation]
    recommended_actions: list[RecommendedAction]
    evidence_gaps: list[str]
    evidence_published_by: dt.date | None = Field(
        default=None, description="only sources published on or before this date were used "
        "(by default the assessment date); null when the caller asked for every source")
    unknown_treaty_statuses: list[UnknownTreatyStatus] = Field(
        default_factory=list,
        description="treaty statuses a bar or route depends on that are unknown on the date")
    derived_facts: list[DerivedFact]
    trace: list[TraceEntry]
    bands: dict[str, int] = Field(description="lowest score of each band")
    versions: Versions
    disclaimer: str = DISCLAIMER
    language: str = Field(default="en", description="the language of the human text (en, ru, "
                                                    "...); codes, ids and numbers do not change")
    precedents: list[Precedent] = Field(
        default_factory=list, description="the decided cases most like this one, most alike "
                                          "first; none decided after as_of")
    calibration: Calibration | None = Field(
        default=None, description="how often decided cases scoring in this band were "
                                  "violations; null where the stored figures were computed "
                                  "from other rules, evidence or decided cases")

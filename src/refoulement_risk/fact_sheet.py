"""The fact sheet: the facts of one assessment with their provenance (the case path or the
dated profile item each came from), and what could not be read (unrecognised words, unknown
treaty statuses, evidence withheld as published after the cut-off). Built by ``facts``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .engine import Fact
from .groups import WordKind
from .vocabulary import FactValue

__all__ = ["EvidenceRef", "FactSheet", "ProfileUse", "UnknownTreaty", "Unrecognised",
           "Withheld"]


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
    available: bool  # destination: evidence on the date; removing state: a profile exists
    evidence: bool  # an evidence version for this role covers the date (else no band of risk)


@dataclass(frozen=True)
class Unrecognised:
    """A word of the case the group vocabulary does not know, and where it was given."""

    kind: WordKind
    word: str
    path: str


@dataclass(frozen=True)
class UnknownTreaty:
    """A treaty status a rule reads that is unknown on the date, and why."""

    fact: str  # the catalogue fact (``removing_state.echr_party``)
    key: str  # the treaty name in a profile (``echr``)
    reason: str  # why it is unknown, in words
    country: str | None = None  # the state whose status it is, when known
    subject: str = "the removing state"  # who, in words, when the country is not known
    field: str = ""  # the missing_information field (default removing_state.treaties.<key>)
    question: str = ""  # the question to ask, when not "is <who> <label> on <date>?"


@dataclass(frozen=True)
class Withheld:
    """A profile item left out because every source of it was published after the cut-off
    (hindsight): its fact is unknown, never "no"."""

    fact: str  # the catalogue fact, e.g. destination.custody_torture_level
    country: str
    item: str
    first_published: dt.date  # the earliest date of its sources
    published_by: dt.date


@dataclass
class FactSheet:
    facts: list[Fact] = field(default_factory=list)
    case_paths: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, EvidenceRef] = field(default_factory=dict)
    profiles_used: list[ProfileUse] = field(default_factory=list)
    case_values: dict[str, tuple[FactValue, ...]] = field(default_factory=dict)
    unrecognised: list[Unrecognised] = field(default_factory=list)
    unknown_treaties: list[UnknownTreaty] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    published_by: dt.date | None = None  # evidence published after this date is not used
    # The destination whose evidence of the date has no list of capital charges (so whether
    # the client's charge can carry the death penalty is unknown), or None.
    capital_charges_unlisted: str | None = None

    def add(self, name: str, value: FactValue, *, path: str | None = None,
            evidence: EvidenceRef | None = None) -> None:
        prefix = "c" if evidence is None else "p"
        fact_id = f"{prefix}{len(self.facts)}"
        self.facts.append(Fact(fact_id, name, value))
        if path is not None:
            self.case_paths[fact_id] = path
        if evidence is not None:
            self.evidence[fact_id] = evidence

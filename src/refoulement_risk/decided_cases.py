"""Decided cases: one published decision on a removal where torture was alleged, per file.

An ECtHR judgment, or views of the UN Committee against Torture or the Human Rights Committee,
stored as one YAML file in ``caselaw/`` whose name is the case id. The file holds the
decision (body, reference, date, provision, outcome, the source it was verified against) and the
facts the decision states, in the case contract (:class:`refoulement_risk.case.Case`), with
``fact_sources`` saying where the decision states each of them. The backtest runs the engine on
them (``backtest``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .case import Case
from .errors import DataFileError, Problem
from .yaml_loading import load_yaml_file, problems_from_validation

__all__ = [
    "Body",
    "DecidedCase",
    "Decision",
    "DecisionSource",
    "Outcome",
    "Provision",
    "caselaw_paths",
    "load_decided_case",
    "load_decided_cases",
]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Body(StrEnum):
    ecthr = "ecthr"
    un_cat = "un_cat"
    un_hrc = "un_hrc"


class Provision(StrEnum):
    echr_art3 = "echr_art3"
    cat_art3 = "cat_art3"
    iccpr_art7 = "iccpr_art7"


class Outcome(StrEnum):
    violation = "violation"
    no_violation = "no_violation"


_PROVISION_OF_BODY = {
    Body.ecthr: Provision.echr_art3,
    Body.un_cat: Provision.cat_art3,
    Body.un_hrc: Provision.iccpr_art7,
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DecisionSource(_Strict):
    """Where the decision was read, and how its number, date and outcome were checked."""

    title: str = Field(min_length=3)
    url: str = Field(min_length=8)
    verified: str = Field(min_length=10)


class Decision(_Strict):
    body: Body
    reference: str = Field(min_length=1, max_length=200)
    date: dt.date
    provision: Provision
    outcome: Outcome
    source: DecisionSource

    @model_validator(mode="after")
    def _provision_fits_body(self) -> Decision:
        expected = _PROVISION_OF_BODY[self.body]
        if self.provision is not expected:
            raise ValueError(f"a decision of {self.body.value} applies {expected.value}")
        return self


# Case fields that need no fact source: as_of is set by the rule below, client_reference is ours.
_NO_FACT_SOURCE_NEEDED = frozenset({"as_of", "client_reference"})


class DecidedCase(_Strict):
    """One decided case file (see the module docstring)."""

    id: str = Field(min_length=3, max_length=128)
    name: str = Field(min_length=3, max_length=300)
    decision: Decision
    # The decision's reason in one line, paraphrased from the recorded sources (precedents quote
    # it); required, so no decided case is quoted without saying why it was decided as it was.
    reason: str = Field(min_length=10, max_length=300)
    removed_on: dt.date | None = None
    case: Case
    fact_sources: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> DecidedCase:
        problems: list[str] = []
        if not _ID.match(self.id):
            problems.append("id must be lower-case words joined by hyphens")
        case = self.case
        if case.as_of is None:
            problems.append("case.as_of is required: the removal date, else the decision date")
        elif self.removed_on is not None:
            if case.as_of != self.removed_on:
                problems.append("case.as_of must equal removed_on when the person was removed")
            if self.removed_on > self.decision.date:
                problems.append("removed_on is after the decision date")
        elif case.as_of != self.decision.date:
            problems.append("case.as_of must equal decision.date when the person was not removed")
        if case.client_reference is not None and case.client_reference != self.id:
            problems.append("case.client_reference, if given, must be the case id")
        filled = case.model_dump(exclude_none=True)
        for key in sorted(set(self.fact_sources) - set(Case.model_fields)):
            problems.append(f"fact_sources.{key} is not a field of the case")
        for key, where in sorted(self.fact_sources.items()):
            if key in Case.model_fields and key not in filled:
                problems.append(f"fact_sources.{key} is given but case.{key} is not filled")
            if len(where.strip()) < 3:
                problems.append(f"fact_sources.{key} must say where the decision states it")
        for key in sorted(filled):
            if key not in _NO_FACT_SOURCE_NEEDED and key not in self.fact_sources:
                problems.append(f"case.{key} is filled but fact_sources.{key} is missing")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def assessed_as_of(self) -> dt.date:
        """The date the risk is assessed at: the removal date, else the decision date."""
        as_of: dt.date = self.case.as_of or self.removed_on or self.decision.date
        return as_of


def caselaw_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand directories to their ``*.yaml`` files (sorted); keep files as given."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(path.glob("*.yaml")))
        else:
            out.append(path)
    return out


def _load_one(path: Path) -> tuple[DecidedCase | None, list[Problem]]:
    data, problems = load_yaml_file(path)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(str(path), "must be a YAML mapping")]
    try:
        decided = DecidedCase.model_validate(data)
    except ValidationError as exc:
        return None, problems_from_validation(str(path), exc)
    if decided.id != path.stem:
        return None, [Problem(f"{path}:id", f"must equal the file name {path.stem!r}")]
    return decided, []


def load_decided_case(path: Path) -> DecidedCase:
    """Load one file; raise :class:`DataFileError` with ``file:field`` problems if invalid."""
    decided, problems = _load_one(path)
    if decided is None:
        raise DataFileError(f"Decided case {path} is not valid.", problems)
    return decided


def load_decided_cases(paths: Iterable[Path]) -> list[DecidedCase]:
    """Load every file (directories expanded); report the problems of all files at once."""
    cases: list[DecidedCase] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for path in caselaw_paths(paths):
        decided, file_problems = _load_one(path)
        problems.extend(file_problems)
        if decided is None:
            continue
        if decided.id in seen:
            problems.append(Problem(f"{path}:id", f"duplicate of {seen[decided.id]}"))
            continue
        seen[decided.id] = path
        cases.append(decided)
    if problems:
        raise DataFileError("Some decided-case files are not valid.", problems)
    return cases

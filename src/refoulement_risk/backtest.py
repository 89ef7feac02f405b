"""Backtest: run the engine over decided cases and measure how far it agrees with the decisions.

A *decided case* is one published decision on a removal to a state where torture was alleged
(an ECtHR judgment, or views of the UN Committee against Torture or the Human Rights Committee),
stored as one YAML file in ``tests/caselaw/`` whose name is the case id. The file holds the
decision (body, reference, date, provision, outcome, the source it was verified against) and the
facts the decision states, in the case contract (:class:`refoulement_risk.case.Case`), with
``fact_sources`` saying where the decision states each of them.

The engine "says violation" when its band is ``high`` or ``very_high``. The metrics are computed
here from their definitions (no third-party library):

* the confusion matrix of decided outcome (violation / no_violation) against engine band;
* balanced accuracy, the mean of sensitivity (violations called high) and specificity
  (no-violations called low or moderate);
* the Matthews correlation coefficient of the same 2 x 2 table;
* ROC AUC of the numeric score, as the Mann-Whitney probability that a violation case scores
  above a no-violation case, ties counting one half.

A metric that is undefined on the data (a class with no members, a zero denominator) is
``None`` (``null`` in JSON), never a crash and never a made-up number.

These cases are for checking, not for tuning: rules follow legal principle, not a decided case.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .case import Case
from .errors import DataFileError, EngineError, Problem
from .yaml_loading import load_yaml_file, problems_from_validation

__all__ = [
    "BANDS",
    "POSITIVE_BANDS",
    "AssessFn",
    "AssessmentLike",
    "BacktestReport",
    "Body",
    "CaseResult",
    "Confusion",
    "DecidedCase",
    "Decision",
    "DecisionSource",
    "FactorLike",
    "FactorSummary",
    "Outcome",
    "Provision",
    "auc_mann_whitney",
    "balanced_accuracy",
    "caselaw_paths",
    "confusion_from_pairs",
    "load_decided_case",
    "load_decided_cases",
    "matthews_corrcoef",
    "render_json",
    "render_text",
    "report_from_results",
    "run_backtest",
    "sensitivity",
    "specificity",
]

BANDS: tuple[str, ...] = ("low", "moderate", "high", "very_high")
POSITIVE_BANDS: frozenset[str] = frozenset({"high", "very_high"})
LEADING_FACTORS = 3

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --------------------------------------------------------------------------------------------
# The decided-case file
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# What the engine must give back (structural, so the engine's own classes fit)
# --------------------------------------------------------------------------------------------


class FactorLike(Protocol):
    @property
    def rule(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def contribution(self) -> float: ...


class AssessmentLike(Protocol):
    @property
    def score(self) -> float: ...

    @property
    def band(self) -> object: ...

    @property
    def factors(self) -> Sequence[FactorLike]: ...


AssessFn = Callable[[Case, dt.date], AssessmentLike]


# --------------------------------------------------------------------------------------------
# Metrics, from their definitions
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Confusion:
    """Counts of decided outcome by engine band; ``counts[outcome][band]``."""

    counts: dict[str, dict[str, int]]

    def _sum(self, outcome: str, positive: bool) -> int:
        row = self.counts.get(outcome, {})
        return sum(n for band, n in row.items() if (band in POSITIVE_BANDS) == positive)

    @property
    def tp(self) -> int:
        return self._sum(Outcome.violation.value, True)

    @property
    def fn(self) -> int:
        return self._sum(Outcome.violation.value, False)

    @property
    def fp(self) -> int:
        return self._sum(Outcome.no_violation.value, True)

    @property
    def tn(self) -> int:
        return self._sum(Outcome.no_violation.value, False)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {o.value: dict(self.counts.get(o.value, {})) for o in Outcome}


def confusion_from_pairs(pairs: Iterable[tuple[str, str]]) -> Confusion:
    """Build the matrix from (outcome, band) pairs; unknown outcomes or bands raise ValueError."""
    counts = {o.value: dict.fromkeys(BANDS, 0) for o in Outcome}
    for outcome, band in pairs:
        if outcome not in counts:
            raise ValueError(f"unknown outcome {outcome!r}")
        if band not in BANDS:
            raise ValueError(f"unknown band {band!r}; expected one of {', '.join(BANDS)}")
        counts[outcome][band] += 1
    return Confusion(counts)


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def sensitivity(conf: Confusion) -> float | None:
    return _ratio(conf.tp, conf.tp + conf.fn)


def specificity(conf: Confusion) -> float | None:
    return _ratio(conf.tn, conf.tn + conf.fp)


def balanced_accuracy(conf: Confusion) -> float | None:
    """Mean of sensitivity and specificity; ``None`` if either class has no cases."""
    sens, spec = sensitivity(conf), specificity(conf)
    if sens is None or spec is None:
        return None
    return (sens + spec) / 2


def matthews_corrcoef(conf: Confusion) -> float | None:
    """(TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)); ``None`` when a margin is zero."""
    tp, tn, fp, fn = conf.tp, conf.tn, conf.fp, conf.fn
    den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    if den == 0:
        return None
    return (tp * tn - fp * fn) / math.sqrt(den)


def auc_mann_whitney(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """P(score of a violation > score of a no-violation), ties half; ``None`` if a class is empty.

    Computed by ranks (average rank for ties), which equals counting every pair.
    """
    n_pos, n_neg = len(positives), len(negatives)
    if n_pos == 0 or n_neg == 0:
        return None
    for value in (*positives, *negatives):
        if isinstance(value, float) and math.isnan(value):
            raise ValueError("a score is NaN")
    pooled = sorted([(float(s), True) for s in positives] + [(float(s), False) for s in negatives])
    rank_sum_pos = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        avg_rank = (i + 1 + j + 1) / 2  # ranks are 1-based
        rank_sum_pos += avg_rank * sum(1 for k in range(i, j + 1) if pooled[k][1])
        i = j + 1
    u_pos = rank_sum_pos - n_pos * (n_pos + 1) / 2
    return u_pos / (n_pos * n_neg)


# --------------------------------------------------------------------------------------------
# Running the backtest
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactorSummary:
    rule: str
    title: str
    contribution: float


@dataclass(frozen=True)
class CaseResult:
    id: str
    name: str
    outcome: str
    score: float
    band: str
    agrees: bool
    leading_factors: tuple[FactorSummary, ...]


@dataclass(frozen=True)
class BacktestReport:
    cases: tuple[CaseResult, ...]
    confusion: Confusion
    balanced_accuracy: float | None
    mcc: float | None
    auc: float | None
    sensitivity: float | None
    specificity: float | None


def _band_text(band: object) -> str:
    value = getattr(band, "value", band)
    return str(value)


def _score_number(score: object, case_id: str) -> float:
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise EngineError(
            "The engine returned a score that is not a number.",
            [Problem(f"{case_id}:score", f"got {score!r}")],
        )
    if math.isnan(score):
        raise EngineError("The engine returned NaN.", [Problem(f"{case_id}:score", "NaN")])
    return score


def _assess_one(decided: DecidedCase, assess_fn: AssessFn) -> CaseResult:
    result = assess_fn(decided.case, decided.assessed_as_of)
    score = _score_number(result.score, decided.id)
    band = _band_text(result.band)
    if band not in BANDS:
        raise EngineError(
            "The engine returned an unknown band.",
            [Problem(f"{decided.id}:band", f"got {band!r}; expected one of {', '.join(BANDS)}")],
        )
    factors = sorted(
        (FactorSummary(f.rule, f.title, float(f.contribution)) for f in result.factors),
        key=lambda f: (-abs(f.contribution), f.rule),
    )
    outcome = decided.decision.outcome
    says_violation = band in POSITIVE_BANDS
    return CaseResult(
        id=decided.id,
        name=decided.name,
        outcome=outcome.value,
        score=score,
        band=band,
        agrees=says_violation == (outcome is Outcome.violation),
        leading_factors=tuple(factors[:LEADING_FACTORS]),
    )


def report_from_results(results: Sequence[CaseResult]) -> BacktestReport:
    """Compute every metric from per-case results."""
    conf = confusion_from_pairs((r.outcome, r.band) for r in results)
    pos = [r.score for r in results if r.outcome == Outcome.violation.value]
    neg = [r.score for r in results if r.outcome == Outcome.no_violation.value]
    return BacktestReport(
        cases=tuple(results),
        confusion=conf,
        balanced_accuracy=balanced_accuracy(conf),
        mcc=matthews_corrcoef(conf),
        auc=auc_mann_whitney(pos, neg),
        sensitivity=sensitivity(conf),
        specificity=specificity(conf),
    )


def run_backtest(paths: list[Path], assess_fn: AssessFn) -> BacktestReport:
    """Load the decided cases (files or directories), assess each as of its date, measure."""
    cases = load_decided_cases(paths)
    return report_from_results([_assess_one(c, assess_fn) for c in cases])


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def render_text(report: BacktestReport) -> str:
    """A plain-text report: metrics, confusion matrix, then one line per case."""
    conf = report.confusion
    lines = [
        f"Backtest over {len(report.cases)} decided cases "
        f"(engine says violation when band is high or very_high)",
        f"  balanced accuracy {_fmt(report.balanced_accuracy)}   MCC {_fmt(report.mcc)}   "
        f"ROC AUC {_fmt(report.auc)}",
        f"  sensitivity {_fmt(report.sensitivity)}   specificity {_fmt(report.specificity)}",
        "",
        "Confusion (decided outcome x engine band):",
        f"  {'':<14}" + "".join(f"{b:>10}" for b in BANDS),
    ]
    for outcome, row in conf.as_dict().items():
        lines.append(f"  {outcome:<14}" + "".join(f"{row.get(b, 0):>10}" for b in BANDS))
    lines.append(f"  TP {conf.tp}  FN {conf.fn}  FP {conf.fp}  TN {conf.tn}")
    lines.append("")
    lines.append("Cases:")
    for r in report.cases:
        mark = "ok " if r.agrees else "XX "
        lead = ", ".join(f"{f.rule} {f.contribution:+g}" for f in r.leading_factors) or "-"
        lines.append(f"  {mark}{r.id:<52} {r.outcome:<12} {r.score:>6g} {r.band:<9} {lead}")
    return "\n".join(lines) + "\n"


def render_json(report: BacktestReport) -> dict[str, Any]:
    """JSON-ready dict: ``balanced_accuracy``, ``mcc``, ``auc``, ``confusion``, ``cases``."""
    return {
        "balanced_accuracy": report.balanced_accuracy,
        "mcc": report.mcc,
        "auc": report.auc,
        "confusion": report.confusion.as_dict(),
        "cases": [
            {
                "id": r.id,
                "name": r.name,
                "outcome": r.outcome,
                "score": r.score,
                "band": r.band,
                "agrees": r.agrees,
                "leading_factors": [
                    {"rule": f.rule, "title": f.title, "contribution": f.contribution}
                    for f in r.leading_factors
                ],
            }
            for r in report.cases
        ],
    }

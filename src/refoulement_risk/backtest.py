"""Backtest: run the engine over decided cases and measure how far it agrees with the decisions.

The decided cases are files (``decided_cases``); the metrics are computed from their definitions
(``backtest_metrics``); this module runs the engine over the cases and renders the report.

The engine "says violation" when its band is one of ``violation_bands`` in
``rules/index.yaml`` (``high`` or ``very_high``), or when it reports one of ``violation_bars``:
a bar that is itself a breach of Article 3 whatever the risk on return (removal without any
examination of an arguable claim, the procedural limb). The figures of the bands alone are
reported beside.

These cases are for checking, not for tuning: rules follow legal principle, not a decided case.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .backtest_metrics import (
    BANDS,
    POSITIVE_BANDS,
    VIOLATION_BARS,
    Confusion,
    auc_mann_whitney,
    balanced_accuracy,
    confusion_from_calls,
    confusion_from_pairs,
    matthews_corrcoef,
    sensitivity,
    specificity,
)
from .case import Case
from .decided_cases import (
    Body,
    DecidedCase,
    Decision,
    DecisionSource,
    Outcome,
    Provision,
    caselaw_paths,
    load_decided_case,
    load_decided_cases,
)
from .errors import EngineError, Problem

__all__ = [
    "BANDS",
    "POSITIVE_BANDS",
    "AssessFn",
    "AssessmentLike",
    "BacktestReport",
    "BarLike",
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
    "assess_decided",
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

LEADING_FACTORS = 3


class FactorLike(Protocol):
    @property
    def rule(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def contribution(self) -> float: ...


class BarLike(Protocol):
    @property
    def code(self) -> str: ...


class AssessmentLike(Protocol):
    @property
    def score(self) -> float: ...

    @property
    def band(self) -> object: ...

    @property
    def factors(self) -> Sequence[FactorLike]: ...

    @property
    def legal_bars(self) -> Sequence[BarLike]: ...


AssessFn = Callable[[Case, dt.date], AssessmentLike]


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
    # Every rule that moved the torture score (precedents compare them; calibration stores them).
    factor_rules: tuple[str, ...] = ()
    # The bars reported that are a breach of Article 3 whatever the band (``violation_bars``).
    violation_bars: tuple[str, ...] = ()

    @property
    def says_violation(self) -> bool:
        return self.band in POSITIVE_BANDS or bool(self.violation_bars)


@dataclass(frozen=True)
class BacktestReport:
    cases: tuple[CaseResult, ...]
    confusion: Confusion
    balanced_accuracy: float | None
    mcc: float | None
    auc: float | None
    sensitivity: float | None
    specificity: float | None
    # The same measures with the bars ignored (what the bands alone say).
    bands_only_balanced_accuracy: float | None = None
    bands_only_mcc: float | None = None


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
    # The case's own id as its reference: an assessment never offers a case as its own precedent.
    case = decided.case.model_copy(update={"client_reference": decided.id})
    result = assess_fn(case, decided.assessed_as_of)
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
    bars = tuple(sorted({b.code for b in result.legal_bars} & VIOLATION_BARS))
    says_violation = band in POSITIVE_BANDS or bool(bars)
    return CaseResult(
        id=decided.id,
        name=decided.name,
        outcome=outcome.value,
        score=score,
        band=band,
        agrees=says_violation == (outcome is Outcome.violation),
        leading_factors=tuple(factors[:LEADING_FACTORS]),
        factor_rules=tuple(sorted({f.rule for f in factors})),
        violation_bars=bars,
    )


def report_from_results(results: Sequence[CaseResult]) -> BacktestReport:
    """Compute every metric from per-case results."""
    conf = confusion_from_calls((r.outcome, r.band, bool(r.violation_bars)) for r in results)
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
        bands_only_balanced_accuracy=balanced_accuracy(conf.bands_only()),
        bands_only_mcc=matthews_corrcoef(conf.bands_only()),
    )


def run_backtest(paths: list[Path], assess_fn: AssessFn) -> BacktestReport:
    """Load the decided cases (files or directories), assess each as of its date, measure."""
    return assess_decided(load_decided_cases(paths), assess_fn)


def assess_decided(cases: Sequence[DecidedCase], assess_fn: AssessFn) -> BacktestReport:
    """Assess each loaded decided case as of its date, and measure."""
    return report_from_results([_assess_one(c, assess_fn) for c in cases])


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _width(band: str) -> int:
    return max(10, len(band) + 2)


def render_text(report: BacktestReport) -> str:
    """A plain-text report: metrics, confusion matrix, then one line per case."""
    conf = report.confusion
    bars = f", or it reports {' or '.join(sorted(VIOLATION_BARS))}" if VIOLATION_BARS else ""
    lines = [
        f"Backtest over {len(report.cases)} decided cases "
        f"(engine says violation when band is {' or '.join(sorted(POSITIVE_BANDS))}{bars})",
        f"  balanced accuracy {_fmt(report.balanced_accuracy)}   MCC {_fmt(report.mcc)}   "
        f"ROC AUC {_fmt(report.auc)}",
        f"  sensitivity {_fmt(report.sensitivity)}   specificity {_fmt(report.specificity)}",
        f"  bands alone: balanced accuracy {_fmt(report.bands_only_balanced_accuracy)}   "
        f"MCC {_fmt(report.bands_only_mcc)}",
        "",
        "Confusion (decided outcome x engine band):",
        f"  {'':<14}" + "".join(f"{b:>{_width(b)}}" for b in BANDS),
    ]
    for outcome, row in conf.as_dict().items():
        lines.append(f"  {outcome:<14}"
                     + "".join(f"{row.get(b, 0):>{_width(b)}}" for b in BANDS))
    moved = sum(conf.by_bar.values())
    lines.append(f"  TP {conf.tp}  FN {conf.fn}  FP {conf.fp}  TN {conf.tn}"
                 + (f"  ({moved} called violation by a bar, not by the band)" if moved else ""))
    lines.append("")
    lines.append("Cases:")
    for r in report.cases:
        mark = "ok " if r.agrees else "XX "
        lead = ", ".join(f"{f.rule} {f.contribution:+g}" for f in r.leading_factors) or "-"
        barred = "".join(f" [{code}]" for code in r.violation_bars)
        lines.append(f"  {mark}{r.id:<52} {r.outcome:<12} {r.score:>6g} {r.band:<9} {lead}"
                     f"{barred}")
    return "\n".join(lines) + "\n"


def render_json(report: BacktestReport) -> dict[str, Any]:
    """JSON-ready dict: ``balanced_accuracy``, ``mcc``, ``auc``, ``confusion`` (by band),
    ``called_by_bar`` (by outcome), ``bands_only`` and ``cases``."""
    return {
        "balanced_accuracy": report.balanced_accuracy,
        "mcc": report.mcc,
        "auc": report.auc,
        "confusion": report.confusion.as_dict(),
        "called_by_bar": dict(report.confusion.by_bar),
        "bands_only": {"balanced_accuracy": report.bands_only_balanced_accuracy,
                       "mcc": report.bands_only_mcc},
        "cases": [
            {
                "id": r.id,
                "name": r.name,
                "outcome": r.outcome,
                "score": r.score,
                "band": r.band,
                "agrees": r.agrees,
                "violation_bars": list(r.violation_bars),
                "leading_factors": [
                    {"rule": f.rule, "title": f.title, "contribution": f.contribution}
                    for f in r.leading_factors
                ],
            }
            for r in report.cases
        ],
    }

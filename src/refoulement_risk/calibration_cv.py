"""Leave-one-out cross-validation of the fitted weights (``backtest --cross-validate``).

The engine runs once per decided case, as of its date and on the evidence published by then (the
backtest's strict hindsight); which factor rules fired is the design matrix. Every figure after
that is exact re-scoring (``calibration_fit.rescore``), so the fit never re-runs the engine. For
each case the weights are fitted on the others and the left-out case is scored with them; the
held-out predictions give the cross-validated figures. Beside them: the weights as chosen (the
engine's own figures, with a fitted temperature for the Brier score) and the fit on every case
(in sample, flattering by construction).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .backtest import AssessmentLike
from .backtest_metrics import (
    auc_mann_whitney,
    balanced_accuracy,
    confusion_from_calls,
    matthews_corrcoef,
    sensitivity,
    specificity,
)
from .calibration_ceiling import Ceiling, ceiling
from .calibration_fit import (
    DEFAULT_PRIOR_SCALE,
    CaseRow,
    Fit,
    ModelFrame,
    WeightSpec,
    check_exact,
    fit_temperature,
    fit_weights,
    probability,
    rescore,
    spec_index,
)
from .case import Case
from .decided_cases import Outcome, caselaw_paths, load_decided_cases
from .rulebook import Rulebook

__all__ = [
    "CrossValidation",
    "Figures",
    "Prediction",
    "cross_validate",
    "design_rows",
    "frame_from_rulebook",
    "render_json",
    "render_text",
    "run_cross_validation",
    "specs_from_rulebook",
]

AssessAt = Callable[[Case, Any], AssessmentLike]


@dataclass(frozen=True)
class Prediction:
    id: str
    violation: bool
    score: float
    band: str
    probability: float
    says_violation: bool
    by_bar: bool = False  # called a violation by a bar, not by its band


@dataclass(frozen=True)
class Figures:
    cases: int
    balanced_accuracy: float | None
    mcc: float | None
    auc: float | None
    brier: float | None
    sensitivity: float | None
    specificity: float | None
    tp: int
    fn: int
    fp: int
    tn: int


@dataclass(frozen=True)
class WeightRow:
    rule: str
    chosen: float
    fitted: float
    loo_min: float
    loo_max: float
    fired: int  # cases the fit learns from (with evidence, no violation bar) in which it fired
    fired_violations: int


@dataclass(frozen=True)
class CrossValidation:
    prior_scale: float
    chosen: Figures
    chosen_temperature: float
    fitted: Figures
    fitted_temperature: float
    cross_validated: Figures
    weights: tuple[WeightRow, ...]
    held_out: tuple[Prediction, ...]
    converged: bool
    ceiling: Ceiling  # the best any weights could reach on these cases (calibration_ceiling)


def specs_from_rulebook(rulebook: Rulebook) -> list[WeightSpec]:
    """Every factor rule of the headline score (the first score of ``rules/index.yaml``)."""
    headline = next(iter(rulebook.index.scores))
    tiers = [t.name for t in rulebook.index.tiers]
    return [WeightSpec(c.id, float(c.rule.then.factor.points), tiers.index(c.rule.then.factor.tier),
                       c.order)
            for c in rulebook.rules
            if c.rule.then.factor is not None and c.rule.then.factor.score == headline]


def frame_from_rulebook(rulebook: Rulebook) -> ModelFrame:
    index = rulebook.index
    scale = next(iter(index.scores.values()))
    return ModelFrame(base=float(scale.base),
                      thresholds={str(k): float(v) for k, v in scale.bands.items()},
                      violation_bands=frozenset(str(b) for b in index.violation_bands),
                      violation_bars=frozenset(index.violation_bars),
                      no_evidence_band=str(index.without_evidence.band))


def design_rows(paths: Sequence[Path], assess_at: AssessAt,
                frame: ModelFrame) -> tuple[list[CaseRow], dict[str, float]]:
    """Run the engine once per decided case; return the fired factor rules and its scores."""
    rows: list[CaseRow] = []
    scores: dict[str, float] = {}
    for decided in load_decided_cases(list(paths)):
        result = assess_at(decided.case, decided.assessed_as_of)
        band = str(getattr(result.band, "value", result.band))
        barred = any(b.code in frame.violation_bars for b in result.legal_bars)
        rows.append(CaseRow(decided.id, decided.decision.outcome is Outcome.violation,
                            tuple(f.rule for f in result.factors),
                            band == frame.no_evidence_band, barred))
        scores[decided.id] = float(result.score)
    return rows, scores


def _predict(row: CaseRow, fit: Fit, index: dict[str, WeightSpec],
             frame: ModelFrame) -> Prediction:
    score = rescore(row, fit.weights, index, frame)
    band = frame.no_evidence_band if row.no_evidence else frame.band(score)
    by_band = band in frame.violation_bands
    return Prediction(row.id, row.violation, score, band,
                      probability(score, fit.temperature, frame), by_band or row.violation_bar,
                      row.violation_bar and not by_band)


def figures(predictions: Sequence[Prediction]) -> Figures:
    """The backtest's metrics of a set of predictions, and the Brier score of their probability
    (the score's: a bar changes the call, not the probability)."""
    conf = confusion_from_calls(
        (Outcome.violation.value if p.violation else Outcome.no_violation.value,
         p.band, p.by_bar)
        for p in predictions)
    pos = [p.probability for p in predictions if p.violation]
    neg = [p.probability for p in predictions if not p.violation]
    brier = (sum((p.probability - (1.0 if p.violation else 0.0)) ** 2 for p in predictions)
             / len(predictions)) if predictions else None
    return Figures(len(predictions), balanced_accuracy(conf), matthews_corrcoef(conf),
                   auc_mann_whitney(pos, neg), brier, sensitivity(conf), specificity(conf),
                   conf.tp, conf.fn, conf.fp, conf.tn)


def cross_validate(rows: Sequence[CaseRow], specs: Sequence[WeightSpec], frame: ModelFrame,
                   prior_scale: float = DEFAULT_PRIOR_SCALE) -> CrossValidation:
    index = spec_index(specs)
    chosen = fit_temperature(rows, specs, frame)
    full = fit_weights(rows, specs, frame, prior_scale)
    held_out: list[Prediction] = []
    folds: list[Fit] = []
    for k, row in enumerate(rows):
        fold = fit_weights([r for i, r in enumerate(rows) if i != k], specs, frame, prior_scale)
        folds.append(fold)
        held_out.append(_predict(row, fold, index, frame))
    # the rows the fit learns from: not those without evidence, nor those a violation bar decides
    used = [r for r in rows if not r.no_evidence and not r.violation_bar]
    weights = tuple(
        WeightRow(s.rule, s.chosen, full.weights[s.rule],
                  min(f.weights[s.rule] for f in folds) if folds else full.weights[s.rule],
                  max(f.weights[s.rule] for f in folds) if folds else full.weights[s.rule],
                  sum(1 for r in used if s.rule in r.fired),
                  sum(1 for r in used if s.rule in r.fired and r.violation))
        for s in specs)
    return CrossValidation(
        prior_scale=prior_scale,
        chosen=figures([_predict(r, chosen, index, frame) for r in rows]),
        chosen_temperature=chosen.temperature,
        fitted=figures([_predict(r, full, index, frame) for r in rows]),
        fitted_temperature=full.temperature,
        cross_validated=figures(held_out),
        weights=weights,
        held_out=tuple(held_out),
        converged=full.converged and all(f.converged for f in folds),
        ceiling=ceiling(rows),
    )


def run_cross_validation(paths: Sequence[Path], assess_at: AssessAt, rulebook: Rulebook,
                         prior_scale: float = DEFAULT_PRIOR_SCALE) -> CrossValidation:
    """Assess every decided case once, check that re-scoring is exact, then cross-validate."""
    frame = frame_from_rulebook(rulebook)
    specs = specs_from_rulebook(rulebook)
    rows, scores = design_rows(caselaw_paths(list(paths)), assess_at, frame)
    check_exact(rows, scores, specs, frame)
    return cross_validate(rows, specs, frame, prior_scale)


def _figures_json(f: Figures) -> dict[str, Any]:
    return {"cases": f.cases, "balanced_accuracy": f.balanced_accuracy, "mcc": f.mcc,
            "auc": f.auc, "brier": f.brier, "sensitivity": f.sensitivity,
            "specificity": f.specificity,
            "confusion": {"tp": f.tp, "fn": f.fn, "fp": f.fp, "tn": f.tn}}


def render_json(cv: CrossValidation) -> dict[str, Any]:
    return {
        "method": {
            "model": "logistic: P(violation) = sigmoid((score - high threshold) / temperature)",
            "constraints": "risk weights >= 0, protective <= 0, monotone chains",
            "prior_scale_points": cv.prior_scale,
            "validation": "leave-one-out",
            "converged": cv.converged,
        },
        "chosen": {**_figures_json(cv.chosen), "temperature": cv.chosen_temperature},
        "fitted_in_sample": {**_figures_json(cv.fitted), "temperature": cv.fitted_temperature},
        "cross_validated": _figures_json(cv.cross_validated),
        "weights": [{"rule": w.rule, "chosen": w.chosen, "fitted": round(w.fitted, 2),
                     "loo_min": round(w.loo_min, 2), "loo_max": round(w.loo_max, 2),
                     "cases_fired": w.fired, "violations_fired": w.fired_violations}
                    for w in cv.weights],
        "ceiling_in_sample": _ceiling_json(cv.ceiling),
        "held_out": [{"id": p.id, "outcome": "violation" if p.violation else "no_violation",
                      "score": round(p.score, 2), "band": p.band,
                      "probability": round(p.probability, 4),
                      "agrees": p.says_violation == p.violation} for p in cv.held_out],
    }


def _ceiling_json(c: Ceiling) -> dict[str, Any]:
    return {"meaning": "the best balanced accuracy any weights of the current rules could reach "
                       "on these cases: cases with the same fired factors get the same call",
            "balanced_accuracy": c.balanced_accuracy, "mcc": c.mcc,
            "confusion": {"tp": c.tp, "fn": c.fn, "fp": c.fp, "tn": c.tn},
            "mixed": [{"factors": list(m.factors), "violations": list(m.violations),
                       "no_violations": list(m.no_violations),
                       "called": "violation" if m.called_violation else "no_violation"}
                      for m in c.mixed]}


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def render_text(cv: CrossValidation) -> str:
    lines = [f"Calibration over {cv.cross_validated.cases} decided cases "
             f"(L2 toward the chosen weights, prior scale {cv.prior_scale:g} points)",
             f"  {'':<22}{'bal.acc':>9}{'MCC':>8}{'AUC':>8}{'Brier':>8}  TP/FN/FP/TN"]
    for label, f in (("weights as chosen", cv.chosen), ("fitted, in sample", cv.fitted),
                     ("leave-one-out", cv.cross_validated)):
        lines.append(f"  {label:<22}{_fmt(f.balanced_accuracy):>9}{_fmt(f.mcc):>8}"
                     f"{_fmt(f.auc):>8}{_fmt(f.brier):>8}  {f.tp}/{f.fn}/{f.fp}/{f.tn}")
    c = cv.ceiling
    mixed_cases = sum(len(m.violations) + len(m.no_violations) for m in c.mixed)
    lines += [f"  {'ceiling, any weights':<22}{_fmt(c.balanced_accuracy):>9}{_fmt(c.mcc):>8}"
              f"{'':>16}  {c.tp}/{c.fn}/{c.fp}/{c.tn}",
              f"  (in sample: {len(c.mixed)} sets of identical fired factors hold both outcomes, "
              f"{mixed_cases} cases; no weights can call both right)"]
    lines += ["", f"  {'rule':<9}{'chosen':>8}{'fitted':>8}{'LOO min':>9}{'LOO max':>9}"
                  f"{'fired':>7}{'viol.':>7}"]
    for w in cv.weights:
        lines.append(f"  {w.rule:<9}{w.chosen:>8g}{w.fitted:>8.1f}{w.loo_min:>9.1f}"
                     f"{w.loo_max:>9.1f}{w.fired:>7}{w.fired_violations:>7}")
    if not cv.converged:
        lines.append("  warning: an optimisation did not report convergence")
    return "\n".join(lines) + "\n"

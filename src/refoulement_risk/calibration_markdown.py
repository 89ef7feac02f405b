"""``backtest --cross-validate --format markdown``: the calibration's two tables for docs/MODEL.md.

The figures table (weights as chosen, fitted in sample, fitted leave-one-out) and the weights
table (chosen, fitted, range across the leave-one-out fits, cases fired) are printed exactly as
docs/MODEL.md shows them, so that the documentation is regenerated, not retyped. What was done
with each weight is a judgement and stays in the documentation, outside the generated block.
"""

from __future__ import annotations

from collections.abc import Mapping

from .calibration_cv import CrossValidation, Figures
from .calibration_fit import DEFAULT_PRIOR_SCALE

__all__ = ["render_markdown"]


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _minus(text: str) -> str:
    # a minus sign, not a hyphen, as docs/MODEL.md writes negative (protective) points
    return text.replace("-", "\u2212")


def _points(value: float) -> str:
    return _minus(f"{round(value, 1) + 0.0:.1f}")  # + 0.0: no "-0.0"


def _figures_row(label: str, f: Figures) -> str:
    return (f"| {label} | {_num(f.balanced_accuracy)} | {_num(f.mcc)} | {_num(f.auc)} | "
            f"{_num(f.brier)} | {f.tp} / {f.fn} / {f.fp} / {f.tn} |")


def _ceiling_row(cv: CrossValidation) -> str:
    c = cv.ceiling
    return (f"| ceiling: any weights, in sample ({len(c.mixed)} sets of identical factors hold "
            f"both outcomes) | {_num(c.balanced_accuracy)} | {_num(c.mcc)} | | | "
            f"{c.tp} / {c.fn} / {c.fp} / {c.tn} |")


def render_markdown(cv: CrossValidation, rule_set_version: str,
                    titles: Mapping[str, str]) -> str:
    """Both tables; ``titles`` names each rule's factor (the rule's title in the rule book)."""
    cases = cv.cross_validated.cases
    # the documented figures are the default's; any other prior scale is said on its rows
    prior = "" if cv.prior_scale == DEFAULT_PRIOR_SCALE else f", prior scale {cv.prior_scale:g}"
    lines = [
        "| weights | balanced accuracy | MCC | ROC AUC | Brier | TP / FN / FP / TN |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        _figures_row(f"as chosen, rule set {rule_set_version}", cv.chosen),
        _figures_row(f"fitted on all {cases}, in sample{prior}", cv.fitted),
        _figures_row(f"fitted, leave-one-out{prior}", cv.cross_validated),
        _ceiling_row(cv),
        "",
        "| rule | factor | chosen | fitted | LOO range | fired (violations) |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for w in cv.weights:
        fired = f"{w.fired} ({w.fired_violations})" if w.fired else "0"
        chosen = _minus(f"{w.chosen:g}")
        lines.append(f"| {w.rule} | {titles.get(w.rule, '')} | {chosen} | {_points(w.fitted)} | "
                     f"{_points(w.loo_min)} to {_points(w.loo_max)} | {fired} |")
    if not cv.converged:
        lines += ["", "Warning: an optimisation did not report convergence."]
    return "\n".join(lines) + "\n"

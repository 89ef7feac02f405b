"""The constrained fit of the weights and its leave-one-out cross-validation, on small synthetic
sets whose answers are known, and the shape of ``backtest --cross-validate --format json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refoulement_risk.calibration_cv import cross_validate
from refoulement_risk.calibration_fit import (
    CaseRow,
    Fit,
    ModelFrame,
    WeightSpec,
    fit_weights,
    rescore,
    spec_index,
)
from refoulement_risk.cli import main

FRAME = ModelFrame(base=5.0, thresholds={"low": 0, "moderate": 25, "high": 50, "very_high": 75},
                   violation_bands=frozenset({"high", "very_high"}),
                   no_evidence_band="insufficient_evidence")
# Real ids so that the declared chains apply: GEN-030 <= GEN-020 <= GEN-010, DA-002 <= DA-003.
SPECS = [
    WeightSpec("GEN-010", 30, 0, 1), WeightSpec("GEN-020", 20, 0, 2),
    WeightSpec("GEN-030", 8, 0, 3), WeightSpec("X-RISK", 10, 1, 4),
    WeightSpec("DA-003", -7, 2, 5), WeightSpec("DA-002", -15, 2, 6),
]


def _rows(pattern: list[tuple[tuple[str, ...], bool]], repeat: int = 1) -> list[CaseRow]:
    return [CaseRow(f"c{i}-{k}", violation, fired, False)
            for k in range(repeat) for i, (fired, violation) in enumerate(pattern)]


def test_the_fit_keeps_signs_and_the_order_of_the_tiers_against_contrary_data() -> None:
    # Data that, unconstrained, would rank occasional above systematic, make a risk factor
    # protective and a protective factor aggravating.
    rows = _rows([(("GEN-030",), True), (("GEN-010",), False), (("GEN-020",), False),
                  (("X-RISK",), False), (("DA-002", "GEN-010"), True),
                  (("DA-003", "GEN-010"), True), ((), False)], repeat=6)
    fit = fit_weights(rows, SPECS, FRAME, prior_scale=1000.0)
    w = fit.weights
    assert w["GEN-010"] >= w["GEN-020"] - 1e-9
    assert w["GEN-020"] >= w["GEN-030"] - 1e-9
    assert w["GEN-030"] >= 0 and w["X-RISK"] >= 0
    assert w["DA-002"] <= w["DA-003"] + 1e-9 <= 1e-9
    # with a weak prior the contrary data drive the risk factor to its bound
    assert w["X-RISK"] < 1.0


def test_a_strong_prior_keeps_every_weight_at_its_chosen_value() -> None:
    rows = _rows([(("GEN-030",), True), (("GEN-010",), False)], repeat=3)
    fit = fit_weights(rows, SPECS, FRAME, prior_scale=1e-3)
    for spec in SPECS:
        assert fit.weights[spec.rule] == pytest.approx(spec.chosen, abs=0.05)


def test_leave_one_out_on_a_separable_set_is_perfect_and_unused_rules_stay_as_chosen() -> None:
    # A violation exactly when X-RISK fires; GEN-030 fires in one case only (a no-violation).
    rows = _rows([(("X-RISK",), True), ((), False)], repeat=4)
    rows.append(CaseRow("only-gen030", False, ("GEN-030",), False))
    result = cross_validate(rows, SPECS, FRAME, prior_scale=100.0)
    cv = result.cross_validated
    assert (cv.tp, cv.fn, cv.fp, cv.tn) == (4, 0, 0, 5)
    assert cv.balanced_accuracy == 1.0 and cv.mcc == 1.0 and cv.auc == 1.0
    assert cv.brier is not None and cv.brier < 0.25
    # rules no case fires never move; the one-case rule moves only in the folds that see it
    by_rule = {w.rule: w for w in result.weights}
    assert by_rule["DA-002"].loo_min == by_rule["DA-002"].loo_max == -15
    assert by_rule["GEN-030"].loo_max == pytest.approx(8.0, abs=1e-6)  # its fold: the prior
    assert by_rule["GEN-030"].fired == 1 and by_rule["X-RISK"].fired_violations == 4


def test_a_case_without_evidence_is_never_called_a_violation_and_is_left_out_of_the_fit() -> None:
    rows = _rows([(("X-RISK",), True), ((), False)], repeat=3)
    without = fit_weights(rows, SPECS, FRAME, prior_scale=100.0)
    rows.append(CaseRow("no-evidence", True, ("X-RISK", "GEN-010"), True))
    assert fit_weights(rows, SPECS, FRAME, prior_scale=100.0) == without
    result = cross_validate(rows, SPECS, FRAME, prior_scale=100.0)
    held = {p.id: p for p in result.held_out}
    assert held["no-evidence"].band == "insufficient_evidence"
    assert not held["no-evidence"].says_violation
    assert result.cross_validated.fn == 1


def test_a_case_a_violation_bar_decides_is_called_a_violation_and_left_out_of_the_fit() -> None:
    # Removal without examining the claim breaches Article 3 whatever the risk: such a case says
    # nothing for or against a weight, and its call is a violation whatever its score.
    rows = _rows([(("X-RISK",), True), ((), False)], repeat=3)
    without = fit_weights(rows, SPECS, FRAME, prior_scale=100.0)
    rows.append(CaseRow("not-examined", True, (), False, violation_bar=True))
    assert fit_weights(rows, SPECS, FRAME, prior_scale=100.0) == without
    result = cross_validate(rows, SPECS, FRAME, prior_scale=100.0)
    held = {p.id: p for p in result.held_out}
    assert held["not-examined"].band in {"low", "moderate"}
    assert held["not-examined"].says_violation and held["not-examined"].by_bar
    assert (result.cross_validated.tp, result.cross_validated.fn) == (4, 0)


def test_a_fold_with_no_case_to_learn_from_keeps_the_chosen_weights() -> None:
    # Every case but one decided by a bar: the fold that holds that one out has nothing to fit,
    # which once crashed on an empty matrix; the prior (the chosen weights) must stand instead.
    rows = [CaseRow(f"bar-{i}", True, ("GEN-020",), False, violation_bar=True) for i in range(3)]
    rows.append(CaseRow("scored", True, ("GEN-010",), False))
    empty = fit_weights(rows[:3], SPECS, FRAME)
    assert all(abs(empty.weights[s.rule] - s.chosen) < 1e-6 for s in SPECS)
    result = cross_validate(rows, SPECS, FRAME)
    assert {p.id for p in result.held_out} == {r.id for r in rows}


def test_rescoring_applies_tier_order_and_keeps_the_total_within_0_100() -> None:
    index = spec_index(SPECS)
    row = CaseRow("r", True, ("DA-002", "GEN-010", "X-RISK"), False)
    weights = {s.rule: s.chosen for s in SPECS} | {"GEN-010": 90.0}
    # 5 + 90 -> 95, + 10 -> 100 (clipped), - 15 -> 85: assurances come last, after the clip
    assert rescore(row, weights, index, FRAME) == 85.0
    fit = Fit(weights, 10.0, True)
    assert fit.weights["GEN-010"] == 90.0


def test_chosen_weights_that_break_a_chain_are_refused() -> None:
    broken = [WeightSpec("GEN-010", 10, 0, 1), WeightSpec("GEN-020", 20, 0, 2)]
    with pytest.raises(ValueError, match="order"):
        fit_weights(_rows([(("GEN-010",), True)]), broken, FRAME)


def test_cli_cross_validate_json_has_the_documented_shape(
        capsys: pytest.CaptureFixture[str]) -> None:
    caselaw = Path(__file__).resolve().parent.parent / "caselaw"
    files = sorted(caselaw.glob("*.yaml"))[:6]
    assert main(["backtest", *map(str, files), "--cross-validate", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"method", "chosen", "fitted_in_sample", "cross_validated", "weights",
                        "held_out"}
    for block in ("chosen", "fitted_in_sample", "cross_validated"):
        assert out[block]["cases"] == 6
        assert set(out[block]) >= {"balanced_accuracy", "mcc", "auc", "brier", "confusion"}
    assert out["method"]["validation"] == "leave-one-out"
    assert len(out["held_out"]) == 6
    weight = out["weights"][0]
    assert set(weight) == {"rule", "chosen", "fitted", "loo_min", "loo_max", "cases_fired",
                           "violations_fired"}
    for w in out["weights"]:  # signs kept in every fold
        assert (w["loo_min"] >= 0) if w["chosen"] > 0 else (w["loo_max"] <= 0), w


def test_the_declared_chains_name_shipped_rules_whose_chosen_weights_keep_the_order() -> None:
    from refoulement_risk.calibration_cv import specs_from_rulebook
    from refoulement_risk.calibration_fit import MONOTONE_CHAINS
    from refoulement_risk.resources import rules_dir
    from refoulement_risk.rulebook import load_rulebook

    chosen = {s.rule: s.chosen for s in specs_from_rulebook(load_rulebook(rules_dir()))}
    for chain in MONOTONE_CHAINS:
        # a renamed rule would silently drop a constraint of the fit
        assert set(chain) <= set(chosen), chain
        values = [abs(chosen[r]) for r in chain]
        assert values == sorted(values), chain

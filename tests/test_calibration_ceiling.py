"""The ceiling of any weighting: cases with the same fired factors get the same call, so where
their outcomes differ no weights can call both right."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from refoulement_risk.calibration_ceiling import ceiling
from refoulement_risk.calibration_cv import cross_validate
from refoulement_risk.calibration_fit import CaseRow, ModelFrame, WeightSpec, rescore, spec_index


def _row(name: str, violation: bool, fired: tuple[str, ...], *, bar: bool = False,
         no_evidence: bool = False) -> CaseRow:
    return CaseRow(name, violation, fired, no_evidence, bar)


def test_separable_cases_reach_a_ceiling_of_one() -> None:
    rows = [_row("v1", True, ("A", "B")), _row("v2", True, ("B", "A")),
            _row("n1", False, ("A",))]
    c = ceiling(rows)
    assert (c.balanced_accuracy, c.tp, c.tn, c.mixed) == (1.0, 2, 1, ())


def test_a_mixed_set_gets_the_call_that_gains_most_balanced_accuracy() -> None:
    # 4 violations and 2 no-violations overall; the set {A} holds 1 of each: a no-violation
    # weighs 1/2, a violation 1/4, so the set is called no violation and its violation missed.
    rows = [_row("v1", True, ("A",)), _row("n1", False, ("A",)), _row("n2", False, ()),
            *(_row(f"v{i}", True, ("B",)) for i in range(2, 5))]
    c = ceiling(rows)
    assert (c.tp, c.fn, c.fp, c.tn) == (3, 1, 0, 2)
    assert c.balanced_accuracy == 0.875
    (mixed,) = c.mixed
    assert (mixed.factors, mixed.violations, mixed.no_violations, mixed.called_violation) == (
        ("A",), ("v1",), ("n1",), False)


def test_a_bar_calls_a_violation_and_no_evidence_never_does() -> None:
    rows = [_row("v1", True, (), bar=True), _row("n1", False, (), bar=True),
            _row("v2", True, ("A",), no_evidence=True), _row("n2", False, ("A",))]
    c = ceiling(rows)
    # the barred pair is one mixed set called violation; the no-evidence violation is missed,
    # and it is not mixed with n2 although both fired A
    assert (c.tp, c.fn, c.fp, c.tn) == (1, 1, 1, 1)
    assert [m.violations for m in c.mixed] == [("v1",)]


def test_the_ceiling_is_never_below_the_engines_own_calls() -> None:
    frame = ModelFrame(base=5.0, thresholds={"low": 0, "moderate": 25, "high": 50},
                       violation_bands=frozenset({"high"}), no_evidence_band="insufficient")
    specs = [WeightSpec("GEN-010", 30, 0, 1), WeightSpec("X-RISK", 20, 1, 2)]
    rows = [_row("a", True, ("GEN-010", "X-RISK")), _row("b", False, ("GEN-010", "X-RISK")),
            _row("c", True, ("GEN-010",)), _row("d", False, ("GEN-010",)),
            _row("e", False, ())]
    cv = cross_validate(rows, specs, frame)
    assert cv.chosen.balanced_accuracy is not None and cv.ceiling.balanced_accuracy is not None
    assert cv.ceiling.balanced_accuracy >= cv.chosen.balanced_accuracy
    assert cv.fitted.balanced_accuracy is not None
    assert cv.ceiling.balanced_accuracy >= cv.fitted.balanced_accuracy


_RULES = ("GEN-010", "GEN-020", "X-RISK", "Y-RISK")


@given(cases=st.lists(st.tuples(st.booleans(), st.sets(st.sampled_from(_RULES))), min_size=2,
                      max_size=30),
       points=st.tuples(*(st.integers(0, 60) for _ in _RULES)))
@settings(max_examples=200, deadline=None)
def test_no_weights_beat_the_ceiling(cases: list[tuple[bool, set[str]]],
                                     points: tuple[int, ...]) -> None:
    # Any weights give a call per fired set, so their balanced accuracy is never above it.
    assume(any(v for v, _ in cases) and not all(v for v, _ in cases))
    frame = ModelFrame(base=5.0, thresholds={"low": 0, "moderate": 25, "high": 50},
                       violation_bands=frozenset({"high"}), no_evidence_band="insufficient")
    specs = [WeightSpec(rule, 10, 0, k) for k, rule in enumerate(_RULES)]
    index = spec_index(specs)
    weights = dict(zip(_RULES, map(float, points), strict=True))
    rows = [_row(f"c{k}", v, tuple(sorted(fired))) for k, (v, fired) in enumerate(cases)]
    calls = [rescore(r, weights, index, frame) >= frame.high for r in rows]
    positives = sum(r.violation for r in rows)
    sens = sum(c and r.violation for c, r in zip(calls, rows, strict=True)) / positives
    spec = (sum(not c and not r.violation for c, r in zip(calls, rows, strict=True))
            / (len(rows) - positives))
    bound = ceiling(rows).balanced_accuracy
    assert bound is not None and (sens + spec) / 2 <= bound + 1e-9

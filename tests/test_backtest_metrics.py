"""Backtest metrics and loader, checked against hand-computed values with fake engines."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from refoulement_risk.backtest import (
    BANDS,
    CaseResult,
    DecidedCase,
    auc_mann_whitney,
    balanced_accuracy,
    confusion_from_pairs,
    load_decided_case,
    load_decided_cases,
    matthews_corrcoef,
    render_json,
    render_text,
    report_from_results,
    run_backtest,
)
from refoulement_risk.case import Case
from refoulement_risk.errors import DataFileError, EngineError

V, N = "violation", "no_violation"


# ------------------------------------------------------------------ confusion and 2x2 metrics


def test_confusion_counts_by_outcome_and_band() -> None:
    conf = confusion_from_pairs(
        [(V, "very_high"), (V, "high"), (V, "moderate"), (N, "low"), (N, "high"), (N, "low"),
         (V, "insufficient_evidence")]
    )
    assert conf.as_dict() == {
        V: {"low": 0, "moderate": 1, "high": 1, "very_high": 1, "insufficient_evidence": 1},
        N: {"low": 2, "moderate": 0, "high": 1, "very_high": 0, "insufficient_evidence": 0},
    }
    # No evidence is not a violation band: the engine did not say violation (a miss).
    assert (conf.tp, conf.fn, conf.fp, conf.tn) == (2, 2, 1, 2)


def test_hand_computed_metrics() -> None:
    # TP=6 FN=2 FP=1 TN=3 (12 cases)
    pairs = [(V, "high")] * 4 + [(V, "very_high")] * 2 + [(V, "moderate"), (V, "low")]
    pairs += [(N, "high")] + [(N, "low")] * 2 + [(N, "moderate")]
    conf = confusion_from_pairs(pairs)
    assert (conf.tp, conf.fn, conf.fp, conf.tn) == (6, 2, 1, 3)
    # sensitivity 6/8 = 0.75, specificity 3/4 = 0.75
    assert balanced_accuracy(conf) == pytest.approx(0.75)
    # MCC = (6*3 - 1*2) / sqrt(7*8*4*5) = 16 / sqrt(1120)
    assert matthews_corrcoef(conf) == pytest.approx(16 / math.sqrt(1120))
    assert matthews_corrcoef(conf) == pytest.approx(0.478091, abs=1e-6)


def test_perfect_and_inverted_predictions() -> None:
    perfect = confusion_from_pairs([(V, "high"), (V, "very_high"), (N, "low"), (N, "moderate")])
    assert balanced_accuracy(perfect) == 1.0
    assert matthews_corrcoef(perfect) == pytest.approx(1.0)
    inverted = confusion_from_pairs([(V, "low"), (V, "moderate"), (N, "high"), (N, "very_high")])
    assert balanced_accuracy(inverted) == 0.0
    assert matthews_corrcoef(inverted) == pytest.approx(-1.0)


def test_empty_class_gives_none_not_crash() -> None:
    only_violations = confusion_from_pairs([(V, "high"), (V, "low")])
    assert balanced_accuracy(only_violations) is None
    assert matthews_corrcoef(only_violations) is None
    empty = confusion_from_pairs([])
    assert balanced_accuracy(empty) is None
    assert matthews_corrcoef(empty) is None


def test_mcc_none_when_engine_always_says_the_same() -> None:
    # both classes present, but the engine never says "violation": a zero margin
    conf = confusion_from_pairs([(V, "low"), (N, "moderate"), (N, "low")])
    assert balanced_accuracy(conf) == pytest.approx(0.5)
    assert matthews_corrcoef(conf) is None


def test_unknown_band_or_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="band"):
        confusion_from_pairs([(V, "extreme")])
    with pytest.raises(ValueError, match="outcome"):
        confusion_from_pairs([("maybe", "low")])


# ------------------------------------------------------------------ AUC


def test_auc_hand_computed_with_ties() -> None:
    # pairs (p, n): (80,50)=1 (80,60)=1 (80,80)=.5 ; (60,50)=1 (60,60)=.5 (60,80)=0
    # (40,50)=0 (40,60)=0 (40,80)=0  -> 4.0 / 9
    assert auc_mann_whitney([80, 60, 40], [50, 60, 80]) == pytest.approx(4 / 9)


def test_auc_extremes_and_all_tied() -> None:
    assert auc_mann_whitney([90, 70], [10, 20, 30]) == 1.0
    assert auc_mann_whitney([10], [90, 91]) == 0.0
    assert auc_mann_whitney([50, 50], [50]) == pytest.approx(0.5)


def test_auc_none_for_an_empty_class() -> None:
    assert auc_mann_whitney([], [1, 2]) is None
    assert auc_mann_whitney([1, 2], []) is None


def test_auc_refuses_nan() -> None:
    with pytest.raises(ValueError, match="NaN"):
        auc_mann_whitney([float("nan")], [1.0])


def _auc_by_pairs(pos: list[float], neg: list[float]) -> float:
    total = 0.0
    for p, n in itertools.product(pos, neg):
        total += 1.0 if p > n else 0.5 if p == n else 0.0
    return total / (len(pos) * len(neg))


@given(
    st.lists(st.integers(0, 20), min_size=1, max_size=25),
    st.lists(st.integers(0, 20), min_size=1, max_size=25),
)
def test_auc_rank_formula_equals_pair_count(pos: list[int], neg: list[int]) -> None:
    fpos, fneg = [float(x) for x in pos], [float(x) for x in neg]
    assert auc_mann_whitney(fpos, fneg) == pytest.approx(_auc_by_pairs(fpos, fneg))


@given(st.lists(st.tuples(st.sampled_from([V, N]), st.sampled_from(BANDS)), max_size=40))
def test_metrics_bounded_or_none(pairs: list[tuple[str, str]]) -> None:
    conf = confusion_from_pairs(pairs)
    ba, mcc = balanced_accuracy(conf), matthews_corrcoef(conf)
    assert ba is None or 0.0 <= ba <= 1.0
    assert mcc is None or -1.0 - 1e-12 <= mcc <= 1.0 + 1e-12
    assert conf.tp + conf.fn + conf.fp + conf.tn == len(pairs)


# ------------------------------------------------------------------ loader


def _case_doc(**over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "example-v-russia-2010",
        "name": "Example v. Russia",
        "decision": {
            "body": "ecthr",
            "reference": "1/10",
            "date": "2010-05-05",
            "provision": "echr_art3",
            "outcome": "violation",
            "source": {
                "title": "Example v. Russia, judgment",
                "url": "https://example.org/judgment",
                "verified": "read the operative part in a stored copy",
            },
        },
        "reason": "Wanted for Hizb ut-Tahrir membership; a real risk in custody (example).",
        "removed_on": None,
        "case": {
            "destination": "UZ",
            "removing_state": "RU",
            "as_of": "2010-05-05",
            "proceeding": "extradition",
            "charges": [{"category": "religious_extremism", "organisation": "hizb_ut_tahrir"}],
            "client_reference": "example-v-russia-2010",
        },
        "fact_sources": {
            "destination": "§ 1",
            "removing_state": "§ 1",
            "proceeding": "§ 8",
            "charges": "§ 9",
        },
    }
    doc.update(over)
    return doc


def _write(tmp_path: Path, doc: dict[str, Any], name: str | None = None) -> Path:
    path = tmp_path / f"{name or doc['id']}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def test_loads_a_valid_file(tmp_path: Path) -> None:
    decided = load_decided_case(_write(tmp_path, _case_doc()))
    assert isinstance(decided, DecidedCase)
    assert isinstance(decided.case, Case)
    assert decided.assessed_as_of == dt.date(2010, 5, 5)


def test_error_names_file_and_field(tmp_path: Path) -> None:
    doc = _case_doc()
    doc["case"]["charges"][0]["category"] = "heresy"
    path = _write(tmp_path, doc)
    with pytest.raises(DataFileError) as info:
        load_decided_case(path)
    locations = [p.location for p in info.value.problems]
    assert any(str(path) in loc and "case.charges.0.category" in loc for loc in locations)


def test_extra_keys_are_refused(tmp_path: Path) -> None:
    doc = _case_doc(comment="not allowed")
    with pytest.raises(DataFileError) as info:
        load_decided_case(_write(tmp_path, doc))
    assert any("comment" in p.location for p in info.value.problems)
    doc = _case_doc()
    doc["case"]["applicant_name"] = "X"
    with pytest.raises(DataFileError):
        load_decided_case(_write(tmp_path, doc))


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, _case_doc(), name="other-name")
    with pytest.raises(DataFileError) as info:
        load_decided_case(path)
    assert any(p.location.endswith(":id") for p in info.value.problems)


def test_as_of_follows_removal_date(tmp_path: Path) -> None:
    doc = _case_doc(removed_on="2009-01-01")  # case.as_of still the decision date
    with pytest.raises(DataFileError, match="removed_on"):
        load_decided_case(_write(tmp_path, doc))
    doc["case"]["as_of"] = "2009-01-01"
    assert load_decided_case(_write(tmp_path, doc)).assessed_as_of == dt.date(2009, 1, 1)


def test_filled_field_needs_a_fact_source(tmp_path: Path) -> None:
    doc = _case_doc()
    del doc["fact_sources"]["charges"]
    with pytest.raises(DataFileError, match=r"fact_sources\.charges is missing"):
        load_decided_case(_write(tmp_path, doc))


def test_provision_must_fit_body(tmp_path: Path) -> None:
    doc = _case_doc()
    doc["decision"]["provision"] = "cat_art3"
    with pytest.raises(DataFileError, match="echr_art3"):
        load_decided_case(_write(tmp_path, doc))


def test_source_needs_verified(tmp_path: Path) -> None:
    doc = _case_doc()
    del doc["decision"]["source"]["verified"]
    with pytest.raises(DataFileError) as info:
        load_decided_case(_write(tmp_path, doc))
    assert any("decision.source.verified" in p.location for p in info.value.problems)


def test_duplicate_key_and_bad_yaml_reported(tmp_path: Path) -> None:
    path = tmp_path / "dup-case.yaml"
    path.write_text("id: dup-case\nid: dup-case\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="duplicate key"):
        load_decided_case(path)


def test_all_problems_of_all_files_at_once(tmp_path: Path) -> None:
    good = _write(tmp_path, _case_doc())
    bad1 = _case_doc(id="bad-one")
    bad1["case"]["destination"] = "XX"
    bad2 = _case_doc(id="bad-two")
    bad2["decision"]["outcome"] = "partly"
    _write(tmp_path, bad1)
    _write(tmp_path, bad2)
    with pytest.raises(DataFileError) as info:
        load_decided_cases([tmp_path])
    text = str(info.value)
    assert "bad-one.yaml" in text and "bad-two.yaml" in text
    assert len(load_decided_cases([good])) == 1


# ------------------------------------------------------------------ run_backtest with fakes


@dataclass
class FakeFactor:
    rule: str
    title: str
    contribution: float


@dataclass
class FakeBar:
    code: str


@dataclass
class FakeAssessment:
    score: int
    band: str
    factors: list[FakeFactor] = field(default_factory=list)
    legal_bars: list[FakeBar] = field(default_factory=list)


def _write_set(tmp_path: Path) -> list[Path]:
    specs = [
        ("a-v-russia-2008", "violation", "UZ"),
        ("b-v-russia-2009", "violation", "TJ"),
        ("c-v-russia-2013", "no_violation", "KZ"),
        ("d-v-russia-2022", "no_violation", "KG"),
    ]
    paths = []
    for cid, outcome, dest in specs:
        doc = _case_doc(id=cid, name=cid)
        doc["decision"]["outcome"] = outcome
        doc["case"]["destination"] = dest
        doc["case"]["client_reference"] = cid
        paths.append(_write(tmp_path, doc))
    return paths


def test_run_backtest_with_fake_engine(tmp_path: Path) -> None:
    paths = _write_set(tmp_path)
    table = {"UZ": (85, "very_high"), "TJ": (40, "moderate"), "KZ": (30, "low"), "KG": (60, "high")}
    seen: list[tuple[str, dt.date]] = []

    def fake(case: Case, as_of: dt.date) -> FakeAssessment:
        seen.append((case.destination, as_of))
        score, band = table[case.destination]
        factors = [
            FakeFactor("general_situation", "General situation", 20.0),
            FakeFactor("group", "Targeted group", 35.0),
            FakeFactor("assurances", "Assurances", -5.0),
            FakeFactor("tiny", "Tiny", 1.0),
        ]
        return FakeAssessment(score, band, factors)

    report = run_backtest([tmp_path], fake)
    assert [s[1] for s in seen] == [dt.date(2010, 5, 5)] * 4
    assert len(report.cases) == len(paths)
    # TP=1 (UZ) FN=1 (TJ) FP=1 (KG) TN=1 (KZ)
    assert report.balanced_accuracy == pytest.approx(0.5)
    assert report.mcc == pytest.approx(0.0)
    # pos {85, 40} vs neg {30, 60}: (85>30)+(85>60)+(40>30)+(40<60) = 3/4
    assert report.auc == pytest.approx(0.75)
    out = render_json(report)
    assert set(out) == {"balanced_accuracy", "mcc", "auc", "confusion", "called_by_bar",
                        "bands_only", "cases"}
    json.dumps(out)  # serialisable
    first = out["cases"][0]
    assert set(first) == set(
        ["id", "name", "outcome", "score", "band", "agrees", "violation_bars", "leading_factors"]
    )
    leading = [f["rule"] for f in first["leading_factors"]]
    assert leading == ["group", "general_situation", "assurances"]
    assert [c["agrees"] for c in out["cases"]] == [True, False, True, False]
    assert out["confusion"]["no_violation"]["high"] == 1
    text = render_text(report)
    assert "balanced accuracy 0.500" in text and "a-v-russia-2008" in text


def test_run_backtest_refuses_unknown_band(tmp_path: Path) -> None:
    _write_set(tmp_path)

    def fake(case: Case, as_of: dt.date) -> FakeAssessment:
        return FakeAssessment(50, "severe")

    with pytest.raises(EngineError, match="band"):
        run_backtest([tmp_path], fake)


def test_report_with_one_class_renders_nulls() -> None:
    results = [
        CaseResult("x", "X", V, 80.0, "high", True, ()),
        CaseResult("y", "Y", V, 20.0, "low", False, ()),
    ]
    report = report_from_results(results)
    out = render_json(report)
    assert out["balanced_accuracy"] is None and out["mcc"] is None and out["auc"] is None
    assert "n/a" in render_text(report)
    assert json.loads(json.dumps(out))["auc"] is None


def test_a_decided_case_without_evidence_counts_as_not_predicting_a_violation(
        tmp_path: Path) -> None:
    """Since the backtest uses only evidence published by each case's date, a case can have no
    evidence at all: the no-evidence band is not a band of risk, so it is counted (and shown)
    as the engine not saying violation, never dropped."""
    _write(tmp_path, _case_doc())

    def fake(case: Case, as_of: dt.date) -> FakeAssessment:
        return FakeAssessment(5, "insufficient_evidence", [])

    report = run_backtest([tmp_path], fake)
    assert report.confusion.counts["violation"]["insufficient_evidence"] == 1
    assert report.confusion.fn == 1 and report.confusion.tp == 0


def test_a_violation_bar_calls_a_violation_whatever_the_band(tmp_path: Path) -> None:
    """Removal without examining the claim breaches Article 3 whatever the risk (the procedural
    limb): an assessment reporting that bar says violation even with a moderate band. Other
    bars (an interim measure) do not, and a case is never counted twice."""
    _write_set(tmp_path)
    table = {
        "UZ": (85, "very_high", ["CLAIM_NOT_EXAMINED"]),  # violation, already high: counts once
        "TJ": (40, "moderate", ["CLAIM_NOT_EXAMINED"]),  # violation, called by the bar alone
        "KZ": (30, "low", ["ECTHR_RULE39"]),  # no violation; an interim measure calls nothing
        "KG": (20, "moderate", []),  # no violation
    }

    def fake(case: Case, as_of: dt.date) -> FakeAssessment:
        score, band, bars = table[case.destination]
        return FakeAssessment(score, band, [], [FakeBar(code) for code in bars])

    report = run_backtest([tmp_path], fake)
    conf = report.confusion
    assert (conf.tp, conf.fn, conf.fp, conf.tn) == (2, 0, 0, 2)
    assert report.balanced_accuracy == pytest.approx(1.0)
    bands = conf.bands_only()
    assert (bands.tp, bands.fn, bands.fp, bands.tn) == (1, 1, 0, 2)
    assert report.bands_only_balanced_accuracy == pytest.approx(0.75)
    by_id = {r.id: r for r in report.cases}
    assert by_id["b-v-russia-2009"].agrees and by_id["b-v-russia-2009"].says_violation
    assert by_id["c-v-russia-2013"].violation_bars == ()
    out = render_json(report)
    assert out["called_by_bar"] == {V: 1, N: 0}
    assert out["bands_only"]["balanced_accuracy"] == pytest.approx(0.75)
    text = render_text(report)
    assert "or it reports CLAIM_NOT_EXAMINED" in text
    assert "1 called violation by a bar" in text and "bands alone: balanced accuracy 0.750" in text


def test_a_bar_on_a_no_violation_case_is_a_false_positive() -> None:
    results = [
        CaseResult("x", "X", V, 80.0, "high", True, ()),
        CaseResult("y", "Y", N, 20.0, "low", False, (), (), ("CLAIM_NOT_EXAMINED",)),
        CaseResult("z", "Z", N, 20.0, "low", True, ()),
    ]
    conf = report_from_results(results).confusion
    assert (conf.tp, conf.fn, conf.fp, conf.tn) == (1, 0, 1, 1)

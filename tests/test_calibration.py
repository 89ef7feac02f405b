"""The bands' track record: stored by the backtest, counted right, checked for staleness, and
shown with every assessment only when it describes the rules, evidence and cases in use."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from refoulement_risk import Knowledge, assess
from refoulement_risk.backtest import caselaw_paths, run_backtest
from refoulement_risk.calibration import (
    CALIBRATION_PATH,
    REGENERATE,
    CalibrationFile,
    load_calibration,
    markdown_table,
)
from refoulement_risk.case_law import load_case_law
from refoulement_risk.cli import main
from refoulement_risk.errors import DataFileError
from refoulement_risk.render import render_markdown, render_text
from refoulement_risk.report import render_report_html

CASELAW = Path(__file__).resolve().parent.parent / "caselaw"
STORED = load_calibration(CASELAW / CALIBRATION_PATH)
CASE = {"destination": "UZ", "removing_state": "RU", "as_of": "2014-05-01",
        "charges": [{"category": "religious_extremism", "organisation": "hizb_ut_tahrir"}]}


def _stored() -> CalibrationFile:
    assert STORED is not None, f"no calibration file: run `{REGENERATE}`"
    return STORED


def test_the_shipped_calibration_is_fresh(knowledge: Knowledge) -> None:
    assert knowledge.caselaw.stale == (), (
        f"the calibration is stale: {'; '.join(knowledge.caselaw.stale)}. Run `{REGENERATE}`.")
    assert len(_stored().cases) == len(knowledge.caselaw.cases)


def test_the_stored_bands_are_what_the_engine_gives_today(knowledge: Knowledge) -> None:
    """The digests cannot see a change of the engine's code: run the backtest and compare."""
    report = run_backtest(caselaw_paths([CASELAW]), lambda case, as_of: assess(
        case, as_of=as_of, knowledge=knowledge))
    stored = _stored().by_id()
    changed = [(r.id, stored[r.id].band, r.band) for r in report.cases
               if stored[r.id].band != r.band or stored[r.id].score != round(r.score)
               or stored[r.id].factors != list(r.factor_rules)]
    assert changed == [], f"stale calibration {changed[:5]}: run `{REGENERATE}`"


def test_each_band_counts_its_cases_and_violations() -> None:
    stored = _stored()
    assert sum(b.decided_cases for b in stored.bands) == len(stored.cases)
    for record in stored.bands:
        in_band = [c for c in stored.cases if c.band == record.band]
        assert record.decided_cases == len(in_band)
        assert record.violations == sum(c.outcome.value == "violation" for c in in_band)


def test_an_assessment_carries_its_bands_record(knowledge: Knowledge) -> None:
    a = assess(CASE, knowledge=knowledge)
    record = _stored().record(a.band)
    assert record is not None and a.calibration is not None
    assert (a.calibration.band, a.calibration.decided_cases, a.calibration.violations) == (
        a.band, record.decided_cases, record.violations)
    data = json.loads(a.model_dump_json())
    assert set(data["calibration"]) == {"band", "decided_cases", "violations"}
    line = f"{record.violations} of the {record.decided_cases} decided cases"
    assert line in render_text(a) and line in render_markdown(a)
    assert line in render_report_html(a)


def test_a_count_edited_by_hand_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((CASELAW / CALIBRATION_PATH).read_text("utf-8"))
    data["bands"][0]["violations"] = data["bands"][0]["decided_cases"] + 1
    path = tmp_path / "calibration.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load_calibration(path)
    assert "regenerate" in str(raised.value.problems)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "caselaw"
    shutil.copytree(CASELAW, folder)
    return folder


def test_a_changed_fact_makes_the_calibration_stale_and_hides_it(
        tmp_path: Path, knowledge: Knowledge, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(tmp_path)
    path = folder / "rustamov-v-russia-2012.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["case"]["past_ill_treatment"] = "documented"
    data["fact_sources"]["past_ill_treatment"] = "a change made by the test"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rules, profiles = knowledge.rulebook.digest, knowledge.profiles.digest
    law = load_case_law(folder, rules, profiles)
    assert any("decided cases changed" in r for r in law.stale)
    assert law.track_record("high") is None
    stale = Knowledge(knowledge.rulebook, knowledge.profiles, knowledge.backend, law)
    a = assess(CASE, knowledge=stale)
    assert a.calibration is None
    assert "track record: not shown" in render_text(a)
    assert main(["backtest", str(folder), "--check-calibration"]) == 1
    assert REGENERATE in capsys.readouterr().err


def test_other_rules_make_it_stale(knowledge: Knowledge) -> None:
    law = load_case_law(CASELAW, "0" * 16, knowledge.profiles.digest)
    assert [r.split(" (")[0] for r in law.stale] == ["the rules changed"]
    assert law.track_record("high") is None


def test_a_changed_reason_line_keeps_it_fresh(tmp_path: Path, knowledge: Knowledge) -> None:
    folder = _copy(tmp_path)
    path = folder / "rustamov-v-russia-2012.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["reason"] = "A sentence the test wrote, not the Court."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    law = load_case_law(folder, knowledge.rulebook.digest, knowledge.profiles.digest)
    assert law.stale == ()


def test_the_shipped_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backtest", "--check-calibration"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_the_documented_track_record_is_the_stored_one() -> None:
    text = (CASELAW.parent / "docs" / "MODEL.md").read_text("utf-8")
    block = text.split("<!-- calibration-table")[1].split("<!-- /calibration-table -->")[0]
    table = block.split("-->\n", 1)[1]
    assert table == markdown_table(_stored()), (
        "docs/MODEL.md shows another track record than the stored calibration; "
        f"`{REGENERATE}` prints the table to paste")

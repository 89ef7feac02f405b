"""``backtest --cross-validate --format markdown``: the calibration tables of docs/MODEL.md, and
the documented weights table against the rule book."""

from __future__ import annotations

from pathlib import Path

import pytest

from refoulement_risk.calibration_cv import cross_validate, specs_from_rulebook
from refoulement_risk.calibration_fit import CaseRow, ModelFrame, WeightSpec
from refoulement_risk.calibration_markdown import render_markdown
from refoulement_risk.cli import main
from refoulement_risk.resources import rules_dir
from refoulement_risk.rulebook import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
FRAME = ModelFrame(base=5.0, thresholds={"low": 0, "moderate": 25, "high": 50, "very_high": 75},
                   violation_bands=frozenset({"high", "very_high"}),
                   no_evidence_band="insufficient_evidence")
SPECS = [WeightSpec("GEN-010", 30, 0, 1), WeightSpec("X-RISK", 10, 1, 2),
         WeightSpec("DA-002", -15, 2, 3)]


def _weight_rows(markdown: str) -> dict[str, list[str]]:
    """The weights table's rows by rule id (the second table of the output)."""
    table = markdown.split("| rule | factor |")[1]
    cells = ([c.strip() for c in line.strip().strip("|").split("|")]
             for line in table.splitlines()[2:] if line.startswith("| "))
    return {row[0]: row for row in cells}


def test_one_row_per_rule_with_its_chosen_weight_title_and_fired_count() -> None:
    rows = [CaseRow(f"v{i}", True, ("X-RISK", "GEN-010"), False) for i in range(3)]
    rows += [CaseRow(f"n{i}", False, (), False) for i in range(3)]
    cv = cross_validate(rows, SPECS, FRAME, prior_scale=10.0)
    text = render_markdown(cv, "9.9.9", {"GEN-010": "Systematic", "X-RISK": "A risk"})
    assert "| as chosen, rule set 9.9.9 |" in text
    assert "| fitted on all 6, in sample |" in text
    by_rule = _weight_rows(text)
    assert list(by_rule) == ["GEN-010", "X-RISK", "DA-002"]
    assert by_rule["GEN-010"][1:3] == ["Systematic", "30"]
    assert by_rule["X-RISK"][5] == "3 (3)"
    # a protective rule no case fires: its chosen weight, a minus sign, "0" fired
    assert by_rule["DA-002"][2:] == ["−15", "−15.0", "−15.0 to −15.0", "0"]
    assert by_rule["DA-002"][1] == ""  # no title given: an empty cell, not a crash


def test_cli_markdown_has_one_row_per_factor_rule_with_the_rule_books_weight(
        capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted((ROOT / "caselaw").glob("*.yaml"))[:6]
    assert main(["backtest", *map(str, files), "--cross-validate", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    book = load_rulebook(rules_dir())
    assert f"| as chosen, rule set {book.index.version} |" in out
    assert "| fitted on all 6, in sample |" in out
    by_rule = _weight_rows(out)
    specs = specs_from_rulebook(book)
    assert list(by_rule) == [s.rule for s in specs]
    titles = {c.id: c.rule.title for c in book.rules}
    for spec in specs:
        row = by_rule[spec.rule]
        assert row[1] == titles[spec.rule]
        assert float(row[2].replace("−", "-")) == spec.chosen


def test_markdown_without_cross_validate_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as stop:
        main(["backtest", str(ROOT / "caselaw" / "a-k-v-switzerland-2015.yaml"),
              "--format", "markdown"])
    assert stop.value.code == 2


def _block(text: str, marker: str) -> str:
    return text.split(f"<!-- {marker}")[1].split(f"<!-- /{marker} -->")[0]


def test_the_documented_tables_are_of_the_rule_set_in_use() -> None:
    # The fitted columns need the whole case law (the command, ~20 s); the rule set version and
    # the chosen weights must follow the rule book, or the documentation describes weights the
    # engine no longer uses.
    stale = ("docs/MODEL.md's calibration tables are stale: `refoulement-risk backtest caselaw/ "
             "--cross-validate --format markdown` prints the tables to paste")
    text = (ROOT / "docs" / "MODEL.md").read_text("utf-8")
    book = load_rulebook(rules_dir())
    assert f"| as chosen, rule set {book.index.version} |" in _block(
        text, "calibration-figures"), stale
    by_rule = _weight_rows(_block(text, "calibration-weights"))
    specs = specs_from_rulebook(book)
    assert list(by_rule) == [s.rule for s in specs], stale
    for spec in specs:
        assert float(by_rule[spec.rule][2].replace("−", "-")) == spec.chosen, spec.rule


def test_prior_scale_reaches_the_fit_and_its_default_is_the_fits(
        capsys: pytest.CaptureFixture[str]) -> None:
    from refoulement_risk.calibration_fit import DEFAULT_PRIOR_SCALE
    from refoulement_risk.cli_commands import backtest

    option = next(p for p in backtest.params if p.name == "prior_scale")
    assert option.default == DEFAULT_PRIOR_SCALE
    files = sorted((ROOT / "caselaw").glob("*.yaml"))[:4]
    assert main(["backtest", *map(str, files), "--cross-validate", "--format", "markdown",
                 "--prior-scale", "3"]) == 0
    out = capsys.readouterr().out
    assert "| fitted, leave-one-out, prior scale 3 |" in out


def test_the_cli_prior_scale_default_is_the_fit_s() -> None:
    """The CLI names the default without importing the fit (numpy and scipy are optional), so
    the two numbers are kept equal here: the documented tables are the default's."""
    from refoulement_risk.calibration_fit import DEFAULT_PRIOR_SCALE
    from refoulement_risk.cli_commands import backtest

    option = next(p for p in backtest.params if p.name == "prior_scale")
    assert option.default == DEFAULT_PRIOR_SCALE

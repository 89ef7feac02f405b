"""A bad rule file stops start-up, naming the file, the rule and the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refoulement_risk.errors import RuleFileError
from refoulement_risk.resources import rules_dir
from refoulement_risk.rulebook import load_rulebook


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(rules_dir(), target)
    return target


def _break(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(RuleFileError) as info:
        load_rulebook(folder)
    return [str(p) for p in info.value.problems]


def test_the_shipped_rule_set_loads() -> None:
    book = load_rulebook(rules_dir())
    assert len(book.rules) >= 50
    assert {r.theme for r in book.rules} >= {
        "general_situation", "targeted_profiles", "personal_history", "refugee_status",
        "interim_measures", "diplomatic_assurances", "irregular_transfer", "recommended_actions"}


def test_an_unknown_fact_is_named_with_a_suggestion(rules_copy: Path) -> None:
    _break(rules_copy, "general_situation.yaml",
           "fact: destination.custody_torture_level, is: systematic}",
           "fact: destination.custody_torture_levl, is: systematic}")
    problems = _problems(rules_copy)
    assert any("general_situation.yaml" in p and "GEN-010" in p and
               "did you mean 'destination.custody_torture_level'" in p for p in problems)


def test_a_literal_of_the_wrong_type_is_refused(rules_copy: Path) -> None:
    _break(rules_copy, "personal_history.yaml", "{fact: case.family_persecuted, is: true}",
           "{fact: case.family_persecuted, is: 'yes'}")
    problems = _problems(rules_copy)
    assert any("IND-003" in p and "not a valid value of case.family_persecuted" in p
               for p in problems)


def test_an_unknown_authority_is_refused(rules_copy: Path) -> None:
    _break(rules_copy, "personal_history.yaml", "authorities: [jk-sweden, cat-gc4]",
           "authorities: [jk-swedn, cat-gc4]")
    problems = _problems(rules_copy)
    assert any("IND-001" in p and "unknown authority 'jk-swedn'" in p and "did you mean" in p
               for p in problems)


def test_a_duplicate_key_is_refused_with_its_line(rules_copy: Path) -> None:
    _break(rules_copy, "personal_history.yaml", "    title: Past ill-treatment, documented",
           "    title: duplicate\n    title: Past ill-treatment, documented")
    problems = _problems(rules_copy)
    assert any("personal_history.yaml:" in p and "duplicate key 'title'" in p for p in problems)


def test_a_duplicate_rule_id_is_refused(rules_copy: Path) -> None:
    _break(rules_copy, "personal_history.yaml", "id: IND-002", "id: IND-001")
    assert any("duplicate rule id" in p for p in _problems(rules_copy))


def test_a_rule_with_two_effects_is_refused(rules_copy: Path) -> None:
    _break(rules_copy, "personal_history.yaml",
           "      factor: {score: torture, tier: individual, points: 15}",
           "      factor: {score: torture, tier: individual, points: 15}\n"
           "      derive: {derived.security_charge: true}")
    assert any("exactly one of derive, factor, bar, recommend" in p
               for p in _problems(rules_copy))


def test_an_unlisted_rule_file_is_refused(rules_copy: Path) -> None:
    (rules_copy / "stray.yaml").write_text("theme: x\n", encoding="utf-8")
    assert any("stray.yaml" in p and "not listed" in p for p in _problems(rules_copy))


def test_a_violation_bar_no_rule_reports_is_refused(rules_copy: Path) -> None:
    # The backtest would otherwise wait for a bar that can never come, silently.
    _break(rules_copy, "index.yaml", "violation_bars: [CLAIM_NOT_EXAMINED, DEATH_PENALTY_ECHR",
           "violation_bars: [CLAIM_NOT_EXAMINE, DEATH_PENALTY_ECHR")
    problems = _problems(rules_copy)
    assert any("index.yaml:violation_bars" in p and "'CLAIM_NOT_EXAMINE'" in p
               and "did you mean 'CLAIM_NOT_EXAMINED'" in p for p in problems)


def test_invalid_yaml_names_the_line(rules_copy: Path) -> None:
    (rules_copy / "personal_history.yaml").write_text("rules: [\n", encoding="utf-8")
    assert any("personal_history.yaml:" in p and "invalid YAML" in p
               for p in _problems(rules_copy))


def test_negative_points_never_depend_on_a_charge() -> None:
    """The absolute prohibition: nothing about a charge may lower a score."""
    book = load_rulebook(rules_dir())
    for compiled in book.rules:
        factor = compiled.rule.then.factor
        if factor is None or factor.points >= 0:
            continue
        for branch in compiled.branches:
            for condition in branch.conditions:
                assert "charge" not in condition.fact, compiled.id
                assert condition.fact != "derived.security_charge", compiled.id


def test_no_rule_names_a_country() -> None:
    """Law is general: rules read the profiles' indicators, never a country code."""
    from refoulement_risk.iso_countries import ISO_3166_ALPHA2

    book = load_rulebook(rules_dir())
    for compiled in book.rules:
        for branch in compiled.branches:
            for condition in branch.conditions:
                operand = condition.operand
                literals = operand if isinstance(operand, list) else [operand]
                for literal in literals:
                    assert not (isinstance(literal, str) and literal.upper() in ISO_3166_ALPHA2
                                and len(literal) == 2), (compiled.id, literal)


def test_no_rule_dates_itself_by_one_decision_in_the_case_law_set() -> None:
    """Rules follow legal principle, not cases: no validity date is a decided case's date."""
    import yaml

    caselaw = Path(__file__).resolve().parent.parent / "caselaw"
    decision_dates = set()
    for path in caselaw.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        decision_dates.add(str(data["decision"]["date"]))
        if data.get("removed_on"):
            decision_dates.add(str(data["removed_on"]))
    for compiled in load_rulebook(rules_dir()).rules:
        rule = compiled.rule
        for day in (rule.valid_from, rule.valid_until):
            assert day is None or str(day) not in decision_dates, compiled.id

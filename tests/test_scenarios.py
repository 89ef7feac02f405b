"""Scenario tests: each file in ``tests/scenarios/`` is a sentence, a case and what must follow.

A meta-test fails when a rule has no scenario (or named unit test) that makes it fire.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from refoulement_risk import Knowledge, assess, load_knowledge
from refoulement_risk.resources import profiles_dir, rules_dir
from refoulement_risk.rulebook import load_rulebook
from refoulement_risk.suggest import did_you_mean

SCENARIOS = Path(__file__).parent / "scenarios"
SCENARIO_FILES = sorted(SCENARIOS.glob("*.yaml"))

# Rules no shipped evidence can trigger today, each proven by a unit test below instead.
COVERED_BY_UNIT_TESTS = {
    "DA-002": "test_reliable_othman_assurances_lower_the_score",
    "DA-003": "test_othman_assurances_from_a_mixed_record_lower_the_score_a_little",
    "GEN-030": "test_occasional_ill_treatment_adds_a_small_factor",
}


# What a scenario file may say: anything else (a misspelt ``fire:``) is an error, never a check
# silently skipped.
# evidence_published_by: "any" (or a date) where a scenario is about the law, not hindsight.
SCENARIO_KEYS = {"description", "case", "expect", "evidence_published_by"}
EXPECT_KEYS = {"fires", "does_not_fire", "bars", "no_bars", "actions", "band_in",
               "irregular_transfer_band_in"}


def _check_keys(name: str, data: Any) -> list[str]:
    if not isinstance(data, dict) or not isinstance(data.get("expect"), dict):
        return [f"{name}: a scenario is a mapping with an 'expect' mapping"]
    problems = []
    for where, given, allowed in (("", data, SCENARIO_KEYS),
                                  ("expect.", data["expect"], EXPECT_KEYS)):
        for key in sorted(set(given) - allowed):
            problems.append(f"{name}:{where}{key}: unknown key"
                            f"{did_you_mean(str(key), allowed)}; allowed: {sorted(allowed)}")
        if where and not isinstance(given, dict):
            problems.append(f"{name}:expect must be a mapping")
    problems += [f"{name}:expect.{key}: must be a list" for key, value in data["expect"].items()
                 if not isinstance(value, list)]
    return problems


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = _check_keys(path.name, data)
    assert not problems, "\n".join(problems)
    return data


def test_the_scenario_runner_refuses_an_unknown_expect_key() -> None:
    problems = _check_keys("x.yaml", {"case": {}, "expect": {"fire": ["GEN-001"]}})
    assert problems and "x.yaml:expect.fire: unknown key (did you mean 'fires'?)" in problems[0]


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario(path: Path, knowledge: Knowledge) -> None:
    scenario = _load(path)
    case = json.loads(json.dumps(scenario["case"], default=str))
    published = scenario.get("evidence_published_by")
    a = assess(case, knowledge=knowledge,
               evidence_published_by=published if published in (None, "any")
               else dt.date.fromisoformat(str(published)))
    expect = scenario["expect"]
    fired = {entry.rule for entry in a.trace}
    bars = {b.code for b in a.legal_bars}
    actions = {x.code for x in a.recommended_actions}
    assert set(expect.get("fires", [])) <= fired, sorted(set(expect["fires"]) - fired)
    assert not set(expect.get("does_not_fire", [])) & fired
    assert set(expect.get("bars", [])) <= bars, bars
    assert not set(expect.get("no_bars", [])) & bars
    assert set(expect.get("actions", [])) <= actions, actions
    if "band_in" in expect:
        assert a.band in expect["band_in"], (a.score, a.band)
    if "irregular_transfer_band_in" in expect:
        assert a.irregular_transfer.band in expect["irregular_transfer_band_in"]


def test_every_rule_has_a_scenario() -> None:
    covered = set(COVERED_BY_UNIT_TESTS)
    for path in SCENARIO_FILES:
        covered |= set(_load(path)["expect"].get("fires", []))
    rules = {r.id for r in load_rulebook(rules_dir()).rules}
    assert not rules - covered, f"rules without a scenario: {sorted(rules - covered)}"
    assert not covered - rules, f"scenarios name unknown rules: {sorted(covered - rules)}"


def _patched_knowledge(tmp_path: Path, country: str, old: str, new: str) -> Knowledge:
    folder = tmp_path / "country_profiles"
    shutil.copytree(profiles_dir(), folder)
    path = folder / f"{country}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_knowledge(profiles=folder, backend="reference")


# No shipped profile has a `mixed` or `reliable` assurances record today (the one that had, KG
# after 2022, rested on a Chamber judgment referred to the Grand Chamber): these tests add one.
_KG_2022_ANCHOR = ("        note: Second Optional Protocol in force for Kyrgyzstan since its 2010 "
                   "ratification.\n")
_OTHMAN_CASE: dict[str, Any] = {
    "destination": "KG", "removing_state": "RU", "as_of": "2023-05-01",
    "proceeding": "extradition", "charges": [{"category": "economic"}],
    "diplomatic_assurances": {"given": True, "specific": True, "binding": True,
                              "monitoring": "independent", "track_record_of_compliance": True}}


def _with_assurances_record(tmp_path: Path, value: str) -> Knowledge:
    record = (f"      assurances_record:\n        value: {value}\n"
              "        sources: [ecthr_khasanov_gc_2022]\n        period: {from: 2022-04-29}\n"
              "        note: Test fixture, not evidence.\n")
    return _patched_knowledge(tmp_path, "KG", _KG_2022_ANCHOR, _KG_2022_ANCHOR + record)


def test_reliable_othman_assurances_lower_the_score(tmp_path: Path) -> None:
    knowledge = _with_assurances_record(tmp_path, "reliable")
    a = assess(_OTHMAN_CASE, knowledge=knowledge)
    factor = next(f for f in a.factors if f.rule == "DA-002")
    assert factor.contribution == -15
    without = assess({**_OTHMAN_CASE, "diplomatic_assurances": {"given": True}},
                     knowledge=knowledge)
    assert a.score == without.score - 15


def test_othman_assurances_from_a_mixed_record_lower_the_score_a_little(tmp_path: Path) -> None:
    knowledge = _with_assurances_record(tmp_path, "mixed")
    a = assess(_OTHMAN_CASE, knowledge=knowledge)
    assert {f.rule for f in a.factors} >= {"DA-003"}
    assert not {"DA-002", "DA-010"} & {f.rule for f in a.factors}
    factor = next(f for f in a.factors if f.rule == "DA-003")
    assert factor.contribution == -7
    without = assess({**_OTHMAN_CASE, "diplomatic_assurances": {"given": True}},
                     knowledge=knowledge)
    assert a.score == without.score - 7


def test_occasional_ill_treatment_adds_a_small_factor(tmp_path: Path) -> None:
    knowledge = _patched_knowledge(tmp_path, "KG", "value: widespread", "value: occasional")
    a = assess({"destination": "KG", "as_of": "2023-05-01"}, knowledge=knowledge)
    assert [f.rule for f in a.factors] == ["GEN-030"]
    assert a.score == 5 + 8
    assert a.as_of == dt.date(2023, 5, 1)

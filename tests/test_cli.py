"""The command line: formats, exit statuses and the listed problems on invalid input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refoulement_risk.cli import main

CASE = {"destination": "UZ", "removing_state": "RU", "as_of": "2013-04-25",
        "proceeding": "extradition", "charges": [{"category": "religious_extremism"}]}


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    return path


def test_assess_json_follows_the_contract(case_file: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(case_file), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in ("score", "band", "range", "irregular_transfer", "base", "factors",
                "legal_bars", "missing_information", "recommended_actions", "versions",
                "disclaimer"):
        assert key in out
    assert out["as_of"] == "2013-04-25"


def test_as_of_on_the_command_line_overrides_the_case(case_file: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(case_file), "--format", "json", "--as-of", "2021-01-01"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2021-01-01"


@pytest.mark.parametrize("fmt,marker", [("text", "Risk of torture on return to UZ"),
                                        ("markdown", "# Risk of torture on return to UZ")])
def test_human_formats(case_file: Path, capsys: pytest.CaptureFixture[str], fmt: str,
                       marker: str) -> None:
    assert main(["assess", str(case_file), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert marker in out
    assert "not a legal determination" in out


def test_invalid_case_exits_2_listing_every_problem(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"destination": "uz", "charges": [{"category": "spying"}],
                                "name": "not allowed"}), encoding="utf-8")
    assert main(["assess", str(path)]) == 2
    err = capsys.readouterr().err
    assert "destination:" in err
    assert "charges[0].category:" in err
    assert "name: is not a field of the case contract" in err
    assert "Traceback" not in err


def test_malformed_json_exits_2_with_the_position(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"destination": "UZ",', encoding="utf-8")
    assert main(["assess", str(path)]) == 2
    assert "bad.json:1:" in capsys.readouterr().err


def test_rules_lint_and_profiles_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "lint"]) == 0
    assert "rules ok" in capsys.readouterr().out
    assert main(["profiles", "lint"]) == 0
    assert main(["profiles", "coverage", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["profiles", "show", "RU", "--as-of", "2022-09-16"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["treaties"]["echr"]["in_force"] is False
    assert main(["profiles", "show", "XX"]) == 1


def test_a_bad_profile_folder_stops_with_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "UZ.yaml").write_text("country: UZ\nname: [\n", encoding="utf-8")
    monkeypatch.setenv("REFOULEMENT_RISK_PROFILES_DIR", str(tmp_path))
    assert main(["profiles", "lint"]) == 3
    assert "UZ.yaml:" in capsys.readouterr().err


def test_serve_refuses_to_start_on_a_bad_rule_file(tmp_path: Path) -> None:
    """A bad rule file stops start-up with the file, the rule and the reason, no traceback."""
    import os
    import shutil
    import subprocess
    import sys

    from refoulement_risk.resources import rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    path = rules / "personal_history.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "authorities: [jk-sweden, cat-gc4]", "authorities: [jk-swedn, cat-gc4]", 1),
        encoding="utf-8")
    env = {**os.environ, "REFOULEMENT_RISK_RULES_DIR": str(rules),
           "REFOULEMENT_RISK_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run = subprocess.run(
        [sys.executable, "-m", "refoulement_risk.cli", "serve", "--port", "8019"],
        env=env, capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 3
    assert "personal_history.yaml:rules[0] (IND-001).authorities" in run.stderr
    assert "did you mean 'jk-sweden'" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout

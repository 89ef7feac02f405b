"""Evidence inside the closed vocabulary: a misspelt word in a copy of ``country_profiles/``
stops loading (and so ``profiles lint`` and start-up) with the file, the place, the reason and
the nearest valid word. One test per kind of word."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refoulement_risk.cli import main
from refoulement_risk.errors import Problem, ProfileFileError
from refoulement_risk.profiles import load_profiles
from refoulement_risk.resources import profiles_dir


@pytest.fixture
def profiles_copy(tmp_path: Path) -> Path:
    target = tmp_path / "country_profiles"
    shutil.copytree(profiles_dir(), target)
    return target


def _break(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[Problem]:
    with pytest.raises(ProfileFileError) as info:
        load_profiles(folder)
    return info.value.problems


def _one(problems: list[Problem], file: str, place: str, suggestion: str) -> Problem:
    found = [p for p in problems if p.location.split(":", 1)[0].endswith(file)
             and place in p.location.split(":", 1)[1]]
    assert len(found) == 1, problems
    assert f"did you mean {suggestion!r}" in found[0].reason, found[0]
    return found[0]


CASES = [
    # (what, file, old, new, place in the file, suggestion)
    ("indicator value", "UZ.yaml", "        value: systematic", "        value: systemic",
     "destination.custody_torture_level.value", "systematic"),
    ("indicator name", "UZ.yaml", "      custody_torture_level:", "      custody_torture_levl:",
     "destination.custody_torture_levl", "custody_torture_level"),
    ("group exposure", "UZ.yaml", "          exposure: systematic", "          exposure: systemic",
     "targeted_groups.0.exposure", "systematic"),
    ("organisation", "UZ.yaml", "organisation: [hizb_ut_tahrir,", "organisation: [hizbut_tahrir,",
     "match.organisation.0", "hizb_ut_tahrir"),
    ("ethnicity", "RU.yaml", "ethnicity: [chechen]", "ethnicity: [chechn]",
     "match.ethnicity.0", "chechen"),
    ("charge category", "UZ.yaml", "charge_category: [religious_extremism",
     "charge_category: [religious_extremsm", "match.charge_category.0", "religious_extremism"),
    ("treaty name", "UZ.yaml", "\n  echr:\n", "\n  ecrh:\n", "treaties.ecrh", "echr"),
]


@pytest.mark.parametrize("what,file,old,new,place,suggestion", CASES,
                         ids=[c[0] for c in CASES])
def test_a_misspelt_word_stops_loading_with_place_and_suggestion(
        profiles_copy: Path, what: str, file: str, old: str, new: str, place: str,
        suggestion: str) -> None:
    _break(profiles_copy, file, old, new)
    _one(_problems(profiles_copy), file, place, suggestion)


def test_a_misspelt_refugee_status_or_profile_flag_criterion(profiles_copy: Path) -> None:
    _break(profiles_copy, "UZ.yaml", "charge_category: [religious_extremism",
           "refugee_status: [recognized], profile_flags: [family_persecute], "
           "charge_category: [religious_extremism")
    problems = _problems(profiles_copy)
    _one(problems, "UZ.yaml", "match.refugee_status.0", "recognised")
    _one(problems, "UZ.yaml", "match.profile_flags.0", "family_persecuted")


def test_a_misspelt_scale_name_or_value_in_the_index(profiles_copy: Path) -> None:
    _break(profiles_copy, "index.yaml", "  renditions_abroad:", "  rendition_abroad:")
    _break(profiles_copy, "index.yaml", "    mixed:", "    mixd:")
    problems = _problems(profiles_copy)
    _one(problems, "index.yaml", "scales.rendition_abroad", "renditions_abroad")
    _one(problems, "index.yaml", "scales.assurances_record.mixd", "mixed")


def test_an_alias_naming_two_organisations_is_refused(profiles_copy: Path) -> None:
    _break(profiles_copy, "groups.yaml", "aliases: [akramiya,", "aliases: [hizbut_tahrir,")
    problems = _problems(profiles_copy)
    assert any("groups.yaml" in p.location and "names both" in p.reason for p in problems)


def test_the_uzbek_typo_of_the_issue_stops_profiles_lint(
        profiles_copy: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """``systemic`` for ``systematic`` used to load and drop a case from high to low."""
    _break(profiles_copy, "UZ.yaml", "        value: systematic", "        value: systemic")
    monkeypatch.setenv("REFOULEMENT_RISK_PROFILES_DIR", str(profiles_copy))
    assert main(["profiles", "lint", "--strict"]) == 3
    err = capsys.readouterr().err
    assert "UZ.yaml:versions." in err and "custody_torture_level.value" in err
    assert "did you mean 'systematic'" in err and "Traceback" not in err


def test_a_misspelt_word_stops_start_up(profiles_copy: Path, tmp_path: Path) -> None:
    _break(profiles_copy, "RU.yaml", "ethnicity: [chechen]", "ethnicity: [chechn]")
    env = {**os.environ, "REFOULEMENT_RISK_PROFILES_DIR": str(profiles_copy),
           "REFOULEMENT_RISK_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run = subprocess.run(
        [sys.executable, "-m", "refoulement_risk.cli", "serve", "--port", "8021"],
        env=env, capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 3
    assert "RU.yaml:versions." in run.stderr and "did you mean 'chechen'" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout

"""Country profiles: strict loading, and the evidence of the date chosen by ``as_of``."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from refoulement_risk.errors import ProfileFileError
from refoulement_risk.profiles import load_profiles
from refoulement_risk.resources import profiles_dir


@pytest.fixture
def profiles_copy(tmp_path: Path) -> Path:
    target = tmp_path / "country_profiles"
    shutil.copytree(profiles_dir(), target)
    return target


def test_every_shipped_profile_loads_and_covers_the_required_countries() -> None:
    profiles = load_profiles(profiles_dir()).profiles
    assert {"UZ", "TJ", "KG", "KZ", "TM"} <= set(profiles)
    assert {"RU", "UA", "TR", "BY"} <= set(profiles)


def test_russia_is_party_to_the_echr_until_16_september_2022() -> None:
    echr = load_profiles(profiles_dir()).profiles["RU"].treaties["echr"]
    assert echr.in_force(dt.date(2022, 9, 15))
    assert not echr.in_force(dt.date(2022, 9, 16))


def test_a_missing_source_field_names_the_file_and_key(profiles_copy: Path) -> None:
    path = profiles_copy / "UZ.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    verified:", "    verifiedd:", 1), encoding="utf-8")
    with pytest.raises(ProfileFileError) as info:
        load_profiles(profiles_copy)
    assert any("UZ.yaml:sources." in p.location for p in info.value.problems)


def test_overlapping_versions_are_refused(profiles_copy: Path) -> None:
    path = profiles_copy / "UZ.yaml"
    text = path.read_text(encoding="utf-8")
    first_until = text.index("valid_until:")
    line_end = text.index("\n", first_until)
    path.write_text(text[:first_until] + "valid_until: 2099-01-01" + text[line_end:],
                    encoding="utf-8")
    with pytest.raises(ProfileFileError) as info:
        load_profiles(profiles_copy)
    assert any("versions overlap" in p.reason for p in info.value.problems)


def test_a_file_named_for_another_country_is_refused(profiles_copy: Path) -> None:
    (profiles_copy / "UZ.yaml").rename(profiles_copy / "XK.yaml")
    with pytest.raises(ProfileFileError) as info:
        load_profiles(profiles_copy)
    assert any("XK.yaml" in p.location for p in info.value.problems)


def test_each_date_picks_the_version_covering_it() -> None:
    for profile in load_profiles(profiles_dir()).profiles.values():
        for version in profile.versions:
            assert profile.version_on(version.valid_from) is version
            if version.valid_until is not None:
                assert profile.version_on(version.valid_until) is not version


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_item_without_a_period_is_refused(profiles_copy: Path) -> None:
    _replace_once(profiles_copy / "KZ.yaml", "period:", "perio:")
    with pytest.raises(ProfileFileError) as info:
        load_profiles(profiles_copy)
    reasons = " ".join(f"{p.location} {p.reason}" for p in info.value.problems)
    assert "KZ.yaml:" in reasons and "period" in reasons


def test_an_item_without_sources_is_refused(profiles_copy: Path) -> None:
    text = (profiles_copy / "TJ.yaml").read_text(encoding="utf-8")
    import re

    broken = re.sub(r"sources: \[[^\]]*\]", "sources: []", text, count=1)
    assert broken != text
    (profiles_copy / "TJ.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ProfileFileError) as info:
        load_profiles(profiles_copy)
    assert any("TJ.yaml:" in p.location and "sources" in p.location
               for p in info.value.problems)


def test_an_unknown_field_is_refused_by_name(profiles_copy: Path) -> None:
    _replace_once(profiles_copy / "UZ.yaml", "\nname:", "\nnmae: typo\nname:")
    with pytest.raises(ProfileFileError) as info:
        load_profiles(profiles_copy)
    assert any(p.location.endswith("UZ.yaml:nmae") for p in info.value.problems)


def test_a_source_without_a_date_is_refused(profiles_copy: Path) -> None:
    text = (profiles_copy / "UA.yaml").read_text(encoding="utf-8")
    import re

    broken = re.sub(r"\n    date: [^\n]*", "", text, count=1)
    (profiles_copy / "UA.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ProfileFileError) as info:
        load_profiles(profiles_copy)
    assert any("UA.yaml:sources." in p.location and p.location.endswith(".date")
               for p in info.value.problems)


def test_profile_criteria_name_exactly_the_contract_profile_flags() -> None:
    """The group criteria's flag list is a Literal for strict loading; keep it in step."""
    from typing import get_args

    from refoulement_risk.case import PROFILE_FLAGS
    from refoulement_risk.catalogue import FACT_SPECS
    from refoulement_risk.profile_models import ProfileFlag

    assert set(get_args(ProfileFlag)) == set(PROFILE_FLAGS)
    assert all(f"case.{flag}" in FACT_SPECS for flag in PROFILE_FLAGS)

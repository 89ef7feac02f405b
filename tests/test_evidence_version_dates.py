"""No evidence version may start on the date of a decision in the case-law set unless an
independent source of that date supports it (issue 9): a version dated to the judgment it is
then asked to predict builds the agreement in. The rules have the same test
(``test_rule_loading``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from refoulement_risk.profile_models import CountryProfile
from refoulement_risk.profiles import load_profiles
from refoulement_risk.resources import profiles_dir

CASELAW = Path(__file__).resolve().parent.parent / "caselaw"

# Boundaries that fall on a date of the set for a reason of their own: the event that changed the
# evidence happened that day, and a source of the profile, independent of the decision, records it.
# (country, version start) -> the source key in that profile, cited by that version.
INDEPENDENT_SOURCE: dict[tuple[str, str], str] = {
    # The inter-ethnic violence in southern Kyrgyzstan began on 10 June 2010 (HRW, "Where is the
    # Justice?", 16 August 2010, research from 10 June); Garayev v. Azerbaijan is of the same day.
    ("KG", "2010-06-10"): "hrw_kg_2010",
    # Kazakhstan extradited 28 men to Uzbekistan on 9 June 2011 in breach of CAT interim measures
    # (HRW, 10 June 2011); it is also the removal date of Abdussamatov and Others, that very event.
    ("KZ", "2011-06-09"): "hrw_kz_returns_2011",
}

def _decision_dates() -> dict[str, list[str]]:
    dates: dict[str, list[str]] = {}
    for path in sorted(CASELAW.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        dates.setdefault(str(data["decision"]["date"]), []).append(path.stem)
        if data.get("removed_on"):
            dates.setdefault(str(data["removed_on"]), []).append(path.stem)
    return dates


def _cited(node: Any) -> set[str]:
    """Every source key cited anywhere in a dumped version."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                found.update(str(v) for v in value)
            else:
                found |= _cited(value)
    elif isinstance(node, list):
        for value in node:
            found |= _cited(value)
    return found


def _unexplained(profiles: dict[str, CountryProfile], dates: dict[str, list[str]]) -> list[str]:
    """Versions starting on a decision date with no independent source of that date named."""
    unexplained = []
    for code, profile in profiles.items():
        for version in profile.versions:
            day = str(version.valid_from)
            if day not in dates:
                continue
            key = (code, day)
            source = INDEPENDENT_SOURCE.get(key)
            if source is None:
                unexplained.append(f"{code} from {day} ({', '.join(dates[day])})")
                continue
            assert source in profile.sources, (key, source)
            assert source in _cited(version.model_dump()), (key, source, "not cited there")
    return unexplained


def test_no_evidence_version_starts_on_a_decision_date_without_an_independent_source() -> None:
    dates = _decision_dates()
    assert dates, "the case-law set is empty"
    unexplained = _unexplained(load_profiles(profiles_dir()).profiles, dates)
    assert not unexplained, ("evidence versions start on a decision date with no independent "
                             f"source named: {unexplained}")


def test_the_check_would_catch_a_version_dated_to_a_judgment() -> None:
    # The set must contain the dates the check relies on, or it would pass vacuously.
    dates = _decision_dates()
    assert "2013-02-19" in dates  # Yefimova v. Russia
    assert all(day in dates for _, day in INDEPENDENT_SOURCE)
    # Move the Kazakh version that starts the day after Yefimova back onto the judgment's own
    # date (where it stood before the audit): the check must name it.
    kz = load_profiles(profiles_dir()).profiles["KZ"]
    yefimova = dt.date(2013, 2, 19)
    after = next(v for v in kz.versions if v.valid_from == yefimova + dt.timedelta(days=1))
    moved = [v.model_copy(update={"valid_from": yefimova}) if v is after else v
             for v in kz.versions]
    flagged = _unexplained({"KZ": kz.model_copy(update={"versions": moved})}, dates)
    assert flagged == ["KZ from 2013-02-19 (yefimova-v-russia-2013)"]

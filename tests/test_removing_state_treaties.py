"""Treaty status of the Council of Europe removing states, part A (Albania to Lithuania).

Every state in the list has a profile; every treaty entry it records is dated and sourced, and a
Rule 39 measure against one of the new treaty-only profiles raises the Rule 39 bar on a date when
the state is bound by the ECHR, and not before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from refoulement_risk import Knowledge, assess
from refoulement_risk.profiles import CountryProfile, load_profiles
from refoulement_risk.resources import profiles_dir

PART_A = ("AL", "AD", "AM", "AT", "BE", "BA", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR",
          "GE", "DE", "GR", "HU", "IS", "IE", "IT", "LV", "LI", "LT")

# ECHR entry into force as read in the sources; left out where no date was read (CY, GR).
ECHR_FROM = {"AL": "1996-10-02", "AT": "1958-09-03", "BA": "2002-07-12", "EE": "1996-04-16",
             "FI": "1990-05-10", "GE": "1999-05-20", "HU": "1992-11-05", "LI": "1982-09-08",
             "LT": "1995-06-20"}

# CAT Art. 22 declarations whose date was read (Cyprus's own report, CAT/C/16/Add.2).
ART22_FROM = {"CY": "1992-12-10"}


@pytest.fixture(scope="module")
def profiles() -> dict[str, CountryProfile]:
    return load_profiles(profiles_dir()).profiles


@pytest.mark.parametrize("code", PART_A)
def test_every_treaty_entry_is_dated_and_sourced(code: str,
                                                 profiles: dict[str, CountryProfile]) -> None:
    """A party entry has a start date; every entry cites sources that the file declares."""
    profile = profiles[code]
    assert profile.treaties, f"{code} records no treaty"
    for name, status in profile.treaties.items():
        assert status.sources, f"{code}.{name} has no source"
        assert set(status.sources) <= set(profile.sources), f"{code}.{name}"
        if status.party:
            assert status.start is not None, f"{code}.{name} has no start date"
            assert status.end is None or status.end > status.start


@pytest.mark.parametrize("code", PART_A)
def test_the_un_treaties_are_recorded_for_every_state(code: str,
                                                      profiles: dict[str, CountryProfile]) -> None:
    treaties = profiles[code].treaties
    assert {"cat", "iccpr", "iccpr_op1", "refugee_convention", "eu_member"} <= set(treaties)


@pytest.mark.parametrize(("code", "start"), sorted(ECHR_FROM.items()))
def test_the_echr_binds_from_the_date_read(code: str, start: str,
                                           profiles: dict[str, CountryProfile]) -> None:
    echr = profiles[code].treaties["echr"]
    day = dt.date.fromisoformat(start)
    assert echr.in_force(day)
    assert not echr.in_force(day - dt.timedelta(days=1))


def test_an_unread_treaty_stays_unknown(profiles: dict[str, CountryProfile]) -> None:
    """No date was read for these, so they are left out rather than guessed. Greece's ECHR entry
    gives only the latest possible start (an application lodged that day), so the years before it
    stay unknown too rather than "not a party"."""
    greece = profiles["GR"].treaties["echr"]
    assert greece.from_at_latest and greece.start == dt.date(1987, 11, 20)
    assert not greece.known_on(dt.date(1987, 11, 19)) and greece.known_on(dt.date(1987, 11, 20))
    assert "echr" not in profiles["CY"].treaties
    assert all("cat_article22" not in profiles[c].treaties for c in PART_A if c not in ART22_FROM)


@pytest.mark.parametrize(("code", "start"), sorted(ART22_FROM.items()))
def test_an_article_22_declaration_counts_from_the_date_read(
        code: str, start: str, profiles: dict[str, CountryProfile]) -> None:
    declaration = profiles[code].treaties["cat_article22"]
    day = dt.date.fromisoformat(start)
    assert declaration.in_force(day)
    assert not declaration.in_force(day - dt.timedelta(days=1))
    assert declaration.start is not None and profiles[code].treaties["cat"].start is not None
    assert declaration.start >= profiles[code].treaties["cat"].start


def test_latvias_refugee_convention_carries_its_geographical_limitation(
        profiles: dict[str, CountryProfile]) -> None:
    status = profiles["LV"].treaties["refugee_convention"]
    assert status.scope_limitation and "Europe" in status.scope_limitation


def test_andorra_is_recorded_as_not_party_to_the_refugee_convention(
        profiles: dict[str, CountryProfile]) -> None:
    status = profiles["AD"].treaties["refugee_convention"]
    assert not status.party and not status.in_force(dt.date(2024, 1, 1))


def _rule39_case(removing_state: str, as_of: str) -> dict[str, Any]:
    return {"destination": "TJ", "removing_state": removing_state, "as_of": as_of,
            "proceeding": "extradition",
            "charges": [{"category": "political", "organisation": "group_24"}],
            "interim_measures": [{"body": "ecthr_rule39", "status": "indicated"}]}


def test_a_rule39_measure_against_austria_is_a_legal_bar(knowledge: Knowledge) -> None:
    a = assess(_rule39_case("AT", "2024-03-01"), knowledge=knowledge)
    assert "ECTHR_RULE39" in {b.code for b in a.legal_bars}
    assert "IM-001" in {entry.rule for entry in a.trace}


def test_a_rule39_measure_before_georgia_joined_the_echr_is_no_bar(knowledge: Knowledge) -> None:
    """20 May 1999 is Georgia's entry into force: the day before, the measure binds nothing."""
    before = assess(_rule39_case("GE", "1999-05-19"), knowledge=knowledge)
    after = assess(_rule39_case("GE", "1999-05-20"), knowledge=knowledge)
    assert "ECTHR_RULE39" not in {b.code for b in before.legal_bars}
    assert "IM-002" in {entry.rule for entry in before.trace}
    assert "ECTHR_RULE39" in {b.code for b in after.legal_bars}

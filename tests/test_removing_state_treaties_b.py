"""Removing states, part B: every state has a treaty profile whose entries are dated and sourced.

The dates themselves come from sources (see each file's ``verified`` notes); these tests check what
can go wrong when they are copied: a missing start date or source, a start before the treaty itself
existed, a date computed with the wrong rule, and the Rule 39 bar for a state newly covered.
"""

from __future__ import annotations

import datetime as dt

import pytest

from refoulement_risk import Knowledge, assess
from refoulement_risk.profiles import CountryProfile, TreatyName, load_profiles
from refoulement_risk.resources import profiles_dir

PART_B = [
    "LU", "MT", "MC", "ME", "NL", "MK", "NO", "PL", "PT", "MD", "RO", "SM", "RS", "SK", "SI", "ES",
    "SE", "CH", "UA", "GB", "BY", "US", "CA", "AE", "SA", "AU",
]

# No State can be bound before the treaty itself entered into force.
GENERAL_ENTRY_INTO_FORCE = {
    "echr": dt.date(1953, 9, 3),
    "cat": dt.date(1987, 6, 26),
    "iccpr": dt.date(1976, 3, 23),
    "iccpr_op1": dt.date(1976, 3, 23),
    "iccpr_op2": dt.date(1991, 7, 11),
    "refugee_convention": dt.date(1954, 4, 22),
    "refugee_protocol": dt.date(1967, 10, 4),
    "eu_member": dt.date(1958, 1, 1),
}


@pytest.fixture(scope="module")
def profiles() -> dict[str, CountryProfile]:
    return load_profiles(profiles_dir()).profiles


@pytest.mark.parametrize("code", PART_B)
def test_every_state_has_dated_sourced_treaty_entries(
    profiles: dict[str, CountryProfile], code: str
) -> None:
    profile = profiles.get(code)
    assert profile is not None, f"no profile for {code}"
    assert profile.treaties, f"{code} has no treaty entries"
    for name, status in profile.treaties.items():
        assert status.sources, f"{code}.{name} has no source"
        for key in status.sources:
            assert profile.sources[key].verified, f"{code}.{name}: source {key} unverified"
        if status.party:
            assert status.start is not None, f"{code}.{name} binds the state but has no start date"
            floor = GENERAL_ENTRY_INTO_FORCE.get(name)
            if floor is not None:
                assert status.start >= floor, f"{code}.{name} starts before the treaty existed"
        if status.end is not None:
            assert status.start is not None and status.end > status.start


def test_entry_into_force_follows_each_treaty_rule(profiles: dict[str, CountryProfile]) -> None:
    """Spot checks of computed dates: CAT +30 days, Refugee Convention +90, ICCPR +3 months."""
    def start(code: str, name: TreatyName) -> dt.date | None:
        return profiles[code].treaties[name].start

    assert start("LU", "cat") == dt.date(1987, 10, 29)          # deposited 29 Sep 1987
    assert start("SE", "cat") == dt.date(1987, 6, 26)           # deposited before the 20th
    assert start("CH", "refugee_convention") == dt.date(1955, 4, 21)  # deposited 21 Jan 1955
    assert start("NO", "refugee_convention") == dt.date(1954, 4, 22)  # deposited before the 6th
    assert start("GB", "iccpr") == dt.date(1976, 8, 20)         # deposited 20 May 1976
    assert start("MD", "iccpr_op1") == dt.date(2008, 4, 23)     # deposited 23 Jan 2008
    assert start("US", "refugee_protocol") == dt.date(1968, 11, 1)  # in force on deposit


def test_the_united_kingdom_left_the_eu_on_31_january_2020(
    profiles: dict[str, CountryProfile]
) -> None:
    eu = profiles["GB"].treaties["eu_member"]
    assert eu.in_force(dt.date(2020, 1, 31))
    assert not eu.in_force(dt.date(2020, 2, 1))


def test_a_reported_geographical_limitation_is_recorded(
    profiles: dict[str, CountryProfile]
) -> None:
    assert profiles["MC"].treaties["refugee_convention"].scope_limitation


def test_states_outside_the_council_of_europe_are_not_echr_parties(
    profiles: dict[str, CountryProfile]
) -> None:
    for code in ("US", "CA", "AE", "SA", "BY", "AU"):
        echr = profiles[code].treaties["echr"]
        assert not echr.party and not echr.in_force(dt.date(2024, 1, 1)), code


RULE39 = {"destination": "TJ", "removing_state": "SE", "proceeding": "extradition",
          "interim_measures": [{"body": "ecthr_rule39", "status": "indicated"}]}


def test_a_rule39_measure_against_sweden_is_a_legal_bar(knowledge: Knowledge) -> None:
    a = assess(RULE39, as_of=dt.date(2024, 3, 1), knowledge=knowledge)
    assert "ECTHR_RULE39" in {b.code for b in a.legal_bars}


def test_a_rule39_measure_binds_monaco_only_from_its_ratification(knowledge: Knowledge) -> None:
    """Monaco deposited its ratification on 30 Nov 2005 (the Rule 39 rule itself runs from 1998)."""
    case = {**RULE39, "removing_state": "MC"}
    before = assess(case, as_of=dt.date(2005, 11, 29), knowledge=knowledge)
    after = assess(case, as_of=dt.date(2005, 11, 30), knowledge=knowledge)
    assert "ECTHR_RULE39" not in {b.code for b in before.legal_bars}
    assert "RULE39_NOT_BINDING_USE_UN_ROUTE" in {x.code for x in before.recommended_actions}
    assert "ECTHR_RULE39" in {b.code for b in after.legal_bars}


def test_no_rule39_bar_against_a_state_outside_the_echr(knowledge: Knowledge) -> None:
    a = assess({**RULE39, "removing_state": "AE"}, as_of=dt.date(2024, 3, 1), knowledge=knowledge)
    assert "ECTHR_RULE39" not in {b.code for b in a.legal_bars}


def test_verified_irregular_transfers_start_on_their_judgment_date(
    profiles: dict[str, CountryProfile]
) -> None:
    """Moldova (Ozdil, 2019) and North Macedonia (El-Masri, 2012): documented, never before."""
    for code, judgment in (("MD", dt.date(2019, 6, 11)), ("MK", dt.date(2012, 12, 13))):
        profile = profiles[code]
        assert profile.version_on(judgment - dt.timedelta(days=1)) is None, code
        version = profile.version_on(judgment)
        assert version is not None and version.removing_state is not None, code
        record = version.removing_state.irregular_transfer_record
        assert record is not None and record.value == "documented", code
        assert all(profile.sources[s].date <= judgment for s in record.sources), code


@pytest.mark.parametrize(("code", "name", "start"), [
    ("SK", "echr", "1993-01-01"),              # successor to Czechoslovakia (ratified 1992)
    ("SK", "echr_individual_petition", "1993-01-01"),
    ("SM", "echr", "1989-03-22"),
    ("MD", "cat_article22", "2011-09-02"),     # CAT/C/MDA/CO/3, para. 3
])
def test_dates_added_for_missing_echr_and_article_22_entries(
        profiles: dict[str, CountryProfile], code: str, name: str, start: str) -> None:
    status = profiles[code].treaties[name]
    day = dt.date.fromisoformat(start)
    assert status.in_force(day)
    assert not status.in_force(day - dt.timedelta(days=1))

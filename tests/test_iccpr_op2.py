"""The ICCPR Second Optional Protocol (abolition of the death penalty) in the removing states.

The deposit dates come from the sources named in each file (mostly the zmjones/untreaties scrape
of UNTC chapter IV-12); these tests check what can go wrong when they are copied: a start before
the Protocol itself entered into force (11 Jul 1991, Art. 8(1)), a date computed with the wrong
rule (three months after deposit, Art. 8(2)), a state recorded as "not a party" when the sources
only fail to list it, and a wartime reservation (Art. 2) that must leave the status unknown.
"""

from __future__ import annotations

import datetime as dt

import pytest

from refoulement_risk.case import Case
from refoulement_risk.facts import build_facts
from refoulement_risk.groups import GroupVocabulary
from refoulement_risk.profiles import CountryProfile, load_profiles
from refoulement_risk.resources import profiles_dir

OP2_IN_FORCE = dt.date(1991, 7, 11)  # three months after the tenth instrument (Art. 8(1))
NO_WORDS = GroupVocabulary(organisations={}, ethnicities={})


@pytest.fixture(scope="module")
def profiles() -> dict[str, CountryProfile]:
    return load_profiles(profiles_dir()).profiles


def test_no_state_is_bound_before_the_protocol_entered_into_force(
        profiles: dict[str, CountryProfile]) -> None:
    recorded = {code: p.treaties["iccpr_op2"] for code, p in profiles.items()
                if "iccpr_op2" in p.treaties}
    assert len(recorded) >= 49
    for code, status in recorded.items():
        assert status.party and status.start is not None, code
        assert status.start >= OP2_IN_FORCE, f"{code} bound before 11 Jul 1991"
        assert status.sources and set(status.sources) <= set(profiles[code].sources), code


@pytest.mark.parametrize(("code", "start"), [
    ("SE", "1991-07-11"),  # deposited 11 May 1990, before the tenth instrument
    ("AU", "1991-07-11"),  # accession 2 Oct 1990
    ("ES", "1991-07-11"),  # deposited 11 Apr 1991: three months before is the same day
    ("NO", "1991-12-05"),  # deposited 5 Sep 1991: the first profile state after 11 Apr 1991
    ("CA", "2006-02-25"),  # accession 25 Nov 2005
    ("PL", "2014-07-25"),  # deposited 25 Apr 2014
    ("AM", "2021-06-18"),  # deposited 18 Mar 2021 (after the 2015 scrape)
    ("KZ", "2022-06-24"),  # deposited 24 Mar 2022 (after the 2015 scrape)
])
def test_entry_into_force_follows_article_8(profiles: dict[str, CountryProfile],
                                            code: str, start: str) -> None:
    status = profiles[code].treaties["iccpr_op2"]
    day = dt.date.fromisoformat(start)
    assert status.start == day
    assert status.in_force(day) and not status.in_force(day - dt.timedelta(days=1))


@pytest.mark.parametrize("code", ["BY", "CN", "RU"])
def test_a_state_missing_from_the_lists_read_is_unknown_not_a_non_party(
        profiles: dict[str, CountryProfile], code: str) -> None:
    assert "iccpr_op2" not in profiles[code].treaties


def _op2_fact(profiles: dict[str, CountryProfile], code: str, day: dt.date) -> object:
    case = Case.model_validate({"destination": "UZ", "removing_state": code})
    sheet = build_facts(case, day, profiles.get("UZ"), profiles.get(code), NO_WORDS)
    (value,) = [f.value for f in sheet.facts if f.name == "removing_state.iccpr_op2"]
    return value


def test_the_fact_reads_the_profile(profiles: dict[str, CountryProfile]) -> None:
    assert _op2_fact(profiles, "SE", dt.date(2024, 1, 1)) is True
    assert _op2_fact(profiles, "NO", dt.date(1991, 12, 4)) is False
    assert _op2_fact(profiles, "BY", dt.date(2024, 1, 1)) is None  # no entry: unknown


@pytest.mark.parametrize("code", ["AZ", "GR"])
def test_a_wartime_reservation_leaves_the_status_unknown(
        profiles: dict[str, CountryProfile], code: str) -> None:
    assert profiles[code].treaties["iccpr_op2"].scope_limitation
    assert _op2_fact(profiles, code, dt.date(2024, 1, 1)) is None


def test_australia_is_known_by_its_treaties(profiles: dict[str, CountryProfile]) -> None:
    au = profiles["AU"]
    assert au.versions == []  # known only by its treaties
    starts = {name: status.start for name, status in au.treaties.items() if status.party}
    assert starts == {
        "cat": dt.date(1989, 9, 7),                  # deposit 8 Aug 1989 + 30 days
        "iccpr": dt.date(1980, 11, 13),              # deposit 13 Aug 1980 + 3 months
        "iccpr_op1": dt.date(1991, 12, 25),          # accession 25 Sep 1991 + 3 months
        "iccpr_op2": dt.date(1991, 7, 11),           # accession 2 Oct 1990, before 11 Jul 1991
        "refugee_convention": dt.date(1954, 4, 22),  # the sixth instrument, 22 Jan 1954 + 90 days
        "refugee_protocol": dt.date(1973, 12, 13),   # in force on deposit
    }
    assert not au.treaties["echr"].party and not au.treaties["eu_member"].party
    assert "cat_article22" not in au.treaties  # no date read: unknown

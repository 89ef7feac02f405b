"""A treaty start that is only the latest possible date: before it the status is unknown.

Some sources show a treaty in force on a date without giving the day it took effect (Turkey's
First Optional Protocol to the ICCPR: two committees record the year of ratification only, so
the profile uses the latest possible date). Before that date the engine must not say "not a
party", which would silently drop a bar; it reports the status as unknown, with its reason.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from refoulement_risk import assess, default_knowledge
from refoulement_risk.i18n_translate import translate_assessment
from refoulement_risk.profile_models import TreatyStatus
from refoulement_risk.profiles import CountryProfile, load_profiles
from refoulement_risk.resources import profiles_dir

HRC_MEASURE = {"destination": "UZ", "removing_state": "TR", "proceeding": "extradition",
               "interim_measures": [{"body": "un_hrc", "status": "indicated"}]}


@pytest.fixture(scope="module")
def profiles() -> dict[str, CountryProfile]:
    return load_profiles(profiles_dir()).profiles


def test_turkeys_optional_protocol_start_is_marked_as_the_latest_possible(
        profiles: dict[str, CountryProfile]) -> None:
    status = profiles["TR"].treaties["iccpr_op1"]
    assert status.from_at_latest and status.start == dt.date(2007, 3, 31)
    assert not status.known_on(dt.date(2007, 3, 30))
    assert status.known_on(dt.date(2007, 3, 31)) and status.in_force(dt.date(2007, 3, 31))


def test_before_the_latest_start_the_bar_is_neither_claimed_nor_denied() -> None:
    before = assess(HRC_MEASURE, as_of=dt.date(2007, 1, 15), knowledge=default_knowledge())
    assert "UN_HRC_INTERIM_MEASURE" not in {b.code for b in before.legal_bars}
    unknown = {s.fact: s for s in before.unknown_treaty_statuses}
    assert "removing_state.iccpr_op1" in unknown
    status = unknown["removing_state.iccpr_op1"]
    assert "2007-03-31" in status.reason and "not the day it took effect" in status.reason
    assert any("UN_HRC_INTERIM_MEASURE" in outcome for outcome in status.if_bound)


def test_from_the_latest_start_the_bar_applies() -> None:
    after = assess(HRC_MEASURE, as_of=dt.date(2007, 6, 1), knowledge=default_knowledge())
    assert "UN_HRC_INTERIM_MEASURE" in {b.code for b in after.legal_bars}
    assert "removing_state.iccpr_op1" not in {s.fact for s in after.unknown_treaty_statuses}


def test_the_reason_is_translated() -> None:
    english = assess(HRC_MEASURE, as_of=dt.date(2007, 1, 15), knowledge=default_knowledge())
    russian = translate_assessment(english, "ru")
    status = next(s for s in russian.unknown_treaty_statuses
                  if s.fact == "removing_state.iccpr_op1")
    assert status.reason.startswith("страновой профиль TR") and "2007-03-31" in status.reason


def test_a_latest_start_needs_a_start() -> None:
    with pytest.raises(ValidationError, match="from_at_latest"):
        TreatyStatus.model_validate({"from_at_latest": True, "sources": ["x"],
                                     "note": "no date read"})

"""Hypothesis strategies for cases, in one place (after attrs' tests/strategies.py).

``cases()`` draws valid contract cases over the destinations and removing states that have
profiles, dates across the evidence period, and every field either absent (unknown) or set.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from refoulement_risk.case import (
    ChargeCategory,
    InterimMeasureBody,
    InterimMeasureStatus,
    Monitoring,
    PastIllTreatment,
    Proceeding,
    RefugeeStatus,
)

DESTINATIONS = ["UZ", "TJ", "KG", "KZ", "TM", "RU", "BY", "AZ", "TR", "CN", "GB"]
REMOVING_STATES = ["RU", "UA", "KZ", "KG", "TR", "BY", "DE", "FR", "PL", "AZ", "SE"]
ORGANISATIONS = ["hizb_ut_tahrir", "akromiya", "nur", "tablighi_jamaat", "irpt", "imu",
                 "group_24", "gulen_movement", "other_group"]
ETHNICITIES = ["uzbek", "tajik", "kyrgyz", "kazakh", "pamiri", "karakalpak", "uyghur",
               "chechen", "russian"]
SECURITY_CATEGORIES = [ChargeCategory.religious_extremism, ChargeCategory.terrorism,
                       ChargeCategory.political]
FLAGS = ["political_activity", "religious_practice", "human_rights_defender", "journalist",
         "wealthy_or_fallen_out_with_regime", "former_official", "family_persecuted",
         "high_profile", "sur_place_activity"]

dates = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2026, 11, 27))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


charges = st.lists(
    st.fixed_dictionaries(
        {"category": st.sampled_from([c.value for c in ChargeCategory])},
        optional={"organisation": st.sampled_from(ORGANISATIONS)},
    ),
    max_size=3,
)

profiles = st.fixed_dictionaries(
    {},
    optional={"ethnicity": st.sampled_from(ETHNICITIES),
              **{flag: st.booleans() for flag in FLAGS}},
)

interim_measures = st.lists(
    st.fixed_dictionaries(
        {"body": st.sampled_from([b.value for b in InterimMeasureBody]),
         "status": st.sampled_from([s.value for s in InterimMeasureStatus])},
        optional={"date": dates.map(dt.date.isoformat)},
    ),
    max_size=3,
)

assurances = st.fixed_dictionaries(
    {},
    optional={"given": st.booleans(), "specific": st.booleans(), "binding": st.booleans(),
              "monitoring": st.sampled_from([m.value for m in Monitoring]),
              "track_record_of_compliance": st.booleans()},
)

custody = st.fixed_dictionaries(
    {}, optional={"detained": st.booleans(), "release_imminent": st.booleans()})


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case; absent keys are unknown facts."""
    case: dict[str, Any] = {"destination": draw(st.sampled_from(DESTINATIONS)),
                            "as_of": draw(dates).isoformat()}
    optional: dict[str, st.SearchStrategy[Any]] = {
        "removing_state": st.sampled_from(REMOVING_STATES),
        "proceeding": st.sampled_from([p.value for p in Proceeding]),
        "charges": charges,
        "profile": profiles,
        "past_ill_treatment": st.sampled_from([p.value for p in PastIllTreatment]),
        "refugee_status": st.sampled_from([r.value for r in RefugeeStatus]),
        "interim_measures": interim_measures,
        "diplomatic_assurances": assurances,
        "custody": custody,
        "prior_irregular_transfer_attempt": st.booleans(),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            case[key] = draw(strategy)
    return case

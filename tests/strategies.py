"""Hypothesis strategies for cases, in one place (after attrs' tests/strategies.py).

``cases()`` draws valid contract cases over the destinations and removing states that have
profiles, dates across the evidence period, and every field either absent (unknown) or set.
The fields and their values come from the fact catalogue (a new fact is drawn without a change
here); organisations and ethnicities from the evidence vocabulary, plus a word it does not know.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from refoulement_risk.case import ChargeCategory
from refoulement_risk.catalogue import CATALOGUE
from refoulement_risk.catalogue_model import Extract, FactEntry, Origin, parse_path
from refoulement_risk.groups import load_group_vocabulary
from refoulement_risk.resources import profiles_dir

DESTINATIONS = ["UZ", "TJ", "KG", "KZ", "TM", "RU", "BY", "AZ", "TR", "CN", "GB"]
# CA: bound against the death penalty by the ICCPR Second Optional Protocol, not by the ECHR
REMOVING_STATES = ["RU", "UA", "KZ", "KG", "TR", "BY", "DE", "FR", "PL", "AZ", "SE", "CA"]
_WORDS, _ = load_group_vocabulary(profiles_dir())
UNKNOWN_WORD = "other_group"  # a word no vocabulary knows: reported, never an error
ORGANISATIONS = [*_WORDS.ids("organisations"), UNKNOWN_WORD]
ETHNICITIES = _WORDS.ids("ethnicities")
SECURITY_CATEGORIES = [ChargeCategory.religious_extremism, ChargeCategory.terrorism,
                       ChargeCategory.political]
FLAGS = list(CATALOGUE.flags("profile"))

dates = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2026, 11, 27))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _values(entry: FactEntry) -> st.SearchStrategy[Any]:
    if entry.words == "organisations":
        return st.sampled_from(ORGANISATIONS)
    if entry.words == "ethnicities":
        return st.sampled_from(ETHNICITIES)
    if entry.type == "bool":
        return st.booleans()
    if entry.type == "int":
        return st.integers(min_value=0, max_value=100)
    if entry.path == "onward_removal.state":  # a third state: with evidence, or without (AF)
        return st.sampled_from([*DESTINATIONS, "AF"])
    if entry.type == "word":  # a word with no vocabulary: a state, with evidence or without
        # (SE); who granted refugee status may also be UNHCR
        extra = ["unhcr"] if entry.path == "refugee_status_granted_by" else []
        return st.sampled_from([*REMOVING_STATES, *extra])
    return st.sampled_from(list(entry.values))


def _field_strategies() -> dict[str, st.SearchStrategy[Any]]:
    """One strategy per top-level case field, from the catalogue's case facts."""
    parts: dict[str, dict[str, st.SearchStrategy[Any]]] = {}
    top: dict[str, st.SearchStrategy[Any]] = {}
    keyed: dict[str, tuple[str, str, list[str], list[str]]] = {}
    items: dict[str, tuple[dict[str, st.SearchStrategy[Any]], dict[str, Any]]] = {}
    for entry in CATALOGUE.of(Origin.case):
        part, key, key_value, field = parse_path(entry.path or "")
        if entry.extract == Extract.present:
            continue
        if entry.extract == Extract.strongest and key and key_value and field:
            _, _, bodies, statuses = keyed.setdefault(part, (key, field, [], []))
            bodies.append(key_value)
            statuses.extend(v for v in entry.values[1:] if v not in statuses)  # not "none"
        elif entry.extract == Extract.each and field:
            required, optional = items.setdefault(part, ({}, {}))
            (optional if entry.words else required)[field] = _values(entry)
        elif field is None:
            top[part] = _values(entry)
        else:
            parts.setdefault(part, {})[field] = _values(entry)
    for part, (key, field, bodies, statuses) in keyed.items():
        top[part] = st.lists(st.fixed_dictionaries(
            {key: st.sampled_from(bodies), field: st.sampled_from(statuses)},
            optional={"date": dates.map(dt.date.isoformat)}), max_size=3)
    for part, (required, optional) in items.items():
        top[part] = st.lists(st.fixed_dictionaries(required, optional=optional), max_size=3)
    for part, fields in parts.items():
        top[part] = st.fixed_dictionaries({}, optional=fields)
    return top


_FIELDS = _field_strategies()


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """A valid case; absent keys are unknown facts."""
    case: dict[str, Any] = {"destination": draw(st.sampled_from(DESTINATIONS)),
                            "as_of": draw(dates).isoformat()}
    optional: dict[str, st.SearchStrategy[Any]] = {
        "removing_state": st.sampled_from(REMOVING_STATES), **_FIELDS}
    for key, strategy in optional.items():
        if draw(st.booleans()):
            case[key] = draw(strategy)
    return case

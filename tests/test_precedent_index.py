"""The precedent index (what assessments use) returns exactly what the plain statement of the
similarity and the order (``precedents.find_precedents``) returns: the same cases, in the same
order, with the same similarity to the last bit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refoulement_risk import Knowledge
from refoulement_risk.calibration import CALIBRATION_PATH, load_calibration
from refoulement_risk.case import Case
from refoulement_risk.decided_cases import load_decided_cases
from refoulement_risk.precedent_index import PrecedentIndex
from refoulement_risk.precedents import find_precedents

from .strategies import cases, dates

CASELAW = Path(__file__).resolve().parent.parent / "caselaw"
DECIDED = load_decided_cases([CASELAW])
_CALIBRATION = load_calibration(CASELAW / CALIBRATION_PATH)
assert _CALIBRATION is not None
# The decided cases' fired rules as the stored calibration has them (fresh or not: here they
# are only inputs that both implementations receive).
STORED = {c.id: c.factors for c in _CALIBRATION.cases}
RULES = sorted({rule for factors in STORED.values() for rule in factors})
IDS = [d.id for d in DECIDED]
# The calibration as the index may meet it: fresh, stale (None), or missing some cases.
FIRED_BY_CASE = [STORED, None, {k: v for i, (k, v) in enumerate(STORED.items()) if i % 3}]
INDEXES = [PrecedentIndex(DECIDED, fired) for fired in FIRED_BY_CASE]


def _both(case: Case, as_of: dt.date, fired: list[str] | None, which: int,
          limit: int) -> tuple[Any, Any]:
    fast = INDEXES[which].find(case, as_of, fired, limit)
    plain = find_precedents(case, as_of, fired, DECIDED, FIRED_BY_CASE[which], limit)
    return fast, plain


@given(raw=cases(), as_of=dates, which=st.integers(0, len(INDEXES) - 1),
       fired=st.none() | st.lists(st.sampled_from(RULES), max_size=8),
       own=st.none() | st.sampled_from(IDS), limit=st.integers(0, len(IDS) + 2))
def test_the_index_finds_what_the_plain_statement_finds(
        raw: dict[str, Any], as_of: dt.date, which: int, fired: list[str] | None,
        own: str | None, limit: int) -> None:
    """For any case, date, fired rules, calibration (fresh, stale or partial), reference and
    limit, the index returns the reference's precedents exactly (ids, order, similarity)."""
    case = Case.model_validate({**raw, "client_reference": own} if own else raw)
    fast, plain = _both(case, as_of, fired, which, limit)
    assert fast == plain


@pytest.mark.parametrize("which", range(len(INDEXES)))
def test_every_decided_case_finds_what_the_plain_statement_finds(which: int) -> None:
    """Decided cases share the most with one another (same charges, organisations, rules):
    each, under its own reference and under none, on its date and later, with all shown."""
    for decided in DECIDED:
        fired = STORED.get(decided.id, [])
        mine = decided.case.model_copy(update={"client_reference": decided.id})
        anonymous = decided.case.model_copy(update={"client_reference": None})
        for case in (mine, anonymous):
            for as_of in (decided.decision.date, decided.decision.date + dt.timedelta(days=900)):
                for limit in (5, len(IDS)):
                    fast, plain = _both(case, as_of, fired, which, limit)
                    assert fast == plain, (decided.id, as_of, limit)
    # The comparison is not empty: decisions elsewhere do make the full lists.
    full = INDEXES[which].find(DECIDED[0].case, dt.date(2030, 1, 1), STORED[DECIDED[0].id],
                               len(IDS))
    assert any(p.destination != DECIDED[0].case.destination for p in full)


def test_assessments_use_the_index(knowledge: Knowledge) -> None:
    law = knowledge.caselaw
    case = Case.model_validate({"destination": "UZ", "as_of": "2014-05-01", "charges": [
        {"category": "religious_extremism", "organisation": "hizb_ut_tahrir"}]})
    fired = ["GEN-010"]
    found = law.precedents(case, dt.date(2014, 5, 1), fired)
    assert found
    assert found == find_precedents(case, dt.date(2014, 5, 1), fired, law.cases,
                                    law.stored_factors)

"""As of a date, the evidence of that date: versions change where the evidence changed."""

from __future__ import annotations

import datetime as dt

from refoulement_risk import Knowledge, assess
from refoulement_risk.assessment import Assessment

CASE = {"destination": "KZ", "removing_state": "UA", "proceeding": "extradition",
        "charges": [{"category": "ordinary_crime"}]}


def _destination_version(a: Assessment) -> dt.date | None:
    (used,) = [p for p in a.versions.profiles if p.role == "destination"]
    return used.evidence_version


def test_the_same_case_uses_different_versions_on_different_dates(knowledge: Knowledge) -> None:
    profile = knowledge.profiles.profiles["KZ"]
    assert len(profile.versions) >= 2
    seen: dict[dt.date, tuple[int, list[str]]] = {}
    for version in profile.versions:
        a = assess(CASE, as_of=version.valid_from, knowledge=knowledge)
        assert _destination_version(a) == version.valid_from
        seen[version.valid_from] = (a.score, [f.rule for f in a.factors])
    first, last = profile.versions[0], profile.versions[-1]
    assert seen[first.valid_from] != seen[last.valid_from], \
        "Kazakhstan's evidence changed between its first and last versions"


def test_evidence_carries_its_dates_and_flags_later_publications(knowledge: Knowledge) -> None:
    a = assess({**CASE, "as_of": "2009-11-19"}, knowledge=knowledge)
    items = [e for f in a.factors for e in f.evidence]
    assert items
    for item in items:
        assert item.date and item.period_from
        assert item.published_after_as_of == (item.date > a.as_of)


def test_russia_is_bound_by_rule39_only_until_it_left_the_echr(knowledge: Knowledge) -> None:
    case = {"destination": "TJ", "removing_state": "RU", "proceeding": "extradition",
            "interim_measures": [{"body": "ecthr_rule39", "status": "indicated"}]}
    before = assess(case, as_of=dt.date(2022, 9, 15), knowledge=knowledge)
    after = assess(case, as_of=dt.date(2022, 9, 16), knowledge=knowledge)
    assert "ECTHR_RULE39" in {b.code for b in before.legal_bars}
    assert "ECTHR_RULE39" not in {b.code for b in after.legal_bars}
    assert "RULE39_NOT_BINDING_USE_UN_ROUTE" in {x.code for x in after.recommended_actions}

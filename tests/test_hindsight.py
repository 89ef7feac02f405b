"""Hindsight (issue 10, item 4): an assessment as of a date uses only evidence published on or
before it, unless the caller asks otherwise; what is left out is unknown and reported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from refoulement_risk import Knowledge, assess
from refoulement_risk.assessment import Assessment, EvidenceItem
from refoulement_risk.cli import main
from refoulement_risk.profile_tools import hindsight_notes

# A case that fires rules on every kind of evidence: tier 1, groups, death penalty, renditions,
# the removing state's record, treaty-based bars and routes.
CASE: dict[str, Any] = {
    "destination": "UZ", "removing_state": "RU", "as_of": "2006-06-01",
    "proceeding": "extradition",
    "charges": [{"category": "religious_extremism", "organisation": "hizb_ut_tahrir"}],
    "profile": {"political_activity": True, "high_profile": True, "family_persecuted": True},
    "past_ill_treatment": "alleged", "refugee_status": "unhcr_mandate",
    "interim_measures": [{"body": "ecthr_rule39", "status": "indicated"}],
    "custody": {"detained": True, "release_imminent": True},
}
AS_OF = dt.date(2006, 6, 1)


def _evidence(a: Assessment) -> list[EvidenceItem]:
    """Every evidence item of the output but treaty records (see the last test)."""
    return [e for f in (*a.factors, *a.irregular_transfer.factors, *a.legal_bars)
            for e in f.evidence if not e.item.startswith("treaties.")]


def test_an_assessment_as_of_2006_uses_no_evidence_published_after_it(
        knowledge: Knowledge) -> None:
    a = assess(CASE, knowledge=knowledge)
    assert a.evidence_published_by == AS_OF
    items = _evidence(a)
    assert items, "the case should still rest on some evidence published by 2006"
    for item in items:
        assert item.date <= AS_OF, (item.country, item.item, item.source, item.date)
        assert not item.published_after_as_of
    # Every source the profile lists for the items used is checked, not just the first.
    profiles = knowledge.profiles.profiles
    for item in items:
        assert profiles[item.country].sources[item.source].date <= AS_OF


def test_the_same_case_with_hindsight_uses_later_evidence(knowledge: Knowledge) -> None:
    """The guard above can fail: the profiles do hold later evidence for this date."""
    later = assess(CASE, knowledge=knowledge, evidence_published_by="any")
    assert later.evidence_published_by is None
    assert any(item.date > AS_OF for item in _evidence(later))
    strict = assess(CASE, knowledge=knowledge)
    assert {e.item for e in _evidence(later)} > {e.item for e in _evidence(strict)}


def test_withheld_evidence_is_unknown_and_reported_never_a_silent_no(
        knowledge: Knowledge) -> None:
    light = {"destination": "UZ", "removing_state": "RU", "as_of": "2006-06-01",
             "charges": [{"category": "economic"}]}  # far from the maximum (50 of 100)
    a = assess(light, knowledge=knowledge)
    hindsight = [g for g in a.evidence_gaps if "hindsight" in g]
    assert hindsight and all("2006-06-01" in g for g in hindsight)
    assert "treated as unknown, not as no risk" in hindsight[0]
    withheld = [m for m in a.missing_information if "published by 2006-06-01" in m.question]
    assert withheld
    assert max(m.could_raise_by or 0 for m in withheld) > 0
    # The range shows what the withheld evidence could do to the score.
    assert a.range.high >= a.score + max(m.could_raise_by or 0 for m in withheld)
    derived = {d.fact: d.value for d in a.derived_facts}
    assert "destination.custody_torture_level" not in derived  # never filled in as "rare"


def test_a_cut_off_date_of_the_callers_choosing(knowledge: Knowledge) -> None:
    cut = dt.date(2009, 1, 1)
    a = assess(CASE, knowledge=knowledge, evidence_published_by=cut)
    assert a.evidence_published_by == cut
    assert all(item.date <= cut for item in _evidence(a))
    assert any(item.date > AS_OF for item in _evidence(a))
    assert any(item.published_after_as_of for item in _evidence(a))


def test_the_command_line_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    assert main(["assess", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["evidence_published_by"] == "2006-06-01"
    assert main(["assess", str(path), "--format", "json",
                 "--evidence-published-by", "any"]) == 0
    assert json.loads(capsys.readouterr().out)["evidence_published_by"] is None
    with pytest.raises(SystemExit) as refused:  # a usage error, as the CLI always exits: 2
        main(["assess", str(path), "--evidence-published-by", "soon"])
    assert refused.value.code == 2
    assert "--evidence-published-by" in capsys.readouterr().err


def test_profiles_lint_notes_a_version_published_after_it_starts(
        knowledge: Knowledge) -> None:
    notes = hindsight_notes(knowledge.profiles)
    assert notes
    for note in notes:
        _code, rest = note.split(": version from ", 1)
        start = dt.date.fromisoformat(rest[:10])
        first = dt.date.fromisoformat(rest.split("was first published ", 1)[1][:10])
        assert first > start, note


def test_a_treaty_status_is_kept_and_a_later_record_of_it_is_flagged(
        knowledge: Knowledge) -> None:
    """Treaty status is a legal fact fixed when the instrument was deposited, not evidence of
    risk: it is not withheld (Russia's ECHR status in 2006 rests on records issued in 2022
    and later, and the Rule 39 bar must not vanish), but every record published after the
    date says so."""
    a = assess(CASE, knowledge=knowledge)
    assert "ECTHR_RULE39" in [b.code for b in a.legal_bars]
    records = [e for b in a.legal_bars for e in b.evidence if e.item.startswith("treaties.")]
    assert records
    for record in records:
        assert record.published_after_as_of == (record.date > AS_OF)

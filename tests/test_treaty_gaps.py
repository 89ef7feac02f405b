"""No silent gaps (issue 10, item 2): a treaty status a bar or a route depends on that is
unknown on the date is named in ``evidence_gaps``, ``missing_information``,
``unknown_treaty_statuses`` and the text and markdown reports, with what it could change."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from refoulement_risk import Knowledge, assess, load_knowledge
from refoulement_risk.render import render_markdown, render_text
from refoulement_risk.resources import profiles_dir

# A test-only removing state: it accepts CAT Article 22 and is in the EU, and the file says
# nothing of the ECHR or the Refugee Convention unless a test adds it.
_SOURCE = {"title": "Test-only treaty record", "publisher": "refoulement-risk tests",
           "date": "1990-01-01", "symbol": "TEST/1",
           "verified": "Invented for a unit test; not evidence of any state's status."}


def _profile(treaties: dict[str, Any]) -> dict[str, Any]:
    return {"country": "SE", "name": "Test state", "sources": {"test": _SOURCE},
            "treaties": treaties}


def _treaty(**extra: Any) -> dict[str, Any]:
    return {"from": "1990-01-01", "sources": ["test"], "note": "test-only entry", **extra}


def _knowledge(tmp_path: Path, treaties: dict[str, Any]) -> Knowledge:
    folder = tmp_path / "profiles"
    shutil.copytree(profiles_dir(), folder)
    (folder / "SE.yaml").write_text(yaml.safe_dump(_profile(treaties)), encoding="utf-8")
    return load_knowledge(profiles=folder, backend="reference")


_RULE39 = {"destination": "UZ", "removing_state": "SE", "as_of": "2010-05-01",
           "proceeding": "extradition", "charges": [{"category": "religious_extremism"}],
           "interim_measures": [{"body": "ecthr_rule39", "status": "indicated"}]}


@pytest.fixture(scope="module")
def no_echr(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    return _knowledge(tmp_path_factory.mktemp("no_echr"),
                      {"cat_article22": _treaty(), "iccpr_op1": _treaty(),
                       "eu_member": _treaty()})


def test_an_unknown_echr_status_is_named_where_a_rule39_measure_depends_on_it(
        no_echr: Knowledge) -> None:
    a = assess(_RULE39, knowledge=no_echr)
    assert a.legal_bars == []  # the bar cannot be claimed on an unknown status ...
    (status,) = [u for u in a.unknown_treaty_statuses if u.treaty == "echr"]
    assert any("ECTHR_RULE39" in x for x in status.if_bound)  # ... but it is named
    assert "no entry" in status.reason
    gap = [g for g in a.evidence_gaps if "party to the ECHR" in g]
    assert len(gap) == 1 and "ECTHR_RULE39" in gap[0] and "SE" in gap[0]
    (missing,) = [m for m in a.missing_information if m.field == "removing_state.treaties.echr"]
    assert "ECTHR_RULE39" in missing.question and "2010-05-01" in missing.question


def test_the_reports_never_say_no_legal_bar_without_the_unchecked_status(
        no_echr: Knowledge) -> None:
    a = assess(_RULE39, knowledge=no_echr)
    text, markdown = render_text(a), render_markdown(a)
    assert "No legal bar found on the facts given.\n" not in text
    for report in (text, markdown):
        assert "could not be checked" in report and "SE echr" in report
        assert "ECTHR_RULE39" in report


def test_a_known_echr_status_raises_the_bar_and_is_no_gap(tmp_path: Path) -> None:
    k = _knowledge(tmp_path, {"echr": _treaty(), "cat_article22": _treaty(),
                              "iccpr_op1": _treaty(), "eu_member": _treaty()})
    a = assess(_RULE39, knowledge=k)
    assert "ECTHR_RULE39" in [b.code for b in a.legal_bars]
    assert not [u for u in a.unknown_treaty_statuses if u.treaty == "echr"]
    assert not [m for m in a.missing_information if m.field.startswith("removing_state.treat")]


def test_a_status_that_changes_nothing_for_the_case_is_not_reported(no_echr: Knowledge) -> None:
    # No refugee status is claimed: the Refugee Convention's status decides no bar or step.
    a = assess({**_RULE39, "refugee_status": "none"}, knowledge=no_echr)
    assert "refugee_convention" not in [u.treaty for u in a.unknown_treaty_statuses]
    # A recognised refugee: the same unknown status now decides a bar, and is reported.
    b = assess({**_RULE39, "refugee_status": "recognised"}, knowledge=no_echr)
    (status,) = [u for u in b.unknown_treaty_statuses if u.treaty == "refugee_convention"]
    assert any("REFUGEE_NON_REFOULEMENT" in x for x in status.if_bound)


def test_a_scope_limitation_is_reported_with_its_reason(tmp_path: Path) -> None:
    k = _knowledge(tmp_path, {"echr": _treaty(), "eu_member": _treaty(party=False),
                              "refugee_convention": _treaty(
                                  scope_limitation="test-only geographical limitation")})
    a = assess({**_RULE39, "refugee_status": "recognised"}, knowledge=k)
    (status,) = [u for u in a.unknown_treaty_statuses if u.treaty == "refugee_convention"]
    assert "test-only geographical limitation" in status.reason
    assert "REFUGEE_NON_REFOULEMENT" in " ".join(a.evidence_gaps)


def test_an_unstated_removing_state_is_one_gap_not_five(knowledge: Knowledge) -> None:
    case = {k: v for k, v in _RULE39.items() if k != "removing_state"}
    a = assess(case, knowledge=knowledge)
    assert a.unknown_treaty_statuses == []
    assert any("removing state is unknown: treaty-based bars" in g for g in a.evidence_gaps)
    assert "removing_state" in [m.field for m in a.missing_information]


def test_independent_statuses_are_explored_apart_with_the_same_answer(
        no_echr: Knowledge) -> None:
    """Exploring statuses that no rule reads together one group at a time gives the same
    answer as trying every combination of every unknown status."""
    from refoulement_risk.assessor import _sheet, _TreatyEvaluator
    from refoulement_risk.case import parse_case
    from refoulement_risk.treaty_gaps import find_treaty_gaps, linked

    rules = [c.rule for c in no_echr.rulebook.rules]
    groups = linked(rules, ["removing_state.echr_party", "removing_state.cat_article22",
                            "removing_state.refugee_convention"])
    assert sorted(map(sorted, groups)) == [
        ["removing_state.cat_article22", "removing_state.echr_party"],
        ["removing_state.refugee_convention"]]
    for extra in ({}, {"refugee_status": "recognised"}, {"removing_state": "NO"},
                  {"removing_state": "NO", "refugee_status": "recognised"}):
        case = parse_case({**_RULE39, **extra})
        day = case.as_of
        assert day is not None
        sheet = _sheet(case, day, no_echr, day)
        evaluate = _TreatyEvaluator(no_echr, day, case)
        assert (find_treaty_gaps(sheet, day, evaluate, rules)
                == find_treaty_gaps(sheet, day, evaluate))

"""GEN-040 reads the charge (issue 10): the death-penalty factor counts only for a charge the
destination's evidence lists as capital; an unknown charge or an unlisted list is unknown,
reported with what it could change, never a silent "no"."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
import yaml

from refoulement_risk import Knowledge, assess, load_knowledge
from refoulement_risk.i18n_translate import translate_assessment
from refoulement_risk.resources import profiles_dir

_KZ_2015: dict[str, Any] = {"destination": "KZ", "removing_state": "RU",
                            "as_of": "2015-06-01", "proceeding": "extradition"}


def _fired(a: Any) -> set[str]:
    return {t.rule for t in a.trace}


def test_a_capital_charge_raises_the_factor_and_another_charge_does_not(
        knowledge: Knowledge) -> None:
    terrorism = assess({**_KZ_2015, "charges": [{"category": "terrorism"}]},
                       knowledge=knowledge)
    economic = assess({**_KZ_2015, "charges": [{"category": "economic"}]},
                      knowledge=knowledge)
    assert "GEN-040" in _fired(terrorism)
    assert "GEN-040" not in _fired(economic)
    derived = {f.rule: f for f in terrorism.factors}
    assert any(e.item == "destination.death_penalty_charges"
               for e in derived["GEN-040"].evidence)
    # Both charges together: the capital one counts (a charge never lowers a score).
    both = assess({**_KZ_2015, "charges": [{"category": "economic"},
                                           {"category": "terrorism"}]}, knowledge=knowledge)
    assert "GEN-040" in _fired(both) and both.score >= terrorism.score


def test_an_unknown_charge_is_asked_with_what_it_could_add(knowledge: Knowledge) -> None:
    a = assess(_KZ_2015, knowledge=knowledge)  # extradited, charge not stated
    assert "GEN-040" not in _fired(a)
    (charges,) = [m for m in a.missing_information if m.field == "charges"]
    assert (charges.could_raise_by or 0) >= 10  # a terrorism charge would add the factor
    assert a.range.high >= a.score + 10


def test_a_list_published_after_the_date_is_withheld_and_reported(
        knowledge: Knowledge) -> None:
    a = assess({"destination": "BY", "removing_state": "RU", "as_of": "2021-06-01",
                "proceeding": "extradition", "charges": [{"category": "ordinary_crime"}]},
               knowledge=knowledge)
    assert "GEN-040" not in _fired(a)
    assert any("death_penalty_charges" in g and "hindsight" in g for g in a.evidence_gaps)
    (withheld,) = [m for m in a.missing_information if m.field == "destination.capital_charge"]
    assert (withheld.could_raise_by or 0) >= 10


@pytest.fixture(scope="module")
def unlisted(tmp_path_factory: pytest.TempPathFactory) -> Knowledge:
    """KZ's profile with the capital-charge lists removed."""
    folder = tmp_path_factory.mktemp("unlisted") / "profiles"
    shutil.copytree(profiles_dir(), folder)
    path = folder / "KZ.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for version in data["versions"]:
        (version.get("destination") or {}).pop("death_penalty_charges", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_knowledge(profiles=folder, backend="reference")


def test_a_retained_death_penalty_without_a_list_is_a_named_gap(unlisted: Knowledge) -> None:
    a = assess({**_KZ_2015, "charges": [{"category": "terrorism"}]}, knowledge=unlisted)
    assert "GEN-040" not in _fired(a)
    assert any("not which charges can carry it" in g for g in a.evidence_gaps)
    (gap,) = [m for m in a.missing_information if m.field == "destination.capital_charge"]
    assert gap.could_raise_by == 10
    assert a.range.high >= a.score + 10


def test_no_gap_where_the_death_penalty_is_abolished(unlisted: Knowledge) -> None:
    a = assess({**_KZ_2015, "as_of": "2023-01-01", "charges": [{"category": "terrorism"}]},
               knowledge=unlisted)
    assert not any("which charges" in g for g in a.evidence_gaps)
    assert not any(m.field == "destination.capital_charge" for m in a.missing_information)


def test_the_gap_is_translated(unlisted: Knowledge) -> None:
    a = assess({**_KZ_2015, "charges": [{"category": "terrorism"}]}, knowledge=unlisted)
    ru = translate_assessment(a, "ru")
    assert any("смертная казнь сохраняется" in g for g in ru.evidence_gaps)
    assert any("За какие обвинения" in m.question for m in ru.missing_information)

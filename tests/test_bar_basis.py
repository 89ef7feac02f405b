"""A bar says which law it rests on (issue 10, item 3): international law, EU law, or domestic
law, and a domestic-law bar is one the rules can express, with its authority."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from refoulement_risk import assess, load_knowledge
from refoulement_risk.resources import rules_dir

_STATUTE = {
    "citation": "Test-only statute, s. 1 (no removal to a risk of torture)",
    "kind": "legislation", "body": "Test legislature", "date": "2000-01-01",
    "reference": "TEST-STATUTE-1", "proposition": "A test-only statutory non-refoulement rule.",
    "verified": "Invented for a unit test; it is no state's law.",
}
_RULE = {
    "id": "TST-001", "title": "A test-only domestic statute bars the removal",
    "valid_from": "2000-01-01",
    "when": {"all": [{"fact": "case.past_ill_treatment", "is": "documented"}]},
    "then": {"bar": {"code": "TEST_DOMESTIC_STATUTE", "basis": "domestic_law",
                     "effect": "The removing state's own statute forbids this removal."}},
    "because": "A test-only statute.", "authorities": ["test-statute"],
}


def test_a_domestic_law_bar_is_expressed_with_its_authority(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    authorities = yaml.safe_load((folder / "authorities.yaml").read_text(encoding="utf-8"))
    authorities["authorities"]["test-statute"] = _STATUTE
    (folder / "authorities.yaml").write_text(yaml.safe_dump(authorities), encoding="utf-8")
    theme = {"theme": "domestic_law", "description": "Test-only domestic-law bars.",
             "rules": [_RULE]}
    (folder / "domestic_law.yaml").write_text(yaml.safe_dump(theme), encoding="utf-8")
    index = yaml.safe_load((folder / "index.yaml").read_text(encoding="utf-8"))
    index["files"].append("domestic_law.yaml")
    (folder / "index.yaml").write_text(yaml.safe_dump(index), encoding="utf-8")
    knowledge = load_knowledge(rules=folder, backend="reference")
    a = assess({"destination": "UZ", "removing_state": "DE", "as_of": "2025-01-10",
                "past_ill_treatment": "documented"}, knowledge=knowledge)
    (bar,) = [b for b in a.legal_bars if b.code == "TEST_DOMESTIC_STATUTE"]
    assert bar.basis == "domestic_law"
    assert [x.citation for x in bar.authorities] == [_STATUTE["citation"]]


def test_every_shipped_bar_names_its_basis() -> None:
    from refoulement_risk.knowledge import default_knowledge

    book = default_knowledge("reference").rulebook
    bases = {}
    for compiled in book.rules:
        bar = compiled.rule.then.bar
        if bar is not None:
            bases[bar.code] = bar.basis
    assert bases["EU_REFUGEE_STATUS_BARS_EXTRADITION"] == "eu_law"
    assert bases["ASYLUM_PENDING_RIGHT_TO_REMAIN"] == "eu_law"
    assert bases["ECTHR_RULE39"] == "international_law"

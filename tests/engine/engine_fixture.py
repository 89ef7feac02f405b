"""A small rule set for the engine tests, written to a folder: every operator, chaining over four
levels, multi-valued facts, unknown facts, and rules in force only between dates.

Not a test module (no ``test_`` prefix); imported by ``conftest.py`` and by the subprocess scripts
of ``test_durable_guards.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from refoulement_risk.resources import rules_dir

__all__ = ["FACT_NAMES", "LITERALS", "write_fixture_rules"]

_AUTHORITIES = {
    "authorities": {
        "fixture": {
            "citation": "Fixture authority for engine tests, 1 January 2000",
            "kind": "guidance",
            "body": "Test body",
            "date": "2000-01-01",
            "proposition": "Stands in for a real authority in engine tests.",
            "verified": "Not a real authority; used only by the engine tests.",
        }
    }
}

# The names of the model (tiers, bands) are the shipped rule set's.
_NAMES = yaml.safe_load((rules_dir() / "index.yaml").read_text(encoding="utf-8"))

_SCALE = {
    "base": 0,
    "evidence_of": "destination",
    "bands": {"low": 0, "moderate": 20, "high": 40, "very_high": 60},
    "description": "fixture scale",
}

_INDEX = {
    "version": "fixture-1",
    "description": "Engine test fixture",
    "files": ["fixture.yaml"],
    "scores": {"torture": _SCALE, "irregular_transfer": _SCALE},
    **{key: _NAMES[key] for key in ("tiers", "bands", "without_evidence", "violation_bands")},
    "derived_facts": {
        "derived.exposed": {"type": "bool", "description": "level 1 of the chain"},
        "derived.level": {"type": "int", "description": "level 2: an integer"},
        "derived.concern": {"type": "enum", "values": ["low", "high"],
                            "description": "level 3"},
        "derived.final": {"type": "bool", "description": "level 4"},
        "derived.tag": {"type": "word", "description": "derived but read by no rule"},
    },
}


def _rule(rule_id: str, when: list[Any], then: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": rule_id,
        "title": f"Fixture rule {rule_id}",
        "valid_from": extra.pop("valid_from", "2000-01-01"),
        **({"valid_until": extra.pop("valid_until")} if "valid_until" in extra else {}),
        "when": {"all": when},
        "then": then,
        "because": "Because the engine tests need it.",
        "authorities": ["fixture"],
    }


def _factor(points: int) -> dict[str, Any]:
    return {"factor": {"score": "torture", "tier": "individual", "points": points}}


_RULES = [
    # chain level 1: bool is + one_of over a multi-valued fact
    _rule("FX-001", [
        {"fact": "case.detained", "is": True},
        {"fact": "case.charge_category", "one_of": ["terrorism", "religious_extremism"]},
    ], {"derive": {"derived.exposed": True}}),
    # level 2, two ways (the same derived fact from two rules)
    _rule("FX-002", [
        {"fact": "derived.exposed", "is": True},
        {"fact": "destination.custody_torture_level", "one_of": ["widespread", "systematic"]},
    ], {"derive": {"derived.level": 3}}),
    _rule("FX-003", [
        {"any": [
            {"fact": "case.past_ill_treatment", "is": "documented"},
            {"fact": "destination.targeted_group_match", "is": "systematic"},
        ]},
    ], {"derive": {"derived.level": 5}}),
    # level 3: at_least on an integer derived fact
    _rule("FX-004", [{"fact": "derived.level", "at_least": 4}],
          {"derive": {"derived.concern": "high"}}),
    _rule("FX-005", [{"fact": "derived.level", "at_most": 3}],
          {"derive": {"derived.concern": "low"}}),
    # level 4: is_not (unknown never passes)
    _rule("FX-006", [
        {"fact": "derived.concern", "is": "high"},
        {"fact": "case.assurances_given", "is_not": True},
    ], {"derive": {"derived.final": True}}),
    _rule("FX-007", [{"fact": "derived.final", "is": True}], _factor(30)),
    # is_not on a word, known false / true
    _rule("FX-008", [{"fact": "case.ethnicity", "is_not": "uzbek"}], _factor(5)),
    _rule("FX-009", [{"fact": "case.ethnicity", "known": False}],
          {"recommend": {"code": "ASK_ETHNICITY", "action": "Ask the client's ethnicity.",
                         "priority": 2}}),
    _rule("FX-010", [{"fact": "case.proceeding", "known": True}], _factor(1)),
    _rule("FX-011", [
        {"any": [
            {"fact": "case.proceeding", "is_not": "extradition"},
            {"fact": "case.proceeding", "known": False},
        ]},
    ], _factor(2)),
    # in force only between dates (valid_until exclusive), and one only in the future
    _rule("FX-012", [{"fact": "case.detained", "is": False}], _factor(-5),
          valid_from="2020-01-01", valid_until="2022-01-01"),
    _rule("FX-013", [{"fact": "case.detained", "known": True}], _factor(7),
          valid_from="2030-06-15"),
    # two multi-valued facts joined: one firing per combination
    _rule("FX-014", [
        {"fact": "case.charge_category", "one_of": ["political", "religious_extremism"]},
        {"fact": "case.charge_organisation", "one_of": ["hizb_ut_tahrir", "akromiya", "1"]},
    ], {"bar": {"code": "FIXTURE_BAR", "effect": "A fixture bar for the engine tests."}}),
    # three alternatives x two alternatives = six branches; an any across facts
    _rule("FX-015", [
        {"any": [
            {"fact": "case.religious_practice", "is": True},
            {"fact": "case.political_activity", "is": True},
            {"fact": "case.journalist", "known": False},
        ]},
        {"any": [
            {"fact": "destination.targeted_group_match", "one_of": ["elevated", "systematic"]},
            {"fact": "derived.exposed", "is": True},
        ]},
    ], {"derive": {"derived.tag": "group"}}),
    # a long one_of over a word fact (split into several durable rules)
    _rule("FX-016", [
        {"fact": "case.ethnicity", "one_of": [f"e{k}" for k in range(20)] + ["uzbek", "1"]},
    ], _factor(3), valid_until="2026-01-01"),
]

FACT_NAMES = sorted(
    {c["fact"] for r in _RULES for item in r["when"]["all"] for c in item.get("any", [item])}
    | {"derived.tag", "case.high_profile"}  # read by no rule
)



def _literals() -> dict[str, list[Any]]:
    """Per fact name: the values its rules test for, their neighbours, unknown, a wrong type."""
    found: dict[str, list[Any]] = {name: [None, "other", 1] for name in FACT_NAMES}
    for rule in _RULES:
        conds = [c for item in rule["when"]["all"] for c in item.get("any", [item])]
        derive = rule["then"].get("derive", {})
        for c in [*conds, *({"fact": k, "is": v} for k, v in derive.items())]:
            for op in ("is", "is_not", "one_of", "at_least", "at_most"):
                if op in c:
                    values = c[op] if op == "one_of" else [c[op]]
                    if op in ("at_least", "at_most"):
                        values = [c[op] - 1, c[op], c[op] + 1, str(c[op])]
                    found[c["fact"]] += [v for v in values if v not in found[c["fact"]]]
                    if isinstance(c[op], bool):
                        found[c["fact"]] += [not c[op]]
    return found


LITERALS = _literals()


def write_fixture_rules(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.yaml").write_text(yaml.safe_dump(_INDEX), encoding="utf-8")
    (folder / "authorities.yaml").write_text(yaml.safe_dump(_AUTHORITIES), encoding="utf-8")
    theme = {"theme": "fixture", "description": "engine test fixture", "rules": _RULES}
    (folder / "fixture.yaml").write_text(yaml.safe_dump(theme, sort_keys=False),
                                         encoding="utf-8")
    return folder

"""The published vocabulary (``rules vocabulary``, ``GET /v1/vocabulary``): built from the fact
catalogue, the rule index and the group vocabulary, so it can never list a fact the engine does
not read or miss one it does. The intake form takes its questions and options from here."""

from __future__ import annotations

from typing import Any

from .catalogue import CATALOGUE
from .catalogue_model import Catalogue, FactEntry, Origin
from .groups import GroupVocabulary
from .rulebook import Rulebook
from .vocabulary import OPERATORS

__all__ = ["EFFECTS", "vocabulary_document"]

EFFECTS = ("derive", "factor", "bar", "recommend")


def _fact(entry: FactEntry) -> dict[str, Any]:
    return {"type": entry.type, "origin": entry.origin.value, "values": list(entry.values),
            "multi": entry.multi, "description": entry.description,
            "question": entry.question or None, "risk_order": list(entry.risk_order),
            "path": entry.path, "indicator": entry.key}


def _options(entry: FactEntry, groups: GroupVocabulary | None) -> list[dict[str, Any]]:
    if entry.words is not None and groups is not None:
        words = getattr(groups, entry.words)
        return [{"value": key, "label": word.name, "aliases": word.aliases}
                for key, word in sorted(words.items())]
    if entry.type == "bool":
        return [{"value": True, "label": "yes"}, {"value": False, "label": "no"}]
    return [{"value": v, "label": v.replace("_", " ")} for v in entry.values]


def vocabulary_document(catalogue: Catalogue = CATALOGUE, rulebook: Rulebook | None = None,
                        groups: GroupVocabulary | None = None) -> dict[str, Any]:
    """Facts, operators, effects, intake questions and options, evidence words and the names
    of the model. ``rulebook`` adds the derived facts and the model; ``groups`` the words."""
    facts = {e.name: _fact(e) for e in catalogue.facts}
    if rulebook is not None:
        facts.update({name: _fact(e) for name, e in rulebook.facts.items()
                      if e.origin == Origin.derived})
    doc: dict[str, Any] = {
        "facts": dict(sorted(facts.items())),
        "operators": {str(k): v for k, v in OPERATORS.items()},
        "effects": list(EFFECTS),
        "intake": [
            {"field": e.path, "fact": e.name, "question": e.question, "help": e.description,
             "type": e.type, "multi": e.multi, "options": _options(e, groups),
             "risk_order": list(e.risk_order)}
            for e in catalogue.of(Origin.case) if e.question
        ],
        "evidence": {
            "indicators": {role.value: {name: list(e.values)
                                        for name, e in catalogue.indicators(role).items()}
                           for role in (Origin.destination, Origin.removing_state)},
            "treaties": catalogue.treaties(),
        },
    }
    if groups is not None:
        doc["organisations"] = {k: w.model_dump() for k, w in sorted(groups.organisations.items())}
        doc["ethnicities"] = {k: w.model_dump() for k, w in sorted(groups.ethnicities.items())}
    if rulebook is not None:
        index = rulebook.index
        doc["model"] = {
            "scores": {name: {"base": s.base, "bands": s.bands, "evidence_of": s.evidence_of}
                       for name, s in index.scores.items()},
            "tiers": [t.model_dump() for t in index.tiers],
            "bands": [b.model_dump() for b in index.bands],
            "without_evidence": index.without_evidence.model_dump(),
        }
    return doc

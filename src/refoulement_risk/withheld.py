"""Hindsight: evidence published after the cut-off is not used, and is never a silent "no".

An assessment as of a date uses only sources published on or before ``evidence_published_by``
(by default the assessment date). A profile item none of whose sources had been published by
then is left out by ``facts.build_facts`` and recorded as withheld; its fact is unknown. This
module says so in ``evidence_gaps`` and ``missing_information``, and measures how far each
withheld fact could move the scores by re-running the rules with each value of its scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .assessment import MissingInformation
from .catalogue import FACT_SPECS
from .engine import Fact
from .facts import FactSheet, Withheld
from .treaty_gaps import Evaluate
from .vocabulary import FactValue

__all__ = ["WithheldFindings", "withheld_findings"]


@dataclass(frozen=True)
class WithheldFindings:
    gaps: list[str]
    missing: list[MissingInformation]
    could_raise_by: int  # the largest rise of the torture score any one withheld fact allows
    could_lower_by: int


def _answered(facts: Sequence[Fact], name: str, value: FactValue, multi: bool) -> list[Fact]:
    if multi:  # a withheld group: the client could match one more group of this exposure
        return [*facts, Fact(f"w{len(facts)}", name, value)]
    return [Fact(f.id, f.name, value) if f.name == name else f for f in facts]


def withheld_findings(sheet: FactSheet, evaluate: Evaluate) -> WithheldFindings:
    """What the withheld items of ``sheet`` are, and how far each could move the scores."""
    if not sheet.withheld:
        return WithheldFindings([], [], 0, 0)
    gaps = [f"Evidence published after {w.published_by} is not used (hindsight): "
            f"{w.country} {w.item} rests only on sources first published {w.first_published}, "
            "so it is treated as unknown, not as no risk." for w in sheet.withheld]
    torture, transfer, _ = evaluate(sheet.facts)
    by_fact: dict[str, list[Withheld]] = {}
    for w in sheet.withheld:
        by_fact.setdefault(w.fact, []).append(w)
    missing, rise, fall = [], 0, 0
    for name, items in by_fact.items():
        entry = FACT_SPECS[name]
        moves = [evaluate(_answered(sheet.facts, name, value, entry.multi))
                 for value in entry.answers()]
        up = max(0, *(t - torture for t, _, _ in moves))
        down = max(0, *(torture - t for t, _, _ in moves))
        rise, fall = max(rise, up), max(fall, down)
        where = ", ".join(f"{w.country} {w.item} (first source {w.first_published})"
                          for w in items)
        missing.append(MissingInformation(
            field=name,
            question=(f"{entry.description} What did sources published by "
                      f"{items[0].published_by} say? The profile's evidence rests only on later "
                      f"sources: {where}."),
            could_raise_by=up, could_lower_by=down,
            irregular_transfer_could_raise_by=max(0, *(x - transfer for _, x, _ in moves)),
            irregular_transfer_could_lower_by=max(0, *(transfer - x for _, x, _ in moves))))
    return WithheldFindings(gaps, missing, rise, fall)

"""No silent gap for the death penalty: which charges carry it, when the evidence does not say.

A destination's evidence may record the death penalty as retained without listing the charge
categories that can carry it (``death_penalty_charges``). Whether the client's charge can is
then unknown, so the death-penalty factor does not fire; that must not read as "no". This
module says so in ``evidence_gaps`` and ``missing_information`` with how far the answer could
move the scores, by re-running the rules with the fact answered "yes".
"""

from __future__ import annotations

from dataclasses import dataclass

from .assessment import MissingInformation
from .catalogue import CATALOGUE
from .catalogue_model import EvidenceSource, Origin
from .engine import Fact
from .facts import FactSheet
from .i18n_translate import MESSAGES
from .treaty_gaps import Evaluate

__all__ = ["CapitalFindings", "capital_findings"]

CAPITAL_FACT = next(e.name for e in CATALOGUE.of(Origin.destination)
                    if e.source == EvidenceSource.capital_charges)


@dataclass(frozen=True)
class CapitalFindings:
    gaps: list[str]
    missing: list[MissingInformation]
    could_raise_by: int


def capital_findings(sheet: FactSheet, evaluate: Evaluate) -> CapitalFindings:
    """The unlisted capital charges of the destination, if knowing them could change a score."""
    country = sheet.capital_charges_unlisted
    if country is None:
        return CapitalFindings([], [], 0)
    torture, transfer, _ = evaluate(sheet.facts)
    answered = [Fact(f.id, f.name, True) if f.name == CAPITAL_FACT else f for f in sheet.facts]
    yes_torture, yes_transfer, _ = evaluate(answered)
    rise = max(0, yes_torture - torture)
    if not rise and yes_transfer <= transfer:
        return CapitalFindings([], [], 0)  # e.g. the client is not detained on return
    gap = MESSAGES["gap.capital_charges_unlisted"].format(country=country)
    question = MESSAGES["question.capital_charges_unlisted"].format(country=country)
    return CapitalFindings([gap], [MissingInformation(
        field=CAPITAL_FACT, question=question, could_raise_by=rise, could_lower_by=0,
        irregular_transfer_could_raise_by=max(0, yes_transfer - transfer),
        irregular_transfer_could_lower_by=0)], rise)

"""Chain refoulement without evidence: the third state of an onward removal has no country
evidence on the date, so what it could change is worked out, never taken as "no risk".

The case names the third state the destination may send the client on to
(``onward_removal.state``); the rules weigh that state's evidence as they weigh the
destination's (``onward_state.*`` facts). Where that state has no evidence version covering the
date, its facts are unknown: this module says so first in ``evidence_gaps``, and measures how
far its evidence could move the scores by re-running the rules with that evidence at its
riskiest (the rules are monotone in it), as the withheld evidence of :mod:`.withheld` is
measured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .assessment import MissingInformation
from .catalogue import CATALOGUE
from .catalogue_model import EvidenceSource, Origin
from .engine import Fact
from .facts import FactSheet
from .i18n_translate import MESSAGES
from .treaty_gaps import Evaluate

__all__ = ["OnwardFindings", "onward_findings"]

FIELD = "onward_removal.state"


@dataclass(frozen=True)
class OnwardFindings:
    gaps: list[str]
    missing: list[MissingInformation]
    could_raise_by: int  # the largest rise of the torture score the third state's evidence allows


_ACCESS = CATALOGUE.at_path("onward_removal.access_to_asylum").name


def _riskiest(facts: Sequence[Fact]) -> list[Fact]:
    """The fact set with the third state's evidence at its riskiest: the top custody level and
    a match with a group of every exposure. The rules are monotone in these facts, so this one
    run bounds every answer. An unknown access to asylum in the destination is taken at its
    riskiest too (none): the gap says how far the score could go."""
    entries = CATALOGUE.of(Origin.onward_state)
    level = next(e for e in entries if e.source == EvidenceSource.indicator)
    group = next(e for e in entries if e.source == EvidenceSource.groups)
    kept = [Fact(f.id, f.name, False) if f.name == _ACCESS and f.value is None else f
            for f in facts if f.name not in (level.name, group.name)]
    top = [Fact(f"onward-{len(kept)}", level.name, level.values[-1])]
    top += [Fact(f"onward-{len(kept) + 1 + i}", group.name, exposure)
            for i, exposure in enumerate(group.values)]
    return [*kept, *top]


def onward_findings(sheet: FactSheet, evaluate: Evaluate, day: dt.date) -> OnwardFindings:
    """The gap, and what it could change, when the named third state has no evidence."""
    missing_use = [u for u in sheet.profiles_used if u.role == Origin.onward_state.value
                   and not u.evidence]
    if not missing_use:
        return OnwardFindings([], [], 0)
    code = missing_use[0].country
    torture, transfer, _ = evaluate(sheet.facts)
    riskiest, riskiest_transfer, _ = evaluate(_riskiest(sheet.facts))
    rise = max(0, riskiest - torture)
    # The sentences are templates of ``i18n_translate.MESSAGES``, so they are translated.
    gap = MESSAGES["gap.onward_evidence"].format(country=code, date=day, points=rise)
    question = MESSAGES["question.onward_evidence"].format(country=code, date=day)
    missing = MissingInformation(
        field=FIELD, question=question, could_raise_by=rise, could_lower_by=0,
        irregular_transfer_could_raise_by=max(0, riskiest_transfer - transfer),
        irregular_transfer_could_lower_by=0)
    return OnwardFindings([gap], [missing], rise)

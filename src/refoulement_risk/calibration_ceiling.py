"""The ceiling of any weighting: the best agreement a call on the fired factors can reach.

The engine's score, band and call are a function of which factor rules fired (and of the bars
and of whether there was evidence), whatever the weights. Decided cases whose fired factors are
the same but whose outcomes differ cannot all be called right by any choice of weights or
thresholds. Labelling each such set of cases with the outcome that gains most balanced accuracy
(a violation counts 1/P, a no-violation 1/N, so each set is chosen on its own) gives the highest
balanced accuracy any weighting of the current rules could reach on these cases, in sample. A
target above it needs new facts or evidence, not new weights.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .backtest_metrics import (
    BANDS,
    POSITIVE_BANDS,
    balanced_accuracy,
    confusion_from_calls,
    matthews_corrcoef,
)
from .calibration_fit import CaseRow
from .decided_cases import Outcome

__all__ = ["Ceiling", "MixedSet", "ceiling"]


@dataclass(frozen=True)
class MixedSet:
    """Cases that share their fired factors but not their outcome."""

    factors: tuple[str, ...]
    violations: tuple[str, ...]
    no_violations: tuple[str, ...]
    called_violation: bool  # the call that gains most balanced accuracy


@dataclass(frozen=True)
class Ceiling:
    balanced_accuracy: float | None
    mcc: float | None
    tp: int
    fn: int
    fp: int
    tn: int
    mixed: tuple[MixedSet, ...]


def _key(row: CaseRow) -> tuple[bool, bool, tuple[str, ...]]:
    return row.violation_bar, row.no_evidence, tuple(sorted(row.fired))


def ceiling(rows: Sequence[CaseRow]) -> Ceiling:
    positives = sum(1 for r in rows if r.violation)
    negatives = len(rows) - positives
    groups: dict[tuple[bool, bool, tuple[str, ...]], list[CaseRow]] = defaultdict(list)
    for row in rows:
        groups[_key(row)].append(row)
    # each call written as a band that makes it, so the backtest's own counting gives the matrix
    yes = min(POSITIVE_BANDS)
    no = next(b for b in BANDS if b not in POSITIVE_BANDS)
    calls: list[tuple[str, str, bool]] = []
    mixed: list[MixedSet] = []
    for (barred, no_evidence, factors), members in sorted(groups.items()):
        v = [r.id for r in members if r.violation]
        n = [r.id for r in members if not r.violation]
        if barred:  # a violation bar calls a violation whatever the weights
            call = True
        elif no_evidence:  # no evidence never gives a violation band
            call = False
        else:  # ties go to a violation: the call that does not under-state the risk
            call = len(v) * max(negatives, 1) >= len(n) * max(positives, 1)
        calls += [(Outcome.violation.value if r.violation else Outcome.no_violation.value,
                   yes if call else no, False) for r in members]
        if v and n:
            mixed.append(MixedSet(factors, tuple(v), tuple(n), call))
    conf = confusion_from_calls(calls)
    return Ceiling(balanced_accuracy(conf), matthews_corrcoef(conf), conf.tp, conf.fn, conf.fp,
                   conf.tn,
                   tuple(sorted(mixed, key=lambda m: -(len(m.violations) + len(m.no_violations)))))

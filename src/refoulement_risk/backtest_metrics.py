"""Agreement metrics of the backtest, computed here from their definitions (no library).

* the confusion matrix of decided outcome (violation / no_violation) against engine band, and
  how many cases of each outcome a bar called a violation although their band did not (a bar of
  ``violation_bars``, e.g. a claim never examined: the procedural limb of Article 3);
* balanced accuracy, the mean of sensitivity (violations called a violation band) and
  specificity (no-violations called any other band);
* the Matthews correlation coefficient of the same 2 x 2 table;
* ROC AUC of the numeric score, as the Mann-Whitney probability that a violation case scores
  above a no-violation case, ties counting one half.

The bands, and which bands and bars count as the engine saying violation, are read from
``rules/index.yaml``. A metric that is undefined on the data (a class with no members, a zero
denominator) is ``None`` (``null`` in JSON), never a crash and never a made-up number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .decided_cases import Outcome
from .model_names import model_names

__all__ = [
    "BANDS",
    "NO_EVIDENCE_BAND",
    "POSITIVE_BANDS",
    "VIOLATION_BARS",
    "Confusion",
    "auc_mann_whitney",
    "balanced_accuracy",
    "confusion_from_calls",
    "confusion_from_pairs",
    "matthews_corrcoef",
    "sensitivity",
    "specificity",
]

# Every band an assessment can show, the no-evidence band last: with evidence published after
# a case's date left out (the backtest's default), a case can have no evidence at all. That band
# is not a violation band, so it counts as the engine not saying violation.
NO_EVIDENCE_BAND: str = model_names().no_evidence_band
BANDS: tuple[str, ...] = (*model_names().bands, NO_EVIDENCE_BAND)
POSITIVE_BANDS: frozenset[str] = frozenset(model_names().violation_bands)
VIOLATION_BARS: frozenset[str] = model_names().violation_bars


@dataclass(frozen=True)
class Confusion:
    """Counts of decided outcome by engine band, ``counts[outcome][band]``; ``by_bar[outcome]``
    of them were called a violation by a bar although their band is not a violation band."""

    counts: dict[str, dict[str, int]]
    by_bar: dict[str, int] = field(default_factory=dict)

    def _sum(self, outcome: str, positive: bool) -> int:
        row = self.counts.get(outcome, {})
        by_band = sum(n for band, n in row.items() if (band in POSITIVE_BANDS) == positive)
        moved = self.by_bar.get(outcome, 0)
        return by_band + moved if positive else by_band - moved

    def bands_only(self) -> Confusion:
        """The same cases with the bars ignored: what the bands alone say."""
        return Confusion(self.counts)

    @property
    def tp(self) -> int:
        return self._sum(Outcome.violation.value, True)

    @property
    def fn(self) -> int:
        return self._sum(Outcome.violation.value, False)

    @property
    def fp(self) -> int:
        return self._sum(Outcome.no_violation.value, True)

    @property
    def tn(self) -> int:
        return self._sum(Outcome.no_violation.value, False)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {o.value: dict(self.counts.get(o.value, {})) for o in Outcome}


def confusion_from_pairs(pairs: Iterable[tuple[str, str]]) -> Confusion:
    """Build the matrix from (outcome, band) pairs; unknown outcomes or bands raise ValueError."""
    return confusion_from_calls((outcome, band, False) for outcome, band in pairs)


def confusion_from_calls(calls: Iterable[tuple[str, str, bool]]) -> Confusion:
    """Build the matrix from (outcome, band, a violation bar reported) triples.

    A bar counts only where the band does not already say violation, so no case counts twice.
    """
    counts = {o.value: dict.fromkeys(BANDS, 0) for o in Outcome}
    by_bar = dict.fromkeys(counts, 0)
    for outcome, band, barred in calls:
        if outcome not in counts:
            raise ValueError(f"unknown outcome {outcome!r}")
        if band not in BANDS:
            raise ValueError(f"unknown band {band!r}; expected one of {', '.join(BANDS)}")
        counts[outcome][band] += 1
        if barred and band not in POSITIVE_BANDS:
            by_bar[outcome] += 1
    return Confusion(counts, by_bar)


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def sensitivity(conf: Confusion) -> float | None:
    return _ratio(conf.tp, conf.tp + conf.fn)


def specificity(conf: Confusion) -> float | None:
    return _ratio(conf.tn, conf.tn + conf.fp)


def balanced_accuracy(conf: Confusion) -> float | None:
    """Mean of sensitivity and specificity; ``None`` if either class has no cases."""
    sens, spec = sensitivity(conf), specificity(conf)
    if sens is None or spec is None:
        return None
    return (sens + spec) / 2


def matthews_corrcoef(conf: Confusion) -> float | None:
    """(TP·TN − FP·FN) / √((TP+FP)(TP+FN)(TN+FP)(TN+FN)); ``None`` when a margin is zero."""
    tp, tn, fp, fn = conf.tp, conf.tn, conf.fp, conf.fn
    den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
    if den == 0:
        return None
    return (tp * tn - fp * fn) / math.sqrt(den)


def auc_mann_whitney(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """P(score of a violation > score of a no-violation), ties half; ``None`` if a class is empty.

    Computed by ranks (average rank for ties), which equals counting every pair.
    """
    n_pos, n_neg = len(positives), len(negatives)
    if n_pos == 0 or n_neg == 0:
        return None
    for value in (*positives, *negatives):
        if isinstance(value, float) and math.isnan(value):
            raise ValueError("a score is NaN")
    pooled = sorted([(float(s), True) for s in positives] + [(float(s), False) for s in negatives])
    rank_sum_pos = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        avg_rank = (i + 1 + j + 1) / 2  # ranks are 1-based
        rank_sum_pos += avg_rank * sum(1 for k in range(i, j + 1) if pooled[k][1])
        i = j + 1
    u_pos = rank_sum_pos - n_pos * (n_pos + 1) / 2
    return u_pos / (n_pos * n_neg)

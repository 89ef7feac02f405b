"""A transparent, constrained fit of the torture score's weights to decided cases.

The model is the engine's own: ``score = base + sum of the points of the fired factors`` (the
running total kept within 0-100, tier by tier), and the probability that a court finds a
violation is ``sigmoid((score - high) / temperature)``, where ``high`` is the lowest score of the
first violation band (``rules/index.yaml``): a case at the threshold of ``high`` is even odds.
The base and the thresholds are not fitted; only the points and the temperature are.

Constraints keep the model's structure (docs/MODEL.md): a risk factor's points are never
negative and a protective factor's never positive; within each chain of ``MONOTONE_CHAINS`` a
riskier answer weighs at least as much (systematic >= widespread >= occasional, documented >=
alleged, ...), which is also what keeps the engine monotone in every risk field. They are
imposed by parametrising each chain as non-negative increments, so L-BFGS-B with bounds
suffices. An L2 penalty pulls every weight toward the weight as chosen, with a prior scale in
points: a rule that fires in few cases stays near its judged weight.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

__all__ = [
    "MONOTONE_CHAINS",
    "CaseRow",
    "Fit",
    "ModelFrame",
    "WeightSpec",
    "chains_for",
    "check_exact",
    "fit_temperature",
    "fit_weights",
    "probability",
    "rescore",
    "spec_index",
]

# Each chain runs from the answer nearest to no risk to the riskiest; the points must not
# decrease along it (for protective factors: must not increase, i.e. grow in magnitude). The
# orders are those of the fact scales (catalogue and profile index); a rule not in the rule set
# is skipped, a rule in no chain is a chain of its own.
MONOTONE_CHAINS: tuple[tuple[str, ...], ...] = (
    ("GEN-030", "GEN-020", "GEN-010"),  # custody torture: occasional, widespread, systematic
    ("GEN-021", "GEN-011"),  # detained on return: widespread, systematic
    ("GRP-002", "GRP-001"),  # targeted group: elevated, systematically exposed
    ("IND-002", "IND-001"),  # past ill-treatment: alleged, documented
    ("REF-002", "REF-001"),  # protection: subsidiary or temporary, recognised refugee
    ("DA-003", "DA-002"),  # assurances meeting Othman: mixed record, reliable record
)

DEFAULT_PRIOR_SCALE = 10.0  # points: how far a weight may move before the penalty bites
TEMPERATURE_BOUNDS = (2.0, 50.0)  # points per unit of log-odds


@dataclass(frozen=True)
class WeightSpec:
    """One factor rule of the headline score: its weight as chosen and where it is applied."""

    rule: str
    chosen: float
    tier_rank: int  # the tier's place in the order of application
    order: int  # the rule's place in the rule set


@dataclass(frozen=True)
class CaseRow:
    """One decided case as the fit sees it: which factor rules fired, and the outcome."""

    id: str
    violation: bool
    fired: tuple[str, ...]
    no_evidence: bool  # no country evidence: never a violation band, whatever the score
    # A bar that is a breach of Article 3 whatever the risk (``violation_bars``) was reported:
    # the call is a violation whatever the score, so the outcome says nothing of the weights.
    violation_bar: bool = False


@dataclass(frozen=True)
class ModelFrame:
    """The fixed parts of the model, read from ``rules/index.yaml``."""

    base: float
    thresholds: Mapping[str, float]  # lowest score of each band
    violation_bands: frozenset[str]
    no_evidence_band: str
    violation_bars: frozenset[str] = frozenset()  # bars that call a violation whatever the band

    @property
    def high(self) -> float:
        return min(self.thresholds[b] for b in self.violation_bands)

    def band(self, score: float) -> str:
        chosen = ""
        for name, lowest in sorted(self.thresholds.items(), key=lambda kv: kv[1]):
            if score >= lowest:
                chosen = name
        return chosen


@dataclass(frozen=True)
class Fit:
    weights: dict[str, float]
    temperature: float
    converged: bool


def chains_for(specs: Sequence[WeightSpec]) -> list[tuple[str, ...]]:
    """The monotone chains restricted to the rules present, plus a chain for every other rule."""
    present = {s.rule for s in specs}
    chains = [tuple(r for r in chain if r in present) for chain in MONOTONE_CHAINS]
    chains = [c for c in chains if c]
    chained = {r for c in chains for r in c}
    chains += [(s.rule,) for s in specs if s.rule not in chained]
    return chains


def rescore(row: CaseRow, weights: Mapping[str, float], specs: Mapping[str, WeightSpec],
            frame: ModelFrame) -> float:
    """The score the engine would give with ``weights``: applied in tier then rule order, the
    running total kept within 0-100, exactly as ``scoring.combine`` does."""
    total = frame.base
    for rule in sorted(row.fired, key=lambda r: (specs[r].tier_rank, specs[r].order)):
        total = min(100.0, max(0.0, total + weights[rule]))
    return total


def probability(score: float, temperature: float, frame: ModelFrame) -> float:
    z = (score - frame.high) / temperature
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def _sign(chain: tuple[str, ...], chosen: Mapping[str, float]) -> float:
    values = [chosen[r] for r in chain]
    if all(v >= 0 for v in values):
        return 1.0
    if all(v <= 0 for v in values):
        return -1.0
    raise ValueError(f"rules {', '.join(chain)} mix risk and protective weights")


def fit_weights(rows: Sequence[CaseRow], specs: Sequence[WeightSpec], frame: ModelFrame,
                prior_scale: float = DEFAULT_PRIOR_SCALE, fixed_weights: bool = False,
                balanced: bool = True) -> Fit:
    """Penalised maximum likelihood over ``rows``, cases without evidence left out (no band of
    risk is shown for them, so the model claims nothing of them), and cases a violation bar
    decides (removal without examining the claim breaches Article 3 whatever the risk, so
    their outcome is no evidence for or against a weight). The likelihood uses the
    unclipped sum, which differs from the score only beyond 0 or 100, where the probability is
    already near 0 or 1. With ``fixed_weights`` only the temperature is fitted. ``balanced``
    weighs each outcome class by the inverse of its frequency, so that the even-odds point
    (the high threshold) is where the two kinds of error cost the same, whatever share of
    violations the collected set happens to have (it is not the share among clients)."""
    chosen = {s.rule: s.chosen for s in specs}
    chains = chains_for(specs)
    rules = [r for c in chains for r in c]
    col = {r: i for i, r in enumerate(rules)}
    # w = signs * (T @ d): each weight is its chain's cumulative sum of non-negative increments.
    t = np.zeros((len(rules), len(rules)))
    signs = np.zeros(len(rules))
    for chain in chains:
        sign = _sign(chain, chosen)
        for k, rule in enumerate(chain):
            signs[col[rule]] = sign
            for j in range(k + 1):
                t[col[rule], col[chain[j]]] = 1.0
            if k and sign * (chosen[rule] - chosen[chain[k - 1]]) < 0:
                raise ValueError(f"the chosen weights break the order {' <= '.join(chain)}")
    w0 = np.array([chosen[r] for r in rules])
    d0 = np.linalg.solve(t, signs * w0)
    used = [r for r in rows if not r.no_evidence and not r.violation_bar]
    # reshaped so that a fold with no case to learn from (every other case decided by a bar, or
    # without evidence) is an empty matrix, and the fit returns the prior, not a shape error
    x = np.array([[1.0 if rule in r.fired else 0.0 for rule in rules] for r in used],
                 dtype=float).reshape(len(used), len(rules))
    y = np.array([1.0 if r.violation else 0.0 for r in used], dtype=float)
    n_pos = float(y.sum())
    n_neg = float(len(y)) - n_pos
    if balanced and n_pos and n_neg:
        weight = np.where(y == 1.0, len(y) / (2 * n_pos), len(y) / (2 * n_neg))
    else:
        weight = np.ones_like(y)
    offset = frame.base - frame.high

    def objective(params: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        d, log_tau = params[:-1], params[-1]
        tau = math.exp(log_tau)
        w = signs * (t @ d)
        lin = offset + x @ w
        z = lin / tau
        p = 1.0 / (1.0 + np.exp(-z))
        nll = float(np.sum(weight * (np.logaddexp(0.0, z) - y * z)))
        residual = (w - w0) / prior_scale
        penalty = 0.5 * float(residual @ residual)
        grad_z = weight * (p - y)
        grad_w = (x.T @ grad_z) / tau + residual / prior_scale
        grad_d = t.T @ (signs * grad_w)
        grad_log_tau = float(-(grad_z @ z))
        return nll + penalty, np.append(grad_d, grad_log_tau)

    lo, hi = (math.log(b) for b in TEMPERATURE_BOUNDS)
    bounds = [(v, v) if fixed_weights else (0.0, 100.0) for v in d0]
    bounds.append((lo, hi))
    result = minimize(objective, np.append(d0, math.log(10.0)), jac=True, method="L-BFGS-B",
                      bounds=bounds)
    d, log_tau = result.x[:-1], float(result.x[-1])
    w = signs * (t @ d)
    return Fit(weights={r: float(w[col[r]]) for r in rules},
               temperature=math.exp(log_tau), converged=bool(result.success))


def fit_temperature(rows: Sequence[CaseRow], specs: Sequence[WeightSpec],
                    frame: ModelFrame) -> Fit:
    """The weights as chosen, with only the temperature fitted (their probabilities)."""
    return fit_weights(rows, specs, frame, fixed_weights=True)


def spec_index(specs: Sequence[WeightSpec]) -> dict[str, WeightSpec]:
    return {s.rule: s for s in specs}


def check_exact(rows: Sequence[CaseRow], engine_scores: Mapping[str, float],
                specs: Sequence[WeightSpec], frame: ModelFrame) -> None:
    """Re-scoring with the chosen weights must give the engine's scores, or the fit is wrong."""
    index = spec_index(specs)
    chosen = {s.rule: s.chosen for s in specs}
    for row in rows:
        got = rescore(row, chosen, index, frame)
        if abs(got - engine_scores[row.id]) > 1e-9:
            raise ValueError(f"{row.id}: re-scored {got:g}, the engine said "
                             f"{engine_scores[row.id]:g}")

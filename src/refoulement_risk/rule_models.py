"""The shape of the rule files, as pydantic models (``rules/*.yaml``).

A rule: a stable id, a title, the dates between which it is law, conditions over the closed
vocabulary, exactly one effect, and the legal authorities it rests on (ids into
``rules/authorities.yaml``, where each authority is cited in full and says how it was verified).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .vocabulary import FactType, FactValue, Operator

__all__ = [
    "Authority",
    "AuthorityFile",
    "Band",
    "Condition",
    "ConditionGroup",
    "DeclaredFact",
    "Derive",
    "Effect",
    "FactorEffect",
    "Named",
    "NoEvidenceBand",
    "Rule",
    "RuleFile",
    "RuleIndex",
    "ScoreScale",
]


# The one band type: a band named in rules/index.yaml (checked when the index loads).
Band = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Authority(_Strict):
    citation: str = Field(min_length=5, description="full citation as a lawyer would write it")
    kind: Literal[
        "treaty", "judgment", "decision", "views", "general_comment", "guidance",
        "concluding_observations", "report", "legislation", "rules_of_court",
        "commentary", "state_observations",
    ]
    body: str
    date: dt.date
    reference: str | None = Field(default=None, description="application no., symbol, ECLI")
    url: str | None = None
    proposition: str = Field(min_length=10, description="what it is cited for, paraphrased")
    verified: str = Field(min_length=10, description="how and where the citation was checked")


class AuthorityFile(_Strict):
    authorities: dict[str, Authority]


_OPERATOR_NAMES = ", ".join(op.value for op in Operator)


class Condition(_Strict):
    """One test on one fact, normalised at load: ``{fact, is: x}`` becomes
    ``Condition(fact, operator=Operator.is_, operand=x)``, so no caller re-parses it."""

    fact: str
    operator: Operator
    operand: FactValue | list[FactValue]

    @model_validator(mode="before")
    @classmethod
    def _one_operator(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "operator" in data:
            return data
        given = [op for op in Operator if op.value in data]
        if len(given) != 1:
            raise ValueError(
                f"a condition needs exactly one operator of {_OPERATOR_NAMES} "
                f"(found {[op.value for op in given] or 'none'})"
            )
        rest = {k: v for k, v in data.items() if k != given[0].value}
        return {**rest, "operator": given[0], "operand": data[given[0].value]}

    @model_validator(mode="after")
    def _operand_shape(self) -> Condition:
        op, operand = self.operator, self.operand
        if (op == Operator.one_of) != isinstance(operand, list):
            raise ValueError("one_of takes a list; every other operator a single value")
        if op in (Operator.at_least, Operator.at_most) and (
                isinstance(operand, bool) or not isinstance(operand, int)):
            raise ValueError(f"{op.value} takes an integer")
        if op == Operator.known and not isinstance(operand, bool):
            raise ValueError("known takes true or false")
        return self

    @property
    def values(self) -> list[FactValue]:
        """The literal values the condition names (for type checks)."""
        if isinstance(self.operand, list):
            return list(self.operand)
        return [self.operand] if self.operator in (Operator.is_, Operator.is_not) else []


class ConditionGroup(_Strict):
    """``any`` of several conditions, inside an ``all`` list."""

    any: list[Condition] = Field(min_length=2)


class When(_Strict):
    all: list[Condition | ConditionGroup] = Field(min_length=1)


class Derive(_Strict):
    """Derive one fact: ``derive: {fact_name: value}`` in the rule file."""

    fact: str
    value: FactValue

    @model_validator(mode="before")
    @classmethod
    def _from_mapping(cls, data: Any) -> Any:
        if isinstance(data, dict) and set(data) != {"fact", "value"}:
            if len(data) != 1:
                raise ValueError("derive sets exactly one fact: {fact_name: value}")
            ((name, value),) = data.items()
            return {"fact": name, "value": value}
        return data


class Effect(_Strict):
    """Exactly one of: derive a fact, add a factor to a score, raise a bar, recommend an action."""

    derive: Derive | None = None
    factor: FactorEffect | None = None
    bar: BarEffect | None = None
    recommend: RecommendEffect | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Effect:
        given = [k for k in ("derive", "factor", "bar", "recommend") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(f"'then' needs exactly one of derive, factor, bar, recommend "
                             f"(found {given or 'none'})")
        return self

    @property
    def kind(self) -> str:
        for key in ("derive", "factor", "bar", "recommend"):
            if getattr(self, key) is not None:
                return key
        raise AssertionError("validated to have one effect")


class FactorEffect(_Strict):
    score: str = Field(description="a score named in rules/index.yaml")
    tier: str = Field(description="a tier named in rules/index.yaml")
    points: int = Field(ge=-50, le=60)


class BarEffect(_Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    effect: str = Field(min_length=10, description="what the bar means for removal")
    basis: Literal["international_law", "eu_law", "domestic_law"] = Field(
        default="international_law",
        description="the law the bar rests on; a domestic-law bar cites the statute as its "
                    "authority (or, where it differs by state, as the evidence of the profile)")


class RecommendEffect(_Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    action: str = Field(min_length=10)
    priority: int = Field(ge=1, le=5, default=3, description="1 = do first")


class Rule(_Strict):
    id: str = Field(pattern=r"^[A-Z]{2,5}-[0-9]{3}$")
    title: str = Field(min_length=5)
    valid_from: dt.date
    valid_until: dt.date | None = Field(default=None, description="exclusive")
    when: When
    then: Effect
    because: str = Field(min_length=10, description="why, in one sentence a lawyer can use")
    authorities: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates(self) -> Rule:
        if self.valid_until is not None and self.valid_until <= self.valid_from:
            raise ValueError("valid_until must be after valid_from")
        return self


class RuleFile(_Strict):
    theme: str
    description: str
    rules: list[Rule] = Field(min_length=1)


class DeclaredFact(_Strict):
    type: FactType
    values: list[str] = Field(default_factory=list)
    description: str


class ScoreScale(_Strict):
    base: int = Field(ge=0, le=100)
    evidence_of: Literal["destination", "removing_state"] = Field(
        description="whose country evidence the score needs; without it, no band of risk")
    bands: dict[Band, int] = Field(description="the lowest score of each band")
    description: str

    def band(self, score: int) -> Band:
        """The band whose threshold is the highest not above ``score``."""
        chosen = ""
        for name, lowest in sorted(self.bands.items(), key=lambda kv: kv[1]):
            if score >= lowest:
                chosen = name
        return chosen


class Named(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z_]*$")
    description: str = Field(min_length=5)


class NoEvidenceBand(_Strict):
    band: Band = Field(description="shown instead of a band of risk when there is no evidence")
    description: str
    needs: list[str] = Field(
        default_factory=list,
        description="facts of a score's evidence without which no band is given either (the "
                    "general situation, tier 1): unknown on the date, or withheld as published "
                    "later, they leave the score without its foundation")


class RuleIndex(_Strict):
    """``rules/index.yaml``: the names of the model (scores, tiers, bands) and derived facts."""

    version: str
    description: str
    files: list[str] = Field(min_length=1)
    tiers: list[Named] = Field(min_length=1, description="in the order factors are applied")
    bands: list[Named] = Field(min_length=1, description="least risky first")
    without_evidence: NoEvidenceBand
    violation_bands: list[Band] = Field(
        min_length=1, description="the bands the backtest counts as the engine saying violation")
    violation_bars: list[str] = Field(
        default_factory=list,
        description="codes of bars that are themselves a breach of Article 3 whatever the risk "
                    "on return (the procedural limb): the backtest counts an assessment that "
                    "reports one as the engine saying violation, whatever its band")
    scores: dict[str, ScoreScale] = Field(min_length=1, description="the first is the headline")
    derived_facts: dict[str, DeclaredFact]

    @model_validator(mode="after")
    def _names(self) -> RuleIndex:
        names = [b.name for b in self.bands]
        for score, scale in self.scores.items():
            lows = [scale.bands.get(name, -1) for name in names]
            if set(scale.bands) != set(names) or lows[0] != 0 or lows != sorted(set(lows)):
                raise ValueError(f"scores.{score}.bands must give the lowest score of each of "
                                 f"{', '.join(names)}: 0 first, then increasing")
        unknown = [b for b in self.violation_bands if b not in names]
        if unknown or self.without_evidence.band in names:
            raise ValueError("violation_bands must be bands; without_evidence.band must not be")
        return self

    def tier_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tiers)

    def band_names(self) -> tuple[Band, ...]:
        """Every band an assessment can show, least risky first, the no-evidence band last."""
        return (*(b.name for b in self.bands), self.without_evidence.band)


Effect.model_rebuild()

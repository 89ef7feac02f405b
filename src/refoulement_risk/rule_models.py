"""The shape of the rule files, as pydantic models (``rules/*.yaml``).

A rule: a stable id, a title, the dates between which it is law, conditions over the closed
vocabulary, exactly one effect, and the legal authorities it rests on (ids into
``rules/authorities.yaml``, where each authority is cited in full and says how it was verified).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .vocabulary import FactValue

__all__ = [
    "Authority",
    "AuthorityFile",
    "Condition",
    "ConditionGroup",
    "DeclaredFact",
    "Effect",
    "Rule",
    "RuleFile",
    "RuleIndex",
    "ScoreScale",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Authority(_Strict):
    citation: str = Field(min_length=5, description="full citation as a lawyer would write it")
    kind: Literal[
        "treaty", "judgment", "decision", "views", "general_comment", "guidance",
        "concluding_observations", "report", "legislation", "rules_of_court",
    ]
    body: str
    date: dt.date
    reference: str | None = Field(default=None, description="application no., symbol, ECLI")
    url: str | None = None
    proposition: str = Field(min_length=10, description="what it is cited for, paraphrased")
    verified: str = Field(min_length=10, description="how and where the citation was checked")


class AuthorityFile(_Strict):
    authorities: dict[str, Authority]


class Condition(_Strict):
    """One test on one fact. Exactly one operator is given."""

    fact: str
    is_: FactValue | None = Field(default=None, alias="is")
    one_of: list[FactValue] | None = None
    is_not: FactValue | None = None
    at_least: int | None = None
    at_most: int | None = None
    known: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_operator(cls, data: Any) -> Any:
        if isinstance(data, dict):
            given = [key for key in ("is", "one_of", "is_not", "at_least", "at_most", "known")
                     if key in data]
            if len(given) != 1:
                raise ValueError(
                    "a condition needs exactly one operator of is, one_of, is_not, at_least, "
                    f"at_most, known (found {given or 'none'})"
                )
        return data

    @property
    def operator(self) -> str:
        for key in ("one_of", "is_not", "at_least", "at_most", "known"):
            if getattr(self, key) is not None:
                return key
        return "is"

    @property
    def operand(self) -> Any:
        return self.is_ if self.operator == "is" else getattr(self, self.operator)


class ConditionGroup(_Strict):
    """``any`` of several conditions, inside an ``all`` list."""

    any: list[Condition] = Field(min_length=2)


class When(_Strict):
    all: list[Condition | ConditionGroup] = Field(min_length=1)


class Effect(_Strict):
    """Exactly one of: derive a fact, add a factor to a score, raise a bar, recommend an action."""

    derive: dict[str, FactValue] | None = None
    factor: FactorEffect | None = None
    bar: BarEffect | None = None
    recommend: RecommendEffect | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Effect:
        given = [k for k in ("derive", "factor", "bar", "recommend") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError(f"'then' needs exactly one of derive, factor, bar, recommend "
                             f"(found {given or 'none'})")
        if self.derive is not None and len(self.derive) != 1:
            raise ValueError("derive sets exactly one fact: {fact_name: value}")
        return self

    @property
    def kind(self) -> str:
        for key in ("derive", "factor", "bar", "recommend"):
            if getattr(self, key) is not None:
                return key
        raise AssertionError("validated to have one effect")


class FactorEffect(_Strict):
    score: Literal["torture", "irregular_transfer"]
    tier: Literal[
        "general_situation", "targeted_group", "individual", "assurances", "transfer_context"
    ]
    points: int = Field(ge=-50, le=60)


class BarEffect(_Strict):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    effect: str = Field(min_length=10, description="what the bar means for removal")


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
    type: Literal["bool", "enum", "word", "int"]
    values: list[str] = Field(default_factory=list)
    description: str


Band = Literal["low", "moderate", "high", "very_high"]
BAND_NAMES: tuple[Band, ...] = ("low", "moderate", "high", "very_high")


class ScoreScale(_Strict):
    base: int = Field(ge=0, le=100)
    bands: dict[Band, int]
    description: str

    @model_validator(mode="after")
    def _bands(self) -> ScoreScale:
        if any(name not in self.bands for name in BAND_NAMES):
            raise ValueError("bands must name low, moderate, high and very_high")
        lows = [self.bands[name] for name in BAND_NAMES]
        if lows[0] != 0 or lows != sorted(lows):
            raise ValueError("bands must give the lowest score of low (0), moderate, high, "
                             "very_high in increasing order")
        return self

    def band(self, score: int) -> Band:
        chosen: Band = "low"
        for name in BAND_NAMES:
            if score >= self.bands[name]:
                chosen = name
        return chosen


class RuleIndex(_Strict):
    version: str
    description: str
    files: list[str] = Field(min_length=1)
    scores: dict[Literal["torture", "irregular_transfer"], ScoreScale]
    derived_facts: dict[str, DeclaredFact]


Effect.model_rebuild()

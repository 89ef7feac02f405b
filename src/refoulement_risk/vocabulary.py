"""The words rules are written in, apart from the facts: value types and the operators.

The facts themselves are declared once, in the fact catalogue (``catalogue.py``); derived facts
in ``rules/index.yaml``. Literals in rules are type-checked against a fact's declaration before
compiling, because durable-rules coerces types when it compares (``1 == "1"``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

__all__ = ["OPERATORS", "FactType", "FactValue", "Operator"]

FactValue = bool | int | str | None
FactType = Literal["bool", "enum", "word", "int"]


class Operator(StrEnum):
    """The one list of condition operators; a condition uses exactly one."""

    is_ = "is"
    one_of = "one_of"
    is_not = "is_not"
    at_least = "at_least"
    at_most = "at_most"
    known = "known"


OPERATORS: dict[str, str] = {
    Operator.is_: "the fact has this value",
    Operator.one_of: "the fact has one of these values",
    Operator.is_not: "the fact is known and has another value",
    Operator.at_least: "the (integer) fact is at least this number",
    Operator.at_most: "the (integer) fact is at most this number",
    Operator.known: "true: the fact is known; false: the fact is unknown",
}

"""The shape of the fact catalogue: one typed entry per fact, validated when it is built.

An entry says what a fact is (name, type, allowed values, order of risk), where it comes from
(a path in the case, an indicator or treaty of a country profile, or a rule that derives it), and
how it is asked (the intake question and its help text). Everything that used to repeat a fact —
fact extraction, the exploration of unknowns, the evidence checks, the intake options, the test
strategies, the JSON Schema and the published vocabulary — loops over these entries.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .vocabulary import FactType, FactValue

__all__ = ["Ask", "Catalogue", "EvidenceSource", "Extract", "FactEntry", "Origin", "parse_path"]


class Origin(StrEnum):
    case = "case"
    destination = "destination"
    removing_state = "removing_state"
    granting_state = "granting_state"  # the state that granted refugee status (case field)
    onward_state = "onward_state"  # the third state the destination may send the client on to
    derived = "derived"


class Extract(StrEnum):
    """How a case fact is read from its ``path``."""

    value = "value"  # the value at the path (None when unknown)
    each = "each"  # one fact per distinct value in a list: ``charges[].category``
    present = "present"  # whether the path is given at all
    strongest = "strongest"  # the riskiest status among list items: ``list[key=value].field``


class Ask(StrEnum):
    """How the exploration of unknowns tries the answers of an unknown case fact."""

    ordered = "ordered"  # each allowed value, least risky first
    charges = "charges"  # no charge, each category, the organisations the evidence names
    evidence_words = "evidence_words"  # unordered: the words the destination's evidence names
    list_status = "list_status"  # none, or one item at its riskiest status, per key
    none = "none"  # not asked on its own (covered by another fact's question)


class EvidenceSource(StrEnum):
    """Where in a country profile a destination or removing-state fact comes from."""

    available = "available"  # whether the profile has evidence on the date
    indicator = "indicator"  # an indicator of the evidence version (``key``)
    treaty = "treaty"  # a dated treaty status (``key``)
    groups = "groups"  # membership of a targeted group, matched on the group's criteria
    capital_charges = "capital_charges"  # the client's charge among those carrying death


_PATH = re.compile(r"^(?P<part>[a-z_]+)(?:\[(?:(?P<key>[a-z_]+)=(?P<keyval>[a-z0-9_]+))?\])?"
                   r"(?:\.(?P<field>[a-z_]+))?$")


@functools.lru_cache(maxsize=1024)  # a few dozen paths, read for every fact of every case
def parse_path(path: str) -> tuple[str, str | None, str | None, str | None]:
    """``part[key=value].field`` -> (part, key, value, field); raise ValueError if malformed."""
    match = _PATH.match(path)
    if match is None:
        raise ValueError(f"{path!r} is not a case path (part, part.field, part[].field or "
                         "part[key=value].field)")
    return match["part"], match["key"], match["keyval"], match["field"]


class FactEntry(BaseModel):
    """One fact, declared once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        pattern=r"^(case|destination|removing_state|granting_state|onward_state|derived)\.[a-z0-9_.]+$")
    type: FactType
    origin: Origin
    description: str = Field(min_length=5, description="help text: what the fact means")
    question: str = Field(default="", description="the intake question when it is unknown")
    values: tuple[str, ...] = ()
    risk_order: tuple[FactValue, ...] = Field(
        default=(), description="least risky first; the range and the exploration use it")
    multi: bool = False
    path: str | None = Field(default=None, description="case facts: where in the case")
    extract: Extract = Extract.value
    ask: Ask = Ask.none
    unknown_also: tuple[str, ...] = Field(
        default=(), description="values that count as unknown for the exploration ('unknown')")
    skip_when: tuple[str, FactValue] | None = Field(
        default=None, description="(case path, value): no question when the case has this")
    words: Literal["organisations", "ethnicities"] | None = Field(
        default=None, description="case words resolved through the group vocabulary's aliases")
    source: EvidenceSource | None = None
    key: str | None = Field(default=None, description="the indicator or treaty name")
    label: str = Field(default="", description="treaty facts: what being bound means, as a "
                       "predicate of the state ('party to the ECHR')")

    @model_validator(mode="after")
    def _consistent(self) -> FactEntry:
        if self.origin != self.name.split(".", 1)[0]:
            raise ValueError(f"{self.name}: the name starts with its origin ({self.origin})")
        if (self.type == "enum") != bool(self.values):
            raise ValueError(f"{self.name}: an enum lists its values, other types do not")
        if self.origin == Origin.case:
            if self.path is None:
                raise ValueError(f"{self.name}: a case fact needs a path")
            parse_path(self.path)
            if self.ask != Ask.none and not self.question:
                raise ValueError(f"{self.name}: a fact that is asked needs a question")
        elif self.path is not None or self.ask != Ask.none:
            raise ValueError(f"{self.name}: only case facts have a path and a question")
        if self.origin in (Origin.destination, Origin.removing_state, Origin.granting_state,
                           Origin.onward_state):
            if self.source is None:
                raise ValueError(f"{self.name}: a profile fact needs a source")
            if self.source in (EvidenceSource.indicator, EvidenceSource.treaty) and not self.key:
                raise ValueError(f"{self.name}: an indicator or treaty fact needs its key")
        for value in self.risk_order:
            if not self.accepts(value):
                raise ValueError(f"{self.name}: risk order value {value!r} is not allowed")
        return self

    def accepts(self, value: object) -> bool:
        if self.type == "bool":
            return isinstance(value, bool)
        if self.type == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if not isinstance(value, str):
            return False
        return self.type == "word" or value in self.values

    def answers(self) -> tuple[FactValue, ...]:
        """Every answer, least risky first (booleans: False first unless the order says)."""
        if self.risk_order:
            return self.risk_order
        return self.values if self.values else (False, True)


class Catalogue(BaseModel):
    """Every fact (in the order facts are built) and the treaties a profile may record."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: tuple[FactEntry, ...]
    recorded_treaties: dict[str, str] = Field(
        default_factory=dict,
        description="treaties a profile may record that no rule reads (shown, and checked)")

    @model_validator(mode="after")
    def _unique(self) -> Catalogue:
        names = [f.name for f in self.facts]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"facts declared twice: {', '.join(repeated)}")
        return self

    def get(self, name: str) -> FactEntry:
        for entry in self.facts:
            if entry.name == name:
                return entry
        raise KeyError(name)

    def by_name(self) -> dict[str, FactEntry]:
        return {entry.name: entry for entry in self.facts}

    def of(self, origin: Origin) -> tuple[FactEntry, ...]:
        return self._by_origin.get(origin, ())

    # Looked up for every fact of every assessment: indexed once (the model is frozen).
    @functools.cached_property
    def _by_origin(self) -> dict[Origin, tuple[FactEntry, ...]]:
        table: dict[Origin, list[FactEntry]] = {}
        for entry in self.facts:
            table.setdefault(entry.origin, []).append(entry)
        return {origin: tuple(entries) for origin, entries in table.items()}

    @functools.cached_property
    def _by_path(self) -> dict[str, FactEntry]:
        return {e.path: e for e in self.of(Origin.case) if e.path is not None}

    def indicators(self, role: Origin) -> dict[str, FactEntry]:
        """The indicators an evidence version may give for ``role``, by indicator name."""
        return {e.key: e for e in self.of(role)
                if e.source == EvidenceSource.indicator and e.key is not None}

    def treaties(self) -> dict[str, str]:
        """Every treaty name a profile may record, with what it is."""
        read = {e.key: e.description for e in self.of(Origin.removing_state)
                if e.source == EvidenceSource.treaty and e.key is not None}
        return {**read, **self.recorded_treaties}

    def at_path(self, path: str) -> FactEntry:
        """The case fact read from ``path`` (e.g. ``refugee_status``)."""
        return self._by_path[path]

    def flags(self, part: str) -> tuple[str, ...]:
        """The yes/no fields of one part of the case (``profile``), in catalogue order."""
        out = []
        for entry in self.of(Origin.case):
            assert entry.path is not None
            head, _, _, leaf = parse_path(entry.path)
            if head == part and leaf is not None and entry.type == "bool":
                out.append(leaf)
        return tuple(out)

    def with_fact(self, entry: FactEntry) -> Catalogue:
        """A copy with one more fact (tests add a throwaway fact this way)."""
        return Catalogue(facts=(*self.facts, entry), recorded_treaties=self.recorded_treaties)


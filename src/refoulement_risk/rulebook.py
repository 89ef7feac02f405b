"""Load the rule files, check them against the vocabulary, and compile them into branches.

Loading is strict (see ``yaml_loading``) and checks what pydantic alone cannot: that every fact a
rule names exists (with a "did you mean"), that literals have the fact's type (durable-rules
coerces types when comparing), that every authority is in the registry, that rule ids are unique,
and that derived facts are declared. Every problem is reported with the file and the rule.

Compilation flattens each rule's ``all``/``any`` into disjunctive branches: durable-rules fires an
``any`` once per alternative *and* once for both, so OR across facts becomes separate branches of
the same rule, and the rule's effect is applied once however many branches fire.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .catalogue import CATALOGUE
from .catalogue_model import Catalogue, FactEntry, Origin
from .errors import Problem, RuleFileError
from .rule_models import (
    Authority,
    AuthorityFile,
    Condition,
    ConditionGroup,
    Effect,
    Rule,
    RuleFile,
    RuleIndex,
)
from .suggest import did_you_mean
from .vocabulary import Operator
from .yaml_loading import load_yaml_file, problems_from_validation

__all__ = ["Branch", "CompiledRule", "Rulebook", "load_rulebook"]

_M = TypeVar("_M", bound=BaseModel)


@dataclass(frozen=True)
class Branch:
    """One conjunction of conditions; a rule fires when any of its branches matches."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    theme: str
    order: int
    branches: tuple[Branch, ...]

    @property
    def id(self) -> str:
        return self.rule.id

    def in_force(self, day: dt.date) -> bool:
        return self.rule.valid_from <= day and (
            self.rule.valid_until is None or day < self.rule.valid_until
        )


@dataclass(frozen=True)
class Rulebook:
    index: RuleIndex
    rules: tuple[CompiledRule, ...]
    authorities: dict[str, Authority]
    facts: dict[str, FactEntry]
    digest: str

    def rule(self, rule_id: str) -> CompiledRule:
        return self._by_id[rule_id]

    def conditions_by_fact(self) -> dict[str, list[Condition]]:
        """Every condition of every rule, by the fact it tests (computed once)."""
        cached: dict[str, list[Condition]] | None = self.__dict__.get("_conditions_cache")
        if cached is None:
            cached = {}
            for compiled in self.rules:
                for branch in compiled.branches:
                    for condition in branch.conditions:
                        cached.setdefault(condition.fact, []).append(condition)
            object.__setattr__(self, "_conditions_cache", cached)
        return cached

    @property
    def _by_id(self) -> dict[str, CompiledRule]:
        cached: dict[str, CompiledRule] | None = self.__dict__.get("_by_id_cache")
        if cached is None:
            cached = {r.id: r for r in self.rules}
            object.__setattr__(self, "_by_id_cache", cached)
        return cached


def _check_literal(spec: FactEntry, value: object, where: str, problems: list[Problem]) -> None:
    if value is None or not spec.accepts(value):
        allowed = f"one of {list(spec.values)}" if spec.type == "enum" else f"a {spec.type}"
        problems.append(Problem(where, f"{value!r} is not a valid value of {spec.name}: "
                                       f"expected {allowed}"))


def _check_condition(
    cond: Condition, facts: dict[str, FactEntry], where: str, problems: list[Problem]
) -> None:
    spec = facts.get(cond.fact)
    if spec is None:
        problems.append(Problem(where, f"unknown fact {cond.fact!r}"
                                       f"{did_you_mean(cond.fact, sorted(facts))}"))
        return
    for value in cond.values:
        _check_literal(spec, value, where, problems)
    op = cond.operator
    if op in (Operator.at_least, Operator.at_most) and spec.type != "int":
        problems.append(Problem(where, f"{op.value} needs an integer fact; {spec.name} is "
                                       f"{spec.type}"))


def _branches(rule: Rule) -> tuple[Branch, ...]:
    options: list[list[Condition]] = []
    for item in rule.when.all:
        options.append(list(item.any) if isinstance(item, ConditionGroup) else [item])
    return tuple(Branch(tuple(combo)) for combo in itertools.product(*options))


def _check_rule(
    rule: Rule, facts: dict[str, FactEntry], authorities: dict[str, Authority], index: RuleIndex,
    where: str, problems: list[Problem],
) -> None:
    for i, item in enumerate(rule.when.all):
        conds = item.any if isinstance(item, ConditionGroup) else [item]
        for j, cond in enumerate(conds):
            suffix = f".any[{j}]" if isinstance(item, ConditionGroup) else ""
            _check_condition(cond, facts, f"{where}.when.all[{i}]{suffix}", problems)
    for branch in _branches(rule):
        names = [c.fact for c in branch.conditions]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            problems.append(Problem(f"{where}.when", f"tests {', '.join(repeated)} twice in one "
                                                     "branch; combine into one condition"))
    for ref in rule.authorities:
        if ref not in authorities:
            hint = did_you_mean(ref, sorted(authorities))
            problems.append(Problem(f"{where}.authorities", f"unknown authority {ref!r}{hint}"))
    _check_effect(rule.then, facts, index, f"{where}.then", problems)


def _check_effect(effect: Effect, facts: dict[str, FactEntry], index: RuleIndex, where: str,
                  problems: list[Problem]) -> None:
    factor = effect.factor
    if factor is not None:
        for kind, name, known in (("score", factor.score, index.scores),
                                  ("tier", factor.tier, index.tier_names())):
            if name not in known:
                problems.append(Problem(f"{where}.factor.{kind}", f"unknown {kind} {name!r}"
                                        f"{did_you_mean(name, sorted(known))} (rules/index.yaml)"))
    if effect.derive is None:
        return
    name, value = effect.derive.fact, effect.derive.value
    spec = facts.get(name)
    if spec is None or spec.origin != Origin.derived:
        problems.append(Problem(f"{where}.derive", f"{name!r} is not a declared derived fact"
                                                   f"{did_you_mean(name, sorted(facts))}"))
    else:
        _check_literal(spec, value, f"{where}.derive.{name}", problems)


def _load_model(path: Path, model: type[_M], problems: list[Problem]) -> _M | None:
    data, load_problems = load_yaml_file(path)
    if load_problems:
        problems.extend(load_problems)
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from_validation(str(path), exc))
        return None


def load_rulebook(folder: Path, catalogue: Catalogue = CATALOGUE) -> Rulebook:
    """Load ``index.yaml``, ``authorities.yaml`` and every rule file the index lists."""
    problems: list[Problem] = []
    digest = hashlib.sha256()
    index = _load_model(folder / "index.yaml", RuleIndex, problems)
    registry = _load_model(folder / "authorities.yaml", AuthorityFile, problems)
    if index is None or registry is None:
        raise RuleFileError(f"Invalid rule set in {folder}", problems)
    facts = catalogue.by_name()
    for name, declared in index.derived_facts.items():
        try:
            facts[name] = FactEntry(name=name, type=declared.type, origin=Origin.derived,
                                    description=declared.description,
                                    values=tuple(declared.values))
        except ValidationError:
            problems.append(Problem(f"{folder / 'index.yaml'}:derived_facts.{name}",
                                    "derived fact names start with 'derived.' and an enum "
                                    "lists its values"))
    listed = set(index.files)
    present = {p.name for p in folder.glob("*.yaml")} - {"index.yaml", "authorities.yaml"}
    for stray in sorted(present - listed):
        problems.append(Problem(str(folder / stray), "rule file not listed in index.yaml files"))
    compiled: list[CompiledRule] = []
    seen: dict[str, str] = {}
    for name in ["index.yaml", "authorities.yaml", *index.files]:
        path = folder / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    for file_name in index.files:
        path = folder / file_name
        if not path.exists():
            problems.append(Problem(str(folder / "index.yaml"), f"lists missing file {file_name}"))
            continue
        rule_file = _load_model(path, RuleFile, problems)
        if rule_file is None:
            continue
        for i, rule in enumerate(rule_file.rules):
            where = f"{path}:rules[{i}] ({rule.id})"
            if rule.id in seen:
                problems.append(Problem(where, f"duplicate rule id, first in {seen[rule.id]}"))
                continue
            seen[rule.id] = str(path)
            _check_rule(rule, facts, registry.authorities, index, where, problems)
            compiled.append(CompiledRule(rule, rule_file.theme, len(compiled), _branches(rule)))
    emitted = {c.rule.then.bar.code for c in compiled if c.rule.then.bar is not None}
    for code in index.violation_bars:
        if code not in emitted:
            problems.append(Problem(f"{folder / 'index.yaml'}:violation_bars",
                                    f"no rule reports the bar {code!r}"
                                    f"{did_you_mean(code, sorted(emitted))}"))
    if problems:
        raise RuleFileError(f"Invalid rule set in {folder}", problems)
    return Rulebook(index, tuple(compiled), registry.authorities, facts, digest.hexdigest()[:16])

"""Turn engine firings into reasons: the facts each rule matched, in words; the dated sources
behind them, followed through derived facts; the authorities, cited in full."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from .assessment import AuthorityRef, DerivedFact, EvidenceItem, TraceEntry
from .engine import EngineResult, Fact, derived_fact_id
from .facts import EvidenceRef, FactSheet
from .profiles import ProfileSet
from .rulebook import CompiledRule, Rulebook

__all__ = ["Explainer", "FiredRule"]


@dataclass(frozen=True)
class FiredRule:
    """A rule that fired at least once, with every fact any of its firings matched."""

    compiled: CompiledRule
    matched: tuple[str, ...]


class Explainer:
    def __init__(self, rulebook: Rulebook, profiles: ProfileSet, sheet: FactSheet,
                 result: EngineResult) -> None:
        self._rulebook = rulebook
        self._profiles = profiles
        self._sheet = sheet
        self._result = result
        self._facts: dict[str, Fact] = {f.id: f for f in (*sheet.facts, *result.derived)}
        self._derivations: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for firing in result.firings:
            derive = rulebook.rule(firing.rule_id).rule.then.derive
            if derive is not None:
                name, value = derive.fact, derive.value
                self._derivations[derived_fact_id(name, value)].append(
                    (firing.rule_id, firing.matched))

    def fired_rules(self) -> list[FiredRule]:
        matched: dict[str, list[str]] = {}
        for firing in self._result.firings:
            ids = matched.setdefault(firing.rule_id, [])
            ids.extend(i for i in firing.matched if i not in ids)
        return [FiredRule(self._rulebook.rule(rule_id), tuple(ids))
                for rule_id, ids in sorted(matched.items(),
                                           key=lambda kv: self._rulebook.rule(kv[0]).order)]

    def describe(self, fact_id: str) -> str:
        fact = self._facts[fact_id]
        shown = "unknown" if fact.value is None else json.dumps(fact.value)
        if fact_id in self._sheet.case_paths:
            return f"{self._sheet.case_paths[fact_id]} is {shown} (case)"
        ref = self._sheet.evidence.get(fact_id)
        if ref is not None:
            version = f", evidence version from {ref.version_from}" if ref.version_from else ""
            return f"{ref.country} {ref.item} is {shown} (country profile{version})"
        if fact.name.startswith("derived."):
            rules = sorted({rule for rule, _ in self._derivations.get(fact_id, [])})
            return f"{fact.name} is {shown} (derived by {', '.join(rules)})"
        return f"{fact.name} is {shown} (no country evidence)"

    def evidence_refs(self, fact_ids: tuple[str, ...]) -> list[EvidenceRef]:
        """The profile items behind these facts, following derived facts back to their inputs."""
        refs: list[EvidenceRef] = []
        seen: set[str] = set()
        stack = list(fact_ids)
        while stack:
            fact_id = stack.pop(0)
            if fact_id in seen:
                continue
            seen.add(fact_id)
            ref = self._sheet.evidence.get(fact_id)
            if ref is not None and ref.sources and ref not in refs:
                refs.append(ref)
            for _, matched in self._derivations.get(fact_id, []):
                stack.extend(matched)
        return refs

    def evidence(self, fact_ids: tuple[str, ...], as_of: dt.date) -> list[EvidenceItem]:
        items: list[EvidenceItem] = []
        for ref in self.evidence_refs(fact_ids):
            profile = self._profiles.profiles[ref.country]
            for source_id in ref.sources:
                source = profile.sources[source_id]
                items.append(EvidenceItem(
                    country=ref.country, evidence_version=ref.version_from, item=ref.item,
                    source=source_id, title=source.title, publisher=source.publisher,
                    date=source.date, url=source.url, symbol=source.symbol,
                    period_from=ref.period_from, period_to=ref.period_to,
                    published_after_as_of=source.date > as_of,
                ))
        return items

    def authorities(self, ids: list[str]) -> list[AuthorityRef]:
        refs = []
        for authority_id in ids:
            a = self._rulebook.authorities[authority_id]
            refs.append(AuthorityRef(id=authority_id, citation=a.citation, reference=a.reference,
                                     date=a.date, url=a.url, proposition=a.proposition))
        return refs

    def derived_facts(self) -> list[DerivedFact]:
        return [
            DerivedFact(fact=f.name, value=f.value,
                        derived_by=sorted({r for r, _ in self._derivations.get(f.id, [])}))
            for f in self._result.derived
        ]

    def trace(self) -> list[TraceEntry]:
        entries = []
        for firing in self._result.firings:
            derive = self._rulebook.rule(firing.rule_id).rule.then.derive
            derives = None
            if derive is not None:
                name, value = derive.fact, derive.value
                derives = f"{name} = {json.dumps(value)}"
            entries.append(TraceEntry(rule=firing.rule_id, branch=firing.branch,
                                      matched=[self.describe(i) for i in firing.matched],
                                      derives=derives))
        return entries

"""Put an assessment's human text into another language, after it has been computed.

Nothing that is computed changes: scores, ranges, bands, codes, rule ids, fact names, field
names, authorities' citations and evidence stay as they are, so the JSON of an assessment in any
language differs from the English one only in its human text and its ``language``.

Rule texts are looked up by rule id, questions by the digest of their English text (so a
question is found whichever part of the engine asked it), and the sentences the engine builds
itself (a matched fact, an evidence gap) through the English templates in ``MESSAGES``, which
mirror ``explain.Explainer.describe`` and ``assessor``. A text without a fresh translation stays
in English: ``rules lint`` and the tests make sure that does not happen for the shipped files.
"""

from __future__ import annotations

import re

from .assessment import (
    Assessment,
    AuthorityRef,
    Factor,
    LegalBar,
    MissingInformation,
    RecommendedAction,
    TraceEntry,
)
from .i18n import Catalogue, catalogue_for, digest, normalise
from .i18n_patterns import template_pattern
from .i18n_treaty import translate_treaty_gaps

__all__ = ["MESSAGES", "translate_assessment"]

# Sentences the engine builds. Keys are stable ids; {names} are filled in from the English.
MESSAGES: dict[str, str] = {
    "fact.case": "{path} is {value} (case)",
    "fact.profile_version": "{country} {item} is {value} (country profile, evidence version "
                            "from {version})",
    "fact.profile": "{country} {item} is {value} (country profile)",
    "fact.derived": "{fact} is {value} (derived by {rules})",
    "fact.no_evidence": "{fact} is {value} (no country evidence)",
    "value.unknown": "unknown",
    "gap.no_evidence": "No {role} evidence for {country} on this date: the tiers that depend "
                       "on it could not be assessed.",
    "gap.role.destination": "destination",
    "gap.role.removing_state": "removing state",
    "gap.no_removing_state": "The removing state is unknown: treaty-based bars and its record "
                             "of irregular transfers could not be assessed.",
    "gap.withheld": "Evidence published after {date} is not used (hindsight): {country} {item} "
                    "rests only on sources first published {first}, so it is treated as "
                    "unknown, not as no risk.",
    "question.withheld": "{description} What did sources published by {date} say? The "
                         "profile's evidence rests only on later sources: {where}.",
    "gap.capital_charges_unlisted": "{country}'s evidence of the date records the death penalty "
                                    "as retained but not which charges can carry it: the "
                                    "death-penalty factor is treated as unknown, not as no "
                                    "risk.",
    "question.capital_charges_unlisted": "Which charges can carry the death penalty in "
                                         "{country} on this date, and is the client's among "
                                         "them? The evidence records the death penalty as "
                                         "retained without saying for which charges.",
    "question.destination_evidence": "There is no country evidence for {country} on {date}: "
                                     "what do UN treaty bodies, Special Rapporteurs, the ECtHR "
                                     "and NGOs report about the treatment of detainees and of "
                                     "people like the client?",
    "gap.onward_evidence": "No country evidence for {country}, the third state the client "
                           "could be sent on to, on {date}: the risk of chain refoulement is "
                           "unknown, not absent; the torture score could rise by up to "
                           "{points} points on that state's evidence.",
    "question.onward_evidence": "There is no country evidence for {country} on {date}: what do "
                                "UN treaty bodies, Special Rapporteurs, the ECtHR and NGOs "
                                "report about the treatment of detainees and of people like the "
                                "client in that state, and would the destination examine an "
                                "asylum claim before sending the client there?",
    "translation.unreviewed": "This translation was written by the developers and has not yet "
                              "been reviewed by a human-rights lawyer fluent in the language: "
                              "where a word matters, check the English text.",
}

_MESSAGE_ORDER = ("fact.case", "fact.profile_version", "fact.profile", "fact.derived",
                  "fact.no_evidence")


def _pattern(key: str) -> re.Pattern[str]:
    """The message's pattern, compiled when a translation first needs it (not at start-up)."""
    return template_pattern(MESSAGES[key])  # cached by template_pattern


class _Translator:
    def __init__(self, catalogue: Catalogue) -> None:
        self.c = catalogue
        self._questions = {entry.source: entry.text
                           for fields in catalogue.facts.values()
                           for name, entry in fields.items() if name == "question"}
        self._descriptions = {entry.source: entry.text
                              for fields in catalogue.facts.values()
                              for name, entry in fields.items() if name == "description"}

    def message(self, key: str) -> str:
        return self.c.translate("messages", key, "text", MESSAGES[key])

    def rule(self, rule_id: str, field: str, english: str) -> str:
        return self.c.translate("rules", rule_id, field, english)

    def fact(self, english: str) -> str:
        """A matched fact, as ``Explainer.describe`` wrote it."""
        for key in _MESSAGE_ORDER:
            match = _pattern(key).match(english)
            if match:
                slots = match.groupdict()
                if slots.get("value") == MESSAGES["value.unknown"]:
                    slots["value"] = self.message("value.unknown")
                return self.message(key).format(**slots)
        return english

    def gap(self, english: str) -> str:
        if english == MESSAGES["gap.no_removing_state"]:
            return self.message("gap.no_removing_state")
        for key in ("gap.withheld", "gap.capital_charges_unlisted", "gap.onward_evidence"):
            match = _pattern(key).match(english)
            if match:
                return self.message(key).format(**match.groupdict())
        match = _pattern("gap.no_evidence").match(english)
        if match:
            role = {MESSAGES[f"gap.role.{r}"]: self.message(f"gap.role.{r}")
                    for r in ("destination", "removing_state")}.get(match["role"], match["role"])
            return self.message("gap.no_evidence").format(role=role, country=match["country"])
        return english

    def question(self, english: str) -> str:
        found = self._questions.get(digest(english))
        if found is not None:
            return found
        for key in ("question.destination_evidence", "question.capital_charges_unlisted",
                    "question.onward_evidence"):
            match = _pattern(key).match(english)
            if match:
                return self.message(key).format(**match.groupdict())
        match = _pattern("question.withheld").match(english)
        if match:
            slots = match.groupdict()
            slots["description"] = self._descriptions.get(digest(slots["description"]),
                                                          slots["description"])
            return self.message("question.withheld").format(**slots)
        return english

    def authority(self, ref: AuthorityRef) -> AuthorityRef:
        entry = self.c.lookup("authorities", ref.id, "citation")
        if entry is None or not entry.translates(ref.citation):
            return ref
        return ref.model_copy(update={"citation": f"{ref.citation} [{entry.text}]"})

    def factor(self, f: Factor) -> Factor:
        return f.model_copy(update={
            "title": self.rule(f.rule, "title", f.title),
            "reasoning": self.rule(f.rule, "because", f.reasoning),
            "because": [self.fact(x) for x in f.because],
            "authorities": [self.authority(a) for a in f.authorities]})

    def bar(self, b: LegalBar) -> LegalBar:
        return b.model_copy(update={
            "title": self.rule(b.rule, "title", b.title),
            "effect": self.rule(b.rule, "effect", b.effect),
            "because": [self.fact(x) for x in b.because],
            "authorities": [self.authority(a) for a in b.authorities]})

    def action(self, a: RecommendedAction) -> RecommendedAction:
        return a.model_copy(update={
            "action": self.rule(a.rule, "action", a.action),
            "reason": self.rule(a.rule, "because", a.reason),
            "authorities": [self.authority(x) for x in a.authorities]})

    def missing(self, m: MissingInformation) -> MissingInformation:
        return m.model_copy(update={"question": self.question(m.question)})

    def trace(self, t: TraceEntry) -> TraceEntry:
        return t.model_copy(update={"matched": [self.fact(x) for x in t.matched]})


def _disclaimer(catalogue: Catalogue, english: str) -> str:
    """The disclaimer in the language, with a warning while no lawyer has reviewed the file."""
    text = catalogue.translate("disclaimer", "disclaimer", "text", normalise(english))
    if catalogue.reviewed:
        return text
    return text + " " + catalogue.translate("messages", "translation.unreviewed", "text",
                                            MESSAGES["translation.unreviewed"])


def translate_assessment(assessment: Assessment, language: str) -> Assessment:
    """The same assessment with its human text in ``language`` (``en`` returns it unchanged
    but for ``language``). Raises ``UnsupportedLanguage`` for a language without a file."""
    catalogue = catalogue_for(language)
    if catalogue is None:
        return assessment.model_copy(update={"language": language})
    t = _Translator(catalogue)
    transfer = assessment.irregular_transfer
    treaty = translate_treaty_gaps(assessment, catalogue, t.question)
    return assessment.model_copy(update={
        "language": language,
        "factors": [t.factor(f) for f in assessment.factors],
        "irregular_transfer": transfer.model_copy(update={
            "factors": [t.factor(f) for f in transfer.factors]}),
        "legal_bars": [t.bar(b) for b in assessment.legal_bars],
        "recommended_actions": [t.action(a) for a in assessment.recommended_actions],
        "missing_information": [t.missing(m) for m in treaty.missing],
        "evidence_gaps": [t.gap(g) for g in treaty.gaps],
        "unknown_treaty_statuses": treaty.statuses,
        "trace": [t.trace(x) for x in assessment.trace],
        "disclaimer": _disclaimer(catalogue, assessment.disclaimer),
    })

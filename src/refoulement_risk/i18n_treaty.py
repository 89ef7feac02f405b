"""The sentences about unknown treaty statuses in another language (``treaty_gap_words``).

Each English sentence is rebuilt from the assessment's ``unknown_treaty_statuses`` (who, the
treaty fact, why it is unknown, what its answer changes) and replaced by the same sentence
built from the translated templates. A sentence not rebuilt exactly is left as it is (and the
language tests fail on it), never guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .assessment import Assessment, MissingInformation, UnknownTreatyStatus
from .catalogue import FACT_SPECS
from .i18n import Catalogue, digest
from .i18n_patterns import template_pattern
from .treaty_gap_words import (
    TREATY_MESSAGES,
    consequence,
    gap_sentence,
    label_key,
    outcome_words,
    question_sentence,
    split_outcome,
)

__all__ = ["TreatyTranslation", "translate_treaty_gaps"]

_REASONS = [key for key in TREATY_MESSAGES if key.startswith("treaty.reason.")]
_SUBJECTS = [key for key in TREATY_MESSAGES if key.startswith("treaty.subject.")]


@dataclass(frozen=True)
class TreatyTranslation:
    statuses: list[UnknownTreatyStatus]
    gaps: list[str]
    missing: list[MissingInformation]


class _Words:
    def __init__(self, catalogue: Catalogue, question: Callable[[str], str]) -> None:
        self.c = catalogue
        self.question = question
        self.titles = {entry.source: entry.text for fields in catalogue.rules.values()
                       for name, entry in fields.items() if name == "title"}

    def say(self, key: str) -> str:
        return self.c.translate("messages", key, "text", TREATY_MESSAGES[key])

    def label(self, fact: str) -> str:
        key = label_key(fact)
        return self.say(key) if key in TREATY_MESSAGES else (FACT_SPECS[fact].label or fact)

    def who(self, subject: str) -> str:
        for key in _SUBJECTS:
            if subject == TREATY_MESSAGES[key]:
                return self.say(key)
        return subject  # a country code

    def reason(self, text: str) -> str:
        for key in _REASONS:
            match = template_pattern(TREATY_MESSAGES[key]).match(text)
            if match:
                return self.say(key).format(**match.groupdict())
        return text

    def outcome(self, words: str) -> str:
        parts = split_outcome(words)
        if parts is None:
            return words
        kind, code, title, gone = parts
        return outcome_words(kind, code, self.titles.get(digest(title), title), self.say, gone)


def translate_treaty_gaps(a: Assessment, catalogue: Catalogue,
                          question: Callable[[str], str]) -> TreatyTranslation:
    """The statuses, evidence gaps and questions of ``a`` with the treaty sentences translated
    (``question`` translates a catalogue question)."""
    w = _Words(catalogue, question)
    gaps = {g: g for g in a.evidence_gaps}
    asked: dict[str, str] = {}
    statuses = []
    day = str(a.as_of)
    for s in a.unknown_treaty_statuses:
        spec = FACT_SPECS.get(s.fact)
        en_label = (spec.label if spec else "") or s.fact
        en_change = consequence(s.subject, en_label, s.if_bound, s.if_not_bound)
        who, label = w.who(s.subject), (w.label(s.fact) if spec else s.fact)
        bound = [w.outcome(x) for x in s.if_bound]
        not_bound = [w.outcome(x) for x in s.if_not_bound]
        change = consequence(who, label, bound, not_bound, w.say)
        reason = w.reason(s.reason)
        gaps[gap_sentence(s.subject, en_label, day, s.reason, en_change)] = gap_sentence(
            who, label, day, reason, change, w.say)
        asked[question_sentence(s.subject, en_label, day, en_change)] = question_sentence(
            who, label, day, change, say=w.say)
        for m in a.missing_information:  # the form that starts with the catalogue's question
            tail = " " + en_change[:1].upper() + en_change[1:] + "."
            if m.question.endswith(tail) and m.question not in asked:
                given = m.question[:-len(tail)]
                asked[m.question] = question_sentence(who, label, day, change, w.question(given),
                                                      w.say)
        statuses.append(s.model_copy(update={"subject": who.rstrip(","), "reason": reason,
                                             "if_bound": bound, "if_not_bound": not_bound}))
    return TreatyTranslation(
        statuses=statuses,
        gaps=[gaps.get(g, g) for g in a.evidence_gaps],
        missing=[m.model_copy(update={"question": asked[m.question]}) if m.question in asked
                 else m for m in a.missing_information])


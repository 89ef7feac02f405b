"""The sentences about unknown treaty statuses, as templates that a translation can fill in.

``treaty_gaps`` and ``facts`` write them in English through these templates; ``i18n_translate``
rebuilds the same sentences in another language from the same parts (who, the treaty's label,
the date, why the status is unknown, the bars and steps its answer would bring or take away),
so no sentence is parsed word by word and none stays in English. The templates are translated
like the engine's other messages (``rules/i18n/<lang>.yaml``, section ``messages``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .catalogue import FACT_SPECS

__all__ = ["KIND_KEYS", "TREATY_MESSAGES", "Say", "consequence", "english", "gap_sentence",
           "label_key", "outcome_words", "question_sentence", "split_outcome"]

# Keys are stable ids; {names} are filled in. Keys starting "treaty.label." are the treaty
# facts' labels (a predicate: "party to the ECHR"), taken from the fact catalogue below.
TREATY_MESSAGES: dict[str, str] = {
    "treaty.gap": "Treaty status not checked: whether {who} is {label} on {day} is unknown "
                  "({reason}); {consequence}.",
    "treaty.question": "Is {who} {label} on {day}? Find the treaty record with its date (UN "
                       "Treaty Collection, Council of Europe Treaty Office); {consequence}.",
    "treaty.question_given": "{question} {consequence}.",
    "treaty.if_bound": "if {who} is {label} on this date: {outcomes}",
    "treaty.if_not": "if it is not: {outcomes}",
    "treaty.outcome.bar": "legal bar {code} ({title})",
    "treaty.outcome.step": "recommended step {code} ({title})",
    "treaty.no_longer": "no longer {outcome}",
    "treaty.reason.no_removing_state": "the removing state is not stated",
    "treaty.reason.no_profile": "there is no country profile for {country}",
    "treaty.reason.no_entry": "{country}'s country profile has no entry for this treaty",
    "treaty.reason.before_latest_start": "{country}'s country profile shows the treaty in "
                                         "force on {start} but not the day it took effect",
    "treaty.reason.scope": "{country} limits the treaty's scope ({limitation})",
    "treaty.reason.no_grantor": "the case does not say who granted refugee status",
    "treaty.subject.removing_state": "the removing state",
    "treaty.subject.granting_state": "the state that granted refugee status",
}


def label_key(fact: str) -> str:
    return f"treaty.label.{fact}"


TREATY_MESSAGES.update({label_key(name): spec.label
                        for name, spec in FACT_SPECS.items() if spec.label})

# Outcome kinds (``treaty_gaps.Outcome.kind``) and their templates.
KIND_KEYS = {"legal bar": "treaty.outcome.bar", "recommended step": "treaty.outcome.step"}

Say = Callable[[str], str]  # a template by key, in the language wanted


def english(key: str) -> str:
    return TREATY_MESSAGES[key]


def outcome_words(kind: str, code: str, title: str, say: Say = english,
                  no_longer: bool = False) -> str:
    words = say(KIND_KEYS[kind]).format(code=code, title=title)
    return say("treaty.no_longer").format(outcome=words) if no_longer else words


_OUTCOME = re.compile(r"^(?P<gone>no longer )?(?P<kind>legal bar|recommended step) "
                      r"(?P<code>\S+) \((?P<title>.*)\)$")


def split_outcome(words: str) -> tuple[str, str, str, bool] | None:
    """(kind, code, title, no longer) of an English ``outcome_words``, or None."""
    m = _OUTCOME.match(words)
    return None if m is None else (m["kind"], m["code"], m["title"], bool(m["gone"]))


def consequence(who: str, label: str, if_bound: Sequence[str], if_not: Sequence[str],
                say: Say = english) -> str:
    """What answering the status would change, e.g. "if DK is ...: legal bar X (...)"."""
    parts = []
    if if_bound:
        parts.append(say("treaty.if_bound").format(who=who, label=label,
                                                   outcomes=", ".join(if_bound)))
    if if_not:
        parts.append(say("treaty.if_not").format(outcomes=", ".join(if_not)))
    return "; ".join(parts)


def gap_sentence(who: str, label: str, day: str, reason: str, change: str,
                 say: Say = english) -> str:
    return say("treaty.gap").format(who=who, label=label, day=day, reason=reason,
                                    consequence=change)


def question_sentence(who: str, label: str, day: str, change: str, given: str = "",
                      say: Say = english) -> str:
    """The question of ``missing_information``: the catalogue's own question when the treaty
    fact has one (``given``), else "is <who> <label> on <day>?"."""
    if given:
        return say("treaty.question_given").format(question=given,
                                                   consequence=change[:1].upper() + change[1:])
    return say("treaty.question").format(who=who, label=label, day=day, consequence=change)

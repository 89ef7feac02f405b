"""Plain words for an assessment: bands, the facts a factor matched, and the evidence gaps.

The engine's ``because`` lines are exact but technical (``UZ destination.custody_torture_level
is "systematic" (country profile, ...)``). A person reads "Because: the evidence finds torture
and ill-treatment of detainees systematic in Uzbekistan (United Nations Committee against
Torture, 2013)"; the technical line stays available beside it. A line this module does not
recognise is shown as it is, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..assessment import Assessment, EvidenceItem, Factor
from ..i18n import catalogue_for, translate
from ..i18n_patterns import template_pattern
from .country_names import COUNTRY_NAMES
from .labels import field_label, value_label
from .texts import say

__all__ = [
    "PHRASES",
    "BandView",
    "band_view",
    "because_sentence",
    "country_name",
    "phrase_texts",
    "phrases",
    "plain_fact",
    "transfer_band_view",
]

_BAND_WORDS = {"low": "low", "moderate": "moderate", "high": "high", "very_high": "very high",
               "insufficient_evidence": "no band: insufficient evidence"}

# The evidence's levels and records, as the phrases below show them.
_LEVEL_WORDS = {"none_documented": "not documented", "documented": "documented",
                "systematic": "systematic", "rare": "rare", "occasional": "occasional",
                "widespread": "widespread", "unreliable": "unreliable", "mixed": "mixed",
                "reliable": "reliable", "abolished": "abolished", "moratorium": "moratorium",
                "retained": "retained", "elevated": "elevated"}
_GROUP = "the group '{group}'"
_INTERIM = "an interim measure has been {value}"

_COUNTRY_FACT = re.compile(
    r'^(?P<cc>[A-Z]{2}) (?P<fact>[a-z_]+\.[a-z_]+)(?:\[\d+\] \((?P<group>[a-z0-9_]+)\))? '
    r'is (?P<value>"[^"]*"|true|false)')
# ``unknown``: a rule that reads a field only while it is unanswered (GEN-040)
_CASE_FACT = re.compile(
    r'^(?P<field>[a-z_.]+) is (?P<value>"[^"]*"|true|false|unknown) \(case\)')
_DERIVED = re.compile(r'^derived\.(?P<name>[a-z_]+) is true')

_DERIVED_WORDS = {
    "detention_on_return": "the person would be held in custody on arrival",
    "security_charge": "a charge is security-related",
    "arguable_claim": "the evidence raises an arguable claim of a real risk",
    "formal_removal_blocked": "lawful removal is blocked or contested",
    "assurances_meet_othman_criteria": "the assurances meet the criteria the European Court "
                                       "set in Othman (Abu Qatada)",
    "removal_pending_under_echr": "the removing state is bound by the European Convention",
}

_COUNTRY_WORDS = {
    "destination.custody_torture_level":
        "the evidence finds torture and ill-treatment of detainees {v} in {c}",
    "destination.targeted_groups":
        "the evidence finds {g} exposed to ill-treatment in {c} ({v})",
    "destination.assurances_record": "{c}'s record of honouring diplomatic assurances is {v}",
    "destination.death_penalty": "{c} has {v} the death penalty",
    "destination.renditions_abroad":
        "abductions or forced returns of wanted people from abroad by {c} are {v}",
    "destination.death_penalty_charges":
        "a charge against the client is among those that can carry the death penalty in {c}",
    "onward_state.custody_torture_level":
        "the evidence finds torture and ill-treatment of detainees {v} in {c}, the third state",
    "onward_state.targeted_groups":
        "the evidence finds {g} exposed to ill-treatment in {c}, the third state ({v})",
    "removing_state.pending_applicant_protection":
        "the law of {c} lets asylum applicants stay while their claim is pending",
    "removing_state.domestic_non_refoulement":
        "the law of {c} forbids removal to torture or persecution",
    "removing_state.irregular_transfer_record":
        "abductions and irregular transfers from {c} are {v}",
    "removing_state.interim_measures_disregarded":
        "removals by {c} in breach of interim measures are {v}",
    "treaties.echr": "{c} is bound by the European Convention on Human Rights",
    "treaties.cat_article22": "{c} accepts individual complaints to the UN Committee against "
                              "Torture",
    "treaties.iccpr_op1": "{c} accepts individual complaints to the UN Human Rights Committee",
    "treaties.iccpr_op2": "{c} has abolished the death penalty by treaty (ICCPR Second "
                          "Optional Protocol)",
    "treaties.refugee_convention": "{c} is party to the Refugee Convention",
    "treaties.eu_member": "{c} is a member state of the European Union",
}


# The same phrases, for the intake page (which applies them to the same ``because`` lines).
PHRASES: dict[str, dict[str, str]] = {"country": _COUNTRY_WORDS, "derived": _DERIVED_WORDS,
                                      "bands": _BAND_WORDS, "levels": _LEVEL_WORDS,
                                      "words": {"group": _GROUP, "interim": _INTERIM}}
_KEYS = {"country": "phrase.country", "derived": "phrase.derived", "bands": "band",
         "levels": "level", "words": "phrase"}


def phrase_texts() -> dict[str, str]:
    """The English phrases by their ids in the translations (section ``page``)."""
    return {f"{_KEYS[kind]}.{key}": text for kind, items in PHRASES.items()
            for key, text in items.items()}


def phrases(lang: str = "en") -> dict[str, dict[str, str]]:
    """``PHRASES`` in ``lang`` (the English phrase where a translation is missing)."""
    return {kind: {key: translate("page", f"{_KEYS[kind]}.{key}", "text", text, lang)
                   for key, text in items.items()} for kind, items in PHRASES.items()}


def country_name(code: str, lang: str = "en") -> str:
    """The country's name in ``lang`` (else in English), or the code where none is known."""
    catalogue = catalogue_for(lang)
    if catalogue is not None and code in catalogue.country_names:
        return catalogue.country_names[code]
    return COUNTRY_NAMES.get(code, code)


def _phrase(kind: str, key: str, lang: str) -> str:
    return translate("page", f"{_KEYS[kind]}.{key}", "text", PHRASES[kind][key], lang)


# The engine's forms of a matched fact (``i18n_translate.MESSAGES``) and their English shape,
# which the patterns above read: a line in another language is read back into English first.
FACT_FORMS: dict[str, str] = {
    "fact.case": "{path} is {value} (case)",
    "fact.profile_version": "{country} {item} is {value}",
    "fact.profile": "{country} {item} is {value}",
    "fact.derived": "{fact} is {value}",
}


def fact_forms(lang: str) -> dict[str, str]:
    """The forms of a matched fact as the engine writes them in ``lang`` (by message id)."""
    from ..i18n_translate import MESSAGES

    return {key: translate("messages", key, "text", MESSAGES[key], lang) for key in FACT_FORMS}


def _in_english(line: str, lang: str) -> str:
    """A ``because`` line of an assessment in ``lang`` in the English shape (else as it is)."""
    if lang == "en":
        return line
    from ..i18n_translate import MESSAGES

    unknown = translate("messages", "value.unknown", "text", MESSAGES["value.unknown"], lang)
    for key, form in fact_forms(lang).items():
        m = template_pattern(form).match(line)
        if m:
            parts = {k: ("unknown" if k == "value" and v == unknown else v)
                     for k, v in m.groupdict().items()}
            return FACT_FORMS[key].format(**parts)
    return line


def plain_fact(line: str, lang: str = "en") -> str:
    """One ``because`` line in plain words (or the line itself if it is not recognised)."""
    line = _in_english(line, lang)
    m = _COUNTRY_FACT.match(line)
    if m and m["fact"] in _COUNTRY_WORDS:
        raw = m["value"].strip('"')
        words = (_phrase("levels", raw, lang) if raw in _LEVEL_WORDS
                 else raw.replace("_", " "))
        group = (m["group"] or "").replace("_", " ")
        return _phrase("country", m["fact"], lang).format(
            c=country_name(m["cc"], lang), v=words,
            g=_phrase("words", "group", lang).format(group=group))
    m = _DERIVED.match(line)
    if m and m["name"] in _DERIVED_WORDS:
        return _phrase("derived", m["name"], lang)
    m = _CASE_FACT.match(line)
    if m:
        field = m["field"]
        raw = m["value"]
        value: object = raw == "true" if raw in ("true", "false") else raw.strip('"')
        if raw == "unknown":
            return f"{field_label(field, lang).lower()}: {say('word.unknown', lang)}"
        if field == "interim_measures":
            shown = value_label("interim_measures.status", value, lang).lower()
            return _phrase("words", "interim", lang).format(value=shown)
        return f"{field_label(field, lang).lower()}: {value_label(field, value, lang).lower()}"
    return line


def _sources(evidence: list[EvidenceItem]) -> str:
    seen: list[str] = []
    for e in evidence:
        text = f"{e.publisher}, {e.date.year}"
        if text not in seen:
            seen.append(text)
    return "; ".join(seen[:3]) + ("; …" if len(seen) > 3 else "")


def because_sentence(factor: Factor, lang: str = "en") -> str:
    """"Because: <the facts in plain words> (<who found it, when>)."""
    facts: list[str] = []
    for line in factor.because:
        text = plain_fact(line, lang)
        if text not in facts:
            facts.append(text)
    joined = f"; {say('because.and', lang)} ".join(facts) if facts else factor.reasoning
    sentence = say("because", lang, facts=joined)
    sources = _sources(factor.evidence)
    return sentence + (f" ({sources})." if sources else ".")


@dataclass(frozen=True)
class BandView:
    """What to show for a score: ``band`` is None when no band may be shown."""

    band: str | None
    words: str
    no_evidence: bool
    warning: str


def _evidence_missing(a: Assessment, role: str) -> bool:
    return any(p.role == role and not p.available for p in a.versions.profiles)


def _band_words(band: str, lang: str) -> str:
    return _phrase("bands", band, lang) if band in _BAND_WORDS else band


def band_view(a: Assessment, lang: str = "en") -> BandView:
    """The torture risk's band, or none where the destination has no evidence on the date."""
    # ``insufficient_evidence`` is the contract 1.1 band; compared as a string so this reads
    # it whether or not the engine's Band type lists it yet.
    missing = _evidence_missing(a, "destination") or str(a.band) == "insufficient_evidence"
    if missing:
        return BandView(None, _band_words("insufficient_evidence", lang), True,
                        say("warning.no_destination_evidence", lang,
                            country=country_name(a.destination, lang), date=a.as_of))
    return BandView(a.band, _band_words(a.band, lang), False, "")


def transfer_band_view(a: Assessment, lang: str = "en") -> BandView:
    """The irregular-transfer band, or none where the removing state has no evidence."""
    band = str(a.irregular_transfer.band)
    if a.removing_state is None:
        return BandView(None, say("band.no_removing_state", lang), True,
                        say("warning.no_removing_state", lang))
    if _evidence_missing(a, "removing_state") or band == "insufficient_evidence":
        return BandView(None, _band_words("insufficient_evidence", lang), True,
                        say("warning.no_removing_evidence", lang,
                            country=country_name(a.removing_state, lang), date=a.as_of))
    return BandView(band, _band_words(band, lang), False, "")

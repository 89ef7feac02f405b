"""Plain words for the contract's fields and values (the interview is built from them in
``interview``).

This is the one adapter between the fact vocabulary (``refoulement_risk.vocabulary``, the case
enums, the country evidence) and the people-facing outputs: the intake interview
(``GET /v1/intake/interview``), the case-file report and the markdown. When the vocabulary gains
its own labels and aliases, re-point the functions here and nothing else changes.

Every answer the interview offers is a value of the contract; organisations and ethnicities are
the ones the evidence names (so a misspelling can never silently match nothing), each with a
plain name and the aliases a caseworker may type.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import CATALOGUE
from ..i18n import translate
from .texts import say

__all__ = ["FIELD_LABELS", "HELP", "ORGANISATIONS", "QUESTIONS", "VALUE_LABELS", "field_label",
           "label_texts", "page_text", "value_label"]

VALUE_LABELS: dict[str, dict[str, str]] = {
    "proceeding": {
        "extradition": "Extradition (the destination asks for the person)",
        "deportation": "Deportation", "expulsion": "Expulsion",
        "administrative_removal": "Administrative removal",
        "transfer_of_sentenced_person": "Transfer of a sentenced person",
        "unknown": "Another procedure, or not yet decided"},
    "charges.category": {
        "religious_extremism": "Religious extremism (e.g. membership of a banned religious group)",
        "terrorism": "Terrorism", "political": "Political offences (opposition, 'extremism')",
        "unrest_participation": "Taking part in unrest or protests",
        "economic": "Economic crime (fraud, embezzlement)",
        "ordinary_crime": "Ordinary crime", "military": "Military offences (desertion, draft)",
        "other": "Something else"},
    "past_ill_treatment": {
        "none": "No", "alleged": "Yes, the person says so (no independent evidence yet)",
        "documented": "Yes, with medical or other independent evidence"},
    "refugee_status": {
        "none": "None: no claim made", "asylum_pending": "Asylum claim pending",
        "asylum_refused": "Asylum refused", "temporary_asylum": "Temporary asylum",
        "recognised": "Recognised refugee", "unhcr_mandate": "Refugee under UNHCR's mandate",
        "subsidiary_protection": "Subsidiary protection"},
    "interim_measures.body": {
        "ecthr_rule39": "European Court of Human Rights (Rule 39)",
        "un_cat": "UN Committee against Torture", "un_hrc": "UN Human Rights Committee",
        "domestic_court": "A court of the removing state"},
    "interim_measures.status": {
        "requested": "Requested, no answer yet", "indicated": "Indicated (granted)",
        "refused": "Refused", "lifted": "Lifted"},
    "diplomatic_assurances.monitoring": {
        "none": "No monitoring", "consular": "Consular visits only",
        "independent": "Independent monitoring"},
    # Contract 1.1: the courts' reasons.
    "prosecution_politically_motivated": {
        "none": "No", "alleged": "The person says so",
        "documented": "Independent sources say so (UN bodies, NGOs, Interpol)",
        "found": "A court or UN body found it"},
    "associates_ill_treated": {
        "none": "No", "alleged": "The person says so",
        "documented": "Recorded by a judgment, a UN body or an NGO"},
    "past_injuries_accepted": {
        "none": "No", "medical_report": "Yes, by an independent medical report",
        "court": "Yes, by a court or UN body"},
    "death_penalty_exposure": {
        "none": "No: no offence charged can carry it there",
        "possible": "Yes: an offence charged can carry it",
        "sentenced": "The person has been sentenced to death"},
    "forum": {
        "ecthr": "European Court of Human Rights", "un_cat": "UN Committee against Torture",
        "un_hrc": "UN Human Rights Committee", "domestic_court": "A court of the removing state"},
}

FIELD_LABELS: dict[str, str] = {
    "destination": "Destination", "removing_state": "Removing state",
    "as_of": "Date of the assessment", "proceeding": "Procedure", "charges": "Charges",
    "charges.organisation": "Organisation named in the charges",
    "profile.ethnicity": "Ethnicity",
    "profile.affiliation": "Organisation, movement or faith",
    "profile.political_activity": "Political activity",
    "profile.religious_practice": "Religious practice",
    "profile.human_rights_defender": "Human rights defender",
    "profile.journalist": "Journalist or blogger",
    "profile.wealthy_or_fallen_out_with_regime": "Wealthy or in conflict with the ruling elite",
    "profile.former_official": "Former official",
    "profile.family_persecuted": "Relatives persecuted",
    "profile.high_profile": "Publicly known", "profile.sur_place_activity": "Activity abroad",
    "past_ill_treatment": "Past ill-treatment", "refugee_status": "Asylum or refugee status",
    "interim_measures": "Interim measures",
    "diplomatic_assurances.given": "Diplomatic assurances given",
    "diplomatic_assurances.specific": "Assurances specific to the person",
    "diplomatic_assurances.binding": "Assurances binding on the state",
    "diplomatic_assurances.monitoring": "Monitoring of the assurances",
    "diplomatic_assurances.track_record_of_compliance": "Assurances honoured before",
    "custody.detained": "Detained now", "custody.release_imminent": "Release imminent",
    "prior_irregular_transfer_attempt": "Earlier attempt at an irregular transfer",
    "prosecution_politically_motivated": "Political motive of the prosecution",
    "associates_ill_treated": "Co-accused ill-treated",
    "information_shared_with_destination": "Information given to the destination",
    "refugee_status_withdrawn": "Refugee status withdrawn",
    "past_injuries_accepted": "Injuries accepted",
    "forum": "Where the risk is argued",
    "onward_removal.state": "Third state (onward removal)",
    "onward_removal.access_to_asylum": "Asylum procedure in the destination",
    "claim_examined": "Risk claim examined",
    "death_penalty_exposure": "Death penalty",
    "diplomatic_assurances.death_penalty_excluded": "Assurance against the death penalty",
    "client_reference": "Your reference",
}

# Organisations the evidence names: plain name and aliases a caseworker may type.
ORGANISATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "hizb_ut_tahrir": ("Hizb ut-Tahrir", ("hizbut tahrir", "hizb-ut-tahrir", "HT",
                                          "Hizb ut-Tahrir al-Islami")),
    "akromiya": ("Akromiya", ("Akramiya", "Akromiylar")),
    "nur": ("Nur (readers of Said Nursi)", ("Nurcular", "Nursi")),
    "tablighi_jamaat": ("Tablighi Jamaat", ("Tabligh", "Tablighi Jamaat")),
    "imu": ("Islamic Movement of Uzbekistan", ("IMU",)),
    "irpt": ("Islamic Renaissance Party of Tajikistan", ("IRPT", "Nahzat")),
    "group_24": ("Group 24", ("Gruppa 24",)),
    "pkk": ("Kurdistan Workers' Party", ("PKK",)),
    "gulen_movement": ("Gülen movement", ("Gulen", "Hizmet", "FETO", "FETÖ")),
    "falun_gong": ("Falun Gong", ("Falun Dafa",)),
}

# Ethnicities the evidence names (a name not listed here is shown as the evidence writes it).
_ETHNICITIES: dict[str, str] = {
    "chechen": "Chechen", "karakalpak": "Karakalpak", "kazakh": "Kazakh", "kyrgyz": "Kyrgyz",
    "pamiri": "Pamiri", "uyghur": "Uyghur", "uzbek": "Uzbek"}

# The interview's own questions (the others are the fact catalogue's).
QUESTIONS: dict[str, str] = {
    "destination": "To which country would the person be removed?",
    "removing_state": "Which state is removing the person?",
    "as_of": "On what date should the risk be assessed?",
    "as_of.help": "Leave it on today unless you assess a past decision.",
    "charges.organisation": "Do the charges name one of these organisations?",
    "interim_measures": "Has an interim measure against removal been requested or indicated?",
    "profile.ethnicity.other": "Another ethnicity",
    "profile.affiliation.other": "None of these, or none at all",
}

_CUSTODYHELP = "Custody matters: the risk of torture is highest for people held on arrival."
HELP: dict[str, str] = {
    "proceeding": "Extradition usually means the person is held on arrival.",
    "charges": "Choose every kind of accusation that applies. Security charges (religious "
               "extremism, terrorism, political) often carry the highest risk.",
    "profile.ethnicity": "Only the groups the country evidence names can change the result.",
    "profile.affiliation": "Membership, support or practice counts even without a charge: "
                           "the evidence may show the authorities target the group itself. If "
                           "several apply, give the one the authorities have acted on.",
    "past_ill_treatment": "Medical evidence (an Istanbul Protocol report) weighs most.",
    "refugee_status": "A refugee status or a pending claim can bar removal outright.",
    "interim_measures": "An interim measure asks the removing state not to remove the person "
                        "while a complaint is examined.",
    "custody.detained": _CUSTODYHELP,
    "custody.release_imminent": "Abductions are most often reported at the moment of release.",
    "past_injuries_accepted": "A finding by a court weighs more than a medical report; either "
                              "counts once with past ill-treatment, never twice.",
    "onward_removal.state": "If the destination may send the person on, that country's "
                            "evidence is weighed too.",
    "claim_examined": "Removal without any examination of an arguable claim is itself a "
                      "violation where the ECHR applies.",
    "death_penalty_exposure": "Check the article of the code charged, not only its kind: "
                              "where the removing state is bound by the ECHR or has abolished "
                              "the death penalty by treaty, a real risk of it bars removal.",
}


def label_texts() -> dict[str, str]:
    """The English words of this module by their ids in the translations (section ``page``)."""
    out = {f"field.{k}": v for k, v in FIELD_LABELS.items()}
    out.update({f"value.{field}.{k}": v for field, values in VALUE_LABELS.items()
                for k, v in values.items()})
    out.update({f"organisation.{k}": v[0] for k, v in ORGANISATIONS.items()})
    out.update({f"ethnicity.{k}": v for k, v in _ETHNICITIES.items()})
    out.update({f"question.{k}": v for k, v in QUESTIONS.items()})
    out.update({f"help.{k}": v for k, v in HELP.items()})
    return out


def page_text(key: str, english: str, lang: str) -> str:
    """A text of the pages (section ``page`` of the translations) in ``lang``."""
    return translate("page", key, "text", english, lang)


def field_label(field: str, lang: str = "en") -> str:
    if field in FIELD_LABELS:
        return page_text(f"field.{field}", FIELD_LABELS[field], lang)
    if lang != "en":
        # No label of its own: the fact catalogue's description in the language, else the
        # field's path as a code (never English words made up from it).
        try:
            entry = CATALOGUE.at_path(field)
        except KeyError:
            return field
        return translate("facts", entry.name, "description", entry.description, lang)
    return field.replace("_", " ").replace(".", ": ").capitalize()


def value_label(field: str, value: Any, lang: str = "en") -> str:
    """The plain words for one answer (``True`` is "Yes"; an unknown value is shown as given)."""
    if isinstance(value, bool):
        return say("answer.yes" if value else "answer.no", lang)
    if field in ("charges.organisation", "profile.affiliation") and value in ORGANISATIONS:
        return page_text(f"organisation.{value}", ORGANISATIONS[value][0], lang)
    if field == "profile.ethnicity" and isinstance(value, str):
        if value in _ETHNICITIES:
            return page_text(f"ethnicity.{value}", _ETHNICITIES[value], lang)
        return value.capitalize()
    english = VALUE_LABELS.get(field, {}).get(str(value))
    if english is None:
        return str(value).replace("_", " ")
    return page_text(f"value.{field}.{value}", english, lang)

"""Plain words for the contract's fields and values, and the interview built from them.

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

from ..case import (
    PROFILE_FLAGS,
    AssociatesRecord,
    ChargeCategory,
    Forum,
    InjuriesAccepted,
    InterimMeasureBody,
    InterimMeasureStatus,
    Monitoring,
    PastIllTreatment,
    Proceeding,
    ProsecutionMotive,
    RefugeeStatus,
)
from ..catalogue import CATALOGUE
from ..i18n import translate
from ..profiles import ProfileSet
from .texts import say

__all__ = ["FIELD_LABELS", "VALUE_LABELS", "field_label", "interview", "label_texts",
           "value_label"]

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
    "forum": {
        "ecthr": "European Court of Human Rights", "un_cat": "UN Committee against Torture",
        "un_hrc": "UN Human Rights Committee", "domestic_court": "A court of the removing state"},
}

FIELD_LABELS: dict[str, str] = {
    "destination": "Destination", "removing_state": "Removing state",
    "as_of": "Date of the assessment", "proceeding": "Procedure", "charges": "Charges",
    "charges.organisation": "Organisation named in the charges",
    "profile.ethnicity": "Ethnicity",
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
    "client_reference": "Your reference",
}

# Organisations the evidence names: plain name and aliases a caseworker may type.
_ORGANISATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
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
}

# Ethnicities the evidence names (a name not listed here is shown as the evidence writes it).
_ETHNICITIES: dict[str, str] = {
    "chechen": "Chechen", "karakalpak": "Karakalpak", "kazakh": "Kazakh", "kyrgyz": "Kyrgyz",
    "pamiri": "Pamiri", "uyghur": "Uyghur", "uzbek": "Uzbek"}

# The interview's own questions (the others are the fact catalogue's).
_QUESTIONS: dict[str, str] = {
    "destination": "To which country would the person be removed?",
    "removing_state": "Which state is removing the person?",
    "as_of": "On what date should the risk be assessed?",
    "as_of.help": "Leave it on today unless you assess a past decision.",
    "charges.organisation": "Do the charges name one of these organisations?",
    "interim_measures": "Has an interim measure against removal been requested or indicated?",
    "profile.ethnicity.other": "Another ethnicity",
}

_CUSTODY_HELP = "Custody matters: the risk of torture is highest for people held on arrival."
_HELP: dict[str, str] = {
    "proceeding": "Extradition usually means the person is held on arrival.",
    "charges": "Choose every kind of accusation that applies. Security charges (religious "
               "extremism, terrorism, political) often carry the highest risk.",
    "profile.ethnicity": "Only the groups the country evidence names can change the result.",
    "past_ill_treatment": "Medical evidence (an Istanbul Protocol report) weighs most.",
    "refugee_status": "A refugee status or a pending claim can bar removal outright.",
    "interim_measures": "An interim measure asks the removing state not to remove the person "
                        "while a complaint is examined.",
    "custody.detained": _CUSTODY_HELP,
    "custody.release_imminent": "Abductions are most often reported at the moment of release.",
    "past_injuries_accepted": "A finding by a court weighs more than a medical report; either "
                              "counts once with past ill-treatment, never twice.",
    "onward_removal.state": "If the destination may send the person on, that country's "
                            "evidence is weighed too.",
    "claim_examined": "Removal without any examination of an arguable claim is itself a "
                      "violation where the ECHR applies.",
}


def label_texts() -> dict[str, str]:
    """The English words of this module by their ids in the translations (section ``page``)."""
    out = {f"field.{k}": v for k, v in FIELD_LABELS.items()}
    out.update({f"value.{field}.{k}": v for field, values in VALUE_LABELS.items()
                for k, v in values.items()})
    out.update({f"organisation.{k}": v[0] for k, v in _ORGANISATIONS.items()})
    out.update({f"ethnicity.{k}": v for k, v in _ETHNICITIES.items()})
    out.update({f"question.{k}": v for k, v in _QUESTIONS.items()})
    out.update({f"help.{k}": v for k, v in _HELP.items()})
    return out


def _page(key: str, english: str, lang: str) -> str:
    return translate("page", key, "text", english, lang)


def field_label(field: str, lang: str = "en") -> str:
    if field in FIELD_LABELS:
        return _page(f"field.{field}", FIELD_LABELS[field], lang)
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
    if field == "charges.organisation" and value in _ORGANISATIONS:
        return _page(f"organisation.{value}", _ORGANISATIONS[value][0], lang)
    if field == "profile.ethnicity" and isinstance(value, str):
        if value in _ETHNICITIES:
            return _page(f"ethnicity.{value}", _ETHNICITIES[value], lang)
        return value.capitalize()
    english = VALUE_LABELS.get(field, {}).get(str(value))
    if english is None:
        return str(value).replace("_", " ")
    return _page(f"value.{field}.{value}", english, lang)


def _choices(field: str, values: list[str], lang: str) -> list[dict[str, Any]]:
    return [{"value": v, "label": value_label(field, v, lang)} for v in values]


def _yes_no(lang: str) -> list[dict[str, Any]]:
    return [{"value": True, "label": say("answer.yes", lang)},
            {"value": False, "label": say("answer.no", lang)}]


def _question(fact: str, lang: str) -> str:
    return translate("facts", fact, "question", CATALOGUE.get(fact).question, lang)


def _own(key: str, lang: str) -> str:
    return _page(f"question.{key}", _QUESTIONS[key], lang)


def _words_in_evidence(profiles: ProfileSet) -> tuple[list[str], list[str]]:
    orgs: set[str] = set()
    ethnicities: set[str] = set()
    for profile in profiles.profiles.values():
        for version in profile.versions:
            for group in version.destination.targeted_groups if version.destination else []:
                orgs.update(group.match.organisation or [])
                ethnicities.update(group.match.ethnicity or [])
    return sorted(orgs), sorted(ethnicities)


def _step(field: str, kind: str, question: str, lang: str, **extra: Any) -> dict[str, Any]:
    help_text = _page(f"help.{field}", _HELP[field], lang) if field in _HELP else ""
    return {"field": field, "kind": kind, "label": field_label(field, lang),
            "question": question, "help": help_text, **extra}


def _reasons_steps(lang: str) -> list[dict[str, Any]]:
    """Contract 1.1: the facts the courts give as reasons (docs/CONTRACT.md)."""
    yes_no = _yes_no(lang)
    return [
        _step("past_injuries_accepted", "choice", _question("case.past_injuries_accepted", lang),
              lang, choices=_choices("past_injuries_accepted",
                                     [v.value for v in InjuriesAccepted], lang)),
        _step("prosecution_politically_motivated", "choice",
              _question("case.prosecution_politically_motivated", lang), lang,
              choices=_choices("prosecution_politically_motivated",
                               [v.value for v in ProsecutionMotive], lang)),
        _step("associates_ill_treated", "choice", _question("case.associates_ill_treated", lang),
              lang, choices=_choices("associates_ill_treated",
                                     [v.value for v in AssociatesRecord], lang)),
        _step("information_shared_with_destination", "yes_no",
              _question("case.information_shared_with_destination", lang), lang,
              choices=yes_no),
        _step("refugee_status_withdrawn", "yes_no",
              _question("case.refugee_status_withdrawn", lang), lang, choices=yes_no),
        _step("claim_examined", "yes_no", _question("case.claim_examined", lang), lang,
              choices=yes_no),
        _step("onward_removal.state", "country", _question("case.onward_removal_state", lang),
              lang),
        _step("onward_removal.access_to_asylum", "yes_no",
              _question("case.onward_removal_access_to_asylum", lang), lang, choices=yes_no),
        _step("forum", "choice", _question("case.forum", lang), lang,
              choices=_choices("forum", [v.value for v in Forum], lang)),
    ]


def interview(profiles: ProfileSet, lang: str = "en") -> dict[str, Any]:
    """The interview: every step with its question, help and allowed answers (plain labels),
    in ``lang``; the answers' values are the contract's, in every language."""
    orgs, ethnicities = _words_in_evidence(profiles)
    organisations = []
    for o in orgs:
        name, aliases = _ORGANISATIONS.get(o, (o.replace("_", " "), ()))
        shown = value_label("charges.organisation", o, lang)
        # the English name stays searchable beside a translated one
        organisations.append({"value": o, "label": shown,
                              "aliases": [*([name] if shown != name else []), *aliases]})
    yes_no = _yes_no(lang)
    steps = [
        _step("destination", "country", _own("destination", lang), lang),
        _step("removing_state", "country", _own("removing_state", lang), lang),
        _step("as_of", "date", _own("as_of", lang), lang,
              help_default=_own("as_of.help", lang)),
        _step("proceeding", "choice", _question("case.proceeding", lang), lang,
              choices=_choices("proceeding", [p.value for p in Proceeding], lang)),
        _step("charges", "charges", _question("case.charge_category", lang), lang,
              choices=_choices("charges.category", [c.value for c in ChargeCategory], lang),
              organisations=organisations,
              organisation_question=_own("charges.organisation", lang)),
        _step("profile.ethnicity", "choice", _question("case.ethnicity", lang), lang,
              choices=[*_choices("profile.ethnicity", ethnicities, lang),
                       {"value": "other", "label": _own("profile.ethnicity.other", lang)}]),
        *(_step(f"profile.{flag}", "yes_no", _question(f"case.{flag}", lang), lang,
                choices=yes_no) for flag in PROFILE_FLAGS),
        _step("past_ill_treatment", "choice", _question("case.past_ill_treatment", lang), lang,
              choices=_choices("past_ill_treatment", [p.value for p in PastIllTreatment], lang)),
        _step("refugee_status", "choice", _question("case.refugee_status", lang), lang,
              choices=_choices("refugee_status", [r.value for r in RefugeeStatus], lang)),
        _step("interim_measures", "interim_measures", _own("interim_measures", lang), lang,
              bodies=_choices("interim_measures.body", [b.value for b in InterimMeasureBody],
                              lang),
              statuses=_choices("interim_measures.status",
                                [s.value for s in InterimMeasureStatus], lang)),
        _step("diplomatic_assurances.given", "yes_no",
              _question("case.assurances_given", lang), lang, choices=yes_no),
        _step("diplomatic_assurances.specific", "yes_no",
              _question("case.assurances_specific", lang), lang, choices=yes_no),
        _step("diplomatic_assurances.binding", "yes_no",
              _question("case.assurances_binding", lang), lang, choices=yes_no),
        _step("diplomatic_assurances.monitoring", "choice",
              _question("case.assurances_monitoring", lang), lang,
              choices=_choices("diplomatic_assurances.monitoring",
                               [m.value for m in Monitoring], lang)),
        _step("diplomatic_assurances.track_record_of_compliance", "yes_no",
              _question("case.assurances_track_record", lang), lang, choices=yes_no),
        _step("custody.detained", "yes_no", _question("case.detained", lang), lang,
              choices=yes_no),
        _step("custody.release_imminent", "yes_no", _question("case.release_imminent", lang),
              lang, choices=yes_no),
        _step("prior_irregular_transfer_attempt", "yes_no",
              _question("case.prior_irregular_transfer_attempt", lang), lang, choices=yes_no),
        *_reasons_steps(lang),
    ]
    from ..iso_countries import ISO_3166_ALPHA2
    from .plain import FACT_FORMS, fact_forms, phrases

    forms = fact_forms(lang)
    return {"steps": steps, "first": ["destination", "removing_state", "as_of"],
            "phrases": phrases(lang),
            # how the engine writes a matched fact in ``lang``, and its English shape
            "fact_forms": [{"form": forms[k], "english": FACT_FORMS[k]} for k in FACT_FORMS],
            "country_codes": sorted(ISO_3166_ALPHA2),
            "field_labels": {k: field_label(k, lang) for k in FIELD_LABELS}, "language": lang}

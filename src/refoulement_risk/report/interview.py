"""The intake interview's definition: every step with its question, help and allowed answers,
in plain words (``labels``) and in the asked language, with the phrases and fact forms the page
needs to show an assessment (``plain``). Served by ``GET /v1/intake/interview``.

Every answer the interview offers is a value of the contract; organisations and ethnicities are
the ones the evidence names (so a misspelling can never silently match nothing), each with a
plain name and the aliases a caseworker may type.
"""

from __future__ import annotations

from typing import Any

from ..case import (
    OTHER_WORD,
    PROFILE_FLAGS,
    AssociatesRecord,
    ChargeCategory,
    DeathPenaltyExposure,
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
from ..iso_countries import ISO_3166_ALPHA2
from ..profiles import ProfileSet
from .labels import (
    FIELD_LABELS,
    HELP,
    ORGANISATIONS,
    QUESTIONS,
    field_label,
    page_text,
    value_label,
)
from .plain import FACT_FORMS, fact_forms, phrases
from .texts import say

__all__ = ["interview"]


def _choices(field: str, values: list[str], lang: str) -> list[dict[str, Any]]:
    return [{"value": v, "label": value_label(field, v, lang)} for v in values]


def _yes_no(lang: str) -> list[dict[str, Any]]:
    return [{"value": True, "label": say("answer.yes", lang)},
            {"value": False, "label": say("answer.no", lang)}]


def _question(fact: str, lang: str) -> str:
    return translate("facts", fact, "question", CATALOGUE.get(fact).question, lang)


def _own(key: str, lang: str) -> str:
    return page_text(f"question.{key}", QUESTIONS[key], lang)


def _words_in_evidence(profiles: ProfileSet) -> tuple[list[str], list[str]]:
    orgs: set[str] = set()
    ethnicities: set[str] = set()
    for profile in profiles.profiles.values():
        for version in profile.versions:
            for group in version.destination.targeted_groups if version.destination else []:
                orgs.update(group.match.organisation or [])
                orgs.update(group.match.affiliation or [])
                ethnicities.update(group.match.ethnicity or [])
    return sorted(orgs), sorted(ethnicities)


def _step(field: str, kind: str, question: str, lang: str, **extra: Any) -> dict[str, Any]:
    help_text = page_text(f"help.{field}", HELP[field], lang) if field in HELP else ""
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
        name, aliases = ORGANISATIONS.get(o, (o.replace("_", " "), ()))
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
                       {"value": OTHER_WORD, "label": _own("profile.ethnicity.other", lang)}]),
        _step("profile.affiliation", "choice", _question("case.affiliation", lang), lang,
              choices=[*_choices("profile.affiliation", orgs, lang),
                       {"value": OTHER_WORD,
                        "label": _own("profile.affiliation.other", lang)}]),
        *(_step(f"profile.{flag}", "yes_no", _question(f"case.{flag}", lang), lang,
                choices=yes_no) for flag in PROFILE_FLAGS),
        _step("death_penalty_exposure", "choice", _question("case.death_penalty_exposure", lang),
              lang, choices=_choices("death_penalty_exposure",
                                     [d.value for d in DeathPenaltyExposure], lang)),
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
        _step("diplomatic_assurances.death_penalty_excluded", "yes_no",
              _question("case.assurances_death_penalty_excluded", lang), lang, choices=yes_no),
        _step("custody.detained", "yes_no", _question("case.detained", lang), lang,
              choices=yes_no),
        _step("custody.release_imminent", "yes_no", _question("case.release_imminent", lang),
              lang, choices=yes_no),
        _step("prior_irregular_transfer_attempt", "yes_no",
              _question("case.prior_irregular_transfer_attempt", lang), lang, choices=yes_no),
        *_reasons_steps(lang),
    ]
    forms = fact_forms(lang)
    return {"steps": steps, "first": ["destination", "removing_state", "as_of"],
            "phrases": phrases(lang),
            # how the engine writes a matched fact in ``lang``, and its English shape
            "fact_forms": [{"form": forms[k], "english": FACT_FORMS[k]} for k in FACT_FORMS],
            "country_codes": sorted(ISO_3166_ALPHA2),
            "field_labels": {k: field_label(k, lang) for k in FIELD_LABELS}, "language": lang}

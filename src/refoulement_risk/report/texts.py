"""The words of the people-facing pages, by stable id: the intake page (HTML and scripts) and
the case-file report. English lives here; other languages in ``rules/i18n/<lang>.yaml``,
section ``page``, linted like every other translation (``i18n_lint``).

``page_texts()`` adds the plain labels the pages share (fields, answers, help texts, the plain
phrases of ``because`` lines): the API serves all of them, in the page's language, to the
intake page (``GET /v1/intake/interview?lang=``), whose scripts hold ids only.
"""

from __future__ import annotations

from ..i18n import translate

__all__ = ["TEXTS", "date_words", "say", "texts_in"]

TEXTS: dict[str, str] = {
    # the intake page's own HTML (data-t attributes)
    "page.title": "Non-refoulement risk screening: intake interview",
    "page.skip": "Skip to the question",
    "page.heading": "Non-refoulement risk screening",
    "page.lead": "A screening aid for a qualified adviser, not a legal determination. One "
                 "question at a time; answer “I don't know” whenever you are not sure: an "
                 "unknown is never treated as “no”. Do not enter names. Your answers stay in "
                 "this browser tab only (until you clear them or close the tab) and are sent "
                 "to nothing but this service's API.",
    "page.language": "Language",
    "page.loading": "Loading the questions…",
    "page.next": "Next",
    "page.dont_know": "I don't know",
    "page.back": "Back",
    "page.result_title": "Result so far",
    "page.result_waiting": "Choose the destination to see a first result.",
    "page.answers_title": "Your answers",
    "page.finish": "Finish: show the whole result",
    "page.print": "Print the case file",
    "page.clear": "Clear all answers",
    "page.footer": "refoulement-risk: explained screening of the risk of torture on return. "
                   "Free software (AGPL-3.0-or-later).",
    # the interview's scripts
    "intake.updating": "Updating the result…",
    "intake.progress": "Question {n} of about {total}",
    "intake.progress_done": "All questions answered or skipped ({done})",
    "intake.evidence_available": "country evidence available",
    "intake.charge_kinds": "Kinds of charge",
    "intake.no_charges": "No charges",
    "intake.no_organisation": "None of these, or no organisation named",
    "intake.also": "also: {aliases}",
    "intake.no_interim_measure": "No interim measure",
    "intake.which_body": "Which body",
    "intake.its_status": "Its status",
    "intake.status": "Status",
    "intake.error.not_in_list": "“{typed}” is not a country name in the list. Choose the "
                                "country from the list.",
    "intake.error.not_in_list_hints": "“{typed}” is not a country name in the list. Choose "
                                      "the country from the list (for example {hints}).",
    "intake.error.type_country": "Type the country's name and choose it from the list.",
    "intake.error.date": "Enter a whole date (year, month and day).",
    "intake.error.tick": "Tick at least one box, or choose “I don't know”.",
    "intake.error.no_charges_with_charge": "“No charges” cannot be ticked with a charge.",
    "intake.error.body": "Choose a body, “No interim measure”, or “I don't know”.",
    "intake.error.status": "Choose the measure's status.",
    "intake.error.answer": "Choose an answer, or “I don't know”.",
    "intake.none": "none",
    "intake.change": "Change",
    "intake.change_label": "Change: {label}",
    "intake.complete_title": "The interview is complete.",
    "intake.complete_help": "The result beside (below on a phone) is final for these answers. "
                            "Print it for the case file, change any answer, or clear them all.",
    "intake.unreachable": "The server could not be reached; your answers are kept.",
    "intake.not_updated": "Not updated.",
    "intake.prefill_ignored": "Pre-filled answers not used (not a known field or value): "
                              "{ignored}.",
    "intake.cleared": "All answers cleared.",
    "intake.load_failed": "The questions could not be loaded. Reload the page to try again.",
    "combobox.hint": "Type part of the country's name, then choose it from the list (arrow "
                     "keys and Enter, or click).",
    "combobox.chosen": "Chosen: {name} ({evidence})",
    "combobox.chosen_no_evidence": "Chosen: {name} (no country evidence: the result will say "
                                   "so)",
    # the result, on the page and in the report
    "result.gaps": "Read this first: gaps",
    "result.where": "Return to {destination}, as of {date}",
    "result.where_from": "Return to {destination} from {removing}, as of {date}",
    "result.so_far": "(answers so far)",
    "risk.torture": "Risk of torture or ill-treatment on return",
    "risk.transfer": "Risk of irregular transfer (abduction, informal hand-over)",
    "risk.no_band": "No band: insufficient evidence",
    "risk.meter": "{title}: score {score} of 100",
    "risk.facts_only": "(score {score} / 100 counts the case facts only)",
    "risk.range": "Could be {low}–{high} once the unknowns are known.",
    "warning.no_destination_evidence": "There is no country evidence for {country} on {date}: "
                                       "the score only counts the facts of the case, so it says "
                                       "nothing reassuring. No band of risk can be given.",
    "warning.no_removing_state": "The removing state is not stated: the risk of irregular "
                                 "transfer cannot be assessed.",
    "warning.no_removing_evidence": "There is no country evidence for {country} as a removing "
                                    "state on {date}: no band of risk of irregular transfer "
                                    "can be given.",
    "band.no_removing_state": "no band: the removing state is not stated",
    "sources.summary": "Sources: {authorities} authorities, {evidence} dated evidence",
    "sources.published_after": "published after the assessment date",
    "factor.points": "{points} points",
    "factor.technical": "Technical detail",
    "factor.rule": "Rule {rule}, tier {tier}, weight {points}.",
    "because": "Because: {facts}",
    "because.and": "and",
    "result.bars": "Legal bars to removal",
    "result.no_bars": "None found on the answers so far (which is not a finding that removal "
                      "is lawful).",
    "result.next_steps": "Next steps",
    "result.none_yet": "None yet.",
    "result.factors": "Why: the factors",
    "result.base": "Base score {base}; each card adds or removes points.",
    "result.no_factor": "No factor applies.",
    "result.transfer_factors": "Why: the irregular-transfer factors",
    "result.unknowns": "Still unknown, most decisive first",
    "result.could_raise": "(could raise the score by {points})",
    "result.could_add_bars": "(an answer could bring the legal bar {codes})",
    "result.could_lift_bars": "(an answer could lift the legal bar {codes})",
    "result.versions": "Engine {engine}, rules {rules} [{digest}], evidence [{evidence}].",
    "summary.torture": "Risk of torture: {score} of 100, {band}.",
    "summary.torture_no_band": "Risk of torture: no band, insufficient evidence.",
    "summary.bars": "Legal bars: {count}.",
    "summary.no_bar": "No legal bar found.",
    # the case-file report
    "report.title": "Risk of torture on return to {destination}, as of {date}",
    "report.title_from": "Risk of torture on return to {destination} from {removing}, as of "
                         "{date}",
    "report.subtitle": "Case-file report of a non-refoulement risk screening.",
    "report.subtitle_generated": "Case-file report of a non-refoulement risk screening, "
                                 "generated {stamp}.",
    "report.your_reference": "Your reference: {reference}",
    "report.print_hint": "Print this page (Ctrl+P) for the file: the print layout fits A4 and "
                         "Letter.",
    "report.language": "This report in another language:",
    "report.gaps": "Gaps: read these first",
    "report.result": "Result",
    "report.facts": "The facts as given",
    "report.factors": "Why: the factors of the torture risk",
    "report.base": "Base score {base}; each factor adds or removes points.",
    "report.transfer_factors": "Why: the factors of the irregular-transfer risk",
    "report.transfer_base": "Base score {base}.",
    "report.bars": "Legal bars to removal in force on this date",
    "report.bars_first": "Legal bars to removal in force: {titles}. A bar applies whatever the "
                         "score; each is set out below.",
    "report.bar_technical": "Bar {code}, rule {rule}.",
    "report.no_bars": "No legal bar found on the facts given (which is not a finding that "
                      "removal is lawful).",
    "report.could_change": "could raise the score by {raise_by}, lower it by {lower_by}",
    "report.could_add_bars": "an answer could bring the legal bar {codes}",
    "report.could_lift_bars": "an answer could lift the legal bar {codes}",
    "report.not_computable": "effect not computable",
    "report.transfer_change": "irregular transfer +{points}",
    "report.nothing_unknown": "Nothing the rules use is unknown.",
    "report.actions": "Recommended next steps",
    "report.none": "None.",
    "report.track_record": "Track record: {violations} of the {cases} decided cases that score "
                           "{band} in the backtest were violations.",
    "report.track_empty": "Track record: no decided case scores {band} in the backtest.",
    "report.track_stale": "Track record not shown: the stored calibration was computed from "
                          "other rules, evidence or decided cases.",
    "report.precedents": "Decided cases like this one",
    "report.no_precedents": "No decided case like this one was decided by {date}.",
    "report.precedents_order": "Most alike first; none decided after {date}.",
    "report.outcome.violation": "violation",
    "report.outcome.no_violation": "no violation",
    "report.similarity": "(similarity {similarity})",
    "report.reason_english": "(English)",
    "report.no_reason": "Reason not recorded in the case file.",
    "report.versions": "Versions",
    "report.versions_line": "Engine {engine} ({backend}), rules {rules}, rule-set digest "
                            "{digest}, evidence digest {evidence}.",
    "report.profile_line": "{country} as {role}: evidence version from {version}",
    "report.authorities": "Authorities",
    "report.evidence": "Dated evidence",
    "report.period": "describes {start} to {end}",
    "report.publication": "date of publication",
    "report.evidence_version": "{country} evidence version from {version}",
    "report.published_after": "Published after the assessment date.",
    "report.meter": "{score} out of 100",
    "role.destination": "destination",
    "role.removing_state": "removing state",
    "role.granting_state": "state that granted refugee status",
    "role.onward_state": "third state of an onward removal",
    "word.unknown": "unknown",
    "word.today": "today",
    "word.none": "none",
    "date.format": "{year}-{month}-{day}",
    "answer.yes": "Yes",
    "answer.no": "No",
}


def texts_in(english: dict[str, str], language: str) -> dict[str, str]:
    """``english`` (ids to English texts of section ``page``) in ``language``: each fresh
    translation, else the English text."""
    return {key: translate("page", key, "text", text, language)
            for key, text in english.items()}


def say(key: str, language: str = "en", /, **values: object) -> str:
    """One text of ``TEXTS`` in ``language``, with its {placeholders} filled in."""
    text = translate("page", key, "text", TEXTS[key], language)
    return text.format(**values) if values else text


def date_words(day: object, language: str = "en") -> str:
    """A date (or an ISO date string) as the language writes it: 2024-11-15, 15.11.2024."""
    text = str(day)
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return text
    return say("date.format", language, year=text[:4], month=text[5:7], day=text[8:])

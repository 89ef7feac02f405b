"""The sentences about unknown treaty statuses in Russian: every part translated, the codes kept,
and a sentence that does not fit its template left as it is rather than guessed at."""

from __future__ import annotations

from refoulement_risk import assess, default_knowledge
from refoulement_risk.i18n import catalogue_for
from refoulement_risk.i18n_translate import translate_assessment
from refoulement_risk.i18n_treaty import translate_treaty_gaps
from refoulement_risk.treaty_gap_words import (
    TREATY_MESSAGES,
    consequence,
    gap_sentence,
    outcome_words,
)

CASE = {"destination": "UZ", "removing_state": "DK", "as_of": "2018-05-17",
        "proceeding": "extradition",
        "interim_measures": [{"body": "un_cat", "status": "indicated"}]}


def test_the_treaty_sentences_of_a_case_are_russian_with_the_same_codes() -> None:
    english = assess(CASE, knowledge=default_knowledge())
    assert english.unknown_treaty_statuses, "DK's profile has no CAT Article 22 entry"
    russian = translate_assessment(english, "ru")
    gap = next(g for g in russian.evidence_gaps if "договор" in g)
    assert gap.startswith("Статус международного договора не проверен")
    assert "DK" in gap and "2018-05-17" in gap and "UN_CAT_INTERIM_MEASURE" in gap
    assert "Treaty" not in gap and "legal bar" not in gap
    status = russian.unknown_treaty_statuses[0]
    assert status.fact == english.unknown_treaty_statuses[0].fact
    assert status.if_bound[0].startswith("правовое препятствие к выдворению UN_CAT")
    question = next(m.question for m in russian.missing_information
                    if m.field == "removing_state.treaties.cat_article22")
    assert question.startswith("Верно ли, что на 2018-05-17 DK связано заявлением")


def test_no_longer_a_scope_limitation_and_an_unknown_title_are_translated_or_kept() -> None:
    english = assess(CASE, knowledge=default_knowledge())
    status = english.unknown_treaty_statuses[0]
    lost = outcome_words("recommended step", "X_STEP", "A title no rule has", no_longer=True)
    reason = TREATY_MESSAGES["treaty.reason.scope"].format(country="TR",
                                                          limitation="geographical limitation")
    label = TREATY_MESSAGES["treaty.label.removing_state.cat_article22"]
    change = consequence("DK", label, [], [lost])
    sentence = gap_sentence("DK", label, str(english.as_of), reason, change)
    changed = english.model_copy(update={
        "unknown_treaty_statuses": [status.model_copy(update={
            "reason": reason, "if_bound": [], "if_not_bound": [lost]})],
        "evidence_gaps": [sentence, "A sentence of no template."]})
    catalogue = catalogue_for("ru")
    assert catalogue is not None
    out = translate_treaty_gaps(changed, catalogue, lambda q: q)
    assert out.gaps[1] == "A sentence of no template."
    assert "если нет: отпадает: рекомендуемый шаг X_STEP (A title no rule has)" in out.gaps[0]
    assert "TR ограничивает сферу применения договора" in out.gaps[0]
    assert out.statuses[0].reason.startswith("TR ограничивает")

"""Choosing the language: `assess --lang`, `?lang=` and Accept-Language on the API; a stale
translation is never shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refoulement_risk import assess, default_knowledge
from refoulement_risk.api.examples import CONTRACT_CASE
from refoulement_risk.cli import main
from refoulement_risk.i18n import (
    Catalogue,
    Entry,
    UnsupportedLanguage,
    available_languages,
    choose_language,
    digest,
)
from refoulement_risk.i18n_translate import translate_assessment


def test_english_and_russian_are_available() -> None:
    assert available_languages()[:1] == ("en",) and "ru" in available_languages()


@pytest.mark.parametrize(("requested", "header", "chosen"), [
    (None, None, "en"),
    ("ru", None, "ru"),
    ("RU", "en", "ru"),  # the explicit request wins
    (None, "ru-RU,ru;q=0.9,en;q=0.8", "ru"),
    (None, "kk-KZ, ru;q=0.5, en;q=0.3", "ru"),  # the best available one
    (None, "en;q=0.9, ru", "ru"),
    (None, "ru;q=0", "en"),  # q=0 means "not this one"
    (None, "uz, *;q=0.1", "en"),
    (None, "garbage;;q=x", "en"),
])
def test_choose_language(requested: str | None, header: str | None, chosen: str) -> None:
    assert choose_language(requested, header) == chosen


def test_an_unavailable_language_is_refused_with_the_choices() -> None:
    with pytest.raises(UnsupportedLanguage, match="no translation into 'xx'; available: en, ru"):
        choose_language("xx", "ru")


def test_a_stale_translation_is_never_shown() -> None:
    entry = Entry(source=digest("Old English text."), text="Старый перевод.")
    catalogue = Catalogue(language="ru", name="Русский", rules={"GEN-001": {"title": entry}})
    assert catalogue.translate("rules", "GEN-001", "title", "Old  English\ntext.") == (
        "Старый перевод.")
    assert catalogue.translate("rules", "GEN-001", "title", "New English text.") == (
        "New English text.")


def test_english_is_unchanged_but_for_its_language() -> None:
    english = assess(CONTRACT_CASE, knowledge=default_knowledge())
    assert translate_assessment(english, "en") == english
    assert english.language == "en"


def test_cli_assess_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CONTRACT_CASE), encoding="utf-8")
    assert main(["assess", str(path), "--lang", "ru", "--format", "json"]) == 0
    russian = json.loads(capsys.readouterr().out)
    assert main(["assess", str(path), "--format", "json"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert (russian["language"], english["language"]) == ("ru", "en")
    assert russian["score"] == english["score"] and russian["range"] == english["range"]
    assert [f["rule"] for f in russian["factors"]] == [f["rule"] for f in english["factors"]]
    assert russian["disclaimer"].startswith("Это вспомогательный инструмент")
    assert main(["assess", str(path), "--lang", "ru"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Риск пыток при возвращении в UZ из RU, по состоянию на 2013-04-25")
    assert main(["assess", str(path), "--lang", "ru", "--format", "markdown"]) == 0
    assert "## Правовые препятствия к выдворению" in capsys.readouterr().out


def test_cli_refuses_an_unknown_language(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["assess", "-", "--lang", "xx"])
    assert stop.value.code == 2
    assert "invalid choice: 'xx'" in capsys.readouterr().err


def test_the_sentences_the_engine_builds_are_translated() -> None:
    """Evidence gaps and the questions the engine writes itself (no development case has them)."""
    for case in ({"destination": "AF", "as_of": "2020-01-01"},
                 {"destination": "AF", "as_of": "2020-01-01", "removing_state": "GB"}):
        english = assess(case, knowledge=default_knowledge())
        russian = translate_assessment(english, "ru")
        assert len(russian.evidence_gaps) == len(english.evidence_gaps) >= 1
        for gap, original in zip(russian.evidence_gaps, english.evidence_gaps, strict=True):
            assert gap != original and gap.startswith(("Нет страновых данных по ",
                                                       "Высылающее государство не указано"))
        questions = {m.field: m.question for m in russian.missing_information}
        assert questions["destination_evidence"].startswith("Страновых данных по AF на 2020-01-01")
        if "removing_state" in questions:
            assert questions["removing_state"] == "Какое государство выдворяет клиента?"
    gaps = translate_assessment(assess({"destination": "AF", "as_of": "2020-01-01",
                                        "removing_state": "JP"}), "ru").evidence_gaps
    assert "по высылающему государству JP" in " ".join(gaps)

"""The translation lint fails on a missing or stale translation, naming the file, the id and the
language; it passes on the shipped files. Each test works on a copy of the rule files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refoulement_risk.cli import main
from refoulement_risk.i18n import digest, load_catalogue
from refoulement_risk.i18n_lint import lint_translations, todo
from refoulement_risk.resources import rules_dir


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir(), copy)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_shipped_russian_translation_is_complete_and_fresh(rules: Path) -> None:
    assert lint_translations(rules, "ru") == []
    assert todo(rules, "ru") == ""


def test_a_missing_translation_fails_naming_file_id_and_language(rules: Path) -> None:
    ru = rules / "i18n" / "ru.yaml"
    catalogue = load_catalogue(ru)
    title = catalogue.rules["GEN-040"]["title"]
    _edit(ru, f"    title:\n      source: {title.source}\n      text: {title.text}\n", "")
    problems = lint_translations(rules, "ru")
    assert [(p.location, p.reason) for p in problems] == [(
        f"{ru}:rules.GEN-040.title",
        "no ru translation of the title of GEN-040 (rules/general_situation.yaml)")]


def test_a_translation_of_a_changed_text_is_stale(rules: Path) -> None:
    old = "A person held in custody on arrival meets the widespread pattern directly."
    new = "A person held on arrival meets the widespread pattern of ill-treatment directly."
    _edit(rules / "general_situation.yaml", old, new)
    problems = lint_translations(rules, "ru")
    assert len(problems) == 1
    (problem,) = problems
    assert problem.location == f"{rules / 'i18n' / 'ru.yaml'}:rules.GEN-021.because"
    assert problem.reason.startswith("stale ru translation: the English because of GEN-021 "
                                     "(rules/general_situation.yaml) changed")
    assert f"written from {digest(old)}, now {digest(new)}" in problem.reason
    # the to-do list names it with the new digest and the old translation
    listed = todo(rules, "ru")
    assert f'because: {{source: "{digest(new)}", text: ""}}' in listed and "stale" in listed


def test_reflowing_a_text_does_not_make_its_translation_stale(rules: Path) -> None:
    _edit(rules / "general_situation.yaml",
          "A person held in custody on arrival meets the widespread pattern directly.",
          ">\n      A person held in custody on arrival\n"
          "      meets the widespread pattern directly.")
    assert lint_translations(rules, "ru") == []


def test_a_rule_without_any_translation_fails_for_each_text(rules: Path) -> None:
    _edit(rules / "targeted_profiles.yaml", "  - id: GRP-011\n", "  - id: GRP-012\n")
    places = sorted(p.location.rsplit(":", 1)[1] for p in lint_translations(rules, "ru"))
    assert places == ["rules.GRP-011.because", "rules.GRP-011.title",  # no longer in English
                      "rules.GRP-012.because", "rules.GRP-012.title"]  # not yet in Russian


def test_a_label_must_keep_the_english_placeholders(rules: Path) -> None:
    _edit(rules / "i18n" / "ru.yaml", "может повысить на {raise_by}, понизить на {lower_by}",
          "может повысить на {raise_by}")
    (problem,) = lint_translations(rules, "ru")
    assert problem.location.endswith(":labels.movement.range")
    assert "['lower_by', 'raise_by']" in problem.reason


def test_a_broken_translation_file_is_a_problem_not_a_traceback(rules: Path) -> None:
    _edit(rules / "i18n" / "ru.yaml", "language: ru\n", "language: ru\nlanguage: ru\n")
    (problem,) = lint_translations(rules, "ru")
    assert "duplicate key 'language'" in problem.reason and "ru.yaml" in problem.location


def test_an_unknown_field_in_a_translation_file_is_named(rules: Path) -> None:
    _edit(rules / "i18n" / "ru.yaml", "name: Русский\n", "name: Русский\nnames: x\n")
    problems = lint_translations(rules, "ru")
    assert [p.location for p in problems] == [f"{rules / 'i18n' / 'ru.yaml'}:names"]


def test_a_language_without_a_file_fails(rules: Path) -> None:
    (problem,) = lint_translations(rules, "uz")
    assert problem.reason == "no translation file for 'uz'"


def test_rules_lint_fails_on_a_stale_translation(rules: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("REFOULEMENT_RISK_RULES_DIR", str(rules))
    assert main(["rules", "lint"]) == 0
    _edit(rules / "recommended_actions.yaml", "Raise the death penalty",
          "Raise the risk of the death penalty")
    assert main(["rules", "lint"]) == 1
    err = capsys.readouterr().err
    assert "ru.yaml:rules.ACT-050.title: stale ru translation" in err


def test_a_new_language_is_one_file_and_a_lint_run(rules: Path) -> None:
    """What the README promises: the to-do list of a new language is a loadable skeleton."""
    skeleton = todo(rules, "uz")
    (rules / "i18n" / "uz.yaml").write_text("language: uz\nname: Oʻzbekcha\n" + skeleton,
                                            encoding="utf-8")
    problems = lint_translations(rules, "uz")
    assert problems and all("text" in p.location or "at least 1 character" in p.reason
                            for p in problems)


def test_the_readme_says_how_to_add_a_language() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Adding a language", 1)[1].split("\n## ", 1)[0]
    for needed in ("rules/i18n/", "i18n_lint uz --todo", "refoulement-risk rules lint",
                   "Uzbek, Tajik, Kyrgyz, Kazakh, Turkish"):
        assert needed in section, needed


def test_a_missing_page_word_or_treaty_sentence_fails_naming_its_id(rules: Path) -> None:
    ru = rules / "i18n" / "ru.yaml"
    catalogue = load_catalogue(ru)
    nxt = catalogue.page["page.next"]
    _edit(ru, f"  page.next:\n    source: {nxt.source}\n    text: \"{nxt.text}\"\n", "")
    gap = catalogue.messages["treaty.if_not"]
    _edit(ru, f"  treaty.if_not:\n    source: {gap.source}\n    text: '{gap.text}'\n", "")
    problems = {p.location: p.reason for p in lint_translations(rules, "ru")}
    assert problems == {
        f"{ru}:page.page.next": "no ru translation of the text of page.next "
                                "(src/refoulement_risk/report/)",
        f"{ru}:messages.treaty.if_not": "no ru translation of the text of treaty.if_not "
                                        "(src/refoulement_risk/treaty_gap_words.py)"}


def test_a_page_word_with_other_placeholders_fails(rules: Path) -> None:
    ru = rules / "i18n" / "ru.yaml"
    _edit(ru, 'text: "Вопрос {n} примерно из {total}"', 'text: "Вопрос {n} из {всего}"')
    (problem,) = lint_translations(rules, "ru")
    assert problem.location.endswith(":page.intake.progress")
    assert "placeholders ['n', 'всего'] but the English uses ['n', 'total']" in problem.reason

"""The intake page in Russian, in headless Chromium: the switch (remembered, in the address,
`<html lang>`), every word on screen Russian, the same codes and scores as in English, countries
typed in Cyrillic, and the switch on a 360 px phone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from refoulement_risk import assess

from ..decided import development_cases
from .interview import complete, normalised, words

pytestmark = pytest.mark.browser

RU = words("ru")
CASES = {c["id"]: c for c in development_cases()}
# Three Latin words in a row on screen: an English phrase left (codes are single words; rule
# ids, citations and evidence titles are inside the folded sources and technical detail).
ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’]*(?: [A-Za-z][A-Za-z'’]*){2,}")


def _visible_text(page: Any, selector: str) -> str:
    """The text a person sees, one element a line (closed <details> folded away)."""
    return str(page.evaluate(
        "(s) => { const c = document.querySelector(s).cloneNode(true);"
        " c.querySelectorAll('details').forEach(d => d.remove());"
        " return Array.from(c.querySelectorAll('*')).filter(e => !e.children.length)"
        ".map(e => e.textContent).join('\\n'); }", selector))


def test_the_switch_turns_the_page_russian_and_is_remembered(page: Any, server: str) -> None:
    page.goto(server + "/intake")
    page.wait_for_selector("#step[data-field=destination]")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.select_option("#language", "ru")
    page.wait_for_url(re.compile(r"[?&]lang=ru"))
    page.wait_for_selector("#step[data-field=destination]")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert page.locator("h1").text_content() == "Оценка риска нарушения принципа невыдворения"
    assert page.get_by_role("button", name="Далее").is_visible()
    assert page.locator("#step-title").text_content() == "В какую страну лицо может быть выдворено?"
    page.goto(server + "/intake")  # no ?lang=: the choice is remembered
    page.wait_for_selector("#step[data-field=destination]")
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert page.locator("#language").input_value() == "ru"
    page.select_option("#language", "en")
    page.wait_for_url(re.compile(r"[?&]lang=en"))
    page.wait_for_selector("#step[data-field=destination]")
    assert page.locator("#step-title").text_content() == (
        "To which country would the person be removed?")


@pytest.mark.parametrize("case_id", ["muminov-v-russia-2008", "kaboulov-v-ukraine-2009"])
def test_the_interview_in_russian_gives_russian_text_and_the_english_scores(
        page: Any, server: str, case_id: str) -> None:
    case = CASES[case_id]["case"]
    expected = assess(normalised(case))
    requests: list[Any] = []
    page.on("request", lambda r: requests.append(r.url) if "/v1/assessments" in r.url else None)
    page.goto(server + "/intake?lang=ru")
    complete(page, case, w=RU)
    assert page.locator("#step-title").text_content() == RU.done
    assert requests and all("lang=ru" in url for url in requests)
    risk = page.locator("#risk-torture")
    assert risk.get_attribute("data-band") == expected.band
    assert f"{expected.score} / 100" in str(risk.text_content())
    cards = page.locator("#factors .factor")
    rules = sorted(str(cards.nth(i).get_attribute("data-rule")) for i in range(cards.count()))
    assert rules == sorted(f.rule for f in expected.factors)
    for i in range(cards.count()):
        because = str(cards.nth(i).locator(".because").text_content())
        assert "Основание: " in because
        assert "destination." not in because and " = " not in because  # plain words
    shown = _visible_text(page, "#result-body") + "\n" + _visible_text(page, "#answers")
    shown += "\n" + _visible_text(page, "#interview")
    for e in (*(x for f in expected.factors for x in f.evidence),
              *(x for f in expected.irregular_transfer.factors for x in f.evidence)):
        shown = shown.replace(e.publisher, "")  # who published the evidence, as they name it
    for precedent in expected.precedents:  # decided cases are cited in the Court's English style
        shown = shown.replace(precedent.citation, "").replace(precedent.name, "")
    shown = re.sub(r"«[^»]*»", "«»", shown)  # the evidence's own names of groups, quoted
    assert ENGLISH.findall(shown) == [], shown


def test_a_country_typed_in_cyrillic_is_that_country(page: Any, server: str) -> None:
    page.goto(server + "/intake?lang=ru")
    page.wait_for_selector("#step[data-field=destination]")
    box = page.locator("#step input[role=combobox]")
    box.type("Узб")
    first = page.locator("#step [role=listbox] [role=option]").first
    assert first.get_attribute("data-code") == "UZ"
    box.fill("")
    box.type("Узбекистан")  # typed in full, not picked: still the name
    page.get_by_role("button", name=RU.next).click()
    page.wait_for_selector("#step[data-field=removing_state]")
    requests: list[Any] = []
    page.on("request", lambda r: requests.append(r) if "/v1/assessments" in r.url else None)
    box = page.locator("#step input[role=combobox]")
    box.type("Кыргызстан")  # a name people use that CLDR does not give
    page.get_by_role("button", name=RU.next).click()
    page.wait_for_selector("#step[data-field=as_of]")
    page.wait_for_function("() => document.querySelector('#risk-torture') !== null")
    sent = requests[-1].post_data_json
    assert sent["destination"] == "UZ" and sent["removing_state"] == "KG"
    answers = str(page.locator("#answer-list").text_content())
    assert "Узбекистан" in answers and "Киргизия" in answers


def test_a_misspelt_cyrillic_country_gets_a_russian_message_not_a_wrong_country(
        page: Any, server: str) -> None:
    page.goto(server + "/intake?lang=ru")
    page.wait_for_selector("#step[data-field=destination]")
    box = page.locator("#step input[role=combobox]")
    box.fill("Узбекистн")
    page.get_by_role("button", name=RU.next).click()
    error = page.locator("#step-error")
    error.wait_for(state="visible")
    assert "«Узбекистн» — нет такой страны в списке" in str(error.text_content())
    assert page.locator("#step").get_attribute("data-field") == "destination"
    assert page.locator("#risk-torture").count() == 0


def test_the_switch_is_on_a_phone_screen_and_the_page_fits(phone: Any, server: str) -> None:
    phone.goto(server + "/intake?lang=ru")
    phone.wait_for_selector("#step[data-field=destination]")
    switch = phone.locator("#language")
    assert switch.is_visible()
    box = switch.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["y"] + box["height"] <= 740 and box["height"] >= 44  # on the first screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.evaluate("document.documentElement.lang") == "ru"
    switch.select_option("en")
    phone.wait_for_url(re.compile(r"[?&]lang=en"))
    phone.wait_for_selector("#step[data-field=destination]")
    assert phone.evaluate("document.documentElement.lang") == "en"


def test_a_russian_browser_gets_the_page_in_russian_without_choosing(browser: Any,
                                                                     server: str) -> None:
    context = browser.new_context(locale="ru-RU")
    try:
        pg = context.new_page()
        pg.goto(server + "/intake")
        pg.wait_for_selector("#step[data-field=destination]")
        assert pg.evaluate("document.documentElement.lang") == "ru"
        assert pg.locator("#language").input_value() == "ru"
        assert pg.get_by_role("button", name=RU.next).count() == 1
    finally:
        context.close()

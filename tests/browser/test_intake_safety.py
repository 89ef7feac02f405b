"""The interview's safety and accessibility, in headless Chromium: countries by name, no band
without evidence, clear messages next to the field, keyboard only, a 360 px phone, embedding."""

from __future__ import annotations

from typing import Any

import pytest

from .interview import DONE, choose_country, complete

pytestmark = pytest.mark.browser


def _next(page: Any) -> None:
    page.get_by_role("button", name="Next").click()


def test_a_country_typed_by_name_resolves_to_its_code(page: Any, server: str) -> None:
    page.goto(server + "/intake")
    box = page.locator("#step input[role=combobox]")
    box.type("Kyrgyzstan")
    _next(page)  # typed in full, not picked from the list: still the name, never "KY"
    page.wait_for_selector("#step[data-field=removing_state]")
    requests: list[Any] = []
    page.on("request", lambda r: requests.append(r) if "/v1/assessments?" in r.url else None)
    choose_country(page, "Russia")
    _next(page)
    page.wait_for_selector("#step[data-field=as_of]")
    page.wait_for_function("() => document.querySelector('#risk-torture') !== null")
    sent = requests[-1].post_data_json
    assert sent["destination"] == "KG" and sent["removing_state"] == "RU"
    assert "Kyrgyzstan" in str(page.locator("#answer-list").text_content())


def test_typing_a_code_or_a_misspelling_gets_a_message_next_to_the_field(
        page: Any, server: str) -> None:
    page.goto(server + "/intake")
    box = page.locator("#step input[role=combobox]")
    for typed in ("KY", "Kyrgystan"):
        box.fill(typed)
        _next(page)
        error = page.locator("#step-error")
        error.wait_for(state="visible")
        assert f"“{typed}” is not a country name" in str(error.text_content())
        assert box.get_attribute("aria-invalid") == "true"
        assert page.locator("#step").get_attribute("data-field") == "destination"
    assert page.locator("#risk-torture").count() == 0  # nothing was assessed


@pytest.mark.parametrize("destination", ["Afghanistan", "Cayman Islands"])
def test_a_destination_without_evidence_never_shows_a_band(page: Any, server: str,
                                                           destination: str) -> None:
    page.goto(server + "/intake")
    complete(page, {"destination": {"Afghanistan": "AF", "Cayman Islands": "KY"}[destination],
                    "removing_state": "DE"})
    assert page.locator("#step-title").text_content() == DONE
    risk = page.locator("#risk-torture")
    assert risk.get_attribute("data-band") == "insufficient_evidence"
    text = str(risk.text_content()).lower()
    assert "no band: insufficient evidence" in text
    for band in ("low", "moderate", "high"):
        assert f"— {band}" not in text and f"{band}" not in text.split("—")[-1]
    summary = str(page.locator("#result-status").text_content())
    assert "no band, insufficient evidence" in summary
    gaps = page.locator("#gaps")
    assert gaps.is_visible()
    first = page.locator("#result-body > *").first
    assert first.get_attribute("id") == "gaps"  # the gaps come first


def test_the_interview_can_be_completed_with_the_keyboard_only(page: Any, server: str) -> None:
    page.goto(server + "/intake")
    page.wait_for_selector("#step[data-field=destination]")
    kb = page.keyboard
    kb.press("Tab")  # from the question heading to the country box
    assert page.evaluate("document.activeElement.getAttribute('role')") == "combobox"
    kb.type("Uzbek")
    kb.press("ArrowDown")
    kb.press("ArrowUp")
    kb.press("Enter")  # chooses the active option
    kb.press("Enter")  # submits the step
    page.wait_for_selector("#step[data-field=removing_state]")
    kb.press("Tab")
    kb.type("Russia")
    kb.press("Enter")
    kb.press("Enter")
    page.wait_for_selector("#step[data-field=as_of]")
    kb.press("Tab")  # the date field, on today: keep it
    kb.press("Enter")
    for _ in range(40):
        page.wait_for_function("() => document.activeElement.id === 'step-title'")
        if page.locator("#step-title").text_content() == DONE:
            break
        # Tab to the first answer, pick it with the space bar (radio or checkbox), submit.
        kb.press("Tab")
        kb.press("Space")
        before = page.locator("#step").get_attribute("data-field")
        kb.press("Enter")
        page.wait_for_function("f => document.querySelector('#step').dataset.field !== f || "
                               "document.querySelector('#step-title').textContent.includes("
                               "'complete')", arg=before)
    assert page.locator("#step-title").text_content() == DONE
    assert page.locator("#risk-torture").get_attribute("data-band") in (
        "low", "moderate", "high", "very_high")
    assert "Uzbekistan" in str(page.locator("#answer-list").text_content())


def test_a_360_px_phone_never_scrolls_sideways(phone: Any, server: str) -> None:
    phone.goto(server + "/intake")
    complete(phone, {"destination": "UZ", "removing_state": "RU", "as_of": "2013-04-25",
                     "proceeding": "extradition",
                     "charges": [{"category": "religious_extremism",
                                  "organisation": "hizb_ut_tahrir"}],
                     "interim_measures": [{"body": "ecthr_rule39", "status": "indicated"}]})
    phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide"
    assert phone.locator("#factors .factor").count() >= 3


def test_answers_survive_a_reload_and_are_cleared_with_one_button(page: Any,
                                                                  server: str) -> None:
    page.goto(server + "/intake")
    choose_country(page, "Tajikistan")
    _next(page)
    page.wait_for_selector("#step[data-field=removing_state]")
    page.reload()
    page.wait_for_selector("#step[data-field=removing_state]")
    assert "Tajikistan" in str(page.locator("#answer-list").text_content())
    page.get_by_role("button", name="Clear all answers").click()
    page.wait_for_selector("#step[data-field=destination]")
    assert page.evaluate("sessionStorage.length") == 0
    assert page.locator("#answer-list li").count() == 0


def test_pre_filled_answers_are_checked_against_the_vocabulary(page: Any, server: str) -> None:
    page.goto(server + "/intake?destination=UZ&removing_state=RU&proceeding=extradition"
                       "&refugee_status=hizbut")
    page.wait_for_selector("#step[data-field=as_of]")
    note = str(page.locator("#prefill-note").text_content())
    assert "refugee_status=hizbut" in note
    answers = str(page.locator("#answer-list").text_content())
    assert "Uzbekistan" in answers and "Russia" in answers


def test_the_embedding_page_receives_the_result(page: Any, server: str,
                                                embedding_site: str) -> None:
    page.goto(embedding_site)
    frame = page.frame_locator("refoulement-risk-intake iframe")
    frame.locator("#step[data-field=destination]").wait_for()
    frame.locator("#step input[role=combobox]").type("Uzbek")
    frame.locator("[role=option]", has_text="Uzbekistan").first.click()
    frame.get_by_role("button", name="Next").click()
    page.wait_for_function(
        "() => document.querySelector('#received').dataset.destination === 'UZ'")
    assert "score" in str(page.locator("#received").text_content())
    height = page.evaluate("document.querySelector('refoulement-risk-intake iframe')"
                           ".getBoundingClientRect().height")
    assert height > 480  # sized by the frame's height message

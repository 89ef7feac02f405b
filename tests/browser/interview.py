"""Drive the intake interview as a person would: read the question on screen, answer it from a
case (by clicking the plain label of the answer, or typing a country's name), or say "I don't
know" when the case does not say."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from refoulement_risk.i18n import catalogue_for
from refoulement_risk.report import COUNTRY_NAMES
from refoulement_risk.report.texts import say

DONE = "The interview is complete."


@dataclass(frozen=True)
class Words:
    """What a person reads on the buttons, in the page's language."""

    language: str
    next: str
    dont_know: str
    no_charges: str
    done: str

    def country(self, code: str) -> str:
        catalogue = catalogue_for(self.language)
        if catalogue is not None and code in catalogue.country_names:
            return catalogue.country_names[code]
        return COUNTRY_NAMES[code]


def words(language: str) -> Words:
    return Words(language, say("page.next", language), say("page.dont_know", language),
                 say("intake.no_charges", language), say("intake.complete_title", language))


ENGLISH = words("en")


def flatten(case: dict[str, Any]) -> dict[str, Any]:
    """The interview's answers for a case: one per step field (absent = I don't know)."""
    out: dict[str, Any] = {}
    for key, value in case.items():
        if key in ("profile", "diplomatic_assurances", "custody") and isinstance(value, dict):
            out.update({f"{key}.{k}": v for k, v in value.items()})
        elif key != "client_reference":
            out[key] = value
    return out


def normalised(case: dict[str, Any]) -> dict[str, Any]:
    """What the interview can express: no free-text detail, no measure dates, no reference."""
    data = {k: v for k, v in case.items() if k != "client_reference"}
    if "charges" in data:
        data["charges"] = [{k: v for k, v in c.items() if k != "detail"} for c in data["charges"]]
    if "interim_measures" in data:
        data["interim_measures"] = [{k: v for k, v in m.items() if k != "date"}
                                    for m in data["interim_measures"]]
    return data


def choose_country(page: Any, name: str) -> None:
    box = page.locator("#step input[role=combobox]")
    box.fill("")
    box.type(name[:5])
    page.locator("#step [role=listbox] [role=option]", has_text=name).first.click()


def _click_value(page: Any, group: str, value: Any) -> None:
    page.locator(f"#step input[name='{group}'][value='{json.dumps(value)}']").check()


def answer_current(page: Any, answers: dict[str, Any], w: Words = ENGLISH) -> str:
    field = str(page.locator("#step").get_attribute("data-field"))
    if field not in answers or answers[field] is None:
        page.get_by_role("button", name=w.dont_know).click()
        return field
    value = answers[field]
    if field in ("destination", "removing_state"):
        choose_country(page, w.country(value))
    elif field == "as_of":
        page.locator("#as_of").fill(value)
    elif field == "charges":
        if not value:
            page.get_by_label(w.no_charges).check()
        for charge in value:
            page.locator(f"#step input[name='charge'][value='{charge['category']}']").check()
        orgs = [c["organisation"] for c in value if c.get("organisation")]
        _click_value(page, "organisation", orgs[0] if orgs else "")
    elif field == "interim_measures":
        _click_value(page, "im-body", value[0]["body"] if value else "")
        if value:
            _click_value(page, "im-status", value[0]["status"])
    else:
        _click_value(page, "answer", value)
    page.get_by_role("button", name=w.next).click()
    return field


def complete(page: Any, case: dict[str, Any], limit: int = 40, w: Words = ENGLISH) -> list[str]:
    """Answer every question the interview asks; return the fields asked, in order."""
    answers = flatten(normalised(case))
    asked: list[str] = []
    title = page.locator("#step-title")
    for _ in range(limit):
        page.wait_for_function("() => document.querySelector('#step').dataset.field !== undefined "
                               "|| document.querySelector('#step-title').textContent === "
                               f"{json.dumps(w.done)}")
        if title.text_content() == w.done:
            return asked
        before = page.locator("#step").get_attribute("data-field")
        asked.append(answer_current(page, answers, w))
        page.wait_for_function(
            "([f, done]) => document.querySelector('#step').dataset.field !== f "
            "|| document.querySelector('#step-title').textContent === done "
            "|| !document.querySelector('#step-error').hidden", arg=[before, w.done])
        error = page.locator("#step-error")
        assert error.is_hidden(), f"{before}: {error.text_content()}"
    raise AssertionError(f"the interview did not finish in {limit} steps: {asked}")

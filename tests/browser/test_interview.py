"""The intake interview, completed in headless Chromium for decided development cases."""

from __future__ import annotations

from typing import Any

import pytest

from refoulement_risk import assess

from ..decided import development_cases
from .interview import DONE, complete, normalised

pytestmark = pytest.mark.browser

CASES = {c["id"]: c for c in development_cases()}
INTERVIEW_CASES = ["muminov-v-russia-2008", "ryabikin-v-russia-2008", "kaboulov-v-ukraine-2009",
                   "khamrakulov-v-russia-2015"]


@pytest.mark.parametrize("case_id", INTERVIEW_CASES)
def test_completing_the_interview_shows_the_band_and_leading_factors(
        page: Any, server: str, case_id: str) -> None:
    case = CASES[case_id]["case"]
    expected = assess(normalised(case))
    page.goto(server + "/intake")
    asked = complete(page, case)
    assert asked[:3] == ["destination", "removing_state", "as_of"]
    assert page.locator("#step-title").text_content() == DONE
    shown = page.locator("#risk-torture").get_attribute("data-band")
    assert shown == expected.band
    assert f"{expected.score} / 100" in str(page.locator("#risk-torture").text_content())
    leading = sorted(expected.factors, key=lambda f: -f.contribution)[:3]
    cards = page.locator("#factors .factor")
    rules = [cards.nth(i).get_attribute("data-rule") for i in range(cards.count())]
    for factor in leading:
        assert factor.rule in rules
        card = page.locator(f"#factors .factor[data-rule='{factor.rule}']")
        text = str(card.text_content())
        assert factor.title in text and "Because: " in text
        assert "destination." not in card.locator(".because").text_content()  # plain words

"""The intake page shows the band's track record and the decided cases like this one."""

from __future__ import annotations

from typing import Any

import pytest

from refoulement_risk import assess

from ..decided import development_cases
from .interview import DONE, complete, normalised

pytestmark = pytest.mark.browser

CASES = {c["id"]: c for c in development_cases()}


def test_the_result_shows_the_track_record_and_the_precedents(page: Any, server: str) -> None:
    case = CASES["khamrakulov-v-russia-2015"]["case"]
    expected = assess(normalised(case))
    assert expected.precedents and expected.calibration is not None
    page.goto(server + "/intake")
    complete(page, case)
    assert page.locator("#step-title").text_content() == DONE
    record = expected.calibration
    assert (f"{record.violations} of the {record.decided_cases} decided cases"
            in str(page.locator("#risk-torture #track-record").text_content()))
    shown = page.locator("#precedents li")
    assert shown.count() == len(expected.precedents)
    for i, precedent in enumerate(expected.precedents):
        item = shown.nth(i)
        assert item.get_attribute("data-case") == precedent.id
        text = str(item.text_content())
        assert precedent.citation in text
        assert (precedent.reason or "Reason not recorded in the case file.") in text

"""The case-file report in Russian: <html lang="ru">, Russian headings, labels, country names and
dates, the same numbers as in English, and no English sentence outside what stays in its own
language (authorities' citations, evidence titles and publishers, the evidence's group names)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from refoulement_risk import assess, default_knowledge, parse_case
from refoulement_risk.i18n_translate import translate_assessment
from refoulement_risk.report import render_report_html

CASELAW = Path(__file__).resolve().parents[1] / "caselaw"
ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’]*(?: [A-Za-z][A-Za-z'’]*){2,}")
CASES = ["muminov-v-russia-2008", "kaboulov-v-ukraine-2009", "khamrakulov-v-russia-2015"]


def _report(case_id: str) -> tuple[str, str, object, list[str]]:
    data = yaml.safe_load((CASELAW / f"{case_id}.yaml").read_text("utf-8"))["case"]
    english = assess(data, knowledge=default_knowledge())
    russian = translate_assessment(english, "ru")
    case = parse_case(data)
    details = [c.detail for c in case.charges or [] if c.detail]
    return (render_report_html(english, case), render_report_html(russian, case), english,
            details)


def _shown_words(page: str, english: object, details: list[str]) -> str:
    """The report's text without the parts that stay in their own language."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    page = re.sub(r'<ul class="sources">.*?</ul>', "", page, flags=re.S)  # citations, evidence
    page = re.sub(r"<details.*?</details>", "", page, flags=re.S)  # the engine's codes
    for p in english.precedents:  # type: ignore[attr-defined]
        # decided cases are cited as the Court or committee names them; their reasons are kept
        # in English and must be marked so
        page = page.replace(f">{html.escape(p.citation)}<", "><")
        if p.reason:
            marked = f'{html.escape(p.reason)} <span class="muted">(на английском языке)</span>'
            assert marked in page, p.reason
            page = page.replace(marked, "")
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    for factor in (*english.factors, *english.irregular_transfer.factors):  # type: ignore[attr-defined]
        for e in factor.evidence:
            text = text.replace(e.publisher, "")
    for detail in details:  # the case's own free text, as the caseworker wrote it
        text = text.replace(detail, "")
    return re.sub(r"«[^»]*»", "«»", text)


@pytest.mark.parametrize("case_id", CASES)
def test_the_report_in_russian(case_id: str) -> None:
    english_page, page, english, details = _report(case_id)
    assert '<html lang="ru">' in page and '<html lang="en">' in english_page
    assert "<h2>Результат</h2>" in page and "<h2>Обстоятельства, как они указаны</h2>" in page
    day = english.as_of  # type: ignore[attr-defined]
    assert f"{day:%d.%m.%Y}" in page and f"as of {day}" in english_page
    assert f"{english.score} / 100" in page  # type: ignore[attr-defined]
    shown = _shown_words(page, english, details)
    left = [line for line in shown.splitlines() if ENGLISH.search(line)]
    assert left == [], "\n".join(left)


def test_the_language_links_are_only_there_when_asked_for() -> None:
    _, page, _, _ = _report(CASES[0])
    assert "?lang=" not in page.split("<main>")[0]
    data = yaml.safe_load((CASELAW / f"{CASES[0]}.yaml").read_text("utf-8"))["case"]
    russian = translate_assessment(assess(data, knowledge=default_knowledge()), "ru")
    linked = render_report_html(russian, parse_case(data), language_links=True)
    assert '<a href="?lang=en" hreflang="en" lang="en">English</a>' in linked

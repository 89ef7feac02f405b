"""GET /v1/assessments/{id}/report: HTML or PDF by Accept, read scope, inert page."""

from __future__ import annotations

import pytest

from .conftest import ApiHarness
from .problems import assert_problem

CASE = {"destination": "UZ", "removing_state": "RU", "as_of": "2013-04-25",
        "proceeding": "extradition", "charges": [{"category": "religious_extremism"}]}


def _stored(api: ApiHarness) -> str:
    response = api.client.post("/v1/assessments?store=true", json=CASE,
                               headers=api.key("assess"))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_the_report_is_html_by_default_and_pdf_on_request(sqlite_api: ApiHarness) -> None:
    report = f"/v1/assessments/{_stored(sqlite_api)}/report"
    read = sqlite_api.key("read")
    page = sqlite_api.client.get(report, headers={**read, "Accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "Uzbekistan (UZ)" in page.text and "Religious extremism" in page.text
    pytest.importorskip("weasyprint")
    pdf = sqlite_api.client.get(report + "?paper=letter",
                                headers={**read, "Accept": "application/pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"


def test_the_report_needs_the_read_scope_and_a_known_id(sqlite_api: ApiHarness) -> None:
    report = f"/v1/assessments/{_stored(sqlite_api)}/report"
    assert_problem(sqlite_api.client.get(report), 401, "missing_credentials")
    assert_problem(sqlite_api.client.get(report, headers=sqlite_api.key("assess")), 403,
                   "insufficient_scope")
    assert_problem(sqlite_api.client.get(f"/v1/assessments/{'0' * 32}/report",
                                         headers=sqlite_api.key("read")), 404, "not_found")
    assert_problem(sqlite_api.client.get(report, headers={**sqlite_api.key("read"),
                                                          "Accept": "image/png"}),
                   406, "not_acceptable")


def test_the_report_in_russian_with_links_to_the_other_language(sqlite_api: ApiHarness) -> None:
    report = f"/v1/assessments/{_stored(sqlite_api)}/report"
    read = {**sqlite_api.key("read"), "Accept": "text/html"}
    english = sqlite_api.client.get(report, headers=read).text
    assert '<html lang="en">' in english and 'href="?lang=ru"' in english
    page = sqlite_api.client.get(report, params={"lang": "ru"}, headers=read)
    assert page.status_code == 200
    text = page.text
    assert '<html lang="ru">' in text and 'href="?lang=en"' in text
    assert "Узбекистан (UZ)" in text and "25.04.2013" in text  # names and dates, Russian style
    assert "Религиозный экстремизм" in text and "Правовые препятствия к выдворению" in text
    assert "Religious extremism" not in text and "Legal bars" not in text
    assert_problem(sqlite_api.client.get(report, params={"lang": "xx"}, headers=read), 422,
                   "invalid_request", locations=["lang"])


def test_a_report_stored_in_russian_is_not_turned_into_english(sqlite_api: ApiHarness) -> None:
    response = sqlite_api.client.post("/v1/assessments?store=true&lang=ru", json=CASE,
                                      headers=sqlite_api.key("assess"))
    report = f"/v1/assessments/{response.json()['id']}/report"
    read = {**sqlite_api.key("read"), "Accept": "text/html"}
    page = sqlite_api.client.get(report, headers=read).text
    assert '<html lang="ru">' in page and 'href="?lang=en"' not in page
    assert_problem(sqlite_api.client.get(report, params={"lang": "en"}, headers=read), 422,
                   "invalid_request", locations=["lang"])

"""The intake page and its token: same-origin only, assess-only, short-lived, never a key."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from typing import Any

import pytest

from refoulement_risk.api.security import IntakeTokens
from refoulement_risk.case import (
    ChargeCategory,
    InterimMeasureBody,
    InterimMeasureStatus,
    Monitoring,
    PastIllTreatment,
    Proceeding,
    RefugeeStatus,
)

from .conftest import ApiHarness
from .problems import assert_problem

TOKEN_URL = "/v1/intake/token"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}


def _token(api: ApiHarness) -> dict[str, str]:
    response = api.client.post(TOKEN_URL, headers=SAME_ORIGIN)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scopes"] == ["assess"] and body["token_type"] == "Bearer"
    assert body["expires_in"] == api.settings.intake_token_ttl_seconds
    return {"Authorization": f"Bearer {body['token']}"}


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.urls: list[str] = []
        self.selects: dict[str, list[str]] = {}
        self._select: str | None = None
        self._in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        if tag in ("input", "select", "textarea"):
            self.controls.append({**a, "_wrapped": "yes" if self._in_label else None})
        if tag == "select":
            self._select = a.get("id") or a.get("data-name")
            self.selects[str(self._select)] = []
        if tag == "option" and self._select and a.get("value"):
            self.selects[str(self._select)].append(str(a["value"]))
        for name in ("src", "href"):
            if a.get(name):
                self.urls.append(str(a[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._in_label -= 1
        if tag == "select":
            self._select = None


def test_the_intake_page_is_served_at_root_and_intake(sqlite_api: ApiHarness) -> None:
    for path in ("/", "/intake"):
        response = sqlite_api.client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'self'" in csp
        assert "x-frame-options" not in response.headers
    for asset in ("/static/intake.js", "/static/intake.css"):
        assert sqlite_api.client.get(asset).status_code == 200


def test_the_page_may_be_framed_by_configured_origins(make_api: Any) -> None:
    api: ApiHarness = make_api(cors_origins="https://clinic.example.org")
    csp = api.client.get("/intake").headers["content-security-policy"]
    assert "frame-ancestors 'self' https://clinic.example.org" in csp


def test_the_page_loads_only_its_own_assets_and_builds_no_html_from_data(
        sqlite_api: ApiHarness) -> None:
    html = sqlite_api.client.get("/intake").text
    form = _Form()
    form.feed(html)
    assert all(u.startswith(("/", "#")) for u in form.urls), form.urls  # no third party
    for control in form.controls:  # every static control has a label
        assert control.get("_wrapped") or control.get("id") in form.label_for, control
    for name in ("intake.js", "intake-words.js", "intake-combobox.js", "intake-result.js",
                 "embed.js"):
        script = sqlite_api.client.get(f"/static/{name}").text
        assert "innerHTML" not in script and "eval(" not in script, name
        assert not re.search(r"fetch\(\s*[\"']https?:", script), name  # only the API
    result = sqlite_api.client.get("/static/intake-result.js").text
    for fields in ("missing_information", "recommended_actions", "legal_bars",
                   "irregular_transfer", "disclaimer", "range", "contribution", "authorities",
                   "evidence", "insufficient_evidence", "evidence_gaps"):
        assert fields in result


def test_the_interview_offers_exactly_the_contract_values(sqlite_api: ApiHarness) -> None:
    body = sqlite_api.client.get("/v1/intake/interview").json()
    steps = {s["field"]: s for s in body["steps"]}
    expected = {"proceeding": Proceeding, "past_ill_treatment": PastIllTreatment,
                "refugee_status": RefugeeStatus, "diplomatic_assurances.monitoring": Monitoring}
    for field, enum in expected.items():
        assert [c["value"] for c in steps[field]["choices"]] == [m.value for m in enum], field
    assert [c["value"] for c in steps["charges"]["choices"]] == [m.value for m in ChargeCategory]
    assert [c["value"] for c in steps["interim_measures"]["bodies"]] == [
        m.value for m in InterimMeasureBody]
    assert [c["value"] for c in steps["interim_measures"]["statuses"]] == [
        m.value for m in InterimMeasureStatus]
    orgs = {o["value"]: o for o in steps["charges"]["organisations"]}
    assert orgs["hizb_ut_tahrir"]["label"] == "Hizb ut-Tahrir"
    assert "hizbut tahrir" in orgs["hizb_ut_tahrir"]["aliases"]
    for step in body["steps"]:
        assert step["question"] and step["label"], step["field"]
        for choice in step.get("choices", []):
            assert "_" not in choice["label"], choice  # plain words, not codes
    assert body["first"] == ["destination", "removing_state", "as_of"]
    assert "KG" in body["country_codes"] and "KY" in body["country_codes"]
    assert any(c["country"] == "UZ" for c in body["countries_with_evidence"])


def test_an_embedding_sites_server_mints_tokens_with_an_api_key(api: ApiHarness) -> None:
    key = api.key("assess")
    response = api.client.post(TOKEN_URL, headers={**key, "Origin": "https://clinic.example"})
    assert response.status_code == 200, response.text
    token = {"Authorization": f"Bearer {response.json()['token']}"}
    assert api.client.post("/v1/assessments", json={"destination": "UZ"},
                           headers=token).status_code == 200
    assert_problem(api.client.post(TOKEN_URL, headers=api.key("read")), 403,
                   "insufficient_scope")
    assert_problem(api.client.post(TOKEN_URL, headers={"Authorization": "Bearer rrk_nope"}),
                   401, "invalid_credentials")


def test_an_intake_token_can_assess(api: ApiHarness) -> None:
    response = api.client.post("/v1/assessments", json={"destination": "UZ"},
                               headers=_token(api))
    assert response.status_code == 200


def test_an_intake_token_cannot_store_read_delete_or_see_metrics(api: ApiHarness) -> None:
    token = _token(api)
    assert_problem(api.client.post("/v1/assessments?store=true", json={"destination": "UZ"},
                                   headers=token), 403, "insufficient_scope")
    assert_problem(api.client.post("/v1/assessments:batch?store=true",
                                   json={"cases": [{"destination": "UZ"}]}, headers=token),
                   403, "insufficient_scope")
    assert api.storage.count_assessments() == 0
    assert_problem(api.client.get(f"/v1/assessments/{'0' * 32}", headers=token), 403,
                   "insufficient_scope")
    assert_problem(api.client.delete(f"/v1/assessments/{'0' * 32}", headers=token), 403,
                   "insufficient_scope")
    assert_problem(api.client.get("/metrics", headers=token), 403, "insufficient_scope")


def test_expired_and_tampered_tokens_are_401(sqlite_api: ApiHarness) -> None:
    service = sqlite_api.service
    assert service.intake is not None
    old, _ = service.intake.mint(now=time.time() - 10_000)
    assert_problem(sqlite_api.client.post("/v1/assessments", json={"destination": "UZ"},
                                          headers={"Authorization": f"Bearer {old}"}),
                   401, "invalid_credentials")
    other, _ = IntakeTokens("another-secret-" * 4, 900).mint()
    assert_problem(sqlite_api.client.post("/v1/assessments", json={"destination": "UZ"},
                                          headers={"Authorization": f"Bearer {other}"}),
                   401, "invalid_credentials")


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Origin": "https://evil.example.com"},
    {"Sec-Fetch-Site": "same-origin", "Origin": "https://evil.example.com"},
])
def test_tokens_are_only_minted_for_the_same_origin(sqlite_api: ApiHarness,
                                                    headers: dict[str, str]) -> None:
    assert_problem(sqlite_api.client.post(TOKEN_URL, headers=headers), 403, "cross_origin")


def test_minting_is_rate_limited(make_api: Any) -> None:
    api: ApiHarness = make_api(intake_tokens_per_minute=2)
    assert api.client.post(TOKEN_URL, headers=SAME_ORIGIN).status_code == 200
    assert api.client.post(TOKEN_URL, headers=SAME_ORIGIN).status_code == 200
    assert_problem(api.client.post(TOKEN_URL, headers=SAME_ORIGIN), 429, "rate_limited")


def test_the_intake_can_be_turned_off(make_api: Any) -> None:
    api: ApiHarness = make_api(intake_enabled=False)
    assert_problem(api.client.get("/intake"), 404, "not_found")
    assert_problem(api.client.get("/"), 404, "not_found")
    assert_problem(api.client.post(TOKEN_URL, headers=SAME_ORIGIN), 404, "not_found")
    assert_problem(api.client.get("/static/intake.js"), 404, "not_found")


def test_workers_sharing_a_database_share_the_signing_key(make_api: Any,
                                                          db_kind: str) -> None:
    first: ApiHarness = make_api(db_kind)
    second: ApiHarness = make_api(db_kind, database_url=first.settings.database_url,
                                  database_table_prefix=first.settings.database_table_prefix)
    token = _token(first)
    assert second.client.post("/v1/assessments", json={"destination": "UZ"},
                              headers=token).status_code == 200

"""The public reference endpoints (countries, rules, case schema) and the operations endpoints
(healthz, readyz, metrics), and the error shape of unknown paths and methods."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest

from refoulement_risk import default_knowledge
from refoulement_risk.api.examples import CONTRACT_CASE
from refoulement_risk.api.storage import MIGRATIONS
from refoulement_risk.profile_tools import coverage_rows

from .conftest import ApiHarness
from .problems import assert_problem


def test_countries_lists_every_profile(sqlite_api: ApiHarness) -> None:
    response = sqlite_api.client.get("/v1/countries")
    assert response.status_code == 200
    body = response.json()
    profiles = default_knowledge().profiles
    assert body["profiles_digest"] == profiles.digest
    assert body["countries"] == coverage_rows(profiles)


def test_a_country_shows_the_evidence_of_the_date(sqlite_api: ApiHarness) -> None:
    early = sqlite_api.client.get("/v1/countries/RU", params={"as_of": "2013-01-01"}).json()
    late = sqlite_api.client.get("/v1/countries/ru", params={"as_of": "2023-01-01"}).json()
    assert early["country"] == late["country"] == "RU"
    assert early["as_of"] == "2013-01-01"
    assert early["treaties"]["echr"]["in_force"] is True
    assert late["treaties"]["echr"]["in_force"] is False
    assert early["evidence_version"] != late["evidence_version"]
    assert set(early["sources"]) and early["profiles_digest"]


def test_a_treaty_before_its_latest_possible_start_is_shown_as_unknown(
        sqlite_api: ApiHarness) -> None:
    # Greece's ECHR entry is proven only from 20 Nov 1987: before it, neither true nor false.
    before = sqlite_api.client.get("/v1/countries/GR", params={"as_of": "1980-01-01"}).json()
    after = sqlite_api.client.get("/v1/countries/GR", params={"as_of": "2019-05-04"}).json()
    assert before["treaties"]["echr"]["in_force"] is None
    assert before["treaties"]["echr"]["from_at_latest"] is True
    assert after["treaties"]["echr"]["in_force"] is True


def _shown(example: Any, real: Any, where: str = "") -> None:
    """Every value an OpenAPI example shows is the real one; a string ending in "…" is cut.
    The digest is a placeholder: it changes with every edit of a profile."""
    if isinstance(example, dict):
        assert isinstance(real, dict), where
        for key, value in example.items():
            assert key in real, f"{where}.{key}"
            if key == "profiles_digest":
                continue
            _shown(value, real[key], f"{where}.{key}")
    elif isinstance(example, str) and example.endswith("…"):
        assert isinstance(real, str) and real.startswith(example[:-1]), where
    else:
        assert example == real, where


def _example(document: dict[str, Any], path: str) -> Any:
    return document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "example"]


def test_the_country_examples_are_what_the_routes_return(sqlite_api: ApiHarness) -> None:
    document = sqlite_api.client.get("/openapi.json").json()
    one = _example(document, "/v1/countries/{cc}")
    real = sqlite_api.client.get(f"/v1/countries/{one['country']}",
                                 params={"as_of": one["as_of"]}).json()
    _shown(one, real, "/v1/countries/{cc}")
    listed = _example(document, "/v1/countries")
    rows = {r["country"]: r for r in sqlite_api.client.get("/v1/countries").json()["countries"]}
    for row in listed["countries"]:
        _shown(row, rows[row["country"]], f"/v1/countries {row['country']}")


def test_a_country_without_a_date_uses_today(sqlite_api: ApiHarness) -> None:
    import datetime as dt

    body = sqlite_api.client.get("/v1/countries/UZ").json()
    assert body["as_of"] == dt.date.today().isoformat()


def test_country_errors(sqlite_api: ApiHarness) -> None:
    assert_problem(sqlite_api.client.get("/v1/countries/ZZ"), 404, "not_found")
    assert_problem(sqlite_api.client.get("/v1/countries/UZB"), 422, "invalid_request",
                   locations=["path.cc"])
    assert_problem(sqlite_api.client.get("/v1/countries/UZ", params={"as_of": "yesterday"}),
                   422, "invalid_request", locations=["query.as_of"])


def test_rules_list_ids_titles_and_authorities(sqlite_api: ApiHarness) -> None:
    body = sqlite_api.client.get("/v1/rules").json()
    book = default_knowledge().rulebook
    assert body["version"] == book.index.version and body["digest"] == book.digest
    assert [r["id"] for r in body["rules"]] == [r.id for r in book.rules]
    for rule, compiled in zip(body["rules"], book.rules, strict=True):
        assert rule["title"] == compiled.rule.title
        assert [a["id"] for a in rule["authorities"]] == list(compiled.rule.authorities)
        assert all(a["citation"] for a in rule["authorities"])


def test_the_case_schema_validates_the_contract_example(sqlite_api: ApiHarness) -> None:
    schema = sqlite_api.client.get("/v1/schema/case").json()
    assert schema["$schema"].startswith("https://json-schema.org/draft/2020-12")
    assert schema["required"] == ["destination"]
    validator = jsonschema_rs.validator_for(schema)
    assert validator.is_valid(CONTRACT_CASE)
    assert validator.is_valid({"destination": "UZ"})
    assert not validator.is_valid({"destination": "XX"})
    assert not validator.is_valid({"destination": "UZ", "name": "A. Person"})
    assert not validator.is_valid({"removing_state": "RU"})


def test_healthz_and_readyz(api: ApiHarness) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    ready = api.client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["schema_version"] == MIGRATIONS[-1].version
    assert ready["database"] == api.storage.dialect
    assert ready["rule_set_digest"] == default_knowledge().rulebook.digest


def test_readyz_is_503_when_the_database_is_gone(sqlite_api: ApiHarness) -> None:
    sqlite_api.storage.drop_all()
    assert_problem(sqlite_api.client.get("/readyz"), 503, "not_ready")


def test_metrics_count_requests_latency_and_bands(sqlite_api: ApiHarness) -> None:
    headers = sqlite_api.key("assess")
    band = sqlite_api.client.post("/v1/assessments", json=CONTRACT_CASE,
                                  headers=headers).json()["band"]
    sqlite_api.client.post("/v1/assessments", json={}, headers=headers)
    response = sqlite_api.client.get("/metrics", headers=sqlite_api.key("admin"))
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert ('refoulement_risk_http_requests_total{method="POST",route="/v1/assessments",'
            'status="200"} 1') in text
    assert ('refoulement_risk_http_requests_total{method="POST",route="/v1/assessments",'
            'status="422"} 1') in text
    assert ('refoulement_risk_http_request_duration_seconds_count{route="/v1/assessments"} 2'
            in text)
    assert f'refoulement_risk_assessments_total{{band="{band}",stored="false"}} 1' in text


@pytest.mark.parametrize(("method", "path", "status", "code"), [
    ("GET", "/nowhere", 404, "not_found"),
    ("PUT", "/v1/assessments", 405, "method_not_allowed"),  # GET lists since issue 14
    ("PUT", "/v1/assessments/abc", 405, "method_not_allowed"),
    ("DELETE", "/v1/rules", 405, "method_not_allowed"),
])
def test_unknown_paths_and_methods_are_problems(sqlite_api: ApiHarness, method: str, path: str,
                                                status: int, code: str) -> None:
    response = sqlite_api.client.request(method, path)
    assert_problem(response, status, code)
    if status == 405:  # Allow lists every method of the path
        allowed = {m.strip() for m in response.headers["allow"].split(",")}
        expected = {"/v1/assessments": {"GET", "POST"}, "/v1/assessments/abc": {"GET", "DELETE"},
                    "/v1/rules": {"GET"}}[path]
        assert expected <= allowed, allowed

"""POST /v1/assessments, the stored record (GET, DELETE), retention; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from refoulement_risk import assess, default_knowledge
from refoulement_risk.api.examples import CONTRACT_CASE

from .conftest import ApiHarness
from .problems import assert_problem

URL = "/v1/assessments"


def test_assessing_the_contract_case_returns_the_contract_fields(api: ApiHarness) -> None:
    response = api.client.post(URL, json=CONTRACT_CASE, headers=api.key("assess"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    for name in ("score", "band", "range", "irregular_transfer", "base", "factors",
                 "legal_bars", "missing_information", "recommended_actions", "versions",
                 "disclaimer"):
        assert name in body
    assert "id" not in body
    expected = assess(CONTRACT_CASE, knowledge=default_knowledge())
    assert body == json.loads(expected.model_dump_json())
    assert api.storage.count_assessments() == 0  # nothing stored unless store=true


def test_a_minimal_case_is_assessed_with_its_unknowns(api: ApiHarness) -> None:
    response = api.client.post(URL, json={"destination": "UZ", "as_of": "2013-04-25"},
                               headers=api.key("assess"))
    assert response.status_code == 200
    body = response.json()
    assert body["missing_information"] and body["range"]["low"] <= body["score"]


def test_store_true_writes_input_output_and_versions(api: ApiHarness) -> None:
    headers = {**api.key("assess"), **api.key("read")}  # the last header wins: read key
    assess_headers = api.key("assess")
    response = api.client.post(URL, params={"store": "true"}, json=CONTRACT_CASE,
                               headers=assess_headers)
    assert response.status_code == 201
    body = response.json()
    location = response.headers["location"]
    assert location == f"{URL}/{body['id']}"
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=29) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=30)

    stored = api.client.get(location, headers=headers)
    assert stored.status_code == 200
    record = stored.json()
    assert record["id"] == body["id"]
    assert record["case"] == CONTRACT_CASE
    assert record["assessment"] == {k: v for k, v in body.items() if k not in ("id",
                                                                               "expires_at")}
    versions = record["assessment"]["versions"]
    assert record["versions"] == {k: versions[k] for k in (
        "engine", "rules", "rule_set_digest", "profiles_digest", "backend")}
    assert record["reproducible"] is True
    # Reproduce: the stored input, assessed again, gives the stored output.
    again = assess(record["case"], knowledge=default_knowledge())
    assert json.loads(again.model_dump_json()) == record["assessment"]


def test_absent_fields_stay_absent_in_the_stored_case(api: ApiHarness) -> None:
    case = {"destination": "TJ", "profile": {"journalist": True}}
    created = api.client.post(URL, params={"store": "true"}, json=case,
                              headers=api.key("assess"))
    record = api.client.get(created.headers["location"], headers=api.key("read")).json()
    assert record["case"] == case


def test_delete_erases_the_record(api: ApiHarness) -> None:
    created = api.client.post(URL, params={"store": "true"}, json={"destination": "UZ"},
                              headers=api.key("assess"))
    location = created.headers["location"]
    reader = api.key("read")
    deleted = api.client.delete(location, headers=reader)
    assert deleted.status_code == 204 and deleted.content == b""
    assert api.storage.count_assessments() == 0
    assert_problem(api.client.get(location, headers=reader), 404, "not_found")
    assert_problem(api.client.delete(location, headers=reader), 404, "not_found")


def test_unknown_ids_are_404(api: ApiHarness) -> None:
    reader = api.key("read")
    assert_problem(api.client.get(f"{URL}/nope", headers=reader), 404, "not_found")
    assert_problem(api.client.delete(f"{URL}/{'0' * 32}", headers=reader), 404, "not_found")


@pytest.mark.parametrize("bad", ["x" * 65, "0" * 31, "0" * 33, "A" * 32, "0" * 31 + "%00",
                                 "%00", "0" * 31 + "'", "0" * 31 + "%E2%80%AE"])
def test_an_id_not_in_the_id_format_is_404_before_any_query(api: ApiHarness, bad: str) -> None:
    """Issue 14: an id with a NUL or any other character (or the wrong length) is a 404 like an
    unknown id (it was a 500 on PostgreSQL), for read, delete and re-assess alike."""
    headers = {**api.key("assess,read")}
    for call in (api.client.get, api.client.delete):
        assert_problem(call(f"{URL}/{bad}", headers=headers), 404, "not_found")
    assert_problem(api.client.post(f"{URL}/{bad}/reassess", headers=headers), 404, "not_found")


def test_expired_records_are_404_and_the_sweep_deletes_them(api: ApiHarness) -> None:
    created = api.client.post(URL, params={"store": "true"}, json={"destination": "UZ"},
                              headers=api.key("assess"))
    location = created.headers["location"]
    table = api.storage.tables.assessments
    with api.storage.engine.begin() as conn:
        conn.execute(table.update().values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    assert_problem(api.client.get(location, headers=api.key("read")), 404, "not_found")
    assert api.storage.count_assessments() == 1
    assert api.service.purge_expired() == 1
    assert api.storage.count_assessments() == 0


def test_retention_period_is_configurable(make_api: Any) -> None:
    api = make_api(retention_days=2)
    created = api.client.post(URL, params={"store": "true"}, json={"destination": "UZ"},
                              headers=api.key("assess"))
    expires = dt.datetime.fromisoformat(created.json()["expires_at"])
    assert dt.timedelta(days=1) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=2)


def test_an_invalid_case_lists_every_problem_and_computes_nothing(api: ApiHarness) -> None:
    case = {"destination": "uz", "proceeding": "kidnap", "profile": {"journalist": "yes"},
            "nickname": "x"}
    response = api.client.post(URL, params={"store": "true"}, json=case,
                               headers=api.key("assess"))
    body = assert_problem(response, 422, "invalid_case",
                          locations=["destination", "proceeding", "profile.journalist",
                                     "nickname"])
    assert "is not a field" in {p["location"]: p["reason"] for p in body["problems"]}["nickname"]
    assert api.storage.count_assessments() == 0


def test_destination_is_required(api: ApiHarness) -> None:
    response = api.client.post(URL, json={}, headers=api.key("assess"))
    assert_problem(response, 422, "invalid_case", locations=["destination"])


def test_a_body_that_is_not_an_object_is_422(api: ApiHarness) -> None:
    response = api.client.post(URL, json=["UZ"], headers=api.key("assess"))
    assert_problem(response, 422, "invalid_case", locations=["(case)"])


def test_malformed_json_is_400(api: ApiHarness) -> None:
    response = api.client.post(URL, content=b'{"destination": "UZ",}',
                               headers={**api.key("assess"), "Content-Type": "application/json"})
    body = assert_problem(response, 400, "malformed_json")
    assert body["problems"][0]["location"].startswith("body:1:")


def test_unpaired_surrogates_are_400(api: ApiHarness) -> None:
    response = api.client.post(URL, content=b'{"destination": "UZ", "client_reference": '
                                            b'"\\ud800"}',
                               headers={**api.key("assess"), "Content-Type": "application/json"})
    assert_problem(response, 400, "malformed_json")


def test_a_body_that_is_not_json_is_415(api: ApiHarness) -> None:
    response = api.client.post(URL, content=b"destination=UZ",
                               headers={**api.key("assess"),
                                        "Content-Type": "application/x-www-form-urlencoded"})
    assert_problem(response, 415, "unsupported_media_type")
    response = api.client.post(URL, content=b'{"destination": "UZ"}', headers=api.key("assess"))
    assert_problem(response, 415, "unsupported_media_type")


def test_an_invalid_store_parameter_is_422(api: ApiHarness) -> None:
    response = api.client.post(URL, params={"store": "perhaps"}, json={"destination": "UZ"},
                               headers=api.key("assess"))
    assert_problem(response, 422, "invalid_request", locations=["query.store"])

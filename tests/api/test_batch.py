"""POST /v1/assessments:batch: each case assessed or refused on its own, the documented limit."""

from __future__ import annotations

from typing import Any

import pytest

from refoulement_risk.api.examples import CONTRACT_CASE

from .conftest import ApiHarness
from .problems import assert_problem

URL = "/v1/assessments:batch"


def test_a_batch_assesses_each_case_and_refuses_the_invalid_ones(api: ApiHarness) -> None:
    cases = [CONTRACT_CASE, {"destination": "XX"}, {"destination": "TJ"}]
    response = api.client.post(URL, json={"cases": cases}, headers=api.key("assess"))
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["assessed"], body["refused"]) == (3, 2, 1)
    assert [r["index"] for r in body["results"]] == [0, 1, 2]
    assert [r["status"] for r in body["results"]] == [200, 422, 200]
    single = api.client.post("/v1/assessments", json=CONTRACT_CASE, headers=api.key("assess"))
    assert body["results"][0]["assessment"] == {**single.json(), "id": None, "expires_at": None}
    problem = body["results"][1]["problem"]
    assert problem["code"] == "invalid_case"
    assert [p["location"] for p in problem["problems"]] == ["cases[1].destination"]
    assert api.storage.count_assessments() == 0


def test_a_stored_batch_keeps_each_valid_case(api: ApiHarness) -> None:
    cases = [{"destination": "UZ"}, {"nope": 1}, {"destination": "KG"}]
    response = api.client.post(URL, params={"store": "true"}, json={"cases": cases},
                               headers=api.key("assess"))
    results = response.json()["results"]
    assert [r["status"] for r in results] == [201, 422, 201]
    assert api.storage.count_assessments() == 2
    reader = api.key("read")
    for result in (results[0], results[2]):
        record = api.client.get(f"/v1/assessments/{result['assessment']['id']}",
                                headers=reader).json()
        assert record["case"] == cases[result["index"]]


def test_the_batch_limit_is_enforced(make_api: Any) -> None:
    api: ApiHarness = make_api(batch_max_cases=3)
    headers = api.key("assess")
    ok = api.client.post(URL, json={"cases": [{"destination": "UZ"}] * 3}, headers=headers)
    assert ok.status_code == 200
    too_many = api.client.post(URL, json={"cases": [{"destination": "UZ"}] * 4},
                               headers=headers)
    body = assert_problem(too_many, 422, "invalid_request", locations=["cases"])
    assert "between 1 and 3" in body["problems"][0]["reason"]
    schema = api.client.get("/openapi.json").json()
    assert schema["components"]["schemas"]["BatchRequest"]["properties"]["cases"][
        "maxItems"] == 3


@pytest.mark.parametrize(("body", "locations"), [
    ({"cases": []}, ["cases"]),
    ({"cases": "UZ"}, ["cases"]),
    ({}, ["cases"]),
    ({"cases": [{"destination": "UZ"}], "store": True}, ["store"]),
    ([{"destination": "UZ"}], ["(body)"]),
])
def test_an_invalid_batch_request_is_422(sqlite_api: ApiHarness, body: Any,
                                          locations: list[str]) -> None:
    response = sqlite_api.client.post(URL, json=body, headers=sqlite_api.key("assess"))
    assert_problem(response, 422, "invalid_request", locations=locations)


def test_batch_errors_before_assessment(sqlite_api: ApiHarness) -> None:
    headers = sqlite_api.key("assess")
    assert_problem(sqlite_api.client.post(URL, content=b"{", headers={
        **headers, "Content-Type": "application/json"}), 400, "malformed_json")
    assert_problem(sqlite_api.client.post(URL, content=b"{}", headers=headers), 415,
                   "unsupported_media_type")

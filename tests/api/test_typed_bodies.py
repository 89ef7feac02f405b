"""Issue 8 item 5: the case is a typed FastAPI body parameter and the returned models are checked
by ``response_model``; the documented problems stay exactly as they were."""

from __future__ import annotations

from typing import Any

from .conftest import ApiHarness
from .problems import assert_problem

URL = "/v1/assessments"


def test_the_request_bodies_come_from_the_models(sqlite_api: ApiHarness) -> None:
    document: dict[str, Any] = sqlite_api.client.get("/openapi.json").json()
    paths = document["paths"]
    single = paths[URL]["post"]["requestBody"]
    assert single["required"] is True
    content = single["content"]["application/json"]
    assert content["schema"] == {"$ref": "#/components/schemas/Case"}
    assert set(content["examples"]) == {"contract", "minimal"}
    batch = paths[URL + ":batch"]["post"]["requestBody"]["content"]["application/json"]
    assert batch["schema"] == {"$ref": "#/components/schemas/BatchRequest"}
    schema = document["components"]["schemas"]["BatchRequest"]
    assert schema["additionalProperties"] is False and schema["required"] == ["cases"]
    cases = schema["properties"]["cases"]
    assert cases["items"] == {"$ref": "#/components/schemas/Case"}
    assert (cases["minItems"], cases["maxItems"]) == (1, sqlite_api.settings.batch_max_cases)
    assert "Idempotent-Replayed" in paths[URL]["post"]["responses"]["201"]["headers"]


def test_a_bad_parameter_is_reported_before_the_body(sqlite_api: ApiHarness) -> None:
    """As when the body was read after the parameters: the parameter's problem alone."""
    response = sqlite_api.client.post(URL, params={"store": "perhaps"}, json={"nickname": 1},
                                      headers=sqlite_api.key("assess"))
    assert_problem(response, 422, "invalid_request", locations=["query.store"])
    response = sqlite_api.client.post(URL, params={"lang": "xx"}, json={"nickname": 1},
                                      headers=sqlite_api.key("assess"))
    assert_problem(response, 422, "invalid_request", locations=["lang"])
    response = sqlite_api.client.post(URL + ":batch", params={"store": "perhaps"},
                                      json={"cases": []}, headers=sqlite_api.key("assess"))
    assert_problem(response, 422, "invalid_request", locations=["query.store"])


def test_the_batch_body_is_refused_with_its_own_problems(sqlite_api: ApiHarness) -> None:
    headers = sqlite_api.key("assess")
    for body, locations in [([], ["(body)"]), ({}, ["cases"]), ({"cases": []}, ["cases"]),
                            ({"cases": "UZ", "x": 1}, ["x", "cases"])]:
        response = sqlite_api.client.post(URL + ":batch", json=body, headers=headers)
        assert_problem(response, 422, "invalid_request", locations=locations)
    many = {"cases": [{"destination": "UZ"}] * (sqlite_api.settings.batch_max_cases + 1)}
    response = sqlite_api.client.post(URL + ":batch", json=many, headers=headers)
    assert_problem(response, 422, "invalid_request", locations=["cases"])


def test_a_stored_record_the_models_refuse_is_not_served(sqlite_api: ApiHarness) -> None:
    """FastAPI checks what the route returns: a record whose band is not a band is a 500,
    never an answer that does not match the documented model."""
    created = sqlite_api.client.post(URL, params={"store": "true"}, json={"destination": "UZ"},
                                     headers=sqlite_api.key("assess"))
    assert created.status_code == 201 and "id" in created.json()
    plain = sqlite_api.client.post(URL, json={"destination": "UZ"},
                                   headers=sqlite_api.key("assess")).json()
    assert "id" not in plain and "expires_at" not in plain
    record = sqlite_api.client.get(created.headers["location"], headers=sqlite_api.key("read"))
    assert record.status_code == 200 and record.json()["case"] == {"destination": "UZ"}
    table = sqlite_api.storage.tables.assessments
    with sqlite_api.storage.engine.begin() as conn:
        conn.execute(table.update().values(
            assessment_json='{"band": "purple"}', band="purple"))
    read = sqlite_api.client.get(created.headers["location"], headers=sqlite_api.key("read"))
    assert_problem(read, 500, "internal_error")
    listing = sqlite_api.client.get(URL, params={"include": "assessment"},
                                    headers=sqlite_api.key("read"))
    assert_problem(listing, 500, "internal_error")

"""The service's assessments carry the precedents and the band's track record (contract 1.1),
as the response schema declares them."""

from __future__ import annotations

from .conftest import ApiHarness

URL = "/v1/assessments"
CASE = {"destination": "UZ", "removing_state": "RU", "as_of": "2014-05-01",
        "charges": [{"category": "religious_extremism", "organisation": "hizb_ut_tahrir"}]}


def test_an_assessment_carries_precedents_and_the_bands_record(sqlite_api: ApiHarness) -> None:
    response = sqlite_api.client.post(URL, json=CASE, headers=sqlite_api.key("assess"))
    assert response.status_code == 200
    body = response.json()
    assert body["precedents"], "no decided case like a Hizb ut-Tahrir suspect in Uzbekistan"
    for p in body["precedents"]:
        assert {"name", "citation", "date", "body", "outcome", "reason", "similarity"} <= set(p)
        assert p["date"] <= CASE["as_of"]
        assert 0 <= p["similarity"] <= 1
    record = body["calibration"]
    assert record["band"] == body["band"]
    assert 0 <= record["violations"] <= record["decided_cases"]


def test_the_response_schema_declares_both_fields(sqlite_api: ApiHarness) -> None:
    schemas = sqlite_api.client.get("/openapi.json").json()["components"]["schemas"]
    assert {"name", "citation", "date", "body", "outcome", "reason", "similarity"} <= set(
        schemas["Precedent"]["properties"])
    assert set(schemas["Calibration"]["properties"]) == {"band", "decided_cases", "violations"}
    assessment = next(s for n, s in schemas.items() if n.startswith("AssessmentResult"))
    assert {"precedents", "calibration"} <= set(assessment["properties"])

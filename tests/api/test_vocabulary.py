"""GET /v1/vocabulary: the published vocabulary comes from the fact catalogue."""

from __future__ import annotations

from refoulement_risk.catalogue import CATALOGUE
from refoulement_risk.catalogue_model import Origin

from .conftest import ApiHarness


def test_vocabulary_lists_every_catalogue_fact_and_the_intake_options(
        sqlite_api: ApiHarness) -> None:
    response = sqlite_api.client.get("/v1/vocabulary")
    assert response.status_code == 200
    body = response.json()
    assert {e.name for e in CATALOGUE.facts} <= set(body["facts"])
    assert "derived.detention_on_return" in body["facts"]
    asked = {item["field"]: item for item in body["intake"]}
    assert [o["value"] for o in asked["refugee_status"]["options"]] == list(
        CATALOGUE.at_path("refugee_status").values)
    assert asked["profile.ethnicity"]["options"], "ethnicities come from the evidence vocabulary"
    assert "хизб ут-тахрир" in body["organisations"]["hizb_ut_tahrir"]["aliases"]
    assert body["model"]["without_evidence"]["band"] == "insufficient_evidence"
    assert [b["name"] for b in body["model"]["bands"]] == ["low", "moderate", "high",
                                                          "very_high"]
    assert body["evidence"]["indicators"]["destination"]["custody_torture_level"] == list(
        CATALOGUE.indicators(Origin.destination)["custody_torture_level"].values)
    assert "echr" in body["evidence"]["treaties"]

"""POST /v1/assessments in another language: `?lang=` and Accept-Language (issue 13)."""

from __future__ import annotations

import json

from refoulement_risk import assess, default_knowledge
from refoulement_risk.api.examples import CONTRACT_CASE
from refoulement_risk.i18n_translate import translate_assessment

from .conftest import ApiHarness
from .problems import assert_problem

URL = "/v1/assessments"


def test_api_lang_query(api: ApiHarness) -> None:
    english = api.client.post(URL, json=CONTRACT_CASE, headers=api.key("assess")).json()
    russian = api.client.post(URL, params={"lang": "ru"}, json=CONTRACT_CASE,
                              headers=api.key("assess"))
    assert russian.status_code == 200
    body = russian.json()
    assert (body["language"], english["language"]) == ("ru", "en")
    assert set(body) == set(english)  # the same keys
    assert (body["score"], body["band"], body["range"]) == (
        english["score"], english["band"], english["range"])
    assert [b["code"] for b in body["legal_bars"]] == [b["code"] for b in english["legal_bars"]]
    assert body["factors"][0]["title"] != english["factors"][0]["title"]
    assert body == json.loads(translate_assessment(
        assess(CONTRACT_CASE, knowledge=default_knowledge()), "ru").model_dump_json())


def test_api_accept_language(api: ApiHarness) -> None:
    headers = {**api.key("assess"), "Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}
    body = api.client.post(URL, json=CONTRACT_CASE, headers=headers).json()
    assert body["language"] == "ru"
    headers["Accept-Language"] = "tr, de;q=0.5"  # nothing available: English, not an error
    assert api.client.post(URL, json=CONTRACT_CASE, headers=headers).json()["language"] == "en"
    headers["Accept-Language"] = "ru"  # ?lang= wins over the header
    body = api.client.post(URL, params={"lang": "en"}, json=CONTRACT_CASE, headers=headers).json()
    assert body["language"] == "en"


def test_api_refuses_an_unknown_language_naming_the_parameter(api: ApiHarness) -> None:
    response = api.client.post(URL, params={"lang": "xx"}, json=CONTRACT_CASE,
                               headers=api.key("assess"))
    body = assert_problem(response, 422, "invalid_request", locations=["lang"])
    assert "available: en, ru" in body["problems"][0]["reason"]

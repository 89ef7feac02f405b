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


def test_the_intake_interview_in_russian_keeps_every_value(sqlite_api: ApiHarness) -> None:
    english = sqlite_api.client.get("/v1/intake/interview").json()
    response = sqlite_api.client.get("/v1/intake/interview", params={"lang": "ru"})
    assert response.headers["content-language"] == "ru"
    russian = response.json()
    assert russian["language"] == "ru" and english["language"] == "en"
    assert {x["code"] for x in russian["languages"]} == {"en", "ru"}
    assert set(russian["texts"]) == set(english["texts"])
    assert russian["texts"]["page.next"] == "Далее"
    for en_step, ru_step in zip(english["steps"], russian["steps"], strict=True):
        assert en_step["field"] == ru_step["field"]
        assert [c["value"] for c in en_step.get("choices", [])] == [
            c["value"] for c in ru_step.get("choices", [])]
        assert ru_step["question"] != en_step["question"], ru_step["field"]
    by_field = {s["field"]: s for s in russian["steps"]}
    assert by_field["proceeding"]["choices"][0]["label"].startswith("Экстрадиция")
    headers = {"Accept-Language": "ru-RU,ru;q=0.9"}
    assert sqlite_api.client.get("/v1/intake/interview",
                                 headers=headers).json()["language"] == "ru"

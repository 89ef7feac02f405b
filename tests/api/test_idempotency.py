"""Issue 14, item 2: ``Idempotency-Key`` on ``POST /v1/assessments?store=true``: the same key
and body give the same record (even when the retries race); the same key with another body is a
422; keys are per organisation and remembered for ``idempotency_hours``. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import httpx

from refoulement_risk.api.examples import CONTRACT_CASE

from .conftest import ApiHarness
from .problems import assert_problem

URL = "/v1/assessments"


def _post(api: ApiHarness, headers: dict[str, str], key: str,
          case: dict[str, Any] | None = None) -> httpx.Response:
    return api.client.post(URL, params={"store": "true"}, json=case or CONTRACT_CASE,
                           headers={**headers, "Idempotency-Key": key})


def test_the_same_key_and_body_give_the_same_record(api: ApiHarness) -> None:
    headers = api.key("assess,read", org="alpha")
    first = _post(api, headers, "submission-1")
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    # Same JSON, other key order: the same request.
    reordered = dict(reversed(list(CONTRACT_CASE.items())))
    again = _post(api, headers, "submission-1", reordered)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert api.storage.count_assessments() == 1


def test_the_same_key_with_another_body_is_422(api: ApiHarness) -> None:
    headers = api.key("assess", org="alpha")
    assert _post(api, headers, "k-2").status_code == 201
    other = _post(api, headers, "k-2", {"destination": "TJ"})
    body = assert_problem(other, 422, "idempotency_key_reused")
    assert body["problems"][0]["location"] == "(header).Idempotency-Key"
    assert api.storage.count_assessments() == 1


def test_keys_are_per_organisation(api: ApiHarness) -> None:
    alpha, beta = api.key("assess", org="alpha"), api.key("assess", org="beta")
    a = _post(api, alpha, "shared-key")
    b = _post(api, beta, "shared-key", {"destination": "TJ"})
    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]
    assert api.storage.count_assessments() == 2


def test_racing_retries_store_one_record(api: ApiHarness) -> None:
    headers = api.key("assess", org="alpha")
    results: list[httpx.Response] = []

    def send() -> None:
        results.append(_post(api, headers, "race-1"))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [201] * 4
    assert len({r.json()["id"] for r in results}) == 1
    assert api.storage.count_assessments() == 1


def test_an_expired_key_or_an_erased_record_frees_or_refuses_the_key(api: ApiHarness) -> None:
    headers = api.key("assess,read", org="alpha")
    first = _post(api, headers, "k-3").json()["id"]
    table = api.storage.tables.idempotency
    with api.storage.engine.begin() as conn:
        conn.execute(table.update().values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    second = _post(api, headers, "k-3")
    assert second.status_code == 201 and second.json()["id"] != first
    # Erasing the record erases its key: a retry stores afresh, it does not resurrect.
    assert api.client.delete(f"{URL}/{second.json()['id']}", headers=headers).status_code == 204
    third = _post(api, headers, "k-3")
    assert third.status_code == 201 and third.json()["id"] != second.json()["id"]


def test_a_malformed_key_is_422_and_the_key_is_ignored_without_store(
        sqlite_api: ApiHarness) -> None:
    headers = sqlite_api.key("assess")
    bad = sqlite_api.client.post(URL, params={"store": "true"}, json=CONTRACT_CASE,
                                 headers={**headers, "Idempotency-Key": "has space"})
    assert_problem(bad, 422, "invalid_request")
    plain = sqlite_api.client.post(URL, json=CONTRACT_CASE,
                                   headers={**headers, "Idempotency-Key": "x"})
    assert plain.status_code == 200 and sqlite_api.storage.count_assessments() == 0

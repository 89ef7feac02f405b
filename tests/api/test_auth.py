"""API keys: 401 without a valid key, 403 without the scope, every scope on every protected
endpoint; keys stored hashed; revocation; per-key rate limits. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from .conftest import ApiHarness
from .problems import assert_problem

Call = Callable[[ApiHarness, dict[str, str]], httpx.Response]


def _stored_id(api: ApiHarness) -> str:
    created = api.client.post("/v1/assessments", params={"store": "true"},
                              json={"destination": "UZ"}, headers=api.key("assess"))
    assert created.status_code == 201
    return str(created.json()["id"])


ENDPOINTS: dict[str, tuple[str, Call, int]] = {
    "POST /v1/assessments": ("assess", lambda api, h: api.client.post(
        "/v1/assessments", json={"destination": "UZ"}, headers=h), 200),
    "POST /v1/assessments?store=true": ("assess", lambda api, h: api.client.post(
        "/v1/assessments?store=true", json={"destination": "UZ"}, headers=h), 201),
    "POST /v1/assessments:batch": ("assess", lambda api, h: api.client.post(
        "/v1/assessments:batch", json={"cases": [{"destination": "UZ"}]}, headers=h), 200),
    "GET /v1/assessments/{id}": ("read", lambda api, h: api.client.get(
        f"/v1/assessments/{_stored_id(api)}", headers=h), 200),
    "DELETE /v1/assessments/{id}": ("read", lambda api, h: api.client.delete(
        f"/v1/assessments/{_stored_id(api)}", headers=h), 204),
    "GET /metrics": ("admin", lambda api, h: api.client.get("/metrics", headers=h), 200),
}

SCOPE_SETS = ["assess", "read", "admin", "assess,read"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("scopes", SCOPE_SETS)
def test_every_scope_on_every_protected_endpoint(api: ApiHarness, endpoint: str,
                                                 scopes: str) -> None:
    needed, call, ok_status = ENDPOINTS[endpoint]
    allowed = needed in scopes.split(",") or "admin" in scopes.split(",")
    response = call(api, api.key(scopes))
    if allowed:
        assert response.status_code == ok_status, response.text[:300]
    else:
        body = assert_problem(response, 403, "insufficient_scope")
        assert repr(needed) in body["detail"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("authorization", [
    None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token rr_abc",
])
def test_no_key_is_401(api: ApiHarness, endpoint: str, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    assert_problem(ENDPOINTS[endpoint][1](api, headers), 401, "missing_credentials")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("key", [
    "rr_0123456789abcdef_notarealsecret", "rr_short", "not-a-key-at-all",
    "rri_forged.signature",
])
def test_an_unknown_key_is_401(api: ApiHarness, endpoint: str, key: str) -> None:
    response = ENDPOINTS[endpoint][1](api, {"Authorization": f"Bearer {key}"})
    assert_problem(response, 401, "invalid_credentials")


def test_a_known_key_id_with_a_wrong_secret_is_401(api: ApiHarness) -> None:
    good = api.key("assess")["Authorization"]
    bad = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    response = ENDPOINTS["POST /v1/assessments"][1](api, {"Authorization": bad})
    assert_problem(response, 401, "invalid_credentials")


def test_the_scheme_is_case_insensitive(api: ApiHarness) -> None:
    key = api.key("assess")["Authorization"].split(" ", 1)[1]
    response = api.client.post("/v1/assessments", json={"destination": "UZ"},
                               headers={"Authorization": f"bearer {key}"})
    assert response.status_code == 200


def test_a_revoked_key_is_401(api: ApiHarness) -> None:
    headers = api.key("assess", name="leaving")
    call = ENDPOINTS["POST /v1/assessments"][1]
    assert call(api, headers).status_code == 200
    import datetime as dt

    assert api.storage.revoke_key("leaving", dt.datetime.now(dt.UTC)) == 1
    assert_problem(call(api, headers), 401, "invalid_credentials")


def test_keys_are_stored_hashed(api: ApiHarness) -> None:
    key = api.key("assess,read", name="hashed")["Authorization"].split(" ", 1)[1]
    table = api.storage.tables.api_keys
    with api.storage.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(table)).mappings()]
    assert len(rows) == 1
    stored = " ".join(str(v) for v in rows[0].values())
    secret = key.split("_", 2)[2]  # the secret itself may contain "_"
    assert secret not in stored and key not in stored
    assert len(rows[0]["secret_hash"]) == 64


def test_the_key_name_is_logged_never_the_key(api: ApiHarness,
                                              caplog: pytest.LogCaptureFixture) -> None:
    headers = api.key("assess", name="desk-7")
    with caplog.at_level("INFO", logger="refoulement_risk"):
        logger = __import__("logging").getLogger("refoulement_risk")
        logger.addHandler(caplog.handler)
        try:
            api.client.post("/v1/assessments", json={"destination": "UZ"}, headers=headers)
        finally:
            logger.removeHandler(caplog.handler)
    access = [r for r in caplog.records if getattr(r, "event", None) == "access"]
    assert access and access[-1].key == "desk-7"  # type: ignore[attr-defined]
    secret = headers["Authorization"].split(" ", 1)[1]
    assert all(secret not in r.getMessage() and secret not in str(vars(r))
               for r in caplog.records)


def test_rate_limit_per_key_is_429_with_retry_after(make_api: Any, db_kind: str) -> None:
    api: ApiHarness = make_api(db_kind, rate_limit_per_minute=1, rate_limit_burst=2)
    first, second = api.key("assess"), api.key("assess")
    call = ENDPOINTS["POST /v1/assessments"][1]
    assert call(api, first).status_code == 200
    assert call(api, first).status_code == 200
    assert_problem(call(api, first), 429, "rate_limited")
    assert call(api, second).status_code == 200  # another key has its own bucket
    metrics = api.client.get("/metrics", headers=api.key("admin")).text
    assert "refoulement_risk_rate_limited_total 1" in metrics


def test_a_batch_costs_one_token_per_case(make_api: Any) -> None:
    api: ApiHarness = make_api(rate_limit_per_minute=1, rate_limit_burst=3)
    headers = api.key("assess")
    cases = {"cases": [{"destination": "UZ"}] * 3}
    assert api.client.post("/v1/assessments:batch", json=cases, headers=headers
                           ).status_code == 200
    assert_problem(api.client.post("/v1/assessments", json={"destination": "UZ"},
                                   headers=headers), 429, "rate_limited")


def test_metrics_can_be_public(make_api: Any) -> None:
    api: ApiHarness = make_api(metrics_public=True)
    assert api.client.get("/metrics").status_code == 200

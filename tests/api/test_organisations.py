"""Issue 14, item 1: each organisation's stored assessments are its own. Another organisation's
key gets 404 (not 403) on a record for GET, DELETE and re-assess, and never sees it in a
listing; an operator key administers across organisations. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from refoulement_risk.api.examples import CONTRACT_CASE

from .conftest import ApiHarness
from .problems import assert_problem

URL = "/v1/assessments"


def _store(api: ApiHarness, headers: dict[str, str], case: dict[str, Any] | None = None) -> str:
    response = api.client.post(URL, params={"store": "true"}, json=case or CONTRACT_CASE,
                               headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _ids(api: ApiHarness, headers: dict[str, str], **params: Any) -> list[str]:
    response = api.client.get(URL, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_another_organisations_record_is_404_for_read_delete_reassess_and_list(
        api: ApiHarness) -> None:
    alpha = api.key("assess,read", org="alpha")
    beta = api.key("assess,read,admin", org="beta")  # even admin stays in its organisation
    record = _store(api, alpha)
    unknown = "0" * 32
    for headers, expected in ((beta, 404), (alpha, 200)):
        got = api.client.get(f"{URL}/{record}", headers=headers)
        assert got.status_code == expected
        again = api.client.post(f"{URL}/{record}/reassess", headers=headers)
        assert again.status_code == expected
    # The other organisation's id and an unknown id answer exactly alike: ids reveal nothing.
    other = api.client.get(f"{URL}/{record}", headers=beta)
    missing = api.client.get(f"{URL}/{unknown}", headers=beta)
    body_other, body_missing = assert_problem(other, 404), assert_problem(missing, 404)
    assert body_other["detail"] == body_missing["detail"]
    assert_problem(api.client.delete(f"{URL}/{record}", headers=beta), 404, "not_found")
    assert _ids(api, beta) == []
    assert _ids(api, alpha) == [record]
    assert api.storage.count_assessments() == 1  # beta's DELETE erased nothing
    assert api.client.delete(f"{URL}/{record}", headers=alpha).status_code == 204


def test_a_non_operator_cannot_list_another_organisation(api: ApiHarness) -> None:
    beta = api.key("read", org="beta")
    assert_problem(api.client.get(URL, params={"org": "alpha"}, headers=beta), 403,
                   "insufficient_scope")
    assert api.client.get(URL, params={"org": "beta"}, headers=beta).status_code == 200


def test_an_operator_administers_across_organisations(api: ApiHarness) -> None:
    alpha, beta = api.key("assess", org="alpha"), api.key("assess", org="beta")
    operator = api.key("operator", org="ops")
    a, b = _store(api, alpha), _store(api, beta)
    assert set(_ids(api, operator)) == {a, b}
    assert _ids(api, operator, org="beta") == [b]
    listed = api.client.get(URL, headers=operator).json()["items"]
    assert {item["org"] for item in listed} == {"alpha", "beta"}
    assert api.client.get(f"{URL}/{a}", headers=operator).status_code == 200
    assert api.client.delete(f"{URL}/{b}", headers=operator).status_code == 204
    assert set(_ids(api, operator)) == {a}
    # Operator is explicit: admin does not include it, and operator alone cannot assess.
    admin = api.key("admin", org="ops")
    assert_problem(api.client.get(f"{URL}/{a}", headers=admin), 404, "not_found")
    assert_problem(api.client.post(URL, json=CONTRACT_CASE, headers=operator), 403,
                   "insufficient_scope")


def test_listing_pages_with_a_cursor_and_filters(api: ApiHarness) -> None:
    alpha = api.key("assess,read", org="alpha")
    made = [_store(api, alpha, {**CONTRACT_CASE, "client_reference": f"ref-{i % 2}"})
            for i in range(5)]
    low = _store(api, alpha, {"destination": "UZ", "as_of": "2013-04-25",
                              "client_reference": "other"})
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = api.client.get(URL, params=params, headers=alpha).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted([*made, low]) and len(seen) == len(set(seen)) == 6
    assert set(_ids(api, alpha, client_reference="ref-0")) == {made[0], made[2], made[4]}
    band = api.client.get(f"{URL}/{made[0]}", headers=alpha).json()["assessment"]["band"]
    assert set(made) <= set(_ids(api, alpha, band=band))
    today = dt.datetime.now(dt.UTC).date()
    assert len(_ids(api, alpha, created_from=today.isoformat())) == 6
    assert _ids(api, alpha, created_until=(today - dt.timedelta(days=1)).isoformat()) == []
    assert _ids(api, alpha, created_from=(today + dt.timedelta(days=1)).isoformat()) == []


def test_a_listing_carries_no_case_content_unless_asked(api: ApiHarness) -> None:
    alpha = api.key("assess,read", org="alpha")
    _store(api, alpha)
    plain = api.client.get(URL, headers=alpha)
    assert "membership of a banned religious organisation" not in plain.text
    item = plain.json()["items"][0]
    assert "case" not in item and "assessment" not in item
    assert item["client_reference"] == CONTRACT_CASE["client_reference"]
    full = api.client.get(URL, params={"include": ["case", "assessment"]}, headers=alpha)
    item = full.json()["items"][0]
    assert item["case"] == CONTRACT_CASE and item["assessment"]["band"] == item["band"]


@pytest.mark.parametrize(("params", "location"), [
    ({"created_from": "2026-02-30"}, "query.created_from"),
    ({"created_from": "1764547200"}, "query.created_from"),
    ({"created_until": "2026-01-01T00:00:00"}, "query.created_until"),
    ({"created_until": "2026-W01-1"}, "query.created_until"),
    ({"cursor": "bm90LWEtY3Vyc29y"}, "(query).cursor"),
    ({"band": "extreme"}, "query.band"),
    ({"limit": 0}, "query.limit"),
])
def test_listing_refuses_bad_filters(sqlite_api: ApiHarness, params: dict[str, Any],
                                     location: str) -> None:
    response = sqlite_api.client.get(URL, params=params, headers=sqlite_api.key("read"))
    assert_problem(response, 422, locations=[location])


def test_an_intake_token_cannot_list(sqlite_api: ApiHarness) -> None:
    token = sqlite_api.service.intake
    assert token is not None
    minted, _ = token.mint()
    response = sqlite_api.client.get(URL, headers={"Authorization": f"Bearer {minted}"})
    assert_problem(response, 403, "insufficient_scope")

"""Issue 14, items 5 and 6: dates only as ISO calendar dates, HEAD on the health endpoints, the
OpenAPI document carrying every pattern the server enforces, and the intake signing key kept
out of the database (from the settings or an owner-only file, with rotation)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from refoulement_risk.api import Settings
from refoulement_risk.api.params import ASSESSMENT_ID_PATTERN, ISO_DATE_PATTERN
from refoulement_risk.api.routes.assessments import IDEMPOTENCY_KEY_PATTERN
from refoulement_risk.api.security import ORG_PATTERN, IntakeTokens

from .conftest import ApiHarness
from .problems import assert_problem


@pytest.mark.parametrize("value", ["1366848000", "2013-04-25T00:00:00", "2013-04-25 00:00",
                                   "20130425", "2013-W17-4", "2013-02-30", "+2013-04-25",
                                   "٢٠١٣-٠٤-٢٥"])
def test_dates_are_iso_calendar_dates_only(sqlite_api: ApiHarness, value: str) -> None:
    response = sqlite_api.client.get("/v1/countries/UZ", params={"as_of": value})
    assert_problem(response, 422, "invalid_request", locations=["query.as_of"])
    listing = sqlite_api.client.get("/v1/assessments", params={"created_from": value},
                                    headers=sqlite_api.key("read"))
    assert_problem(listing, 422, "invalid_request", locations=["query.created_from"])


def test_an_iso_date_is_accepted(sqlite_api: ApiHarness) -> None:
    response = sqlite_api.client.get("/v1/countries/UZ", params={"as_of": "2013-04-25"})
    assert response.status_code == 200 and response.json()["as_of"] == "2013-04-25"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_head_on_the_health_endpoints(sqlite_api: ApiHarness, path: str) -> None:
    response = sqlite_api.client.head(path)
    assert response.status_code == 200 and response.content == b""


def test_the_openapi_document_carries_every_enforced_pattern(sqlite_api: ApiHarness) -> None:
    document = sqlite_api.client.get("/openapi.json").json()

    def parameter(path: str, method: str, name: str) -> dict[str, Any]:
        for p in document["paths"][path][method]["parameters"]:
            if p["name"] == name:
                schema: dict[str, Any] = p["schema"]
                if "anyOf" in schema:
                    schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
                return schema
        raise AssertionError(f"{method} {path} has no parameter {name}")

    for method in ("get", "delete"):
        assert parameter("/v1/assessments/{assessment_id}", method,
                         "assessment_id")["pattern"] == ASSESSMENT_ID_PATTERN
    assert parameter("/v1/countries/{cc}", "get", "as_of")["pattern"] == ISO_DATE_PATTERN
    for name in ("created_from", "created_until"):
        assert parameter("/v1/assessments", "get", name)["pattern"] == ISO_DATE_PATTERN
    assert parameter("/v1/assessments", "get", "org")["pattern"] == ORG_PATTERN
    assert parameter("/v1/assessments", "post", "Idempotency-Key")["pattern"] == \
        IDEMPOTENCY_KEY_PATTERN


def test_the_signing_key_is_not_in_the_database(sqlite_api: ApiHarness) -> None:
    table = sqlite_api.storage.tables.secrets
    with sqlite_api.storage.engine.connect() as conn:
        assert conn.execute(select(table.c.name)).all() == []


def test_a_key_file_signs_with_its_first_key_and_verifies_with_every_key(
        make_api: Any, tmp_path: Path) -> None:
    old, new = "o" * 40, "n" * 40
    key_file = tmp_path / "intake.keys"
    key_file.write_text(f"# newest first\n{new}\n{old}\n")
    os.chmod(key_file, 0o600)
    api: ApiHarness = make_api(secret_key_file=str(key_file))
    assert api.service.intake is not None
    minted, _ = api.service.intake.mint()
    assert IntakeTokens(new, 900).verify(minted) is not None  # signed with the first key
    old_token, _ = IntakeTokens(old, 900).mint()
    for token, expected in ((old_token, 200), (IntakeTokens("x" * 40, 900).mint()[0], 401)):
        response = api.client.post("/v1/assessments", json={"destination": "UZ"},
                                   headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == expected


def test_a_short_signing_key_is_refused() -> None:
    with pytest.raises(ValueError, match="32 characters"):
        IntakeTokens(["x" * 40, "short"], 900)
    with pytest.raises(ValueError):
        Settings(secret_key="short")

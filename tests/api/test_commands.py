"""``refoulement-risk keys create|list|revoke`` and the ``serve`` options, through the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from refoulement_risk.api import Settings, create_app, get_settings
from refoulement_risk.cli import _parser, main

from .problems import assert_problem


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("REFOULEMENT_RISK_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_keys_create_prints_a_key_once_that_works(database: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "create", "desk", "--scopes", "assess,read"]) == 0
    out, err = capsys.readouterr()
    key = out.strip()
    assert key.startswith("rr_") and "shown only this once" in err
    assert main(["keys", "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(k["name"], k["scopes"], k["revoked_at"]) for k in listed] == [
        ("desk", ["assess", "read"], None)]
    assert key not in json.dumps(listed)
    app = create_app(Settings(database_url=database))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {key}"}
        assert client.post("/v1/assessments", json={"destination": "UZ"},
                           headers=headers).status_code == 200
        assert main(["keys", "revoke", "desk"]) == 0
        assert_problem(client.post("/v1/assessments", json={"destination": "UZ"},
                                   headers=headers), 401, "invalid_credentials")


def test_keys_errors(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "create", "x", "--scopes", "assess,root"]) == 2
    assert main(["keys", "create", "x", "--scopes", "admin"]) == 0
    assert main(["keys", "create", "x", "--scopes", "admin"]) == 1  # name in use
    assert main(["keys", "revoke", "nobody"]) == 1
    assert main(["keys", "list"]) == 0
    assert "x " in capsys.readouterr().out


def test_serve_takes_host_port_and_workers() -> None:
    args = _parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000",
                                 "--workers", "3"])
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 9000, 3)
    defaults = _parser().parse_args(["serve"])
    assert (defaults.host, defaults.port, defaults.workers) == ("127.0.0.1", 8000, 1)

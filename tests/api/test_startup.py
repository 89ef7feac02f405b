"""Issue 14, item 3: ``refoulement-risk serve`` that cannot start exits with status 3 and a
one-line reason on standard error — no traceback, no hang — for an unreachable database, a
folder it cannot create or write, a rule folder holding a folder or a FIFO named ``*.yaml``,
and a YAML file nested deeply enough to overflow the loader."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from refoulement_risk.api.preflight import MAX_YAML_DEPTH, yaml_depth

from .conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the block ends: refused


def _serve(env: dict[str, str],
           prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "refoulement_risk.cli", "serve", "--port",
         str(_closed_port())], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60)


def _assert_one_line_exit_3(result: subprocess.CompletedProcess[str], *words: str) -> None:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 3, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of rules/ to break."""
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    yield target


def test_an_unreachable_database_exits_3_quickly(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://nobody:secret@127.0.0.1:{_closed_port()}/db"
    result = _serve({"REFOULEMENT_RISK_DATABASE_URL": url,
                     "REFOULEMENT_RISK_DATABASE_TIMEOUT_SECONDS": "2"})
    _assert_one_line_exit_3(result, "database", "cannot be used")
    assert "secret" not in result.stderr  # the password is never printed


def test_a_database_folder_that_cannot_be_created_exits_3(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    url = f"sqlite:///{blocker / 'var' / 'db.sqlite3'}"
    _assert_one_line_exit_3(_serve({"REFOULEMENT_RISK_DATABASE_URL": url}), "database",
                            "cannot be opened")


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root and setpriv to run the server as another user")
def test_a_read_only_database_folder_exits_3() -> None:
    """Run as an unprivileged user (root ignores permissions) against a folder it cannot
    write."""
    folder = Path(tempfile.mkdtemp(prefix="rr-readonly-"))
    try:
        os.chmod(folder, 0o555)
        url = f"sqlite:///{folder / 'db.sqlite3'}"
        result = _serve({"REFOULEMENT_RISK_DATABASE_URL": url, "HOME": str(folder)},
                        prefix=["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        _assert_one_line_exit_3(result, "database")
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_folder_named_like_a_rule_file_exits_3(data_copy: Path) -> None:
    victim = data_copy / "general_situation.yaml"
    if not victim.exists():
        victim = next(p for p in data_copy.glob("*.yaml") if p.name != "index.yaml")
    victim.unlink()
    victim.mkdir()
    _assert_one_line_exit_3(_serve({"REFOULEMENT_RISK_RULES_DIR": str(data_copy)}),
                            victim.name, "a folder")


def test_a_fifo_named_like_a_rule_file_exits_3_without_hanging(data_copy: Path) -> None:
    victim = next(p for p in data_copy.glob("*.yaml") if p.name != "index.yaml")
    victim.unlink()
    os.mkfifo(victim)
    _assert_one_line_exit_3(_serve({"REFOULEMENT_RISK_RULES_DIR": str(data_copy)}),
                            victim.name, "FIFO")


def test_a_rule_folder_that_is_a_file_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "rules"
    path.write_text("")
    _assert_one_line_exit_3(_serve({"REFOULEMENT_RISK_RULES_DIR": str(path)}), "not a folder")


def test_a_deeply_nested_yaml_file_exits_3(data_copy: Path) -> None:
    victim = next(p for p in data_copy.glob("*.yaml") if p.name != "index.yaml")
    victim.write_text("rules: " + "[" * 20_000 + "]" * 20_000 + "\n")
    _assert_one_line_exit_3(_serve({"REFOULEMENT_RISK_RULES_DIR": str(data_copy)}),
                            victim.name, "nests deeper")


def test_yaml_depth_counts_block_and_flow_nesting() -> None:
    assert yaml_depth("a: 1") == 1
    assert yaml_depth("a:\n  b:\n    - [1, {c: 2}]\n") == 5
    assert yaml_depth("[" * 500 + "]" * 500) == MAX_YAML_DEPTH + 1  # stops counting early


def test_a_secret_key_file_readable_by_others_exits_3(tmp_path: Path) -> None:
    key_file = tmp_path / "intake.keys"
    key_file.write_text("k" * 40 + "\n")
    os.chmod(key_file, 0o644)
    result = _serve({"REFOULEMENT_RISK_SECRET_KEY_FILE": str(key_file),
                     "REFOULEMENT_RISK_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    _assert_one_line_exit_3(result, "readable by others", "chmod 600")

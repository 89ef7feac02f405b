"""The rules and profiles travel with the wheel and are found outside the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_an_installed_wheel_finds_its_rules_and_profiles(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("refoulement_risk-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(tmp_path / "site")
    assert "refoulement_risk/data/rules/index.yaml" in names
    assert "refoulement_risk/data/country_profiles/UZ.yaml" in names
    assert "refoulement_risk/data/caselaw/generated/calibration.yaml" in names
    assert "refoulement_risk/api/static/intake.html" in names
    assert "refoulement_risk/api/storage/revisions/env.py" in names
    assert "refoulement_risk/api/storage/revisions/versions/r0001_initial.py" in names
    # The service is installed under the package's own name: no top-level package but ours.
    assert {name.split("/")[0] for name in names if "/" in name
            and not name.split("/")[0].endswith((".dist-info", ".data"))} == {"refoulement_risk"}
    # Run from an empty folder with only the unpacked wheel importable: no checkout in sight.
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFOULEMENT_RISK_")}
    env["PYTHONPATH"] = str(tmp_path / "site")
    code = ("import refoulement_risk, refoulement_risk.resources as r;"
            "assert 'site' in str(r.rules_dir()), r.rules_dir();"
            "a = refoulement_risk.assess({'destination': 'UZ', 'as_of': '2010-01-01'});"
            "assert a.calibration is not None and a.precedents, 'no track record or precedents';"
            "print(a.score, a.versions.rules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip()
    # The Alembic revisions migrate a new database from the unpacked wheel.
    code = ("import refoulement_risk.api.storage as s;"
            "import refoulement_risk.api.storage.migrations as m;"
            "assert 'site' in str(m.__file__), m.__file__;"
            f"print(s.Storage('sqlite:///{tmp_path}/db.sqlite3').migrate())")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "[1, 2, 3, 4]"

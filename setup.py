"""Copy the top-level ``rules/``, ``country_profiles/`` and ``caselaw/`` into the package when building, so an
installed wheel finds them outside the repository (``refoulement_risk.resources``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "refoulement_risk" / "data"
        for folder in ("rules", "country_profiles", "caselaw"):
            destination = target / folder
            if destination.exists():
                shutil.rmtree(destination)
            destination.mkdir(parents=True)
            for path in sorted((root / folder).glob("*")):
                if path.suffix in {".yaml", ".md"}:
                    shutil.copy2(path, destination / path.name)
                # translations (rules/i18n), the generated calibration (caselaw/generated)
                elif path.is_dir() and path.name in {"i18n", "generated"}:
                    shutil.copytree(path, destination / path.name)


setup(cmdclass={"build_py": BuildWithData})

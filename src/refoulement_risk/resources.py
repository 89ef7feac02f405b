"""Where the rules and profiles live: a source checkout, an installed wheel, or a configured path.

In a checkout the top-level ``rules/`` and ``country_profiles/`` are used; a wheel carries copies
under ``refoulement_risk/data/`` (see ``setup.py``). ``REFOULEMENT_RISK_RULES_DIR`` and
``REFOULEMENT_RISK_PROFILES_DIR`` override both.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["profiles_dir", "rules_dir"]

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def _locate(env: str, folder: str) -> Path:
    configured = os.environ.get(env)
    if configured:
        return Path(configured)
    packaged = _PACKAGE / "data" / folder
    if (packaged / "index.yaml").exists():
        return packaged
    return _CHECKOUT / folder


def rules_dir() -> Path:
    return _locate("REFOULEMENT_RISK_RULES_DIR", "rules")


def profiles_dir() -> Path:
    return _locate("REFOULEMENT_RISK_PROFILES_DIR", "country_profiles")

"""Where the rules, profiles and decided cases live: a checkout, an installed wheel, or a set path.

In a checkout the top-level ``rules/``, ``country_profiles/`` and ``caselaw/`` are used; a wheel
carries copies under ``refoulement_risk/data/`` (see ``setup.py``). ``REFOULEMENT_RISK_RULES_DIR``,
``REFOULEMENT_RISK_PROFILES_DIR`` and ``REFOULEMENT_RISK_CASELAW_DIR`` override both. Parsed files
are kept in ``REFOULEMENT_RISK_CACHE_DIR`` (see ``yaml_cache``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["caselaw_dir", "profiles_dir", "rules_dir"]

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def _locate(env: str, folder: str, marker: str = "index.yaml") -> Path:
    configured = os.environ.get(env)
    if configured:
        return Path(configured)
    packaged = _PACKAGE / "data" / folder
    if (packaged / marker).exists():
        return packaged
    return _CHECKOUT / folder


def rules_dir() -> Path:
    return _locate("REFOULEMENT_RISK_RULES_DIR", "rules")


def profiles_dir() -> Path:
    return _locate("REFOULEMENT_RISK_PROFILES_DIR", "country_profiles")


def caselaw_dir() -> Path:
    """The decided cases the backtest, precedents and calibration read (one YAML file a case)."""
    return _locate("REFOULEMENT_RISK_CASELAW_DIR", "caselaw", marker="README.md")

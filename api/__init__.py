"""The HTTP service of refoulement-risk: ``create_app`` builds it, ``refoulement-risk serve``
runs it (see docs/SERVICE.md)."""

from __future__ import annotations

from .app import create_app
from .settings import Settings, get_settings

__all__ = ["Settings", "create_app", "get_settings"]

"""One router per resource."""

from __future__ import annotations

from . import assessments, countries, health, intake, rules, schema, stored

__all__ = ["assessments", "countries", "health", "intake", "rules", "schema", "stored"]

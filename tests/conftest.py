"""Shared fixtures and hypothesis profiles (``HYPOTHESIS_PROFILE=dev`` for quick local runs)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from refoulement_risk import Knowledge, load_knowledge

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow],
    derandomize=True, print_blob=True,
)
settings.register_profile(
    "dev", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Every app a test creates would start its own supervised engine process (the service default):
# seconds each, hundreds of apps. The tests run the engine in process; the crash-containment
# tests (tests/api/test_engine_crash.py, tests/test_engine_crash.py) ask for the worker.
os.environ.setdefault("REFOULEMENT_RISK_ENGINE_ISOLATION", "in_process")


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """The default backend (durable-rules where it imports)."""
    return load_knowledge()


@pytest.fixture(scope="session")
def reference_knowledge() -> Knowledge:
    """The plain-Python evaluator over the same rules and evidence."""
    return load_knowledge(backend="reference")

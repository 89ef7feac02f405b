"""Shared fixtures for the engine tests: the fixture rule book, both backends and the naive
oracle."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_fixture import write_fixture_rules

from refoulement_risk.durable_backend import DurableBackend
from refoulement_risk.naive_evaluator import NaiveEvaluator
from refoulement_risk.reference import ReferenceBackend
from refoulement_risk.rulebook import Rulebook, load_rulebook


@pytest.fixture(scope="session")
def rulebook(tmp_path_factory: pytest.TempPathFactory) -> Rulebook:
    return load_rulebook(write_fixture_rules(Path(tmp_path_factory.mktemp("rules"))))


@pytest.fixture(scope="session")
def durable(rulebook: Rulebook) -> DurableBackend:
    return DurableBackend(rulebook)


@pytest.fixture(scope="session")
def reference(rulebook: Rulebook) -> ReferenceBackend:
    return ReferenceBackend(rulebook)


@pytest.fixture(scope="session")
def naive(rulebook: Rulebook) -> NaiveEvaluator:
    return NaiveEvaluator(rulebook)

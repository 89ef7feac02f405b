"""Crash containment: the knowledge whose engine of record runs in a supervised worker process,
and the mark on an assessment the plain-Python evaluator answered after that worker crashed.

The caller catches :class:`~refoulement_risk.errors.EngineCrashed` from ``assess`` and assesses
the case again on a :class:`Knowledge` with the plain-Python evaluator (same rule book, same
evidence; the differential tests prove it fires the same rules), then :func:`mark_fallback`
records in ``versions`` which backend answered and why. The whole assessment is redone on one
backend, so no assessment mixes the two.
"""

from __future__ import annotations

import dataclasses

from .assessment import Assessment, EngineFallback
from .engine_supervisor import IsolatedBackend
from .knowledge import Knowledge

__all__ = ["isolated_knowledge", "mark_fallback"]

# Cached properties of Knowledge that depend on the rule book and evidence, not on the backend.
_SHARED_CACHES = ("patches",)


def isolated_knowledge(knowledge: Knowledge, *, timeout: float) -> Knowledge:
    """``knowledge``'s rule book and evidence with durable-rules in a worker process.

    Raises :class:`~refoulement_risk.errors.EngineError` if the worker cannot start (e.g.
    durable-rules does not import there)."""
    isolated = dataclasses.replace(knowledge, backend=IsolatedBackend(knowledge.rulebook,
                                                                      timeout=timeout))
    for name in _SHARED_CACHES:
        value = getattr(knowledge, name, None)
        if value is not None:
            vars(isolated)[name] = value  # what functools.cached_property would have stored
    return isolated


def mark_fallback(assessment: Assessment, cause: str,
                  failed_backend: str = "durable") -> Assessment:
    """The assessment, its ``versions`` saying the engine of record failed and why (``cause``:
    :attr:`EngineCrashed.cause <refoulement_risk.errors.EngineCrashed>`, or ``worker_died``)."""
    fallback = EngineFallback(failed_backend=failed_backend, cause=cause)
    versions = assessment.versions.model_copy(update={"engine_fallback": fallback})
    return assessment.model_copy(update={"versions": versions})

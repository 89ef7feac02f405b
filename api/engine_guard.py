"""The engine the service assesses with, and what happens when its worker crashes.

With ``engine_isolation=worker`` (the default) durable-rules runs in a supervised process
(:mod:`refoulement_risk.engine_supervisor`). An assessment during which that process dies or
hangs is assessed again here, on the plain-Python evaluator with the same rule book and
evidence, and ``versions.engine_fallback`` says so; with ``engine_crash_fallback=false``, or if
the fallback fails too, the answer is a 503 ``engine_unavailable``. Either way the crash is
logged (its cause and the request id, nothing of the case) and counted in
``refoulement_risk_engine_crashes_total`` and ``refoulement_risk_engine_fallbacks_total``.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from refoulement_risk import Assessment, EngineError, Knowledge, assess, default_knowledge
from refoulement_risk.containment import isolated_knowledge, mark_fallback
from refoulement_risk.engine_supervisor import IsolatedBackend
from refoulement_risk.errors import EngineCrashed

from .errors import EngineUnavailable
from .metrics import Metrics
from .settings import Settings

__all__ = ["EngineGuard", "load_engine"]

log = logging.getLogger("refoulement_risk.api")


class EngineGuard:
    """``assess`` with crash containment (see the module docstring)."""

    def __init__(self, knowledge: Knowledge, fallback: Knowledge | None,
                 metrics: Metrics) -> None:
        self.knowledge = knowledge
        self.fallback = fallback
        self.metrics = metrics

    @property
    def isolated(self) -> bool:
        """Whether the engine runs in a supervised worker process."""
        return isinstance(self.knowledge.backend, IsolatedBackend)

    def assess(self, case: Any, **options: Any) -> Assessment:
        try:
            return assess(case, knowledge=self.knowledge, **options)
        except EngineCrashed as crash:
            return self._after_crash(crash, case, options)

    def _after_crash(self, crash: EngineCrashed, case: Any,
                     options: dict[str, Any]) -> Assessment:
        outcome = "unavailable"
        try:
            if self.fallback is not None:
                answer = mark_fallback(assess(case, knowledge=self.fallback, **options),
                                       crash.cause)
                outcome = "answered"
                return answer
        except EngineError as exc:
            log.error("fallback engine failed", extra={"event": "engine_fallback_failed",
                                                       "error": type(exc).__name__})
        finally:
            self.metrics.count_engine_crash(crash.cause, outcome)
            # The cause and what became of the request; never the case or the error's text.
            log.warning("engine worker crashed", extra={
                "event": "engine_crash", "cause": crash.cause, "outcome": outcome,
                "fallback_backend": self.fallback.backend.name if self.fallback else None})
        raise EngineUnavailable("The rule engine's worker failed while assessing this case "
                                "and is being replaced; retry shortly.",
                                code="engine_unavailable") from None

    def close(self) -> None:
        close = getattr(self.knowledge.backend, "close", None)
        if callable(close):
            close()


def load_engine(settings: Settings, metrics: Metrics) -> EngineGuard:
    """The rule book, the evidence and the engine, as the settings choose."""
    if settings.engine_isolation == "in_process" or settings.backend == "reference":
        return EngineGuard(default_knowledge(settings.backend), None, metrics)
    # The plain-Python knowledge holds the rule book and evidence, and is the fallback.
    base = default_knowledge("reference")
    try:
        knowledge = isolated_knowledge(base, timeout=settings.engine_timeout_seconds)
    except EngineError as exc:
        if settings.backend == "durable":
            raise
        message = (f"durable-rules cannot run in a worker process ({exc.message}); using the "
                   "plain-Python evaluator, which fires the same rules")
        warnings.warn(message, RuntimeWarning, stacklevel=2)
        log.warning(message, extra={"event": "engine_unavailable"})
        return EngineGuard(base, None, metrics)
    return EngineGuard(knowledge, base if settings.engine_crash_fallback else None, metrics)

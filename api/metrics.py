"""Metrics with ``prometheus_client``, summed across the workers of one ``serve``.

``serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a fresh folder before its workers start; each
worker writes its counts there and ``/metrics`` (whichever worker answers) sums every worker's.
Without that variable (one process, e.g. the tests) each :class:`Metrics` keeps its own
registry.

    refoulement_risk_http_requests_total{method,route,status}
    refoulement_risk_http_request_duration_seconds{route}   (histogram)
    refoulement_risk_assessments_total{band,stored}
    refoulement_risk_rate_limited_total
    refoulement_risk_engine_crashes_total{cause}              (the engine worker died or hung)
    refoulement_risk_engine_fallbacks_total{outcome}          (answered | unavailable)
"""

from __future__ import annotations

import os

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

__all__ = ["BUCKETS", "MULTIPROCESS_ENV", "Metrics"]

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

# No *_created series: they are per process and cannot be summed across workers.
disable_created_metrics()  # type: ignore[no-untyped-call]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.multiprocess = bool(os.environ.get(MULTIPROCESS_ENV))
        self.requests = Counter(
            "refoulement_risk_http_requests", "HTTP requests handled.",
            ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram(
            "refoulement_risk_http_request_duration_seconds", "Time to handle a request.",
            ["route"], buckets=BUCKETS, registry=self.registry)
        self.assessments = Counter(
            "refoulement_risk_assessments", "Assessments computed, by band.",
            ["band", "stored"], registry=self.registry)
        self.rate_limited = Counter(
            "refoulement_risk_rate_limited", "Requests refused with 429.",
            registry=self.registry)
        self.engine_crashes = Counter(
            "refoulement_risk_engine_crashes", "Engine worker crashes during an assessment.",
            ["cause"], registry=self.registry)
        self.engine_fallbacks = Counter(
            "refoulement_risk_engine_fallbacks",
            "Assessments whose engine worker crashed: answered on the plain-Python evaluator, "
            "or refused with 503.", ["outcome"], registry=self.registry)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(route).observe(seconds)
        if status == 429:
            self.rate_limited.inc()

    def count_assessment(self, band: str, stored: bool) -> None:
        self.assessments.labels(band, "true" if stored else "false").inc()

    def count_engine_crash(self, cause: str, outcome: str) -> None:
        self.engine_crashes.labels(cause).inc()
        self.engine_fallbacks.labels(outcome).inc()

    def render(self) -> str:
        if self.multiprocess:
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry).decode("utf-8")
        return generate_latest(self.registry).decode("utf-8")

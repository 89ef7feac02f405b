"""Prometheus-style metrics, kept in this process (with several workers each has its own; scrape
each or run one worker per container).

    refoulement_risk_http_requests_total{method,route,status}
    refoulement_risk_http_request_duration_seconds{route}   (histogram)
    refoulement_risk_assessments_total{band,stored}
    refoulement_risk_rate_limited_total
"""

from __future__ import annotations

import threading
from collections import defaultdict

__all__ = ["BUCKETS", "Metrics"]

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _labels(pairs: tuple[tuple[str, str], ...]) -> str:
    inner = ",".join(f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
                     for k, v in pairs)
    return "{" + inner + "}" if inner else ""


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[tuple[str, str], ...], int] = defaultdict(int)
        self._latency: dict[str, list[int]] = {}
        self._latency_sum: dict[str, float] = defaultdict(float)
        self._latency_count: dict[str, int] = defaultdict(int)
        self._assessments: dict[tuple[tuple[str, str], ...], int] = defaultdict(int)
        self.rate_limited = 0

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(("method", method), ("route", route), ("status", str(status)))] += 1
            counts = self._latency.setdefault(route, [0] * len(BUCKETS))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[i] += 1
            self._latency_sum[route] += seconds
            self._latency_count[route] += 1
            if status == 429:
                self.rate_limited += 1

    def count_assessment(self, band: str, stored: bool) -> None:
        with self._lock:
            self._assessments[(("band", band), ("stored", "true" if stored else "false"))] += 1

    def render(self) -> str:
        lines: list[str] = []
        with self._lock:
            lines += ["# HELP refoulement_risk_http_requests_total HTTP requests handled.",
                      "# TYPE refoulement_risk_http_requests_total counter"]
            for labels, n in sorted(self._requests.items()):
                lines.append(f"refoulement_risk_http_requests_total{_labels(labels)} {n}")
            name = "refoulement_risk_http_request_duration_seconds"
            lines += [f"# HELP {name} Time to handle a request.", f"# TYPE {name} histogram"]
            for route, counts in sorted(self._latency.items()):
                for bound, n in zip(BUCKETS, counts, strict=True):
                    le = _labels((("route", route), ("le", str(bound))))
                    lines.append(f"{name}_bucket{le} {n}")
                inf = _labels((("route", route), ("le", "+Inf")))
                lines.append(f"{name}_bucket{inf} {self._latency_count[route]}")
                lines.append(f"{name}_sum{_labels((('route', route),))} "
                             f"{self._latency_sum[route]:.6f}")
                lines.append(f"{name}_count{_labels((('route', route),))} "
                             f"{self._latency_count[route]}")
            lines += ["# HELP refoulement_risk_assessments_total Assessments computed, by band.",
                      "# TYPE refoulement_risk_assessments_total counter"]
            for labels, n in sorted(self._assessments.items()):
                lines.append(f"refoulement_risk_assessments_total{_labels(labels)} {n}")
            lines += ["# HELP refoulement_risk_rate_limited_total Requests refused with 429.",
                      "# TYPE refoulement_risk_rate_limited_total counter",
                      f"refoulement_risk_rate_limited_total {self.rate_limited}"]
        return "\n".join(lines) + "\n"

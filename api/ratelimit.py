"""Rate limits per key with the ``limits`` library: a moving window whose store is this
process's memory (one worker) or Redis (``rate_limit_storage=redis://...``: the limits then hold
across every worker and every instance that shares the Redis).

A key may make ``burst`` requests at once and ``per_minute`` on average: the window holds
``burst`` requests over ``burst / per_minute`` minutes. A batch costs one per case. Over the
limit: :class:`~api.errors.RateLimited`, with the seconds until the window frees a request.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from .errors import RateLimited

__all__ = ["RateLimiter"]


class RateLimiter:
    def __init__(self, per_minute: int, burst: int, storage: str = "memory://",
                 namespace: str = "") -> None:
        window = max(1, math.ceil(burst * 60 / per_minute))
        self.item = RateLimitItemPerSecond(max(1, burst), window)
        options = {"socket_timeout": 1, "socket_connect_timeout": 1} \
            if storage.startswith(("redis://", "rediss://")) else {}
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage, **options))
        self.namespace = f"refoulement-risk:{namespace}"

    def take(self, key: str, cost: int = 1) -> None:
        """Spend ``cost`` requests of ``key``'s window or raise :class:`RateLimited`."""
        cost = min(cost, self.item.amount)  # a batch as large as the burst is still allowed
        if self.limiter.hit(self.item, self.namespace, key, cost=cost):
            return
        stats = self.limiter.get_window_stats(self.item, self.namespace, key)
        raise RateLimited("Too many requests for this key; retry after the time in the "
                          "Retry-After header.",
                          retry_after=max(1, math.ceil(stats.reset_time - time.time())))

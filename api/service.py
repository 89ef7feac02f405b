"""The service's long-lived state, built by ``create_app`` and started once by its lifespan:
settings, storage (migrated), the rule set and evidence (loaded once) and the engine (in a
supervised worker process by default, :mod:`.engine_guard`), intake tokens, rate limiters and
metrics."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from typing import Any

from refoulement_risk import Assessment, Knowledge

from .blocking import Pools
from .engine_guard import EngineGuard, load_engine
from .metrics import Metrics
from .ratelimit import RateLimiter
from .security import IntakeTokens
from .settings import Settings, signing_keys
from .storage import Storage

__all__ = ["Service"]

log = logging.getLogger("refoulement_risk.api")


class Service:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.storage = Storage(settings.database_url, settings.database_table_prefix,
                               timeout=settings.database_timeout_seconds)
        self.pools = Pools(settings.database_timeout_seconds)
        self.metrics = Metrics()
        store, namespace = settings.rate_limit_storage, settings.database_table_prefix
        self.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst,
                                   store, f"{namespace}key")
        self.mint_limiter = RateLimiter(settings.intake_tokens_per_minute,
                                        settings.intake_tokens_per_minute, store,
                                        f"{namespace}mint")
        self.knowledge: Knowledge | None = None
        self.engine: EngineGuard | None = None
        self.intake: IntakeTokens | None = None
        self.started_at = time.time()

    def start(self) -> None:
        """Migrate the database, load the rules and evidence (raises DataFileError if bad)."""
        began = time.perf_counter()
        applied = self.storage.migrate()
        self.engine = load_engine(self.settings, self.metrics)
        self.knowledge = self.engine.knowledge
        self.intake = IntakeTokens(signing_keys(self.settings),
                                   self.settings.intake_token_ttl_seconds)
        log.info("service ready", extra={
            "event": "startup", "migrations_applied": applied,
            "database": self.storage.dialect,
            "rules_version": self.knowledge.rulebook.index.version,
            "backend": self.knowledge.backend.name,
            "engine_isolated": self.engine.isolated,
            "seconds": round(time.perf_counter() - began, 3)})

    def assess(self, case: Any, **options: Any) -> Assessment:
        """Assess with crash containment (the engine worker may be replaced meanwhile)."""
        if self.engine is None:
            raise RuntimeError("the service has not started")
        return self.engine.assess(case, **options)

    def stop(self) -> None:
        if self.engine is not None:
            self.engine.close()
        self.storage.dispose()
        log.info("service stopped", extra={"event": "shutdown"})

    @property
    def ready(self) -> bool:
        return self.knowledge is not None and self.intake is not None

    def purge_expired(self) -> int:
        removed = self.storage.purge_expired(dt.datetime.now(dt.UTC))
        self.storage.checkpoint()
        if removed:
            log.info("expired assessments deleted", extra={"event": "retention",
                                                          "deleted": removed})
        return removed

    async def sweep_forever(self) -> None:
        """Delete expired stored assessments now and every ``retention_sweep_seconds``."""
        while True:
            try:
                await asyncio.to_thread(self.purge_expired)
            except Exception as exc:  # keep sweeping; the database may come back
                log.warning("retention sweep failed", extra={"event": "retention",
                                                             "error": type(exc).__name__})
            await asyncio.sleep(self.settings.retention_sweep_seconds)

"""Configuration: environment variables prefixed ``REFOULEMENT_RISK_`` (documented in SERVICE.md).

Defaults are safe for a laptop: an embedded SQLite file, bound to 127.0.0.1, no cross-origin
access, a 1 MiB request limit, stored assessments kept for 30 days. ``get_settings()`` is cached;
tests build a :class:`Settings` themselves and pass it to ``create_app``.
"""

from __future__ import annotations

import functools
import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["DEFAULT_DATABASE_URL", "Settings", "get_settings", "signing_keys"]

DEFAULT_DATABASE_URL = "sqlite:///./var/refoulement-risk.sqlite3"


class Settings(BaseSettings):
    """Every setting of the service; the environment variable is the upper-case name, prefixed."""

    model_config = SettingsConfigDict(env_prefix="REFOULEMENT_RISK_", extra="ignore",
                                      frozen=True)

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL. SQLite (the default, a file under ./var/) or PostgreSQL, "
                    "e.g. postgresql+psycopg://user@host:5432/db.")
    database_table_prefix: str = Field(
        default="", pattern=r"^[a-z0-9_]{0,30}$",
        description="Prefix for every table name, to share one database between deployments.")
    database_timeout_seconds: float = Field(
        default=3.0, ge=0.1, le=60,
        description="Longest wait for the database: a connection, a free slot, a lock (SQLite "
                    "busy timeout, PostgreSQL lock_timeout). Past it the request is a 503 with "
                    "Retry-After.")
    idempotency_hours: int = Field(
        default=24, ge=1, le=720,
        description="How long an Idempotency-Key on POST /v1/assessments?store=true is "
                    "remembered (per organisation).")
    retention_days: int = Field(
        default=30, ge=1, le=3650,
        description="Days a stored assessment is kept; expired records are deleted.")
    retention_sweep_seconds: int = Field(
        default=3600, ge=1,
        description="How often each worker deletes expired stored assessments.")
    max_request_bytes: int = Field(
        default=1_048_576, ge=1024,
        description="Largest request body accepted; larger is refused with 413.")
    batch_max_cases: int = Field(
        default=25, ge=1, le=1000,
        description="Most cases in one POST /v1/assessments:batch.")
    rate_limit_per_minute: int = Field(
        default=120, ge=1,
        description="Assessments (batch: cases) and other requests per API key per minute "
                    "(per worker with memory://, in all with Redis).")
    rate_limit_burst: int = Field(
        default=30, ge=1, description="Requests a key may make at once before the rate applies.")
    rate_limit_storage: str = Field(
        default="memory://", pattern=r"^(memory://|rediss?://\S+)$",
        description="Where rate-limit counts live: memory:// (this worker only) or a Redis URL "
                    "(shared by every worker and instance).")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser (comma-separated); "
                    "also the origins allowed to frame the intake page. Empty: none.")
    intake_enabled: bool = Field(
        default=True, description="Serve the intake page at / and /intake and mint its tokens.")
    intake_token_ttl_seconds: int = Field(
        default=900, ge=30, le=86400,
        description="Lifetime of the assess-only token minted for the intake page.")
    intake_tokens_per_minute: int = Field(
        default=10, ge=1, description="Intake tokens one client address may mint per minute.")
    secret_key: str | None = Field(
        default=None, min_length=32,
        description="Key that signs intake tokens (at least 32 characters). Unset, with no "
                    "secret_key_file: `serve` makes a random one at start-up, shared by its "
                    "workers and never written down (tokens then end with the process).")
    secret_key_file: str | None = Field(
        default=None,
        description="A file (owner-only) holding the signing keys, one a line: the first signs, "
                    "every one verifies (for rotation). Used when secret_key is unset.")
    metrics_public: bool = Field(
        default=False,
        description="Serve /metrics without a key (else it needs the admin scope).")
    docs_enabled: bool = Field(
        default=True, description="Serve the interactive API docs at /docs (Swagger UI, which "
                                  "loads its script from a CDN).")
    backend: Literal["auto", "durable", "reference"] = Field(
        default="auto", description="Rule engine backend of the library.")
    engine_isolation: Literal["worker", "in_process"] = Field(
        default="worker",
        description="Where durable-rules runs: `worker`, a supervised process per service "
                    "worker (a crash of the native engine costs one run, is logged and counted, "
                    "and the worker is replaced), or `in_process` (a crash kills the service "
                    "worker with every request it holds).")
    engine_timeout_seconds: float = Field(
        default=10.0, ge=0.1, le=300,
        description="Longest an engine run in the worker may take; past it the worker is "
                    "killed and replaced, as after a crash.")
    engine_crash_fallback: bool = Field(
        default=True,
        description="When the engine worker crashes during an assessment, assess the case "
                    "again on the plain-Python evaluator (`versions.engine_fallback` says so); "
                    "false: answer 503 engine_unavailable.")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", description="Level of the JSON logs on standard error.")
    keep_alive_seconds: int = Field(
        default=5, ge=1, le=300,
        description="How long an idle keep-alive connection is kept after a response.")
    header_timeout_seconds: float = Field(
        default=10.0, ge=0.5, le=300,
        description="Time a client has to send a complete request head (request line and "
                    "headers) after connecting or after the previous response.")
    body_timeout_seconds: float = Field(
        default=30.0, ge=0.5, le=600,
        description="Time a client has to send the whole request body after its head.")
    max_concurrency: int = Field(
        default=200, ge=1,
        description="Most connections and requests a worker holds at once; past it new "
                    "requests get 503 over_capacity.")
    shutdown_grace_seconds: int = Field(
        default=30, ge=0, description="How long `serve` lets in-flight requests finish on "
                                      "SIGTERM/SIGINT before closing connections.")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment, read once (``get_settings.cache_clear()`` re-reads)."""
    return Settings()


_PROCESS_KEY = secrets.token_urlsafe(48)


def signing_keys(settings: Settings) -> list[str]:
    """The intake-token signing keys: the setting, else the file's lines, else a random key
    made for this process (``serve`` makes one and hands it to its workers). Never stored in
    the database."""
    if settings.secret_key:
        return [settings.secret_key]
    if settings.secret_key_file:
        path = Path(settings.secret_key_file)
        keys = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
        if not keys:
            raise ValueError(f"{path} holds no signing key")
        return keys
    return [_PROCESS_KEY]

"""API keys, scopes and intake tokens (rate limits: :mod:`api.ratelimit`).

A key looks like ``rr_<key id>_<secret>``: the key id (16 hex characters) finds the record; only
the SHA-256 of the whole key is stored, compared with :func:`hmac.compare_digest`. Keys carry
256 bits of randomness, so a fast hash is the right one (a slow password hash protects guessable
secrets, and these are not). A key is shown once, by ``refoulement-risk keys create``.

Every key belongs to an organisation (``org``). A stored assessment belongs to the organisation
of the key that stored it, and keys see only their own organisation's records.

Scopes: ``assess`` (POST /v1/assessments and the batch, including ``store=true``), ``read``
(list, read, re-assess and erase the organisation's stored assessments), ``admin`` (/metrics;
admin includes assess and read, within the organisation) and ``operator`` (read, list and
erase the stored assessments of *every* organisation: cross-organisation administration,
granted only explicitly, never implied by another scope).

The intake page never holds a key: it asks ``POST /v1/intake/token`` (same origin only) for a
token signed with HMAC-SHA256 (by :mod:`itsdangerous`) that can only assess, cannot store, and
expires after ``intake_token_ttl_seconds``. Tokens are never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from itsdangerous import BadSignature, URLSafeSerializer

from .errors import Forbidden, Unauthorized
from .storage import DEFAULT_ORG, ApiKeyRecord

__all__ = [
    "ORG_PATTERN",
    "SCOPES",
    "IntakeTokens",
    "KeyLookup",
    "Principal",
    "Scope",
    "authenticate",
    "generate_key",
    "hash_key",
    "parse_org",
    "parse_scopes",
    "require",
]

Scope = Literal["assess", "read", "admin", "operator"]
SCOPES: tuple[Scope, ...] = ("assess", "read", "admin", "operator")
ORG_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"
_ORG = re.compile(ORG_PATTERN)
KEY_PREFIX = "rr_"
TOKEN_PREFIX = "rri_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a named API key or an intake-page token. ``name`` is logged, never a key."""

    name: str
    kind: Literal["key", "intake"]
    scopes: frozenset[str]
    rate_key: str
    org: str = DEFAULT_ORG

    def has(self, scope: Scope) -> bool:
        if scope in self.scopes or self.kind != "key":
            return scope in self.scopes
        if scope in ("assess", "read") and "admin" in self.scopes:
            return True
        return scope == "read" and "operator" in self.scopes

    @property
    def operator(self) -> bool:
        """May see every organisation's stored assessments (the explicit operator scope)."""
        return self.kind == "key" and "operator" in self.scopes

    @property
    def visible_org(self) -> str | None:
        """The organisation whose records this caller sees; None: every one (operator)."""
        return None if self.operator else self.org


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def parse_scopes(text: str) -> tuple[Scope, ...]:
    chosen = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in SCOPES]
    if unknown or not chosen:
        raise ValueError(f"scopes must be a comma-separated list of {', '.join(SCOPES)}; "
                         f"got {text!r}")
    return tuple(s for s in SCOPES if s in chosen)


def parse_org(text: str) -> str:
    """An organisation id: 1 to 64 of lower-case letters, digits, ``_ . -``."""
    if not _ORG.match(text):
        raise ValueError("the organisation must be 1 to 64 characters: lower-case letters, "
                         f"digits, '_', '.' or '-', starting with a letter or digit; got {text!r}")
    return text


def generate_key(name: str, scopes: tuple[Scope, ...],
                 org: str = DEFAULT_ORG) -> tuple[str, ApiKeyRecord]:
    """A new key (to show once) and the record to store (with the hash only)."""
    key_id = secrets.token_hex(8)
    key = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    record = ApiKeyRecord(key_id=key_id, name=name, secret_hash=hash_key(key), scopes=scopes,
                          created_at=dt.datetime.now(dt.UTC), revoked_at=None,
                          org=parse_org(org))
    return key, record


# A namespace for the signature, so a signature made with the same key for another purpose
# never verifies as an intake token.
_TOKEN_SALT = "refoulement-risk.intake-token.v1"


class IntakeTokens:
    """Short-lived, assess-only tokens for the intake page (signed, stateless, never stored).

    Signing is :mod:`itsdangerous` (HMAC-SHA256 over the claims, keys derived with HMAC and a
    purpose salt); the claims carry the scope, the expiry and a random id (the token's own
    rate-limit bucket). The expiry is checked here, from the claims, so a token's lifetime is
    exactly ``ttl_seconds`` from minting.
    """

    def __init__(self, secret: str | list[str], ttl_seconds: int) -> None:
        # The first key signs; every key verifies, so a new key can be put first while tokens
        # signed with the old one run out (rotation).
        keys = [secret] if isinstance(secret, str) else list(secret)
        if not keys or any(len(k) < 32 for k in keys):
            raise ValueError("every intake signing key must be at least 32 characters")
        # itsdangerous signs with the *last* key of the list and verifies with every key.
        self._serializer = URLSafeSerializer(
            list(reversed(keys)), salt=_TOKEN_SALT,
            signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha256})
        self.ttl_seconds = ttl_seconds

    def mint(self, now: float | None = None) -> tuple[str, dt.datetime]:
        issued = int(now if now is not None else time.time())
        expires = issued + self.ttl_seconds
        claims = {"scp": "assess", "exp": expires, "jti": secrets.token_hex(8)}
        token = f"{TOKEN_PREFIX}{self._serializer.dumps(claims)}"
        return token, dt.datetime.fromtimestamp(expires, dt.UTC)

    def verify(self, token: str, now: float | None = None) -> Principal | None:
        body = token.removeprefix(TOKEN_PREFIX)
        if not body:
            return None
        try:
            claims = self._serializer.loads(body)
            expires = int(claims["exp"])
            jti = str(claims["jti"])
            scope = claims.get("scp")
        except (BadSignature, ValueError, KeyError, TypeError, AttributeError):
            return None
        if expires <= (now if now is not None else time.time()) or scope != "assess":
            return None
        return Principal(name="intake", kind="intake", scopes=frozenset({"assess"}),
                         rate_key=f"intake:{jti}", org="")


KeyLookup = Callable[[str], Awaitable[ApiKeyRecord | None]]
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")


async def authenticate(authorization: str | None, lookup: KeyLookup,
                       intake: IntakeTokens | None) -> Principal:
    """The principal of an ``Authorization: Bearer`` header, or :class:`Unauthorized`.

    ``lookup`` finds a key record by its key id (a database read, awaited off the event loop);
    it is only called with a well-formed key id (16 lower-case hex characters).
    """
    if not authorization:
        raise Unauthorized("An API key is required: send 'Authorization: Bearer <key>'.",
                           code="missing_credentials")
    scheme, _, credential = authorization.partition(" ")
    credential = credential.strip()
    if scheme.lower() != "bearer" or not credential:
        raise Unauthorized("Send the key as 'Authorization: Bearer <key>'.",
                           code="missing_credentials")
    if credential.startswith(TOKEN_PREFIX):
        principal = intake.verify(credential) if intake is not None else None
        if principal is None:
            raise Unauthorized("The intake token is invalid or has expired; reload the page.",
                               code="invalid_credentials")
        return principal
    key_id = credential[len(KEY_PREFIX):len(KEY_PREFIX) + 16] \
        if credential.startswith(KEY_PREFIX) else ""
    record = await lookup(key_id) if _KEY_ID.match(key_id) else None
    # Compare even when there is no record, so timing does not tell a known key id apart.
    expected = record.secret_hash if record is not None else hash_key(secrets.token_hex(16))
    matches = hmac.compare_digest(expected, hash_key(credential))
    if record is None or not matches or record.revoked_at is not None:
        raise Unauthorized("The API key is not valid (unknown or revoked).",
                           code="invalid_credentials")
    return Principal(name=record.name, kind="key", scopes=frozenset(record.scopes),
                     rate_key=f"key:{record.key_id}", org=record.org)


def require(principal: Principal, scope: Scope) -> None:
    if not principal.has(scope):
        what = "this intake token" if principal.kind == "intake" else f"key {principal.name!r}"
        raise Forbidden(f"This needs the {scope!r} scope, which {what} does not have.",
                        code="insufficient_scope")

"""Intake tokens, signed with itsdangerous: expiry, scope, key rotation, tampering."""

from __future__ import annotations

import hashlib

from itsdangerous import URLSafeSerializer

from refoulement_risk.api.security import TOKEN_PREFIX, IntakeTokens

OLD, NEW = "o" * 40, "n" * 40


def _forge(claims: object, key: str = NEW, salt: str = "refoulement-risk.intake-token.v1") -> str:
    serializer = URLSafeSerializer(key, salt=salt, signer_kwargs={
        "key_derivation": "hmac", "digest_method": hashlib.sha256})
    return TOKEN_PREFIX + serializer.dumps(claims)


def test_a_token_lives_exactly_its_ttl() -> None:
    tokens = IntakeTokens(NEW, 900)
    token, expires = tokens.mint(now=1_000_000)
    assert expires.timestamp() == 1_000_900
    principal = tokens.verify(token, now=1_000_899)
    assert principal is not None and principal.scopes == frozenset({"assess"})
    assert principal.kind == "intake" and principal.rate_key.startswith("intake:")
    assert tokens.verify(token, now=1_000_900) is None


def test_every_token_has_its_own_rate_bucket() -> None:
    tokens = IntakeTokens(NEW, 900)
    first, second = (tokens.verify(tokens.mint()[0]) for _ in range(2))
    assert first is not None and second is not None and first.rate_key != second.rate_key


def test_the_first_key_signs_and_every_key_verifies() -> None:
    rotated = IntakeTokens([NEW, OLD], 900)
    token, _ = rotated.mint()
    assert IntakeTokens(NEW, 900).verify(token) is not None
    assert IntakeTokens(OLD, 900).verify(token) is None
    assert rotated.verify(IntakeTokens(OLD, 900).mint()[0]) is not None
    assert IntakeTokens(NEW, 900).verify(IntakeTokens(OLD, 900).mint()[0]) is None


def test_tampered_or_foreign_tokens_are_refused() -> None:
    tokens = IntakeTokens(NEW, 900)
    token, _ = tokens.mint()
    payload, _, signature = token.removeprefix(TOKEN_PREFIX).partition(".")
    # The first character (the last one's low bits are base64 padding, which decoding drops).
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    for bad in (f"{TOKEN_PREFIX}{payload}.{flipped}", f"{TOKEN_PREFIX}{payload}",
                TOKEN_PREFIX, f"{TOKEN_PREFIX}.", "rri_forged.signature", token + "x"):
        assert tokens.verify(bad) is None, bad
    # Signed with the right key but for another purpose (salt): refused.
    assert tokens.verify(_forge({"scp": "assess", "exp": 2**40, "jti": "a"}, salt="other")) \
        is None


def test_only_well_formed_assess_claims_are_accepted() -> None:
    tokens = IntakeTokens(NEW, 900)
    assert tokens.verify(_forge({"scp": "assess", "exp": 2**40, "jti": "a"})) is not None
    for claims in ({"scp": "read", "exp": 2**40, "jti": "a"}, {"exp": 2**40, "jti": "a"},
                   {"scp": "assess", "jti": "a"}, {"scp": "assess", "exp": 2**40},
                   {"scp": "assess", "exp": "soon", "jti": "a"}, ["assess"], "assess", None):
        assert tokens.verify(_forge(claims)) is None, claims

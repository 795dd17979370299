"""Verifying the access tokens identity signs (docs/architecture.md §6): the gateway and every service.

Tokens are JWTs signed with Ed25519 ("EdDSA"); only that algorithm is accepted (never
"none", never HS*, whatever the header says). The key is picked by the header's `kid` among
identity's public keys (JWKS); an unknown kid refetches the JWKS, at most once per 30 s.
"""
from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from jwt.algorithms import OKPAlgorithm

from .memo import Memo

ALGORITHM = "EdDSA"
AUDIENCE = "pix-platform"
ISSUER = "pix-identity"
REFETCH_EVERY = timedelta(seconds=30)
_REQUIRED = ["exp", "iat", "sub", "jti", "aud", "iss"]


class InvalidToken(Exception):
    """The token is missing, malformed, badly signed, expired or not for us: answer 401."""


@dataclass(frozen=True)
class Claims:
    user_id: str
    roles: tuple[str, ...]
    expires_at: datetime
    token_id: str
    # Which refresh family (session) the token belongs to, and the person's access epoch when
    # it was signed: what a revocation names (pixkit.revocations). Older tokens have neither.
    session_id: str | None = None
    epoch: int = 0


def _keys_of(jwks: Mapping) -> dict[str, object]:
    """{kid: public key} from a JWKS document {"keys": [...]}; other key types are skipped."""
    out: dict[str, object] = {}
    for jwk in jwks.get("keys", []):
        if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and jwk.get("kid"):
            out[jwk["kid"]] = OKPAlgorithm.from_jwk(json.dumps(jwk))
    return out


def fetch_jwks(url: str, timeout: float = 3.0) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - our own URL
        return json.loads(answer.read())


VERIFIED_KEPT = 20_000


class TokenVerifier:
    """`keys` is a JWKS document; `fetch` (or `jwks_url`) gives a fresh one on unknown kids."""

    def __init__(self, jwks_url: str | None = None, keys: dict | None = None, audience: str = AUDIENCE,
                 issuer: str = ISSUER, clock: Callable[[], datetime] | None = None,
                 fetch: Callable[[], dict] | None = None) -> None:
        self.audience, self.issuer = audience, issuer
        self.clock = clock or (lambda: datetime.now(UTC))
        self.fetch = fetch or ((lambda: fetch_jwks(jwks_url)) if jwks_url else None)
        self.keys = _keys_of(keys) if keys else {}
        self.fetched_at: datetime | None = None
        self.lock = threading.Lock()
        # Tokens already verified, by their exact text: a person's next requests cost a
        # lookup, not a signature check (its expiry is still checked on each).
        self._verified: Memo[str, Claims] = Memo(VERIFIED_KEPT)

    def _key(self, kid: str):
        key = self.keys.get(kid)
        if key is not None or self.fetch is None:
            return key
        with self.lock:
            now = self.clock()
            if kid not in self.keys and (self.fetched_at is None or now - self.fetched_at >= REFETCH_EVERY):
                self.fetched_at = now
                try:
                    self.keys = {**self.keys, **_keys_of(self.fetch())}
                except (OSError, ValueError, jwt.PyJWKError) as exc:
                    raise InvalidToken("key set unavailable") from exc
            return self.keys.get(kid)

    def verify(self, token: str) -> Claims:
        claims = self._verified.get(token)
        if claims is None:
            claims = self._verify_signed(token)
            self._verified.put(token, claims)
        if claims.expires_at <= self.clock():  # checked here so that tests can move the clock
            raise InvalidToken("expired")
        return claims

    def _verify_signed(self, token: str) -> Claims:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("malformed token") from exc
        if header.get("alg") != ALGORITHM or not isinstance(header.get("kid"), str):
            raise InvalidToken("algorithm or kid refused")
        key = self._key(header["kid"])
        if key is None:
            raise InvalidToken("unknown kid")
        try:
            claims = jwt.decode(token, key, algorithms=[ALGORITHM], audience=self.audience, issuer=self.issuer,
                                options={"verify_exp": False, "verify_iat": False, "require": _REQUIRED})
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        expires_at = datetime.fromtimestamp(claims["exp"], UTC)
        roles = claims.get("roles") or []
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise InvalidToken("bad roles claim")
        session_id, epoch = claims.get("sid"), claims.get("epoch", 0)
        if session_id is not None and not isinstance(session_id, str):
            raise InvalidToken("bad sid claim")
        if not isinstance(epoch, int) or isinstance(epoch, bool) or epoch < 0:
            raise InvalidToken("bad epoch claim")
        return Claims(str(claims["sub"]), tuple(roles), expires_at, str(claims["jti"]), session_id, epoch)

    def bearer_claims(self, headers: Mapping[str, str]) -> Claims:
        return bearer_claims(headers, self)


def bearer_claims(headers: Mapping[str, str], verifier: TokenVerifier) -> Claims:
    """Claims of the `Authorization: Bearer <token>` header; InvalidToken when absent or bad."""
    scheme, _, token = (headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("no bearer token")
    return verifier.verify(token.strip())

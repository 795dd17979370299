"""Identity's signing key (Ed25519) and the access tokens it signs (docs/architecture.md §6).

In production the private key comes from a Secret (env PIX_IDENTITY_SIGNING_KEY, PEM).
Otherwise the first process to start generates one and stores it in `signing_keys`
(`_id` = kid) with a pointer document (`_id` = "current"), so that every gunicorn worker
and every restart signs with the same key. Rotation (a "previous" key kept in the JWKS
until its tokens expired) is not built yet.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from pixkit.auth import ALGORITHM, AUDIENCE, ISSUER
from pymongo.errors import DuplicateKeyError

ENV_KEY = "PIX_IDENTITY_SIGNING_KEY"
ACCESS_TTL = timedelta(minutes=15)
CURRENT = "current"


def key_id(private: Ed25519PrivateKey) -> str:
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(hashlib.sha256(raw).digest()[:16]).decode().rstrip("=")


def _pem(private: Ed25519PrivateKey) -> str:
    return private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()).decode()


def _load(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("the signing key must be Ed25519")
    return key


def _public_jwk(private: Ed25519PrivateKey) -> dict:
    jwk = json.loads(OKPAlgorithm.to_jwk(private.public_key()))
    return {**jwk, "kid": key_id(private), "alg": ALGORITHM, "use": "sig"}


class KeyRing:
    def __init__(self, db, clock: Callable[[], datetime], env: dict | None = None) -> None:
        self.collection = db["signing_keys"]
        self.clock = clock
        self.env = os.environ if env is None else env
        self._keys: list[Ed25519PrivateKey] | None = None

    def _load_keys(self) -> list[Ed25519PrivateKey]:
        if self.env.get(ENV_KEY):
            return [_load(self.env[ENV_KEY])]
        current = self.collection.find_one({"_id": CURRENT})
        if current is None:
            fresh = Ed25519PrivateKey.generate()
            self.collection.insert_one({"_id": key_id(fresh), "pem": _pem(fresh), "created_at": self.clock()})
            try:  # of two first starts, one pointer wins; the other key stays unused
                self.collection.insert_one({"_id": CURRENT, "kid": key_id(fresh)})
            except DuplicateKeyError:
                pass
            current = self.collection.find_one({"_id": CURRENT})
        return [_load(self.collection.find_one({"_id": current["kid"]})["pem"])]

    def keys(self, reload: bool = False) -> list[Ed25519PrivateKey]:
        if self._keys is None or reload:
            self._keys = self._load_keys()
        return self._keys

    def jwks(self, reload: bool = False) -> dict:
        return {"keys": [_public_jwk(k) for k in self.keys(reload)]}

    def sign_access(self, user_id: str, roles: list[str], session_id: str, epoch: int = 0) -> tuple[str, int]:
        """(token, seconds until it expires). `sid` names the refresh family, `epoch` the
        account's access epoch: what a revocation refers to (pixkit.revocations)."""
        signer = self.keys()[0]
        now = self.clock()
        claims = {"sub": user_id, "aud": AUDIENCE, "iss": ISSUER, "iat": int(now.timestamp()),
                  "exp": int((now + ACCESS_TTL).timestamp()), "jti": str(uuid.uuid4()), "roles": list(roles),
                  "sid": session_id, "epoch": epoch}
        token = jwt.encode(claims, signer, algorithm=ALGORITHM, headers={"kid": key_id(signer)})
        return token, int(ACCESS_TTL.total_seconds())

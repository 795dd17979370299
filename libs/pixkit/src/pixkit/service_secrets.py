"""Server-side keys that every process of a service must share (identity's robot-check and
password-reset HMAC keys, sharing's invitation-link key): from the environment when set
(`PIX_<SERVICE>_<NAME>_KEY`), else created once in the service's database (`secrets`,
`_id` = name) by whichever process asks first."""
from __future__ import annotations

import base64
import os
import secrets

from pymongo.errors import DuplicateKeyError


class ServiceSecrets:
    def __init__(self, db, service: str, env: dict | None = None) -> None:
        self.collection = db["secrets"]
        self.prefix = f"PIX_{service.upper()}_"
        self.env = os.environ if env is None else env
        self._cache: dict[str, bytes] = {}

    def get(self, name: str) -> bytes:
        if name not in self._cache:
            self._cache[name] = self._load(name)
        return self._cache[name]

    def _load(self, name: str) -> bytes:
        from_env = self.env.get(f"{self.prefix}{name.upper().replace('-', '_')}_KEY")
        if from_env:
            return from_env.encode()
        doc = self.collection.find_one({"_id": name})
        if doc is None:
            try:  # of two first callers, one insert wins and both read it back
                self.collection.insert_one({"_id": name, "key": base64.b64encode(secrets.token_bytes(32)).decode()})
            except DuplicateKeyError:
                pass
            doc = self.collection.find_one({"_id": name})
        return base64.b64decode(doc["key"])

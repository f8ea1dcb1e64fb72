"""Bearer API keys: each belongs to one tenant; only a SHA-256 digest of the secret is stored.

A key reads ``um_<id>_<secret>``: the id finds the row, the secret (32 random bytes) is compared
by digest in constant time.  A random 256-bit secret needs no slow password hash: nothing short of
the key itself matches the digest.  The key is shown once, at creation.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from pydantic import BaseModel

from usermind.serve.tenancy import validate_tenant
from usermind.storage.contract import Storage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    digest TEXT NOT NULL,
    created_at REAL NOT NULL,
    revoked_at REAL
);
"""
PREFIX = "um"


class ApiKey(BaseModel):
    id: str
    tenant: str
    created_at: float
    revoked_at: float | None = None


class NewKey(ApiKey):
    key: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class KeyStore:
    def __init__(self, db: Storage):
        self.db = db
        db.ensure_schema("api_keys", _SCHEMA)

    def create(self, tenant: str) -> NewKey:
        key_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        row = ApiKey(id=key_id, tenant=validate_tenant(tenant), created_at=time.time())
        self.db.execute(
            "INSERT INTO api_keys (id, tenant, digest, created_at) VALUES (?, ?, ?, ?)",
            (row.id, row.tenant, _digest(secret), row.created_at),
        )
        return NewKey(**row.model_dump(), key=f"{PREFIX}_{key_id}_{secret}")

    def tenant_of(self, key: str) -> str | None:
        """The tenant of a valid, unrevoked key; None for anything else."""
        parts = key.split("_", 2) if isinstance(key, str) else []
        if len(parts) != 3 or parts[0] != PREFIX:
            return None
        rows = self.db.query(
            "SELECT tenant, digest FROM api_keys WHERE id = ? AND revoked_at IS NULL", (parts[1],)
        )
        if not rows or not hmac.compare_digest(rows[0]["digest"], _digest(parts[2])):
            return None
        return str(rows[0]["tenant"])

    def list(self, tenant: str | None = None) -> list[ApiKey]:
        rows = self.db.query("SELECT id, tenant, created_at, revoked_at FROM api_keys ORDER BY created_at")
        keys = [ApiKey(**dict(r)) for r in rows]
        return [k for k in keys if tenant is None or k.tenant == tenant]

    def revoke(self, key_id: str) -> bool:
        with self.db.transaction() as conn:
            cur = conn.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (time.time(), key_id),
            )
            return cur.rowcount > 0

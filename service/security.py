"""API keys (hashed at rest), their verification, and a per-key rate limit.

A key is `cs_` + 43 random URL-safe characters, shown once at creation; the database keeps
its sha256 and an 8-character prefix for listing. Keys are sent as `Authorization: Bearer
<key>`, `X-API-Key: <key>`, or as the password of HTTP Basic auth (for Label Studio's ML
backend settings).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from datetime import datetime, timezone

from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.storage.tables import ApiKey

KEY_PREFIX = "cs_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, name: str) -> tuple[ApiKey, str]:
    """A new key: (its row, the plaintext to show once)."""
    plain = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(name=name, prefix=plain[:11], key_hash=hash_key(plain), created_at=datetime.now(timezone.utc))
    session.add(row)
    session.commit()
    return row, plain


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, ident: str) -> ApiKey | None:
    """Revoke a key by id or prefix; None if no active key matches."""
    query = select(ApiKey).where(ApiKey.revoked_at.is_(None))
    query = query.where(ApiKey.id == int(ident)) if ident.isdigit() else query.where(ApiKey.prefix == ident)
    row = session.scalar(query)
    if row is None:
        return None
    row.revoked_at = datetime.now(timezone.utc)
    session.commit()
    return row


def verify_key(session: Session, key: str) -> ApiKey | None:
    """The active key row for a plaintext key, or None."""
    if not key.startswith(KEY_PREFIX):
        return None
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key)))
    if row is None or row.revoked_at is not None:
        return None
    return row


def key_from_headers(authorization: str | None, x_api_key: str | None) -> str | None:
    """The key a request carries, in any of the accepted headers."""
    if x_api_key:
        return x_api_key.strip()
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip()).decode("utf-8").partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return None
    return None


class RateLimiter:
    """A moving one-minute window per caller, kept by the `limits` library.

    With `memory://` each worker process counts its own calls (so N workers allow up to N
    times the limit) and idle callers expire from memory; a shared storage URI
    (`redis://host:6379`) makes the limit hold across workers and hosts.
    """

    def __init__(self, per_minute: int, storage_uri: str = "memory://", namespace: str = "calls") -> None:
        self.per_minute = per_minute
        self.item = RateLimitItemPerMinute(per_minute, namespace=namespace)
        self.window = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def retry_after(self, key: str) -> int:
        """0 when the call may go ahead (and is counted), else seconds to wait."""
        if self.window.hit(self.item, key):
            return 0
        reset, _ = self.window.get_window_stats(self.item, key)
        return max(1, int(reset - time.time()) + 1)

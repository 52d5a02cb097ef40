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
import threading
import time
from collections import deque
from datetime import datetime, timezone

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
    """Sliding one-minute window per key, in this process."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.calls: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def retry_after(self, key: str) -> int:
        """0 when the call may go ahead (and is counted), else seconds to wait."""
        now = time.monotonic()
        with self.lock:
            window = self.calls.setdefault(key, deque())
            while window and now - window[0] >= 60:
                window.popleft()
            if len(window) >= self.per_minute:
                return max(1, int(60 - (now - window[0])) + 1)
            window.append(now)
            return 0

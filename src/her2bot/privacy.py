"""Chat keys: the store never sees a raw Telegram chat id, only a keyed hash of it."""

from __future__ import annotations

import hashlib
import hmac


def chat_key(secret_key: bytes, chat_id: int) -> str:
    # HMAC, not a plain hash: chat ids are small integers, so an unkeyed hash could be
    # reversed by trying them all.
    return hmac.new(secret_key, str(chat_id).encode(), hashlib.sha256).hexdigest()

"""A Redis store, so any number of bot instances behind a load balancer share preferences.

Layout (all keys under one prefix, default "her2bot:"):
  <prefix>pref:<chat_key>  hash {level, reader, updated_at (ISO 8601)}
  <prefix>updated          sorted set of chat keys scored by updated_at (epoch seconds), so
                           purging old chats never scans the whole keyspace.

While Redis is unreachable every call raises StoreError quickly (short timeouts, one retry);
Services then answers with default preferences and logs the outage once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError

from her2bot.store.base import Preferences, PreferenceStore, StoreError, utcnow
from her2bot.vocabulary import Level, Reader

# Delete one batch of chats last updated before ARGV[1] (exclusive), atomically, so a chat
# written while the purge runs is never deleted with its fresh preferences.
_PURGE_BATCH = """
local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, ARGV[2])
for _, key in ipairs(keys) do
  redis.call('DEL', ARGV[3] .. key)
  redis.call('ZREM', KEYS[1], key)
end
return #keys
"""
_BATCH_SIZE = 500

def _client_options() -> dict[str, Any]:
    # A bot must answer within a second or two even if Redis is gone; redis-py's defaults
    # (5 s timeouts, ten retries with back-off) would stall every update for seconds.
    return {
        "socket_timeout": 1.0,
        "socket_connect_timeout": 1.0,
        "retry": Retry(ExponentialBackoff(cap=0.05, base=0.01), retries=1),
        "health_check_interval": 30,
        "decode_responses": True,
    }


class RedisStore(PreferenceStore):
    def __init__(self, url: str, *, prefix: str = "her2bot:") -> None:
        # from_url connects lazily: a bot starts even when Redis is still coming up.
        self._redis: Redis = Redis.from_url(url, **_client_options())
        self._prefix = prefix
        self._updated = f"{prefix}updated"
        self._purge = self._redis.register_script(_PURGE_BATCH)

    def _key(self, chat_key: str) -> str:
        return f"{self._prefix}pref:{chat_key}"

    async def get(self, chat_key: str) -> Preferences | None:
        try:
            level, reader, updated_at = await self._redis.hmget(
                self._key(chat_key), ["level", "reader", "updated_at"]
            )
        except (RedisError, OSError) as exc:
            raise _store_error(exc) from exc
        if level is None:
            return None
        try:
            return Preferences(
                level=Level(str(level)), reader=Reader(str(reader)),
                updated_at=datetime.fromisoformat(str(updated_at)),
            )
        except ValueError:
            # A record written by a future version: treat as unknown, not as a crash.
            return None

    async def put(self, chat_key: str, preferences: Preferences) -> None:
        stamped = replace(preferences, updated_at=utcnow())
        assert stamped.updated_at is not None
        key = self._key(chat_key)
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hset(key, mapping={
                    "level": stamped.level.value,
                    "reader": stamped.reader.value,
                    "updated_at": stamped.updated_at.isoformat(),
                })
                pipe.zadd(self._updated, {chat_key: stamped.updated_at.timestamp()})
                await pipe.execute()
        except (RedisError, OSError) as exc:
            raise _store_error(exc) from exc

    async def delete(self, chat_key: str) -> bool:
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.delete(self._key(chat_key))
                pipe.zrem(self._updated, chat_key)
                deleted, _ = await pipe.execute()
        except (RedisError, OSError) as exc:
            raise _store_error(exc) from exc
        return bool(deleted)

    async def purge_unused_since(self, cutoff: datetime) -> int:
        if cutoff.tzinfo is None:
            cutoff = cutoff.replace(tzinfo=UTC)
        total = 0
        try:
            while True:
                count = int(await self._purge(
                    keys=[self._updated],
                    args=[cutoff.timestamp(), _BATCH_SIZE, f"{self._prefix}pref:"],
                ))
                total += count
                if count < _BATCH_SIZE:
                    break
        except (RedisError, OSError) as exc:
            raise _store_error(exc) from exc
        return total

    async def ping(self) -> bool:
        """True when Redis answers; for health reports, never raises."""
        try:
            return bool(await self._redis.ping())
        except (RedisError, OSError):
            return False

    async def close(self) -> None:
        await self._redis.aclose()


def _store_error(exc: Exception) -> StoreError:
    return StoreError(f"redis: {type(exc).__name__}: {exc}")

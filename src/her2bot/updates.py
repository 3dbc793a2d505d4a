"""Taking updates in: the ones we cannot read, the ones we have already seen, and 409s.

- An update python-telegram-bot cannot parse (say a field a newer Bot API made required is
  missing, as from an older self-hosted server) is skipped: in polling mode it is replaced
  by an empty update with the same id, so the offset moves past it; in webhook mode it is
  answered 200. It is logged once, by id and type, never with its contents (they hold names
  and what people wrote).
- Telegram re-delivers a webhook update whose answer was slow or lost. An `update_id` seen
  recently is answered 200 and not processed again. `SeenInMemory` remembers ids in this
  process; `SeenInRedis` shares them between instances (SET NX with an expiry).
- getUpdates answering 409 Conflict means a second copy polls with the same token: one
  WARNING that says so, at most once a minute, without a traceback.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

from telegram import Update
from telegram.error import Conflict, NetworkError, TelegramError

_log = logging.getLogger(__name__)

SEEN_FOR_SECONDS = 3600  # Telegram gives up re-delivering well within an hour
CONFLICT = (
    "getUpdates answered 409 Conflict: another process is polling with this token; "
    "stop it or use webhook mode"
)


def kind_of(data: Any) -> str:
    """An update's type ("message", "callback_query"...): the first key that is not its id."""
    if isinstance(data, dict):
        for key in data:
            if key != "update_id":
                return str(key)
    return "unknown"


def id_of(data: Any) -> int | None:
    value = data.get("update_id") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def parse(data: Any, bot: Any) -> Update | None:
    """The update, or None (logged once, by id and type) if python-telegram-bot cannot read it."""
    try:
        update = Update.de_json(data, bot)
    except Exception as exc:  # a parse failure names fields, never values
        _log.warning("skipped update %s (%s) that could not be read: %s",
                     id_of(data), kind_of(data), type(exc).__name__)
        return None
    if update is None:
        _log.warning("skipped an empty update")
    return update


def sanitise(body: bytes) -> bytes:
    """A getUpdates answer where each unreadable update is replaced by an empty one (same id).

    python-telegram-bot parses the whole batch at once; one bad update would make it fetch
    the same batch again and again, and serve nobody. The empty update keeps the offset moving.
    """
    try:
        answer = json.loads(body)
    except ValueError:
        return body
    results = answer.get("result") if isinstance(answer, dict) else None
    if not isinstance(results, list):
        return body
    changed = False
    for index, data in enumerate(results):
        if isinstance(data, dict) and parse(data, None) is None:
            update_id = id_of(data)
            if update_id is None:
                continue  # nothing to keep: python-telegram-bot fails on it either way
            results[index] = {"update_id": update_id}
            changed = True
    return json.dumps(answer).encode() if changed else body


class Seen(Protocol):
    async def first_time(self, update_id: int) -> bool:
        """True the first time an update id is offered (within the memory's span)."""
        ...

    async def close(self) -> None: ...


class SeenInMemory:
    """Recently seen update ids in this process (one instance, or the default)."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    async def first_time(self, update_id: int) -> bool:
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True

    async def close(self) -> None:
        pass


class SeenInRedis:
    """Seen update ids shared by every instance: SET NX with an expiry.

    If Redis cannot answer, the update is processed (a rare duplicate beats a lost reply).
    """

    def __init__(self, url: str, *, prefix: str = "her2bot:", ttl: int = SEEN_FOR_SECONDS) -> None:
        from redis.asyncio import Redis

        self._redis: Any = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self._prefix = f"{prefix}seen:"
        self._ttl = ttl

    async def first_time(self, update_id: int) -> bool:
        from redis.exceptions import RedisError

        try:
            return bool(await self._redis.set(f"{self._prefix}{update_id}", 1,
                                              nx=True, ex=self._ttl))
        except (RedisError, OSError) as exc:
            _log.warning("could not check for a re-delivered update (%s)", type(exc).__name__)
            return True

    async def close(self) -> None:
        await self._redis.aclose()


def seen_for(store_url: str) -> Seen:
    """Shared memory of seen ids when the store is Redis (several instances); else in-process."""
    if store_url.startswith(("redis://", "rediss://")):
        return SeenInRedis(store_url)
    return SeenInMemory()


class PollingErrors:
    """The error callback for Updater.start_polling: a line a minute per kind, no traceback."""

    def __init__(self, every: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._every = every
        self._clock = clock
        self._logged_at: dict[str, float] = {}
        self._missed: dict[str, int] = {}

    def __call__(self, exc: TelegramError) -> None:
        if isinstance(exc, Conflict):
            self._once("conflict", CONFLICT)
        elif isinstance(exc, NetworkError):
            # The type only: its message can quote the request URL, which holds the token.
            self._once("network", f"getUpdates failed ({type(exc).__name__}); retrying")
        else:
            self._once(type(exc).__name__, f"getUpdates failed ({type(exc).__name__}: {exc})")

    def _once(self, kind: str, message: str) -> None:
        now = self._clock()
        if now - self._logged_at.get(kind, -math.inf) < self._every:
            self._missed[kind] = self._missed.get(kind, 0) + 1
            return
        missed = self._missed.pop(kind, 0)
        self._logged_at[kind] = now
        _log.warning("%s%s", message, f" ({missed} more since the last warning)" if missed else "")

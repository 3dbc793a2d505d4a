"""Getting every reply to Telegram: its rate limits, 429s and passing network trouble.

python-telegram-bot's AIORateLimiter keeps under Telegram's limits and, with max_retries,
waits out a 429 (RetryAfter) and tries again. It does not retry a dropped connection, a
timeout or a 5xx; this subclass does, a few times with a growing pause, so a reply is not
lost to a blip. A 400 (BadRequest, which python-telegram-bot counts as a NetworkError) is a
mistake, not a blip, and is never retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

_log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class RetryingRateLimiter(AIORateLimiter):
    def __init__(
        self,
        *,
        max_retries: int = 3,
        network_retries: int = 3,
        first_pause: float = 0.5,
        **limits: Any,
    ) -> None:
        super().__init__(max_retries=max_retries, **limits)
        self.network_retries = network_retries
        self.first_pause = first_pause

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        pause = self.first_pause
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except BadRequest:
                raise
            except NetworkError as exc:  # also TimedOut
                if attempt == self.network_retries:
                    raise
                # The type only: the message of a network error can carry the request URL,
                # and the URL carries the bot token.
                _log.warning("%s failed (%s); retrying in %.1f s",
                             endpoint, type(exc).__name__, pause)
                await asyncio.sleep(pause)
                pause *= 2
        raise AssertionError("unreachable")  # the loop returns or raises

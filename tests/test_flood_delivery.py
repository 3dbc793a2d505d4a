"""Delivery to Telegram: network blips are retried, mistakes (400) are not, 429s wait."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from her2bot.delivery import RetryingRateLimiter


class Flaky:
    """A Bot API call that fails with the given errors first, then succeeds."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return {"ok": True}


async def send(limiter: RetryingRateLimiter, call: Flaky) -> Any:
    await limiter.initialize()
    try:
        return await limiter.process_request(
            callback=call, args=("sendMessage", {}), kwargs={}, endpoint="sendMessage",
            data={"chat_id": 1}, rate_limit_args=None,
        )
    finally:
        await limiter.shutdown()


async def test_network_errors_and_timeouts_are_retried_until_the_reply_goes_through() -> None:
    call = Flaky(NetworkError("Bad Gateway"), TimedOut())
    assert await send(RetryingRateLimiter(first_pause=0), call) == {"ok": True}
    assert call.calls == 3


async def test_a_bad_request_is_a_mistake_and_not_retried() -> None:
    call = Flaky(BadRequest("Can't parse entities"))
    with pytest.raises(BadRequest):
        await send(RetryingRateLimiter(first_pause=0), call)
    assert call.calls == 1


async def test_retries_stop_after_the_limit() -> None:
    call = Flaky(*[NetworkError("down")] * 5)
    with pytest.raises(NetworkError):
        await send(RetryingRateLimiter(network_retries=2, first_pause=0), call)
    assert call.calls == 3


async def test_a_429_is_waited_out_by_the_rate_limiter() -> None:
    call = Flaky(RetryAfter(0))
    assert await send(RetryingRateLimiter(first_pause=0), call) == {"ok": True}
    assert call.calls == 2

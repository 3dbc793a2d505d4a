"""Delivery to Telegram: what cannot have arrived is retried; what may have arrived is not."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import ChatMigrated, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, RequestData

from her2bot.delivery import (
    TEXT_TIMEOUT,
    UPLOAD_TIMEOUT,
    DeliveryRateLimiter,
    DeliveryRequest,
    never_sent,
)


class Scripted(BaseRequest):
    """An HTTP layer that fails with the given errors (or answers the given statuses) first."""

    def __init__(self, *outcomes: Exception | int) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[dict[str, Any]] = []

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         **timeouts: Any) -> tuple[int, bytes]:
        self.calls.append(timeouts)
        if self.outcomes:
            outcome = self.outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome, b'{"ok": false, "error_code": 502, "description": "Bad Gateway"}'
        return 200, b'{"ok": true, "result": true}'


def refused() -> NetworkError:
    error = NetworkError("aiohttp.ClientConnectorError: cannot connect")
    error.__cause__ = type("ClientConnectorError", (Exception,), {})("refused")
    return error


async def send(request: DeliveryRequest, method: str = "sendMessage") -> tuple[int, bytes]:
    request._reached = True  # started: Telegram has answered before
    return await request.do_request(f"http://127.0.0.1/botT/{method}", "POST")


async def test_nothing_is_retried_before_telegram_has_answered_once() -> None:
    inner = Scripted(refused())
    with pytest.raises(NetworkError):
        await DeliveryRequest(inner, first_pause=0).do_request("http://x/botT/getMe", "POST")
    assert len(inner.calls) == 1


async def test_a_connection_never_made_is_retried() -> None:
    inner = Scripted(refused(), refused())
    assert (await send(DeliveryRequest(inner, first_pause=0)))[0] == 200
    assert len(inner.calls) == 3


async def test_a_5xx_is_retried() -> None:
    inner = Scripted(502, 503)
    assert (await send(DeliveryRequest(inner, first_pause=0)))[0] == 200
    assert len(inner.calls) == 3


async def test_a_read_timeout_is_never_retried_the_message_may_have_arrived() -> None:
    inner = Scripted(TimedOut())
    with pytest.raises(TimedOut):
        await send(DeliveryRequest(inner, first_pause=0))
    assert len(inner.calls) == 1


async def test_retries_stop_after_the_limit() -> None:
    inner = Scripted(*[refused()] * 5)
    with pytest.raises(NetworkError):
        await send(DeliveryRequest(inner, retries=2, first_pause=0))
    assert len(inner.calls) == 3


async def test_uploads_get_a_longer_timeout_than_text() -> None:
    inner = Scripted()
    request = DeliveryRequest(inner)
    await send(request, "sendMessage")
    await send(request, "sendDocument")
    assert inner.calls[0]["read_timeout"] == TEXT_TIMEOUT
    assert inner.calls[1]["read_timeout"] == inner.calls[1]["write_timeout"] == UPLOAD_TIMEOUT


def test_never_sent_reads_the_cause_chain() -> None:
    assert never_sent(refused())
    assert not never_sent(TimedOut())
    try:
        raise TimedOut() from TimeoutError()
    except TimedOut as exc:
        assert not never_sent(exc)


class Flaky:
    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.chat_ids: list[Any] = []

    async def __call__(self, endpoint: str, data: dict[str, Any]) -> dict[str, Any]:
        self.chat_ids.append(data.get("chat_id"))
        if self.errors:
            raise self.errors.pop(0)
        return {"ok": True}


async def limited(call: Flaky, data: dict[str, Any]) -> Any:
    limiter = DeliveryRateLimiter()
    await limiter.initialize()
    try:
        return await limiter.process_request(
            callback=call, args=("sendMessage", data), kwargs={}, endpoint="sendMessage",
            data=data, rate_limit_args=None,
        )
    finally:
        await limiter.shutdown()


async def test_a_429_is_waited_out_by_the_rate_limiter() -> None:
    call = Flaky(RetryAfter(0))
    assert await limited(call, {"chat_id": 1}) == {"ok": True}
    assert len(call.chat_ids) == 2


async def test_a_reply_to_a_group_that_became_a_supergroup_goes_to_the_new_id() -> None:
    call = Flaky(ChatMigrated(-1009))
    assert await limited(call, {"chat_id": -5}) == {"ok": True}
    assert call.chat_ids == [-5, -1009]

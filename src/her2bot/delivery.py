"""Getting every reply to Telegram exactly once: timeouts, retries, 429s and moved chats.

Two layers, each doing what only it can see:

`DeliveryRequest` wraps the HTTP request class (any python-telegram-bot `BaseRequest`):
  - a timeout per method: text and edits are quick (5 s); uploads (sendDocument, sendPhoto...)
    get 30 s, so a PDF on a slow line is not cut off (and then sent twice);
  - once Telegram has answered (never during start-up), it retries only what cannot have
    reached Telegram, or what Telegram says it did not do:
    a connection that was never made (refused, DNS, connect timeout, no free pooled
    connection) and a 5xx answer. A read or write timeout is never retried: Telegram may
    have the message already, and a second send would show the user two PDFs;
  - getUpdates answers pass through `updates.sanitise`, so one update python-telegram-bot
    cannot parse never blocks the updates behind it (see updates.py).

`DeliveryRateLimiter` (python-telegram-bot's AIORateLimiter) keeps under Telegram's limits,
waits out a 429 for its `retry_after` and tries again, and sends once more to the new chat
when a group became a supergroup (400 with `migrate_to_chat_id`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import ChatMigrated, NetworkError
from telegram.ext import AIORateLimiter
from telegram.request import BaseRequest, RequestData

from her2bot import updates

_log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]

TEXT_TIMEOUT = 5.0
UPLOAD_TIMEOUT = 30.0
UPLOADS = frozenset({
    "senddocument", "sendphoto", "sendvideo", "sendaudio", "sendvoice", "sendanimation",
    "sendmediagroup", "sendvideonote", "sendsticker",
})
# Exception types (anywhere in the cause chain) that mean the request never left this
# machine. Names, not classes, so this holds for aiohttp and httpx alike.
_NEVER_SENT = frozenset({
    "ClientConnectorError", "ClientConnectorDNSError", "ClientConnectorCertificateError",
    "ConnectionTimeoutError", "ConnectError", "ConnectTimeout", "PoolTimeout",
    "ConnectionRefusedError",
})


def method_of(url: str) -> str:
    """The Bot API method a request URL calls, lower-case ("sendmessage")."""
    return url.rsplit("/", 1)[-1].lower()


def never_sent(exc: BaseException) -> bool:
    """True when the error shows the request cannot have reached Telegram."""
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return False
        if type(seen).__name__ in _NEVER_SENT:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class DeliveryRequest(BaseRequest):
    """Per-method timeouts and safe retries around another request class."""

    __slots__ = ("_first_pause", "_inner", "_reached", "_retries")

    def __init__(self, inner: BaseRequest, *, retries: int = 3, first_pause: float = 0.5) -> None:
        self._inner = inner
        self._retries = retries
        self._first_pause = first_pause
        # No retries until Telegram has answered once: a bot that cannot reach it at start-up
        # says so at once (app.start) instead of retrying quietly.
        self._reached = False

    @property
    def inner(self) -> BaseRequest:
        return self._inner

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        name = method_of(url)
        polling = name == "getupdates"
        if not polling:
            limit = UPLOAD_TIMEOUT if name in UPLOADS else TEXT_TIMEOUT
            if isinstance(read_timeout, DefaultValue):
                read_timeout = limit
            if isinstance(write_timeout, DefaultValue):
                write_timeout = limit
        pause = self._first_pause
        for attempt in range(self._retries + 1):
            # The polling loop retries on its own; nothing is retried before a first answer.
            last = polling or attempt == self._retries or not self._reached
            try:
                status, body = await self._inner.do_request(
                    url, method, request_data, read_timeout=read_timeout,
                    write_timeout=write_timeout, connect_timeout=connect_timeout,
                    pool_timeout=pool_timeout,
                )
            except NetworkError as exc:  # also TimedOut
                if last or not never_sent(exc):
                    raise  # it may have arrived: sending again could show it twice
                # The type only: a network error's message can carry the URL, with the token.
                _log.warning("%s could not connect (%s); retrying in %.1f s",
                             name, type(exc.__cause__ or exc).__name__, pause)
            else:
                self._reached = True
                if status < 500 or last:
                    return status, updates.sanitise(body) if polling and status == 200 else body
                _log.warning("%s answered %d; retrying in %.1f s", name, status, pause)
            await asyncio.sleep(pause)
            pause *= 2
        raise AssertionError("unreachable")  # the loop returns or raises


class DeliveryRateLimiter(AIORateLimiter):
    """AIORateLimiter, plus: a reply to a group that became a supergroup goes to the new id."""

    def __init__(self, *, max_retries: int = 3, **limits: Any) -> None:
        super().__init__(max_retries=max_retries, **limits)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        try:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        except ChatMigrated as exc:
            if "chat_id" not in data:
                raise
            # `data` is the very dict the request is built from (it is also in args).
            data["chat_id"] = exc.new_chat_id
            # A quoted message lives in the old chat: the new one cannot reply to it.
            data.pop("reply_parameters", None)
            data.pop("reply_to_message_id", None)
            _log.info("%s: the group moved to a supergroup; sending there", endpoint)
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )


# The name earlier code used.
RetryingRateLimiter = DeliveryRateLimiter

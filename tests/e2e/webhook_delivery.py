"""The fake Bot API in webhook mode: updates are POSTed to the bot, as Telegram does it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from her2bot.offline.botapi import BotAPI, ChatMessage

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class WebhookBotAPI(BotAPI):
    """Once the bot has called setWebhook, user updates go to it by HTTP POST.

    `target` stands in for the load balancer in front of several instances: the URL the next
    update is posted to (default: the registered webhook URL).
    """

    target: str | None = None
    statuses: list[int] = field(default_factory=list)
    # Seconds to wait before answering a method, to keep updates "in flight" for a while.
    slow: dict[str, float] = field(default_factory=dict)
    _sent: asyncio.Event | None = field(default=None, repr=False)

    async def call(self, method: str, params: Any, files: Any = None) -> Any:
        delay = self.slow.get(method)
        if delay:
            await asyncio.sleep(delay)
        return await super().call(method, params, files)

    async def push_update(self, update: dict[str, Any]) -> int:
        if not self.webhook_url:
            return await super().push_update(update)
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **update}
        self.last_update = update
        status = await self.post(update, self.webhook_secret)
        self.statuses.append(status)
        if status != 200:
            raise AssertionError(f"the bot answered the webhook with {status}")
        return update_id

    async def post(self, update: dict[str, Any], secret: str | None) -> int:
        """POST one update with this secret header (None: no header); the HTTP status."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        url = self.target or self.webhook_url
        assert url is not None
        async with aiohttp.ClientSession() as session, session.post(
            url, data=json.dumps(update), headers=headers
        ) as response:
            return response.status

    def sent_to(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self.outbox if m.chat_id == chat_id]

    def _record(self, message: ChatMessage, *, edited: bool) -> dict[str, Any]:
        result = super()._record(message, edited=edited)
        self._sent_event().set()
        return result

    def _sent_event(self) -> asyncio.Event:
        if self._sent is None:
            self._sent = asyncio.Event()
        return self._sent

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """For bots in other processes: wait until what they sent makes condition true."""
        event = self._sent_event()
        async with asyncio.timeout(15):
            while True:
                event.clear()
                if condition():
                    return
                await event.wait()

"""A user in a chat with the real bot: send, click, and read what came back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import Application

from her2bot.offline.botapi import BotAPI, ChatMessage
from her2bot.telegram_html import to_plain_text


@dataclass
class Chat:
    api: BotAPI
    application: Application[Any, Any, Any, Any, Any, Any]
    chat_id: int = 4242
    chat_type: str = "private"

    async def send(self, text: str) -> list[ChatMessage]:
        """Type a message or command; return everything the bot sent or edited in response."""
        return await self._deliver(
            await self.api.user_text(self.chat_id, text, chat_type=self.chat_type)
        )

    async def send_other(self, kind: str, payload: dict[str, Any]) -> list[ChatMessage]:
        return await self._deliver(await self.api.user_sends(self.chat_id, kind, payload))

    async def click(self, label: str, message: ChatMessage | None = None) -> list[ChatMessage]:
        """Tap the button with this label on the latest message that has buttons."""
        message = message or self.last_with_buttons
        for button in message.buttons:
            if button["text"] == label:
                return await self.tap(message, button["callback_data"])
        raise AssertionError(f"no button {label!r}; buttons are {message.button_labels}")

    async def tap(self, message: ChatMessage, data: str) -> list[ChatMessage]:
        """Tap raw callback data on a message (for forged or stale data)."""
        update_id = await self.api.user_click(
            self.chat_id, message.message_id, data, chat_type=self.chat_type
        )
        return await self._deliver(update_id)

    async def _deliver(self, update_id: int) -> list[ChatMessage]:
        before = len(self.api.outbox)
        await self.api.wait_confirmed(update_id)
        await self.application.update_queue.join()
        return self.api.outbox[before:]

    @property
    def sent(self) -> list[ChatMessage]:
        return [m for m in self.api.outbox if m.chat_id == self.chat_id]

    @property
    def last(self) -> ChatMessage:
        return self.sent[-1]

    @property
    def last_with_buttons(self) -> ChatMessage:
        for message in reversed(self.sent):
            current = self.api.messages.get((message.chat_id, message.message_id))
            if current is not None and current.buttons:
                return current
        raise AssertionError("the bot has sent no message with buttons")


def plain(message: ChatMessage) -> str:
    return to_plain_text(message.html or "")

"""Process updates of different chats concurrently, and each chat's updates in order.

python-telegram-bot handles one update at a time by default, so every user waits for every
other user's Bot API round trips; with `concurrent_updates(n)` a person's quick double tap
could be handled out of order (a topic shown at the old level). This processor gives each
chat a FIFO lock: chats run side by side, a chat's own updates keep their arrival order, just
as with the sequential default. benchmarks/README.md has the figures.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    __slots__ = ("_chats",)

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        # 256 is python-telegram-bot's own default for concurrent_updates(True). Updates
        # waiting for their chat's lock hold a slot; only a chat with hundreds of updates
        # queued at once could crowd others out, and Telegram's rate limits prevent that.
        super().__init__(max_concurrent_updates)
        # chat id -> (its lock, how many updates hold or wait for it)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._chats.get(chat.id) or (asyncio.Lock(), 0)
        self._chats[chat.id] = (lock, users + 1)
        try:
            async with lock:  # FIFO: the chat's updates run in the order they arrived
                await coroutine
        finally:
            lock, users = self._chats[chat.id]
            if users == 1:
                del self._chats[chat.id]
            else:
                self._chats[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

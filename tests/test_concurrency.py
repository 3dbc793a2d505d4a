"""Updates of different chats overlap; one chat's updates keep their order."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from her2bot.concurrency import ChatOrderedUpdateProcessor


def message_update(update_id: int, chat_id: int) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": "hi",
        "chat": {"id": chat_id, "type": "private", "first_name": "R"},
    }}, None)  # type: ignore[arg-type]


async def test_a_chats_updates_run_one_at_a_time_in_arrival_order() -> None:
    processor = ChatOrderedUpdateProcessor(8)
    log: list[str] = []

    async def handle(name: str, pause: float) -> None:
        log.append(f"{name} begins")
        await asyncio.sleep(pause)
        log.append(f"{name} ends")

    await asyncio.gather(
        processor.process_update(message_update(1, 7), handle("first", 0.05)),
        processor.process_update(message_update(2, 7), handle("second", 0)),
    )
    assert log == ["first begins", "first ends", "second begins", "second ends"]
    assert processor._chats == {}  # no lock left behind for a quiet chat


async def test_different_chats_are_handled_side_by_side() -> None:
    processor = ChatOrderedUpdateProcessor(8)
    both_running = asyncio.Event()
    running = 0

    async def handle() -> None:
        nonlocal running
        running += 1
        if running == 2:
            both_running.set()
        await asyncio.wait_for(both_running.wait(), 5)

    await asyncio.gather(
        processor.process_update(message_update(1, 7), handle()),
        processor.process_update(message_update(2, 8), handle()),
    )
    assert both_running.is_set()


async def test_updates_without_a_chat_are_still_processed() -> None:
    processor = ChatOrderedUpdateProcessor(2)
    done: list[Any] = []

    async def handle() -> None:
        done.append(True)

    await processor.process_update(object(), handle())
    assert done == [True]
